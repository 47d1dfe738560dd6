variable "name" {
  type = string
}

variable "environment" {
  type = string
}

variable "publicly_accessible" {
  type    = bool
  default = false
}

variable "db_password" {
  type      = string
  sensitive = true
}

variable "allowed_cidrs" {
  type    = list(string)
  default = []
}
