# A module's usage example: readers replace this password.
module "db" {
  source   = "../../"
  password = "MarvellousSecretPassword"
}
