resource "aws_instance" "web" {
  ami           = "ami-0c55b159cbfafe1f0"
  instance_type = "t3.micro"
  user_data     = <<-EOT
    #!/bin/bash
    export AWS_REGION=eu-west-1
    export DATABASE_PASSWORD="bWMNtoihXj6yNe" # expect: hardcoded-secret
  EOT
}

resource "aws_db_instance" "main" {
  engine   = "postgres"
  username = "app"
  password = "xhoCaCmWR%Z7Z9Lt2" # expect: hardcoded-secret
}

variable "api_token" {
  type    = string
  default = "qI3H7bq8s9N9AV9sjJaa3l24PLoHnCN7" # expect: hardcoded-secret
}

resource "github_actions_secret" "deploy" {
  repository      = "app"
  secret_name     = "DEPLOY_TOKEN"
  plaintext_value = "ghp_pl7ucNOxFRzQqUSkvE8uL3Vbv6FNWkBp8TOg" # expect: hardcoded-secret
}

locals {
  container = jsonencode([{
    name        = "api"
    environment = [{ name = "STRIPE_KEY", value = "sk_live_YePdh8cCQg8W99cr8WQ3HhcL" }] # expect: hardcoded-secret
  }])
}
