# This root's `admin_secret` is not sensitive, and it calls no module that says otherwise.
variable "admin_secret" {
  type = string
}
