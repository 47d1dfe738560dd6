resource "nifcloud_db_instance" "reports" {
  instance_class      = "db.large8"
  engine              = "MySQL"
  publicly_accessible = true # expect: public-database
}

resource "nifcloud_db_security_group" "reports" {
  group_name = "reports"
  rule {
    cidr_ip = "192.0.2.0/24"
  }
  rule {
    cidr_ip = "0.0.0.0/0" # expect: public-database
  }
}
