provider "aws" {
  default_tags {
    tags = { cost-center = "CC-1", owner = "ml" }
  }
}

locals {
  tags = { owner = "ml", Name = "x" }
}

# default_tags do not reach autoscaling groups (no tags_all): the dynamic
# tag blocks are expanded from the known local, which lacks cost-center.
resource "aws_autoscaling_group" "a" { # want "aws_autoscaling_group \"a\" lacks required tags \"cost-center\""
  dynamic "tag" {
    for_each = local.tags
    content {
      key                 = tag.key
      value               = tag.value
      propagate_at_launch = true
    }
  }
}

variable "tags" {
  type = map(string)
}

resource "aws_autoscaling_group" "open" {
  dynamic "tag" {
    for_each = var.tags
    iterator = t
    content {
      key                 = t.key
      value               = t.value
      propagate_at_launch = true
    }
  }
}

resource "aws_autoscaling_group" "nopropagate" {
  tag {
    key                 = "cost-center"
    value               = "CC-1"
    propagate_at_launch = true
  }
  tag {
    key                 = "owner"
    value               = "ml"
    propagate_at_launch = false # want "tag \"owner\" has propagate_at_launch = false"
  }
}

# Types with tags_all take the default tags: passes.
resource "aws_s3_bucket" "ok" {}

resource "aws_autoscaling_group" "dyn" {
  dynamic "tag" {
    for_each = { cost-center = "CC-1", owner = "ml" }
    content {
      key                 = tag.key
      value               = tag.value
      propagate_at_launch = false # want "autoscaling group \"dyn\" tag \"cost-center\" has propagate_at_launch = false" "autoscaling group \"dyn\" tag \"owner\" has propagate_at_launch = false"
    }
  }
}
