terraform {
  backend "s3" {}
}

module "db" {
  source              = "terraform-aws-modules/rds/aws"
  publicly_accessible = true
}
