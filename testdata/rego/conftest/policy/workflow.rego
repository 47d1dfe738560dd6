package main

import rego.v1

deny contains msg if {
	input.permissions == "write-all"
	msg := "workflow grants write-all permissions to GITHUB_TOKEN"
}
