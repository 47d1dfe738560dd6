# GitHub Enterprise Cloud with a unique token issuer: the claim keys carry the enterprise slug.
resource "aws_iam_openid_connect_provider" "ghe" {
  url             = "https://token.actions.githubusercontent.com/acme-corp"
  client_id_list  = ["sts.amazonaws.com"]
  thumbprint_list = ["ffffffffffffffffffffffffffffffffffffffff"]
}

resource "aws_iam_role" "deploy" {
  name = "deploy"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = aws_iam_openid_connect_provider.ghe.arn }
      Condition = {
        StringEquals = {
          "token.actions.githubusercontent.com/acme-corp:aud" = "sts.amazonaws.com"
          "token.actions.githubusercontent.com/acme-corp:sub" = "repo:acme-corp/infra:environment:production"
        }
      }
    }]
  })
}

data "aws_iam_policy_document" "ci" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [aws_iam_openid_connect_provider.ghe.arn]
    }
    condition {
      test     = "StringLike"
      variable = "token.actions.githubusercontent.com/acme-corp:sub"
      values   = ["repo:acme-corp/app:ref:refs/heads/main"]
    }
  }
}

resource "aws_iam_role" "ci" {
  name               = "ci"
  assume_role_policy = data.aws_iam_policy_document.ci.json
}
