# Must never be evaluated as the module "db" of ../escape (its manifest points here).
resource "aws_db_instance" "outside" {
  publicly_accessible = true
}
