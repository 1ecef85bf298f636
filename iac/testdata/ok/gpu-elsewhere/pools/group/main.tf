variable "types" {
  type = list(string)
}

variable "tags" {
  type = map(string)
}

resource "aws_instance" "this" {
  instance_type = var.types[0]
  tags          = var.tags
}
