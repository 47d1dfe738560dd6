# METADATA
# title: Test policy test-tf-public-db
# description: Fixture policy for the terraform input.
# custom:
#   id: test-tf-public-db
#   severity: medium
#   formats: [terraform]
package fixtures.test_tf_public_db

import rego.v1

deny contains res if {
	some b in input.document.body.blocks
	b.type == "resource"
	b.labels[0].value == "aws_db_instance"
	some a in b.body.attributes
	a.key == "publicly_accessible"
	a.literal == true
	res := {"msg": sprintf("%s.%s is public", [b.labels[0].value, b.labels[1].value]), "at": a.value_span}
}

deny contains res if {
	some name, bodies in input.config.resource.aws_db_instance
	some i, body in bodies
	body.storage_encrypted == false
	res := {"msg": sprintf("aws_db_instance.%s is not encrypted", [name]), "at": ["config", "resource", "aws_db_instance", name, i, "storage_encrypted"], "severity": "high"}
}
