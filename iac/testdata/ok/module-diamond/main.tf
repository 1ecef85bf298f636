# A diamond: left and right both call base. Not a cycle: base is read once
# and instantiated through both paths, and nothing is reported.
module "left" {
  source = "./modules/left"
  tags   = { cost-center = "CC-1", owner = "ml" }
}

module "right" {
  source = "./modules/right"
  tags   = { cost-center = "CC-2", owner = "ml" }
}
