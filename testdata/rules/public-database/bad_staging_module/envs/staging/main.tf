variable "environment" {
  type = string
}

variable "db_public" {
  type    = bool
  default = false
}

module "database" {
  source        = "../../modules/db"
  environment   = var.environment
  public        = var.db_public
  allowed_cidrs = ["0.0.0.0/0"]
}
