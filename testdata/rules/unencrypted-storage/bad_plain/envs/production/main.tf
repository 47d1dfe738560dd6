variable "encrypt" {
  default = false
}

resource "aws_db_instance" "main" {
  engine            = "postgres"
  storage_encrypted = var.encrypt # expect: unencrypted-storage
}

resource "aws_db_instance" "defaulted" { # expect: unencrypted-storage
  engine = "mysql"
}

resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 100
  encrypted         = false # expect: unencrypted-storage
}

resource "aws_efs_file_system" "shared" { # expect: unencrypted-storage
  creation_token = "shared"
}
