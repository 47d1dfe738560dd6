resource "aws_db_instance" "main" {
  identifier                          = "stacks-production"
  engine                              = "postgres"
  instance_class                      = "db.t3.micro"
  username                            = "app"
  password                            = var.db_password
  storage_encrypted                   = true
  kms_key_id                          = "arn:aws:kms:eu-west-1:111122223333:key/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d"
  backup_retention_period             = 14
  copy_tags_to_snapshot               = true
  deletion_protection                 = true
  multi_az                            = true
  monitoring_interval                 = 30
  monitoring_role_arn                 = "arn:aws:iam::111122223333:role/rds-monitoring"
  enabled_cloudwatch_logs_exports     = ["postgresql", "upgrade"]
  performance_insights_enabled        = true
  performance_insights_kms_key_id     = "arn:aws:kms:eu-west-1:111122223333:key/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d"
  iam_database_authentication_enabled = true
  auto_minor_version_upgrade          = true
  parameter_group_name                = aws_db_parameter_group.main.name
  publicly_accessible                 = true # expect: public-database
}

resource "aws_db_parameter_group" "main" {
  name   = "stacks-production"
  family = "postgres16"
  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }
  parameter {
    name  = "log_statement"
    value = "ddl"
  }
  parameter {
    name  = "log_min_duration_statement"
    value = "500"
  }
}

variable "db_password" {
  type      = string
  sensitive = true
}
