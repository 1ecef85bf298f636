variable "tags" {
  default = {}
}

resource "aws_s3_bucket" "a" {
  tags = var.tags
}

module "b" {
  source = "../b"
  tags   = var.tags
}
