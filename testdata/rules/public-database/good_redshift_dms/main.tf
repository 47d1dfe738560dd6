# Private replication instance (the provider's default).
resource "aws_dms_replication_instance" "migrate" {
  replication_instance_id    = "legacy-to-aurora"
  replication_instance_class = "dms.t3.medium"
}

resource "aws_dms_replication_instance" "explicit" {
  replication_instance_id    = "nightly"
  replication_instance_class = "dms.t3.medium"
  publicly_accessible        = false
}

# The world may reach 5432 on this group, but Redshift listens on 5439.
resource "aws_security_group" "warehouse" {
  ingress {
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_redshift_cluster" "warehouse" {
  cluster_identifier     = "analytics"
  node_type              = "ra3.xlplus"
  vpc_security_group_ids = [aws_security_group.warehouse.id]
}

resource "aws_redshift_cluster" "private" {
  cluster_identifier  = "reporting"
  node_type           = "ra3.xlplus"
  publicly_accessible = false
}
