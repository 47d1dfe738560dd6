variable "stripe_key" {
  type      = string
  sensitive = true
}
