variable "tags" {
  type = map(string)
}

resource "aws_sqs_queue" "q" {
  tags = var.tags
}
