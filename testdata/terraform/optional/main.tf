# optional(type, default) in object type constraints (Terraform >= 1.3).
variable "db" {
  type = object({
    name                = string
    publicly_accessible = optional(bool, true)
    storage_encrypted   = optional(bool)
    backup = optional(object({
      enabled   = optional(bool, false)
      retention = optional(number, 7)
    }), {})
  })
}

variable "buckets" {
  type = list(object({
    name   = string
    public = optional(bool, false)
  }))
  default = [{ name = "logs" }, { name = "site", public = true }]
}

variable "replicas" {
  type = map(object({
    port   = optional(number, 5432)
    public = optional(bool, false)
  }))
  default = {
    eu = {}
    us = { public = true, port = "6543" }
  }
}

variable "flags" {
  type    = object({ encrypted = optional(bool, true) })
  default = {}
}

resource "aws_db_instance" "main" {
  identifier              = var.db.name
  publicly_accessible     = var.db.publicly_accessible
  storage_encrypted       = var.db.storage_encrypted
  backup_retention_period = var.db.backup.retention
  deletion_protection     = var.db.backup.enabled
}

resource "aws_s3_bucket" "b" {
  for_each = { for b in var.buckets : b.name => b }
  bucket   = each.key
  acl      = each.value.public ? "public-read" : "private"
}

resource "aws_db_instance" "replica" {
  for_each            = var.replicas
  port                = each.value.port
  publicly_accessible = each.value.public
  storage_encrypted   = var.flags.encrypted
}

module "db" {
  source   = "./modules/db"
  settings = { name = "inner", public = null, extra = "dropped" }
}
