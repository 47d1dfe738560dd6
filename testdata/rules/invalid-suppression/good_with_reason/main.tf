# infra-lint: ignore[public-database] read replica behind the status page, no personal data
resource "aws_db_instance" "replica" {
  publicly_accessible = true
}
