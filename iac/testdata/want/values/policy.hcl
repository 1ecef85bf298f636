tags {
  required = ["cost-center", "environment"]
  value "cost-center" { pattern = "^CC-[0-9]{4}$" }
  value "environment" { allowed = ["dev", "staging", "prod"] }
}
