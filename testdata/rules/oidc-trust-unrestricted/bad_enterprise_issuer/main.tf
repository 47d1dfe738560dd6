# An enterprise's own issuer path: the `sub` claim is not pinned to an owner.
resource "aws_iam_role" "enterprise" {
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com/acme" }
      Condition = {
        StringEquals = {
          "token.actions.githubusercontent.com/acme:sub" = "repo:*" # expect: oidc-trust-unrestricted
          "token.actions.githubusercontent.com/acme:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}
