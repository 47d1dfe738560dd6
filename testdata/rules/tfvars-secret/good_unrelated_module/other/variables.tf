# An unrelated module that happens to declare a variable of the same name sensitive.
variable "admin_secret" {
  type      = string
  sensitive = true
}
