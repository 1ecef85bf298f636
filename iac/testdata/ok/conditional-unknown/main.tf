provider "aws" {}

variable "prod" {
  type = bool
}

# The condition is not known: one branch lacks owner, the other has it, so
# the verdict is unknown, not fail.
resource "aws_s3_bucket" "a" {
  tags = var.prod ? { cost-center = "CC-1", owner = "ml" } : { cost-center = "CC-1" }
}
