package runtime

import rego.v1

deny contains msg if {
	some x in input.DEBUG
	msg := sprintf("unreachable %v", [x])
}
