resource "nifcloud_db_instance" "reports" {
  instance_class      = "db.large8"
  engine              = "MySQL"
  publicly_accessible = false
}

resource "nifcloud_db_security_group" "reports" {
  group_name = "reports"
  rule {
    cidr_ip = "10.20.0.0/16"
  }
}
