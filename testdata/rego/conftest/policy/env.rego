package main

import rego.v1

warn contains msg if {
	input.DEBUG == "true"
	msg := "DEBUG is enabled"
}
