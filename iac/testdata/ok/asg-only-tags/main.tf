provider "aws" {}

variable "asg_tags" {
  type    = map(string)
  default = {}
}

# Cost tags propagate; the cluster-autoscaler discovery tag is for the
# group itself and deliberately does not.
resource "aws_autoscaling_group" "nodes" {
  tag {
    key                 = "cost-center"
    value               = "CC-1"
    propagate_at_launch = true
  }
  tag {
    key                 = "owner"
    value               = "ml"
    propagate_at_launch = true
  }
  tag {
    key                 = "k8s.io/cluster-autoscaler/enabled"
    value               = "true"
    propagate_at_launch = false
  }
  dynamic "tag" {
    for_each = var.asg_tags
    content {
      key                 = tag.key
      value               = tag.value
      propagate_at_launch = false
    }
  }
}
