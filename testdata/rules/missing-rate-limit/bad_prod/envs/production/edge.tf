resource "aws_lb" "api" { # expect: missing-rate-limit
  name               = "acme-api"
  load_balancer_type = "application"
  internal           = false
  subnets            = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
}

resource "aws_apigatewayv2_stage" "default" { # expect: missing-rate-limit
  api_id      = "abc123"
  name        = "$default"
  auto_deploy = true
}

# A web ACL without a rate-based rule does not count.
resource "aws_wafv2_web_acl" "managed_only" {
  name  = "managed-only"
  scope = "CLOUDFRONT"
  default_action {
    allow {}
  }
  rule {
    name     = "common"
    priority = 1
    override_action {
      none {}
    }
    statement {
      managed_rule_group_statement {
        name        = "AWSManagedRulesCommonRuleSet"
        vendor_name = "AWS"
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "common"
      sampled_requests_enabled   = true
    }
  }
  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "acl"
    sampled_requests_enabled   = true
  }
}

resource "aws_cloudfront_distribution" "site" { # expect: missing-rate-limit
  enabled    = true
  web_acl_id = aws_wafv2_web_acl.managed_only.arn
}
