admin_secret = "correcthorse42" # expect: tfvars-secret
