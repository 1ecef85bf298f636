# A root configuration: a backend, a tfvars file, nobody calls it. It
# configures aws only, so its google resources get Terraform's implicit
# empty google configuration.
terraform {
  backend "s3" {}
}

provider "aws" {
  default_tags {
    tags = merge(var.tags, { owner = "ml" })
  }
}

# The default is what plan uses, unless -var or TF_VAR_ says otherwise.
variable "tags" {
  type    = map(string)
  default = {}
}

# Set in terraform.tfvars.
variable "team_tags" {
  type    = map(string)
  default = {}
}

resource "aws_s3_bucket" "logs" { # want "aws_s3_bucket \"logs\" lacks required tags \"cost-center\""
  bucket = "logs"
}

resource "aws_s3_bucket" "data" {
  bucket = "data"
  tags   = var.team_tags
}

resource "google_compute_instance" "gpu" { # want "GPU resource google_compute_instance \"gpu\" lacks required tags \"cost-center\", \"owner\""
  name         = "trainer"
  machine_type = "a2-highgpu-1g"
  labels       = { team = "ml" }
}

# The called module's var.tags comes from this root's default.
module "lib" { # want "module \"lib\" creates resources lacking required tags \"cost-center\", \"owner\": azurerm_storage_account.sa"
  source = "./lib"
  tags   = var.tags
}

variable "enable_cache" {
  type    = bool
  default = false
}

# Off by default, on with -var: judged as if created.
resource "aws_sqs_queue" "cache" { # want "aws_sqs_queue \"cache\" lacks required tags \"cost-center\""
  count = var.enable_cache ? 1 : 0
  name  = "cache"
}
