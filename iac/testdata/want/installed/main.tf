provider "aws" {
  default_tags {
    tags = { owner = "ml" }
  }
}

# The downloaded module is evaluated with the tags this call passes.
module "vpc" { # want "module \"vpc\" creates resources lacking required tags \"cost-center\": aws_vpc.this, module.flow.aws_flow_log.this, module.kms.aws_kms_key.this"
  source  = "terraform-aws-modules/vpc/aws"
  version = "6.0.1"
  tags    = { Name = "main" }
}

# Its code creates nothing taggable: nothing to report, though no tags
# are passed.
module "label" {
  source  = "cloudposse/label/null"
  version = "0.25.0"
}
