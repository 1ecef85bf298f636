variable "tags" {}

resource "aws_s3_bucket" "b" {
  tags = var.tags
}
