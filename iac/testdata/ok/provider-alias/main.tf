provider "aws" {
  default_tags {
    tags = { cost-center = "CC-1", owner = "ml" }
  }
}

provider "aws" {
  alias = "us"
  default_tags {
    tags = local.cost
  }
}

locals {
  cost = { cost-center = "CC-2", owner = "ml" }
}

resource "aws_s3_bucket" "west" {}

resource "aws_s3_bucket" "us" {
  provider = aws.us
}

module "child" {
  source = "./child"
  providers = {
    aws = aws.us
  }
}

module "inherits" {
  source = "./child"
}
