variable "identifier" {
  type = string
}

variable "publicly_accessible" {
  type    = bool
  default = false
}

variable "storage_encrypted" {
  type    = bool
  default = true
}

resource "aws_db_instance" "this" {
  identifier          = var.identifier
  engine              = "postgres"
  publicly_accessible = var.publicly_accessible
  storage_encrypted   = var.storage_encrypted
}

module "sg" {
  source = "./modules/sg"
  open   = var.publicly_accessible
}

output "address" {
  value = aws_db_instance.this.address
}
