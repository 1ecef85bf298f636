# Local sources that climb above the scanned tree are never read.
module "shared" {
  source = "../shared/vpc" # want "module \"shared\" source \"../shared/vpc\" leads outside the scanned tree: it is not read, so its resources are not judged"
}

module "inside" {
  source = "./sub"
}
