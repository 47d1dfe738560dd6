db = { name = "main", backup = { retention = 30 } }
