# Terragrunt's generate blocks write the provider file: not implicit.
terraform {
  backend "s3" {}
  required_providers {
    aws = { source = "hashicorp/aws", version = ">= 6.0" }
  }
}

resource "aws_s3_bucket" "b" {
  bucket = "b"
}
