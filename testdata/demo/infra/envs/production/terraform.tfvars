environment = "production"
db_password = "pR0d-8fK2mQx7vLw9ZtY4nB6"
