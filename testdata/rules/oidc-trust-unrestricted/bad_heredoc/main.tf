resource "aws_iam_role" "heredoc" {
  name               = "heredoc"
  assume_role_policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": "sts:AssumeRoleWithWebIdentity",
    "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
    "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}
  }]
}
EOF
}

resource "aws_iam_role" "heredoc_wildcard" {
  name               = "heredoc-wildcard"
  assume_role_policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Effect": "Allow",
          "Action": "sts:AssumeRoleWithWebIdentity",
          "Principal": {"Federated": "arn:aws:iam::${var.account}:oidc-provider/token.actions.githubusercontent.com"},
          "Condition": {
            "StringLike": {
              "token.actions.githubusercontent.com:sub": [
                "repo:acme/api:ref:refs/heads/main",
                "repo:*/api:*"
              ]
            }
          }
        }
      ]
    }
  EOT
}

variable "account" {
  type    = string
  default = "123456789012"
}
