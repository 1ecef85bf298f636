tags {
  required          = ["cost-center", "owner"]
  provider_coverage = true
}
