variable "environment" {
  type = string
}

variable "public" {
  type    = bool
  default = false
}

variable "allowed_cidrs" {
  type    = list(string)
  default = []
}

resource "aws_security_group" "db" {
  name = "db-${var.environment}"

  ingress {
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = var.allowed_cidrs
  }
}

resource "aws_db_instance" "main" {
  identifier             = "app-${var.environment}"
  engine                 = "postgres"
  storage_encrypted      = true
  publicly_accessible    = var.public
  vpc_security_group_ids = [aws_security_group.db.id]
}
