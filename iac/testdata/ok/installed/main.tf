provider "aws" {
  default_tags {
    tags = { owner = "ml" }
  }
}

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "6.0.1"
  tags    = { cost-center = "CC-1" }
}

module "label" {
  source  = "cloudposse/label/null"
  version = "0.25.0"
}
