resource "aws_s3_bucket" "x" {}

resource "aws_instance" "gpu" {
  instance_type = "p4d.24xlarge"
}
