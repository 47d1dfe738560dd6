# METADATA
# title: Test policy test-tfjson-ssh
# description: Fixture policy for the terraform-json input.
# custom:
#   id: test-tfjson-ssh
#   severity: medium
#   formats: [terraform-json]
package fixtures.test_tfjson_ssh

import rego.v1

deny contains res if {
	some name, rule in input.config.resource.aws_security_group_rule
	"0.0.0.0/0" in rule.cidr_blocks
	res := {"msg": sprintf("%s open to the world", [name]), "at": ["config", "resource", "aws_security_group_rule", name, "cidr_blocks", 0]}
}
