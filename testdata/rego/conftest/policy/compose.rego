package main

import rego.v1

deny_privileged contains msg if {
	some name, svc in input.services
	svc.privileged == true
	msg := sprintf("service %s must not be privileged", [name])
}

# conftest exceptions: a document can opt out of rules by name.
exception contains rules if {
	rules := input["x-policy-exceptions"]
}
