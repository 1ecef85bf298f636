# A root whose google provider (and backend) come from a file linked in at
# deploy time: no backend here, so the google configuration is not taken
# to be the implicit empty one.
terraform {
  required_providers {
    restful = { source = "magodo/restful", version = "= 0.21.0" }
    google  = { source = "hashicorp/google", version = ">= 6.0" }
  }
}

provider "restful" {
  base_url = "https://example.com/"
}

resource "google_storage_bucket" "b" {
  name   = "b"
  labels = { team = "sec" }
}
