provider "aws" {
  region = "eu-west-1"
}

# No default: a root configuration's plan must be given it.
variable "tags" {
  type = map(string)
}

variable "extra" {
  default = {}
}

# merge keeps the keys it knows even when var.tags is not known.
resource "aws_s3_bucket" "a" {
  tags = merge(var.tags, { cost-center = "CC-1", owner = "ml" })
}

# Unknown first argument, the keys still open: unknown, not a finding.
resource "aws_s3_bucket" "b" {
  tags = merge(var.tags, { Name = "b" })
}

locals {
  base = { cost-center = "CC-1" }
}

resource "aws_s3_bucket" "c" {
  tags = merge(local.base, var.extra, { owner = "ml" })
}
