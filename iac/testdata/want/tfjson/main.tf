provider "aws" {}

# The module is written in JSON; its tags merge the caller's, which lack
# cost-center, so the finding stands here.
module "j" { # want "module \"j\" creates resources lacking required tags \"cost-center\": aws_s3_bucket.json"
  source = "./json"
  tags   = { owner = "ml" }
}
