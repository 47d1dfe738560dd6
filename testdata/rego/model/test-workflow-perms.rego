# METADATA
# title: Test policy test-workflow-perms
# description: Fixture policy for the workflow input.
# custom:
#   id: test-workflow-perms
#   severity: medium
#   formats: [workflow]
package fixtures.test_workflow_perms

import rego.v1

deny contains res if {
	input.config.permissions == "write-all"
	res := {"msg": "write-all", "at": ["config", "permissions"], "related": [{"at": ["config", "on"], "msg": "trigger"}]}
}
