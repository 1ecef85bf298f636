# Module sources must be pinned.
module "vpc" {
  source = "terraform-aws-modules/vpc/aws" # want "module \"vpc\" uses registry source \"terraform-aws-modules/vpc/aws\" without a version"
}

module "net" {
  source = "git::https://example.com/net.git" # want "module \"net\" uses git source \"git::https://example.com/net.git\" without \\?ref="
}

module "pinned" {
  source = "git::https://example.com/net.git?ref=v1.0.0"
}
