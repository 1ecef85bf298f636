tags {
  required = ["cost-center"]
}
