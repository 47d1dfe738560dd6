provider "aws" {
  region = "eu-west-1"
  default_tags {
    tags = {
      owner         = "platform"
      "cost-center" = "1234"
    }
  }
}
