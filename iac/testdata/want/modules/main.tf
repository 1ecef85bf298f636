provider "aws" {
  alias = "us"
  default_tags {
    tags = { cost-center = "CC-1", owner = "ml" }
  }
}

provider "aws" {}

locals {
  tags = { owner = "ml" }
}

# The child is tagged through the alias passed in: nothing to report.
module "good" {
  source    = "./modules/bucket"
  providers = { aws = aws.us }
  tags      = local.tags
}

# The caller passes tags without cost-center and its default provider has
# no default_tags: reported here, where the fix goes.
module "bad" { # want "module \"bad\" creates resources lacking required tags \"cost-center\": aws_s3_bucket.this, module.inner.aws_sqs_queue.q"
  source = "./modules/bucket"
  tags   = local.tags
}

# count = 0: creates nothing.
module "off" {
  source = "./modules/bucket"
  count  = 0
}
