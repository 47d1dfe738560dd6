resource "aws_ssm_parameter" "db_password" {
  name  = "/app/db_password"
  type  = "SecureString"
  value = "Xk9mP2qZ7vW4tRLc3N8dF5gJ1sA6eB0u" # expect: hardcoded-secret
  lifecycle {
    ignore_changes = [value]
  }
}
