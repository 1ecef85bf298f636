provider "aws" { # want "provider \"aws\" sets no default_tags|provider \"aws\" default_tags lack required keys \"cost-center\", \"owner\""
  region = "eu-west-1"
}

provider "aws" { # want "provider \"aws\" alias \"us\" default_tags lack required keys \"owner\""
  alias = "us"
  default_tags {
    tags = { cost-center = "CC-1" }
  }
}

provider "aws" {
  alias = "ok"
  default_tags {
    tags = { cost-center = "CC-1", owner = "ml" }
  }
}

provider "google" { # want "provider \"google\" default_labels lack required keys \"owner\""
  default_labels = { cost-center = "cc-1" }
}

variable "tags" {
  type = map(string)
}

# Open: not judged.
provider "aws" {
  alias = "open"
  default_tags {
    tags = var.tags
  }
}

resource "aws_s3_bucket" "ok" {
  provider = aws.ok
}
