# A reusable module that commits the lock file of its own tests: the lock
# file alone does not make it a root, so var.tags is its callers'.
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = ">= 6.0" }
  }
}

variable "tags" {
  type    = map(string)
  default = {}
}

resource "aws_s3_bucket" "this" {
  bucket = "b"
  tags   = var.tags
}

resource "google_storage_bucket" "this" {
  name   = "b"
  labels = var.tags
}
