resource "aws_security_group" "db" {
  name = "${var.name}-${var.environment}-db"

  ingress {
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = var.allowed_cidrs
  }
}

resource "aws_db_instance" "main" {
  identifier             = "${var.name}-${var.environment}"
  engine                 = "postgres"
  engine_version         = "16.3"
  instance_class         = "db.t4g.medium"
  allocated_storage      = 50
  username               = "app"
  password               = var.db_password
  storage_encrypted      = true
  publicly_accessible    = var.publicly_accessible
  vpc_security_group_ids = [aws_security_group.db.id]
}

output "endpoint" {
  value = aws_db_instance.main.endpoint
}
