package main

import rego.v1

deny contains msg if {
	input.x ==
	msg := "never"
}
