resource "aws_db_instance" "main" {
  identifier          = "stacks-production"
  engine              = "postgres"
  instance_class      = "db.t3.micro"
  username            = "app"
  password            = var.db_password
  storage_encrypted   = true
  publicly_accessible = true # expect: public-database
}

variable "db_password" {
  type      = string
  sensitive = true
}
