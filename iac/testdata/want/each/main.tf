provider "aws" {}

# One subnet's tags lack cost-center: the subnets are in the finding with
# the vpc, not dropped as unknown.
module "net" { # want "module \"net\" creates resources lacking required tags \"cost-center\": aws_subnet.this, aws_vpc.this"
  source = "./mod"
  tags   = { owner = "ml" }
  subnets = {
    a = { cidr = "10.0.1.0/24", tags = { cost-center = "CC-1" } }
    b = { cidr = "10.0.2.0/24", tags = {} }
  }
}
