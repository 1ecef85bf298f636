provider "aws" {
  default_tags {
    tags = { owner = "ml" }
  }
}

provider "azurerm" {
  features {}
}

locals {
  tags = { owner = "ml" }
}

# The tags the call passes lack cost-center, and so do the default tags.
module "vpc" { # want "module \"vpc\" from \"terraform-aws-modules/vpc/aws\" is passed tags lacking required tags \"cost-center\""
  source  = "terraform-aws-modules/vpc/aws"
  version = "6.0.1"
  tags    = { Name = "main" }
}

# No tags at all: only the default tags reach the module's resources.
module "eks" { # want "module \"eks\" from .* is passed no tags, and the provider's default tags lack required tags \"cost-center\""
  source = "git::https://github.com/terraform-aws-modules/terraform-aws-eks.git?ref=v21.0.0"
}

# azurerm has no default tags: the argument is all there is.
module "sa" { # want "module \"sa\" from \"Azure/avm-res-storage-storageaccount/azurerm\" is passed tags lacking required tags \"cost-center\", \"owner\""
  source  = "Azure/avm-res-storage-storageaccount/azurerm"
  version = "0.6.0"
  tags    = merge({ env = "dev" }, { Name = "sa" })
}

# Every required key: nothing to report.
module "good" {
  source  = "terraform-aws-modules/s3-bucket/aws"
  version = "5.0.0"
  tags    = merge(local.tags, { cost-center = "CC-1" })
}

# count = 0: creates nothing.
module "off" {
  source  = "terraform-aws-modules/sqs/aws"
  version = "5.0.0"
  count   = 0
}

# Switched off: the module creates nothing, whatever its tags.
module "kms" {
  source  = "terraform-aws-modules/kms/aws"
  version = "4.0.0"
  create  = false
  tags    = { Name = "k" }
}

module "vpc_off" {
  source     = "terraform-aws-modules/vpc/aws"
  version    = "6.0.1"
  create_vpc = false
}
