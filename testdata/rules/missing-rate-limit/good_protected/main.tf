variable "edge_acl_arn" {
  type = string
}

resource "aws_wafv2_web_acl" "rate" {
  name  = "rate-limit"
  scope = "REGIONAL"
  default_action {
    allow {}
  }
  rule {
    name     = "per-ip"
    priority = 1
    action {
      block {}
    }
    statement {
      rate_based_statement {
        limit              = 2000
        aggregate_key_type = "IP"
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "per-ip"
      sampled_requests_enabled   = true
    }
  }
  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "acl"
    sampled_requests_enabled   = true
  }
}

resource "aws_lb" "api" {
  load_balancer_type = "application"
  internal           = false
}

resource "aws_wafv2_web_acl_association" "api" {
  resource_arn = aws_lb.api.arn
  web_acl_arn  = aws_wafv2_web_acl.rate.arn
}

resource "aws_apigatewayv2_stage" "throttled" {
  api_id = "abc"
  name   = "$default"
  default_route_settings {
    throttling_rate_limit  = 100
    throttling_burst_limit = 50
  }
}

resource "aws_api_gateway_stage" "v1" {
  stage_name    = "v1"
  rest_api_id   = "abc"
  deployment_id = "def"
}

resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = "abc"
  stage_name  = aws_api_gateway_stage.v1.stage_name
  method_path = "*/*"
  settings {
    throttling_rate_limit  = 50
    throttling_burst_limit = 20
  }
}

# The web ACL comes from another stack: assumed to protect.
resource "aws_cloudfront_distribution" "site" {
  enabled    = true
  web_acl_id = var.edge_acl_arn
}
