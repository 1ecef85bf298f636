variable "tags" {
  type = map(string)
}

resource "aws_flow_log" "this" {
  traffic_type = "ALL"
  tags         = var.tags
}
