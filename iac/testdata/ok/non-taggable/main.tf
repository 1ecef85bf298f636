provider "google" {}

# Costly but takes no labels: inventoried as n/a, not a finding.
resource "google_tpu_v2_vm" "tpu" {
  name             = "tpu"
  accelerator_type = "v5litepod-8"
}

# A GPU node pool labelled through node_config.resource_labels.
resource "google_container_node_pool" "gpu" {
  node_config {
    machine_type    = "a2-highgpu-1g"
    resource_labels = { cost-center = "cc-1", owner = "ml" }
    guest_accelerator {
      type  = "nvidia-tesla-a100"
      count = 1
    }
  }
}

# Look-alike labels that are not cost labels are not judged.
resource "google_monitoring_notification_channel" "email" {
  type   = "email"
  labels = { email_address = "a@example.com" }
}

resource "aws_inspector_resource_group" "g" {
  tags = { Team = "x" }
}
