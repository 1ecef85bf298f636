variable "boot_disk" {
  type = object({
    size = optional(number, 10)
    independent = optional(object({
      name = optional(string)
    }))
  })
  default  = {}
  nullable = false
}

variable "labels" {
  type    = map(string)
  default = {}
}

# Created only when the caller asks for an independent disk.
resource "google_compute_disk" "boot" {
  count  = var.boot_disk.independent != null ? 1 : 0
  name   = "boot"
  size   = var.boot_disk.size
  labels = merge(var.labels, { disk = "boot" })
}
