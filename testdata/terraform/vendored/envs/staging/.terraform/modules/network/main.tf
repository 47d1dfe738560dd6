resource "aws_ebs_volume" "flow_logs" {
  availability_zone = "eu-west-1a"
  size              = 20
  encrypted         = false
}
