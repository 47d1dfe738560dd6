resource "vercel_firewall_config" "web" {
  project_id = "prj_123"

  rules {
    rule {
      name = "rate limit the API"
      condition_group = [{
        conditions = [{ type = "path", op = "pre", value = "/api" }]
      }]
      action = {
        action = "rate_limit"
        rate_limit = {
          algo   = "fixed_window"
          window = 60
          limit  = 100
          keys   = ["ip"]
          action = "deny"
        }
      }
    }
  }
}
