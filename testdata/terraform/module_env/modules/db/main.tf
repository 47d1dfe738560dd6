variable "environment" {
  type = string
}

variable "public" {
  type    = bool
  default = false
}

variable "ports" {
  type    = list(number)
  default = [5432]
}

locals {
  name      = "app-${var.environment}"
  is_public = var.public && var.environment != "production"
}

resource "aws_security_group" "db" {
  name = "${local.name}-db"

  dynamic "ingress" {
    for_each = var.ports
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = var.public ? ["0.0.0.0/0"] : ["10.0.0.0/8"]
    }
  }
}

resource "aws_db_instance" "main" {
  identifier             = local.name
  engine                 = "postgres"
  publicly_accessible    = local.is_public
  vpc_security_group_ids = [aws_security_group.db.id]
}

output "db_id" {
  value = aws_db_instance.main.id
}

output "name" {
  value = local.name
}
