# infra-lint: ignore[public-database]
resource "aws_db_instance" "main" {
  publicly_accessible = true
  storage_encrypted   = true # infra-lint: ignore[unencrypted-storage]
}
