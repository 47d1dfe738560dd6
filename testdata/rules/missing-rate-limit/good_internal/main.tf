resource "aws_lb" "internal" {
  load_balancer_type = "application"
  internal           = true
}

resource "aws_lb" "nlb" {
  load_balancer_type = "network"
  internal           = false
}

resource "cloudflare_ruleset" "rl" {
  zone_id = "z"
  name    = "rate limit"
  kind    = "zone"
  phase   = "http_ratelimit"
}

# Protected by the Cloudflare rate-limiting ruleset in front.
resource "aws_lb" "behind_cloudflare" {
  load_balancer_type = "application"
}
