# METADATA
# title: Test policy test-env-debug
# description: Fixture policy for the env input.
# custom:
#   id: test-env-debug
#   severity: medium
#   formats: [env]
package fixtures.test_env_debug

import rego.v1

deny contains res if {
	input.config.DEBUG == "true"
	res := {"msg": "DEBUG on", "at": ["config", "DEBUG"], "fix": "set DEBUG=false"}
}
