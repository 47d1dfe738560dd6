module "gh_pinned" {
  source   = "../modules/gh"
  subjects = ["repo:acme/api:ref:refs/heads/main"]
}

module "gh_open" {
  source   = "../modules/gh"
  subjects = ["repo:*/*:*"]
}
