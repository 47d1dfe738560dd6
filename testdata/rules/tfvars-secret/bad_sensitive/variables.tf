variable "db_password" {
  type      = string
  sensitive = true
}

variable "api_token" {
  type = string
}

variable "db" {
  type = object({ username = string, password = string })
}

variable "instance_type" {
  type = string
}
