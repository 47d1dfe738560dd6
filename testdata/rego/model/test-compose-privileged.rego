# METADATA
# title: Test policy test-compose-privileged
# description: Fixture policy for the compose input.
# custom:
#   id: test-compose-privileged
#   severity: medium
#   formats: [compose]
package fixtures.test_compose_privileged

import rego.v1

deny contains res if {
	some name, svc in input.config.services
	svc.privileged == true
	res := {"msg": sprintf("%s privileged", [name]), "at": ["config", "services", name, "privileged"], "key": sprintf("services.%s", [name])}
}
