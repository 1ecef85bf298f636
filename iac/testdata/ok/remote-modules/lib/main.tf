# A reusable module: var.tags is whatever its caller passes, not the {}
# default, and the aws provider configuration is the caller's.
variable "tags" {
  type    = map(string)
  default = {}
}

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "6.0.1"
  tags    = var.tags
}

module "bucket" {
  source  = "terraform-aws-modules/s3-bucket/aws"
  version = "5.0.0"
  tags    = { Name = "b" }
}

module "sa" {
  source  = "Azure/avm-res-storage-storageaccount/azurerm"
  version = "0.6.0"
  tags    = merge(var.tags, { Name = "sa" })
}
