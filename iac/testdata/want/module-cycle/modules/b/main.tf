variable "tags" {
  default = {}
}

resource "aws_sqs_queue" "b" {
  tags = var.tags
}

module "a" { # want "module \"a\" calls back to \"modules/a\", closing the cycle modules/a -> modules/b -> modules/a \\(which starts with module \"b\" at modules/a/main.tf:9\\)"
  source = "../a"
  tags   = var.tags
}
