# The root calls a, which calls b, which calls a again: the call in b is
# reported and not followed; a and b are each read once.
module "a" {
  source = "./modules/a"
  tags   = { team = "data" }
}

module "self" {
  source = "./modules/self"
}

module "c" {
  source = "./modules/c"
}
