instance_type = "t3.micro"
db_password   = "correcthorse42" # expect: tfvars-secret
api_token     = "ghp_e6pwods6rbFPdn864W7LQpipWgc5ofqVimdT" # expect: tfvars-secret
db = {
  username = "app"
  password = "nKV9HPSsikeo!peoOTB" # expect: tfvars-secret
}
