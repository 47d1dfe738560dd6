variable "admin_secret" {
  type      = string
  sensitive = true
}
