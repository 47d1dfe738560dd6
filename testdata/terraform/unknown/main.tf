variable "public" {
  type = bool
}

data "aws_ssm_parameter" "flag" {
  name = "/db/public"
}

locals {
  a = local.b
  b = local.a
}

resource "aws_db_instance" "from_required_var" {
  publicly_accessible = var.public
}

resource "aws_db_instance" "from_data" {
  publicly_accessible = data.aws_ssm_parameter.flag.value == "true"
}

resource "aws_db_instance" "from_cycle" {
  publicly_accessible = local.a
}

resource "aws_db_instance" "from_function" {
  publicly_accessible = file("flag.txt") == "true"
}

resource "aws_db_instance" "unknown_count" {
  count               = length(data.aws_ssm_parameter.flag.value)
  publicly_accessible = true
}
