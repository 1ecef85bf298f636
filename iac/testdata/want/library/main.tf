# A reusable module: nobody in the repository calls it, it configures no
# provider. Variables are the caller's; what does not derive from any input
# cannot be tagged by the module's users.
variable "tags" {
  type    = map(string)
  default = {}
}

# azurerm has no provider default tags: literal tags shut the caller out.
resource "azurerm_storage_account" "fixed" { # want "azurerm_storage_account \"fixed\" takes its tags from no module input, so callers cannot set cost tags on it \\(tf/tags-not-configurable\\)"
  tags = { Name = "fixed" }
}

resource "azurerm_storage_account" "open" {
  tags = merge(var.tags, { Name = "open" })
}

# Autoscaling groups take no default_tags either.
resource "aws_autoscaling_group" "asg" { # want "aws_autoscaling_group \"asg\" takes its tag blocks from no module input"
}

# default_tags of the caller's provider reach it: not judged.
resource "aws_s3_bucket" "b" {}

# The module's literal tags hold every required key: fine.
resource "azurerm_resource_group" "rg" {
  tags = { cost-center = "CC-1", owner = "ml" }
}
