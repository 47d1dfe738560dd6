variable "settings" {
  type = object({
    name   = string
    public = optional(bool, true)
    tier   = optional(string, "db.t3.micro")
  })
}

resource "aws_db_instance" "this" {
  identifier          = var.settings.name
  instance_class      = var.settings.tier
  publicly_accessible = var.settings.public
  tags                = var.settings
}
