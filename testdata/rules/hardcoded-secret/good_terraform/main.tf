variable "db_password" {
  type      = string
  sensitive = true
}

resource "random_password" "db" {
  length = 24
}

resource "aws_db_instance" "main" {
  engine          = "postgres"
  password        = var.db_password
  master_password = "change-me"
}

resource "aws_rds_cluster" "other" {
  master_password = random_password.db.result
}

resource "aws_instance" "web" {
  user_data = <<-EOT
    #!/bin/bash
    export DB_PASSWORD=$(aws ssm get-parameter --name /app/db --with-decryption --query Parameter.Value --output text)
    export AWS_REGION=eu-central-1
    export API_TOKEN="${var.api_token}"
  EOT
}

resource "aws_key_pair" "deploy" {
  public_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq0vXbM2bqkR7lP2tY9vQm1eC6sZ4hJ8nK3wL5xU7aT deploy@acme"
}

# Plain (not secure) parameters hold configuration, not secrets.
resource "aws_ssm_parameter" "log_level" {
  name  = "/app/log-level"
  type  = "String"
  value = "debug-verbose-mode"
}

resource "aws_secretsmanager_secret_version" "db" {
  secret_id     = aws_secretsmanager_secret.db.id
  secret_string = jsonencode({ password = random_password.db.result })
}

resource "azurerm_linux_virtual_machine" "vm" {
  admin_password = "<set in the pipeline>"
  # Base64 of a harmless boot script.
  custom_data = "IyEvYmluL3NoCmVjaG8gYm9vdGVkID4gL3RtcC9ib290Cg=="
}

resource "aws_launch_template" "app" {
  user_data = base64encode(file("${path.module}/boot.sh"))
}

resource "aws_instance" "dev_box" {
  user_data = <<-EOT
    export DATABASE_PASSWORD="LocalDevPassword"
    export GREETING="SomeFriendlyGreeting"
  EOT
}
