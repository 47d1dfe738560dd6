resource "aws_api_gateway_stage" "v1" { # expect: missing-rate-limit
  stage_name    = "v1"
  rest_api_id   = "abc"
  deployment_id = "def"
}

resource "aws_alb" "legacy" { # expect: missing-rate-limit
  internal = false
}
