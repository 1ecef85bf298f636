# Calls itself through a longer path: c -> c/d -> c.
module "d" {
  source = "./d"
}
