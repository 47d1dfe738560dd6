# METADATA
# title: Test policy test-docker-latest
# description: Fixture policy for the dockerfile input.
# custom:
#   id: test-docker-latest
#   severity: medium
#   formats: [dockerfile]
package fixtures.test_docker_latest

import rego.v1

deny contains res if {
	some i, cmd in input.config
	cmd.Cmd == "from"
	endswith(cmd.Value[0], ":latest")
	res := {"msg": sprintf("%s uses latest", [cmd.Value[0]]), "at": ["config", i, "Value", 0]}
}
