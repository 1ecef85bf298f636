provider "aws" {}

variable "buckets" {
  type = map(object({ tags = map(string) }))
}

resource "aws_s3_bucket" "this" {
  for_each = var.buckets
  bucket   = each.key
  tags     = each.value.tags
}

resource "aws_s3_bucket" "merged" {
  for_each = var.buckets
  tags     = merge(each.value.tags, { Name = each.key })
}
