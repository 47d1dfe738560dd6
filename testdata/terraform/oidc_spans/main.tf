variable "subjects" {
  type    = list(string)
  default = ["repo:acme/api:*", "repo:*"]
}

# A heredoc whose JSON is only JSON after interpolation: the values are known, the location
# falls back to the attribute.
resource "aws_iam_role" "interpolated" {
  assume_role_policy = <<EOF
{
  "Statement": [{
    "Principal": {"Federated": "token.actions.githubusercontent.com"},
    "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": ${jsonencode(var.subjects)}}}
  }]
}
EOF
}

# Computed statements (concat): the nearest part written out is the attribute.
resource "aws_iam_role" "computed" {
  assume_role_policy = jsonencode({
    Statement = concat([], [{
      Principal = { Federated = "token.actions.githubusercontent.com" }
      Condition = { StringLike = { "token.actions.githubusercontent.com:sub" = "repo:*" } }
    }])
  })
}

# Values from a variable: the statement is written out, the value list is not.
resource "aws_iam_role" "from_var" {
  assume_role_policy = jsonencode({
    Statement = {
      Principal = { Federated = "token.actions.githubusercontent.com" }
      Condition = { StringLike = { "token.actions.githubusercontent.com:sub" = var.subjects } }
    }
  })
}
