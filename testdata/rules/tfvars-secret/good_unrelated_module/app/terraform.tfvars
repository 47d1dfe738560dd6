admin_secret = "correcthorse42"
