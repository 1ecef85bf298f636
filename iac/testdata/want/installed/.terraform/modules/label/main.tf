variable "name" {
  default = ""
}

output "id" {
  value = var.name
}
