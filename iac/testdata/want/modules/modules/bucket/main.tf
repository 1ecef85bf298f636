variable "tags" {
  type    = map(string)
  default = {}
}

resource "aws_s3_bucket" "this" {
  tags = merge(var.tags, { Name = "b" })
}

# Written in full inside the module: the module is at fault, whatever the caller passes.
resource "aws_autoscaling_group" "asg" { # want "aws_autoscaling_group \"asg\" lacks required tags \"cost-center\", \"owner\" \\(in 2 of 2 instances, first module.good in \\.\\)"
  tag {
    key                 = "Name"
    value               = "asg"
    propagate_at_launch = true
  }
}

module "inner" {
  source = "../queue"
  tags   = var.tags
}
