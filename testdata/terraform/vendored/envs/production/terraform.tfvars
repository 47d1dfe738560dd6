environment = "production"
public      = false
