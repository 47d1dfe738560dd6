terraform {
  backend "s3" {}
}

variable "public" {
  type = bool
}

module "db" {
  source  = "terraform-aws-modules/rds/aws"
  version = "6.1.0"

  identifier          = "app-staging"
  publicly_accessible = var.public
}

module "network" {
  source = "git::https://example.com/acme/network.git?ref=v1.2.0"
}

output "db_address" {
  value = module.db.address
}
