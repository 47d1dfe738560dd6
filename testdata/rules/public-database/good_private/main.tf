variable "public" {
  type = bool
}

resource "aws_security_group" "db" {
  ingress {
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
}

resource "aws_security_group" "web" {
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_db_instance" "main" {
  engine                 = "postgres"
  publicly_accessible    = false
  vpc_security_group_ids = [aws_security_group.db.id, aws_security_group.web.id]
}

# Not knowable statically: never reported as public (nor as private).
resource "aws_db_instance" "unknown" {
  engine              = "postgres"
  publicly_accessible = var.public
}

# Private instance behind an open group: no public IP, not reachable.
resource "aws_db_instance" "private_open_sg" {
  engine                 = "postgres"
  vpc_security_group_ids = [aws_security_group.open.id]
}

resource "aws_security_group" "open" {
  ingress {
    from_port   = 0
    to_port     = 65535
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "google_sql_database_instance" "private" {
  database_version = "POSTGRES_15"
  settings {
    ip_configuration {
      ipv4_enabled    = false
      private_network = "projects/p/global/networks/default"
    }
  }
}

resource "azurerm_mssql_firewall_rule" "azure_services" {
  name             = "AllowAzureServices"
  server_id        = "srv"
  start_ip_address = "0.0.0.0"
  end_ip_address   = "0.0.0.0"
}
