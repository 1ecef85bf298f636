provider "azapi" {
  default_tags = { cost-center = "CC-1", owner = "ml" }
}

variable "rg_id" {
  type = string
}

resource "azapi_resource" "ws" {
  type      = "Microsoft.MachineLearningServices/workspaces@2024-04-01"
  name      = "ws"
  parent_id = var.rg_id
}

resource "azapi_resource" "oai" {
  type      = "Microsoft.CognitiveServices/accounts@2023-05-01"
  name      = "oai"
  parent_id = var.rg_id
  tags      = { Name = "oai" }
  body      = { kind = "OpenAI" }
}

# Another system's tag left alone: only ignoring the whole map counts.
resource "azapi_resource" "vm" {
  type      = "Microsoft.Compute/virtualMachines@2024-03-01"
  name      = "vm"
  parent_id = var.rg_id
  lifecycle {
    ignore_changes = [tags["aks-managed"]]
  }
}
