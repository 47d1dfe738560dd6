# Canonical documentation keys in a real configuration: reported as low.
resource "aws_lambda_function" "worker" {
  function_name = "worker"
  environment {
    variables = {
      AWS_ACCESS_KEY_ID     = "AKIAIOSFODNN7EXAMPLE" # expect: hardcoded-secret
      AWS_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" # expect: hardcoded-secret
      AWS_REGION            = "eu-west-1"
    }
  }
}

resource "aws_instance" "bastion" {
  user_data = <<EOF
#!/bin/bash
export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE # expect: hardcoded-secret
EOF
}

# A secret's value is secret whatever it looks like.
resource "github_actions_environment_secret" "deploy" {
  repository      = "shop"
  environment     = "production"
  secret_name     = "DEPLOY_KEY"
  plaintext_value = "blue horse battery staple" # expect: hardcoded-secret
}

resource "aws_ssm_parameter" "signing" {
  name  = "/shop/signing"
  type  = "SecureString"
  value = "SigningPassword2024" # expect: hardcoded-secret
}

# Base64 hides nothing.
resource "aws_launch_configuration" "web" {
  user_data_base64 = "IyEvYmluL2Jhc2gKZXhwb3J0IFNUUklQRV9BUElfS0VZPXNrX2xpdmVfdThqelBkZTBJZ3hMZDZHbmNmQkFlcGZKCi9vcHQvYXBwL3N0YXJ0Cg==" # expect: hardcoded-secret
}

resource "aws_launch_template" "api" {
  user_data = base64encode(join("\n", [base64decode("IyEvYmluL3NoCmV4cG9ydCBEQVRBQkFTRV9QQVNTV09SRD0iQmQwS2g4b09PTDhkS0x6ZG9jIgo="), "run"])) # expect: hardcoded-secret
}

# ECS container definitions: the value belongs to the name next to it.
resource "aws_ecs_task_definition" "api" {
  family                = "api"
  container_definitions = <<JSON
[
  {
    "name": "api",
    "environment": [
      { "name": "LOG_LEVEL", "value": "info" },
      { "name": "SMTP_PASSWORD", "value": "tea for two" }, // expect: hardcoded-secret
      { "name": "CACHE_PASSWORD", "value": "change-me" },
      { "name": "DATABASE_PASSWORD", "value": "J2isAjIhKtJ0RlgLKOmxgJ" } // expect: hardcoded-secret
    ]
  }
]
JSON
}

# A human-chosen password in a boot script is still the real password.
resource "azurerm_linux_virtual_machine" "jump" {
  custom_data = base64encode(<<-EOT
    #!/bin/sh
    export DATABASE_PASSWORD=\"WinterIsComingPassword\" # expect: hardcoded-secret
  EOT
  )
}

variable "admin_password" {
  default = "SuperSecretPassw0rd" # expect: hardcoded-secret
}
