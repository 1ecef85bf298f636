provider "aws" {}

# tags.json is not in the repository (or not read): unknown, never an abort.
locals {
  tags = jsondecode(file("${path.module}/tags.json"))
}

resource "aws_s3_bucket" "a" {
  tags = local.tags
}

resource "aws_s3_bucket" "b" {
  tags = merge(yamldecode(templatefile("t.yaml", {})), provider::aws::arn_parse("x"), { Name = "b" })
}

resource "aws_s3_bucket" "c" {
  tags = somefunctionnobodyknows(1)
}
