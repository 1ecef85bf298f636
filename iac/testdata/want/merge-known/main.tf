provider "aws" {}

locals {
  base = { owner = "ml" }
  env  = "prod"
}

resource "aws_s3_bucket" "a" { # want "aws_s3_bucket \"a\" lacks required tags \"cost-center\" \\(tf/missing-cost-tags\\)"
  tags = merge(local.base, { Name = "a" })
}

# A known condition picks its branch.
resource "aws_s3_bucket" "b" { # want "lacks required tags \"owner\""
  tags = local.env == "prod" ? { cost-center = "CC-1" } : { cost-center = "CC-1", owner = "x" }
}

# Both branches lack owner: a certain fail even though the condition is not known.
variable "flag" { type = bool }
resource "aws_s3_bucket" "c" { # want "lacks required tags \"owner\""
  tags = var.flag ? { cost-center = "CC-1" } : { cost-center = "CC-2", Name = "c" }
}

resource "aws_s3_bucket" "case" { # want "has tag \"Cost-Center\" where \"cost-center\" is required; tag keys are case-sensitive"
  tags = { Cost-Center = "CC-1", owner = "ml" }
}

resource "aws_s3_bucket" "none" { # want "lacks required tags \"cost-center\", \"owner\""
}
