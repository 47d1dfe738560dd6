variable "kms" {
  type = string
}

resource "aws_db_instance" "main" {
  engine            = "postgres"
  storage_encrypted = true
  kms_key_id        = var.kms
}

resource "aws_db_instance" "replica" {
  replicate_source_db = aws_db_instance.main.identifier
}

resource "aws_ebs_volume" "defaulted" {
  availability_zone = "eu-west-1a"
  size              = 10
}

resource "aws_efs_file_system" "shared" {
  encrypted = true
}

variable "flag" {
  type = bool
}

# Unknown: not reported.
resource "aws_rds_cluster" "unknown" {
  engine            = "aurora-postgresql"
  storage_encrypted = var.flag
}
