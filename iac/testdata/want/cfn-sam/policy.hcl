tags {
  required = ["cost-center", "owner"]
  value "cost-center" { pattern = "^CC-[0-9]{4}$" }
}
