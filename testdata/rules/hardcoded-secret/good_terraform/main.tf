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
    export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
    export API_TOKEN="${var.api_token}"
  EOT
}

resource "aws_key_pair" "deploy" {
  public_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq0vXbM2bqkR7lP2tY9vQm1eC6sZ4hJ8nK3wL5xU7aT deploy@acme"
}
