variable "environment" {
  type = string
}

module "database" {
  source      = "../../modules/db"
  environment = var.environment
  public      = false
}
