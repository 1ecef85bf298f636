# GPU capacity and AI services that only show outside typed cloud
# resources: inventoried, never a finding. No provider block: a module
# nobody calls, so its variables are set by an unseen caller.

variable "tags" {
  type = map(string)
}

variable "zone" {
  type = string
}

# The default is what the module creates unless its caller says otherwise.
variable "gpu_pools" {
  type = list(object({ name = string, machine_type = string, accelerator_count = number }))
  default = [{
    name              = "gpu"
    machine_type      = "n1-standard-8"
    accelerator_count = 1
  }]
}

variable "cpu_pools" {
  type    = list(object({ name = string, machine_type = string }))
  default = [{ name = "cpu", machine_type = "n2-standard-4" }]
}

locals {
  # The condition is unknown, so the whole list is; its pools are not.
  gpu_pools = [for p in var.gpu_pools : var.zone != "" ? merge(p, { zone = var.zone }) : p]
  cpu_pools = [for p in var.cpu_pools : var.zone != "" ? merge(p, { zone = var.zone }) : p]
}

module "gpu_cluster" {
  source = "./pools"
  pools  = local.gpu_pools
  tags   = var.tags
}

module "cpu_cluster" {
  source = "./pools"
  pools  = local.cpu_pools
  tags   = var.tags
}

# A local module whose node groups hide behind an unknown for_each: the
# GPU instance type is inventoried at the call.
module "nodes" {
  source = "./pools"
  groups = { train = { instance_types = ["p4d.24xlarge"] } }
  tags   = var.tags
}

module "web_nodes" {
  source = "./pools"
  groups = { web = { instance_types = ["m5.large"] } }
  tags   = var.tags
}

# Registry modules named after an AI service.
module "openai" {
  source  = "Azure/avm-res-cognitiveservices-account/azurerm"
  version = "0.7.0"
  tags    = var.tags
}

module "vnet" {
  source  = "Azure/avm-res-network-virtualnetwork/azurerm"
  version = "0.8.0"
  tags    = var.tags
}

resource "kubernetes_deployment_v1" "serve" {
  metadata {
    name = "serve"
  }
  spec {
    template {
      metadata {}
      spec {
        container {
          name = "vllm"
          resources {
            limits = { "nvidia.com/gpu" = "1" }
          }
        }
      }
    }
  }
}

resource "kubernetes_deployment_v1" "web" {
  metadata {
    name = "web"
  }
  spec {
    template {
      metadata {}
      spec {
        node_selector = { "kubernetes.io/arch" = "amd64" }
        container {
          name = "web"
          resources {
            limits = { cpu = "1" }
          }
        }
      }
    }
  }
}

# Runs on GPU nodes without requesting one: GPU software, not capacity.
resource "kubernetes_daemon_set_v1" "exporter" {
  metadata {
    name = "dcgm-exporter"
  }
  spec {
    template {
      metadata {}
      spec {
        node_selector = { "cloud.google.com/gke-accelerator" = "nvidia-l4" }
        container {
          name = "exporter"
        }
      }
    }
  }
}

resource "helm_release" "notebooks" {
  name   = "jupyterhub"
  chart  = "jupyterhub"
  values = [var.zone == "" ? templatefile("${path.module}/values/gpu.yaml", { zone = var.zone }) : file("${path.module}/values/cpu.yaml")]
}

resource "helm_release" "web" {
  name   = "web"
  chart  = "web"
  values = [file("${path.module}/values/cpu.yaml")]
}

resource "google_dialogflow_cx_agent" "agent" {
  display_name          = "helpdesk"
  location              = "global"
  default_language_code = "en"
  time_zone             = "Europe/Paris"
}
