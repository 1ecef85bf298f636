provider "google" {}

# boot_disk is not given: its default {} takes the declared type, so
# independent is null and the disk is not created (Terraform's optional
# attributes); nothing to report.
module "vm" {
  source = "./vm"
  labels = { team = "ml" }
}
