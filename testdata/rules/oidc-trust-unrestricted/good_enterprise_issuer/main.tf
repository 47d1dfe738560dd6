# An enterprise's own issuer path: the `sub` claim is still pinned.
resource "aws_iam_role" "enterprise" {
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com/acme" }
      Condition = {
        StringEquals = {
          "token.actions.githubusercontent.com/acme:sub" = "repo:acme/api:ref:refs/heads/main"
          "token.actions.githubusercontent.com/acme:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}
