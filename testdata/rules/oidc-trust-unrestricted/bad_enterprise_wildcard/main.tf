resource "aws_iam_role" "ci" {
  name = "ci"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com/acme-corp" }
      Condition = {
        StringLike = { "token.actions.githubusercontent.com/acme-corp:sub" = "repo:*" } # expect: oidc-trust-unrestricted
      }
    }]
  })
}
