variable "labels" {
  type    = map(string)
  default = {}
}

resource "google_storage_bucket" "b" {
  name   = "b"
  labels = var.labels
}
