provider "aws" {
  default_tags {
    tags = { cost-center = "CC-1", owner = "ml" }
  }
}

provider "google" {
  default_labels = { cost-center = "cc-1", owner = "ml" }
}

resource "aws_launch_template" "bare" { # want "launch template \"bare\" has no tag_specifications for \"instance\", \"volume\""
  instance_type = "m5.large"
}

resource "aws_launch_template" "half" { # want "no tag_specifications for \"volume\""
  tag_specifications {
    resource_type = "instance"
    tags          = { Name = "x" }
  }
}

resource "aws_ecs_service" "svc" { # want "ECS service \"svc\" sets no propagate_tags"
  name = "svc"
}

resource "aws_eks_node_group" "ng" { # want "EKS node group \"ng\" has no launch template"
  # Kubernetes labels are not cost tags; default_tags cover the node group itself.
  labels = { team = "ml" }
}

resource "google_container_node_pool" "np" { # want "google_container_node_pool \"np\" lacks required tags \"cost-center\", \"owner\""
  node_config { # want "node_config of google_container_node_pool \"np\" sets Kubernetes labels but no resource_labels"
    labels = { cost-center = "cc-1" }
  }
}

resource "google_container_cluster" "c" {
  resource_labels = { team = "ml" }
}

resource "azurerm_kubernetes_cluster" "aks" {
  tags = { cost-center = "CC-1", owner = "ml" }
  default_node_pool { # want "default_node_pool of AKS cluster \"aks\" has no tags"
    name    = "default"
    vm_size = "Standard_D2s_v3"
  }
}
