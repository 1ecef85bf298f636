tags {
  required = ["cost-center", "owner"]
}
