tags {
  required = ["cost-center", "owner"]
  value "cost-center" { allowed = ["CC-1", "CC-2"] }
}
