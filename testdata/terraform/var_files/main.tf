variable "public" {
  type    = bool
  default = false
}

resource "aws_db_instance" "main" {
  engine              = "postgres"
  publicly_accessible = var.public
}
