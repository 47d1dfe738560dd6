terraform {
  required_version = ">= 1.6"
}

resource "aws_db_instance" "main" {
  identifier          = "acme-prod"
  engine              = "postgres"
  instance_class      = "db.t4g.medium"
  publicly_accessible = true
}

# infra-lint: ignore[test-public-db] read replica for the public status page, holds no personal data
resource "aws_db_instance" "status" {
  identifier          = "acme-status"
  engine              = "postgres"
  instance_class      = "db.t4g.micro"
  publicly_accessible = true
}
