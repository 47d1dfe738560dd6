terraform {
  backend "s3" {
    bucket = "acme-terraform-state"
    key    = "production/terraform.tfstate"
    region = "eu-west-1"
  }
}

provider "aws" {
  region = "eu-west-1"
}

variable "environment" {
  type = string
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
  publicly_accessible = false
  allowed_cidrs       = ["10.0.0.0/16"]
}
