variable "tags" {
  type    = map(string)
  default = {}
}

resource "aws_vpc" "this" {
  cidr_block = "10.0.0.0/16"
  tags       = merge({ Name = "main" }, var.tags)
  lifecycle {
    ignore_changes = [tags]
  }
}

module "flow" {
  source = "./modules/flow"
  tags   = var.tags
}

module "kms" {
  source = "terraform-aws-modules/kms/aws"
  tags   = var.tags
}
