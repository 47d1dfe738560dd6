resource "aws_db_instance" "legacy" {
  engine              = "mysql"
  publicly_accessible = true # expect: public-database
}

resource "aws_rds_cluster_instance" "reader" {
  engine              = "aurora-postgresql"
  publicly_accessible = true # expect: public-database
}

resource "google_sql_database_instance" "main" {
  database_version = "POSTGRES_15"
  settings {
    tier = "db-f1-micro"
    ip_configuration {
      ipv4_enabled = true
      authorized_networks {
        name  = "anywhere"
        value = "0.0.0.0/0" # expect: public-database
      }
    }
  }
}

resource "azurerm_postgresql_flexible_server_firewall_rule" "all" {
  name             = "allow-all"
  server_id        = azurerm_postgresql_flexible_server.main.id
  start_ip_address = "0.0.0.0" # expect: public-database
  end_ip_address   = "255.255.255.255"
}

resource "aws_security_group" "cache" {
  ingress {
    from_port        = 6379
    to_port          = 6379
    protocol         = "tcp"
    ipv6_cidr_blocks = ["::/0"] # expect: public-database
  }
}

resource "aws_elasticache_replication_group" "cache" {
  replication_group_id = "cache"
  security_group_ids   = [aws_security_group.cache.id]
}
