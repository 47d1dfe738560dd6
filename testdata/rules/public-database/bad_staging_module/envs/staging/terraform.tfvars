environment = "staging"
# Lets the team connect from laptops without the VPN.
db_public = true
