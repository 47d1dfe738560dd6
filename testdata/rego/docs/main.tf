resource "aws_db_instance" "main" {
  publicly_accessible = true
}
