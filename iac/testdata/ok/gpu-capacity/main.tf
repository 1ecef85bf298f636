# GPU capacity declared outside typed resources: inventoried, never a
# finding.
provider "aws" {
  default_tags {
    tags = { cost-center = "CC-1", owner = "ml" }
  }
}

variable "cluster_name" {
  type = string
}

module "eks" {
  source       = "terraform-aws-modules/eks/aws"
  version      = "21.0.0"
  cluster_name = var.cluster_name
  eks_managed_node_groups = {
    cpu = { instance_types = ["m5.large"] }
    gpu = { instance_types = ["g5.xlarge"], ami_type = "AL2023_x86_64_NVIDIA" }
  }
}

module "cpu" {
  source  = "terraform-aws-modules/eks/aws"
  version = "21.0.0"
  eks_managed_node_groups = {
    cpu = { instance_types = ["m5.large"], name = var.cluster_name }
  }
}

module "gke" {
  source  = "terraform-google-modules/kubernetes-engine/google"
  version = "38.0.0"
  node_pools = [{
    name              = "gpu"
    machine_type      = "n1-standard-8"
    accelerator_type  = "nvidia-tesla-t4"
    accelerator_count = 1
  }]
}

resource "kubectl_manifest" "gpu_pool" {
  yaml_body = <<-YAML
    apiVersion: karpenter.sh/v1
    kind: NodePool
    metadata:
      name: ${var.cluster_name}-gpu
    spec:
      template:
        spec:
          taints:
            - key: nvidia.com/gpu
              effect: NoSchedule
  YAML
}

resource "kubernetes_manifest" "job" {
  manifest = {
    apiVersion = "batch/v1"
    kind       = "Job"
    spec = { template = { spec = { containers = [{
      name      = "train"
      resources = { limits = { "nvidia.com/gpu" = 1 } }
    }] } } }
  }
}

resource "helm_release" "inference" {
  name  = "inference"
  chart = "vllm"
  values = [yamlencode({
    nodeSelector = { "cloud.google.com/gke-accelerator" = "nvidia-l4" }
    image        = var.cluster_name
  })]
}

resource "kubectl_manifest" "web" {
  yaml_body = <<-YAML
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
  YAML
}
