package main

import rego.v1

deny contains msg if {
	some name
	acl := input.resource.aws_s3_bucket_acl[name][_].acl
	acl in {"public-read", "public-read-write"}
	msg := sprintf("S3 bucket ACL %s grants %s", [name, acl])
}

deny contains msg if {
	some name
	db := input.resource.aws_db_instance[name][_]
	db.publicly_accessible == true
	msg := sprintf("database %s is publicly_accessible", [name])
}

warn contains msg if {
	some name
	rule := input.resource.aws_security_group_rule[name]
	"0.0.0.0/0" in rule.cidr_blocks
	msg := sprintf("security group rule %s is open to 0.0.0.0/0", [name])
}
