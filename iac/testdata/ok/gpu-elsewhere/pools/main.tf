variable "pools" {
  type    = any
  default = []
}

variable "groups" {
  type    = any
  default = {}
}

variable "tags" {
  type = map(string)
}

variable "node_count" {
  type    = number
  default = 1
}

resource "kubernetes_config_map_v1" "pools" {
  metadata {
    name = "pools"
  }
  data = { pools = jsonencode(var.pools) }
}

module "group" {
  source   = "./group"
  for_each = var.node_count > 0 ? var.groups : {}
  types    = each.value.instance_types
  tags     = var.tags
}
