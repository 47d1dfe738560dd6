resource "aws_wafv2_web_acl" "edge" {
  name  = "edge"
  scope = "CLOUDFRONT"
  default_action {
    allow {}
  }
  custom_response_body {
    key          = "a8f5f167f44f4964e6c998dee827110c"
    content      = "blocked"
    content_type = "TEXT_PLAIN"
  }
  rule {
    name     = "block"
    priority = 1
    action {
      block {
        custom_response {
          custom_response_body_key = "a8f5f167f44f4964e6c998dee827110c"
          response_code            = 403
        }
      }
    }
    statement {
      geo_match_statement {
        country_codes = ["KP"]
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = false
      metric_name                = "block"
      sampled_requests_enabled   = false
    }
  }
  visibility_config {
    cloudwatch_metrics_enabled = false
    metric_name                = "edge"
    sampled_requests_enabled   = false
  }
}

variable "api_token" {
  description = "Xk9mP2qZ7vW4tRLc3N8dF5gJ1sA6eB0u is the format of the token used for the API"
  type        = string
  default     = "if_you_see_this_configure_the_api_token_variable"
  sensitive   = true
}
