# A reusable module nobody in the repository calls: var.tags is whatever
# the caller passes, not its {} default.
variable "tags" {
  type    = map(string)
  default = {}
}

resource "aws_s3_bucket" "this" {
  bucket = "b"
  tags   = var.tags
}

resource "azurerm_storage_account" "this" {
  name = "sa"
  tags = merge(var.tags, { Name = "sa" })
}

# No own tags: the caller's provider default_tags may still reach it.
resource "aws_sqs_queue" "q" {
  name = "q"
}
