variable "regions" {
  default = {
    eu = { public = true, size = 20 }
    us = { public = false, size = 50 }
  }
}

variable "replicas" {
  default = 2
}

resource "aws_db_instance" "regional" {
  for_each            = var.regions
  identifier          = "db-${each.key}"
  allocated_storage   = each.value.size
  publicly_accessible = each.value.public
}

resource "aws_db_instance" "replica" {
  count               = var.replicas
  identifier          = "replica-${count.index}"
  publicly_accessible = count.index == 1
}

resource "aws_db_instance" "disabled" {
  count               = 0
  publicly_accessible = true
}

resource "aws_security_group" "web" {
  dynamic "ingress" {
    for_each = { ssh = 22, https = 443 }
    iterator = rule
    content {
      from_port   = rule.value
      to_port     = rule.value
      description = rule.key
      cidr_blocks = ["0.0.0.0/0"]
    }
  }
}

output "replica_ids" {
  value = aws_db_instance.replica[*].identifier
}
