provider "aws" {}

provider "google" {}

resource "aws_instance" "trainer" { # want "GPU resource aws_instance \"trainer\" lacks required tags \"cost-center\", \"owner\" \\(tf/untagged-ai-resource\\)"
  instance_type = "p4d.24xlarge"
  tags          = { Name = "trainer" }
}

resource "aws_instance" "web" { # want "aws_instance \"web\" lacks required tags \"cost-center\", \"owner\" \\(tf/missing-cost-tags\\)"
  instance_type = "m5.large"
}

resource "aws_sagemaker_endpoint" "serve" { # want "AI resource aws_sagemaker_endpoint \"serve\" lacks required tags \"owner\""
  tags = { cost-center = "CC-1" }
}

resource "google_compute_instance" "gpu" { # want "GPU resource google_compute_instance \"gpu\" lacks required tags"
  machine_type = "n1-standard-8"
  labels       = { owner = "ml" }
  guest_accelerator {
    type  = "nvidia-tesla-t4"
    count = 1
  }
}

resource "azurerm_linux_virtual_machine" "nv" { # want "GPU resource azurerm_linux_virtual_machine \"nv\""
  size = "Standard_NC6s_v3"
  tags = { cost-center = "CC-1" }
}

resource "aws_lexv2models_bot" "bot" { # want "AI resource aws_lexv2models_bot \"bot\" lacks required tags \"owner\""
  name = "helpdesk"
  tags = { cost-center = "CC-1" }
}
