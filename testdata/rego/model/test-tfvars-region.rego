# METADATA
# title: Test policy test-tfvars-region
# description: Fixture policy for the tfvars input.
# custom:
#   id: test-tfvars-region
#   severity: medium
#   formats: [tfvars]
package fixtures.test_tfvars_region

import rego.v1

warn contains res if {
	input.config.region
	res := {"msg": "region pinned in tfvars", "at": ["config", "region"]}
}
