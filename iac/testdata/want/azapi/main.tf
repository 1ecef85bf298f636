provider "azapi" {}

variable "rg_id" {
  type = string
}

resource "azapi_resource" "ws" { # want "AI resource azapi_resource \"ws\" lacks required tags \"cost-center\""
  type      = "Microsoft.MachineLearningServices/workspaces@2024-04-01"
  name      = "ws"
  parent_id = var.rg_id
  tags      = { owner = "ml" }
  lifecycle {
    ignore_changes = [tags] # want "azapi_resource \"ws\" ignores changes to tags"
  }
}

resource "azapi_resource" "oai" { # want "AI resource azapi_resource \"oai\" lacks required tags \"cost-center\", \"owner\""
  type      = "Microsoft.CognitiveServices/accounts@2023-05-01"
  name      = "oai"
  parent_id = var.rg_id
  body = {
    kind = "OpenAI"
    sku  = { name = "S0" }
  }
}

# azapi 1.x: the body is jsonencode of an object.
resource "azapi_resource" "vm" { # want "GPU resource azapi_resource \"vm\" lacks required tags \"owner\""
  type      = "Microsoft.Compute/virtualMachines@2024-03-01"
  name      = "trainer"
  parent_id = var.rg_id
  tags      = { cost-center = "CC-1" }
  body = jsonencode({
    properties = { hardwareProfile = { vmSize = "Standard_NC24ads_A100_v4" } }
  })
}

# A storage account: a tracked type, judged though it writes no tags.
resource "azapi_resource" "sa" { # want "azapi_resource \"sa\" lacks required tags \"cost-center\", \"owner\" \\(tf/missing-cost-tags\\)"
  type      = "Microsoft.Storage/storageAccounts@2023-01-01"
  name      = "sa"
  parent_id = var.rg_id
}

# A subnet takes no tags: not judged.
resource "azapi_resource" "subnet" {
  type      = "Microsoft.Network/virtualNetworks/subnets@2023-04-01"
  name      = "s"
  parent_id = var.rg_id
}
