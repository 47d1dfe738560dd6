variable "open" {
  type = bool
}

resource "aws_security_group" "this" {
  name = "db"

  ingress {
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = var.open ? ["0.0.0.0/0"] : ["10.0.0.0/8"]
  }
}
