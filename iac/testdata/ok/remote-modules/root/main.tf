provider "aws" {
  default_tags {
    tags = { cost-center = "CC-1", owner = "ml" }
  }
}

provider "azurerm" {
  features {}
}

variable "extra" {
  type = map(string)
}

# Covered by the default tags.
module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "6.0.1"
  tags    = { Name = "main" }
}

module "eks" {
  source = "git::https://github.com/terraform-aws-modules/terraform-aws-eks.git?ref=v21.0.0"
}

# A module with no provider in its source: not judged.
module "label" {
  source  = "cloudposse/label/null"
  version = "0.25.0"
}

# azurerm with no tags: whether it creates taggable resources is not known.
module "naming" {
  source  = "Azure/naming/azurerm"
  version = "0.4.0"
}

# Tags passed under another name: unknown.
module "sa" {
  source      = "Azure/avm-res-storage-storageaccount/azurerm"
  version     = "0.6.0"
  common_tags = { env = "dev" }
}

# Tags from a variable without a default: set at plan time.
module "kv" {
  source  = "Azure/avm-res-keyvault-vault/azurerm"
  version = "0.10.0"
  tags    = var.extra
}
