terraform {
  required_providers {
    aws        = { source = "hashicorp/aws", version = ">= 6.0" }
    google     = { source = "hashicorp/google", version = ">= 6.0" }
    helm       = { source = "hashicorp/helm", version = ">= 2.0" }
    kubernetes = { source = "hashicorp/kubernetes", version = ">= 2.0" }
  }
}
