# Without a tags policy only the checks that need none run.
provider "aws" {}

resource "aws_s3_bucket" "a" {
  tags = { Name = "a" }
}

resource "aws_launch_template" "lt" {
  tag_specifications {
    resource_type = "instance"
    tags          = { Name = "a" }
  }
  tag_specifications {
    resource_type = "volume"
    tags          = { Name = "a" }
  }
}

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "6.0.1"
}

module "net" {
  source = "git::https://example.com/net.git?ref=v1.2.0"
}

