resource "tls_private_key" "k" {
  algorithm = "ED25519"
}
