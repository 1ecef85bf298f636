variable "tags" {
  type    = map(string)
  default = {}
}

resource "aws_kms_key" "this" {
  tags = var.tags
}
