variable "tags" {}

module "base" {
  source = "../base"
  tags   = var.tags
}

module "base_again" {
  source = "./../base"
  tags   = merge(var.tags, { side = "again" })
}
