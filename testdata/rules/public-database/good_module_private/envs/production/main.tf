variable "environment" {
  type = string
}

module "database" {
  source        = "../../modules/db"
  environment   = var.environment
  public        = false
  allowed_cidrs = ["10.0.0.0/16"]
}
