provider "aws" {}

variable "subnets" {
  type = map(object({ cidr = string, tags = map(string) }))
}

# Every subnet carries the keys the vpc lacks... and the vpc gets them
# from the call's tags.
module "net" {
  source = "./mod"
  tags   = { owner = "ml", cost-center = "CC-1" }
  subnets = {
    a = { cidr = "10.0.1.0/24", tags = { team = "a" } }
  }
}

# Subnets from a variable the plan is given: each.value is unknown.
module "open" {
  source  = "./mod"
  tags    = { owner = "ml", cost-center = "CC-1" }
  subnets = var.subnets
}
