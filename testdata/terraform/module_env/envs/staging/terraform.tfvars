environment = "staging"
db_public   = true
