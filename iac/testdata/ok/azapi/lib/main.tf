# A reusable module: var.tags is its callers', and so is the azapi
# provider configuration with its default tags.
variable "tags" {
  type    = map(string)
  default = {}
}

variable "parent_id" {
  type = string
}

resource "azapi_resource" "ws" {
  type      = "Microsoft.MachineLearningServices/workspaces@2024-04-01"
  name      = "ws"
  parent_id = var.parent_id
  tags      = var.tags
}

resource "azapi_resource" "sa" {
  type      = "Microsoft.Storage/storageAccounts@2023-01-01"
  name      = "sa"
  parent_id = var.parent_id
}
