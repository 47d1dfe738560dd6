resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
  tags = { # expect: tf-required-tags
    Name  = "logs"
    owner = "platform"
  }
}

resource "aws_sqs_queue" "jobs" { # expect: tf-required-tags
  name = "jobs"
}

resource "aws_s3_bucket" "assets" {
  bucket = "acme-assets"
  tags   = merge(local.common_tags, { Name = "assets" })
}

resource "aws_iam_role_policy_attachment" "x" {
  role       = "r"
  policy_arn = "arn"
}
