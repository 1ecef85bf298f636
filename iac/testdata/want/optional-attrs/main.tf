provider "google" {}

# The optional attribute is given: the disk is created, and its labels lack
# the required keys.
module "vm" { # want "module \"vm\" creates resources lacking required tags \"cost-center\", \"owner\": google_compute_disk.boot"
  source    = "./vm"
  boot_disk = { independent = {} }
  labels    = { team = "ml" }
}
