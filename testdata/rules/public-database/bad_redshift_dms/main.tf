# A replication instance with a public IP holds the credentials of every database it copies.
resource "aws_dms_replication_instance" "migrate" {
  replication_instance_id    = "legacy-to-aurora"
  replication_instance_class = "dms.t3.medium"
  publicly_accessible        = true # expect: public-database
}

# Redshift listens on 5439; the group opens exactly that port to the world.
resource "aws_security_group" "warehouse" {
  ingress {
    from_port   = 5439
    to_port     = 5439
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] # expect: public-database
  }
}

resource "aws_redshift_cluster" "warehouse" {
  cluster_identifier     = "analytics"
  node_type              = "ra3.xlplus"
  vpc_security_group_ids = [aws_security_group.warehouse.id]
}
