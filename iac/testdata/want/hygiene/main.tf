# No tags policy: the checks that need none still run.
provider "aws" {}

terraform {
  required_providers {
    aws    = { source = "hashicorp/aws", version = "~> 6.0" }
    random = { source = "hashicorp/random" } # want "provider \"random\" has no version constraint in any module of this configuration"
  }
}

resource "random_id" "x" {
  byte_length = 4
}

resource "aws_s3_bucket" "drift" {
  tags = { Name = "x" }
  lifecycle {
    ignore_changes = [tags] # want "aws_s3_bucket \"drift\" ignores changes to tags"
  }
}

resource "aws_s3_bucket" "all" {
  lifecycle {
    ignore_changes = all # want "ignores changes to all"
  }
}

# Ignoring one key written by another system is fine.
resource "aws_s3_bucket" "one" {
  tags = { Name = "x" }
  lifecycle {
    ignore_changes = [tags["LastScanned"]]
  }
}

resource "aws_instance" "gpu" { # want "GPU resource aws_instance \"gpu\" carries no tags at all \\(tf/untagged-ai-resource\\)"
  instance_type = "g5.xlarge"
}


module "kid" { # want "provider \"tls\" has no version constraint in any module of this configuration"
  source = "./kid"
}
