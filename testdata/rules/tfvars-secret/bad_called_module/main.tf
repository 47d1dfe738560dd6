# The root does not mark the variable sensitive; the module it passes it to does.
variable "admin_secret" {
  type = string
}

module "db" {
  source       = "./modules/db"
  admin_secret = var.admin_secret
}
