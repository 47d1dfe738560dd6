package extra

import rego.v1

warn contains msg if {
	input.region
	msg := sprintf("region is set in tfvars: %s", [input.region])
}
