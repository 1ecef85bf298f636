module "far" {
  source = "../../../etc" # want "module \"far\" source \"../../../etc\" leads outside the scanned tree"
}

# Up and back down inside the tree is fine.
module "near" {
  source = "../sub/../sub/inner"
}
