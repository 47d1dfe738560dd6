# Only `api` (the repository this directory belongs to) has a GitHub OIDC provider: the `api`
# finding names it, the `web` one does not.
resource "aws_iam_openid_connect_provider" "github" {
  url             = "https://token.actions.githubusercontent.com"
  client_id_list  = ["sts.amazonaws.com"]
  thumbprint_list = ["6938fd4d98bab03faadb97b34396831e3780aea1"]
}
