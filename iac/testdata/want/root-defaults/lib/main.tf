variable "tags" {
  type    = map(string)
  default = {}
}

resource "azurerm_storage_account" "sa" {
  name = "sa"
  tags = var.tags
}
