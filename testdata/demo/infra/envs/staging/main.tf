terraform {
  backend "s3" {
    bucket = "acme-terraform-state"
    key    = "staging/terraform.tfstate"
    region = "eu-west-1"
  }
}

variable "environment" {
  type = string
}

variable "db_public" {
  type    = bool
  default = false
}

variable "db_password" {
  type      = string
  sensitive = true
}

module "database" {
  source              = "../../modules/database"
  name                = "acme"
  environment         = var.environment
  db_password         = var.db_password
  publicly_accessible = var.db_public
  allowed_cidrs       = ["0.0.0.0/0"]
}
