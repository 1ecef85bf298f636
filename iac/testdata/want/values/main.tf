provider "aws" {}

provider "google" {}

locals {
  tags = {
    cost-center = "CC-12" # want "tag \"cost-center\" has value \"CC-12\", which does not match \"\\^CC-\\[0-9\\]\\{4\\}\\$\""
    environment = "production" # want "tag \"environment\" has value \"production\", not one of \"dev\", \"staging\", \"prod\""
  }
}

resource "aws_s3_bucket" "a" {
  tags = local.tags
}

# Reported once, where the value is written, not once per resource.
resource "aws_s3_bucket" "b" {
  tags = local.tags
}

variable "env" {
  type = string
}

# Unknown values are not judged.
resource "aws_s3_bucket" "c" {
  tags = { cost-center = "CC-1234", environment = var.env }
}

resource "google_storage_bucket" "g" {
  labels = {
    Cost-Center = "CC-1234" # want "label key \"Cost-Center\" is not a valid google label key" "label \"Cost-Center\" has value \"CC-1234\", not a valid google label value"
    cost-center = "cc-1234" # want "tag \"cost-center\" has value \"cc-1234\", which does not match"
    environment = "prod"
  }
}
