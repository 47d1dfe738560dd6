# A stale download: no module call in the configuration reaches it.
resource "aws_db_instance" "legacy" {
  publicly_accessible = true
  password            = "kR9v!Qm2#Lp7xZt4Wd8s"
}
