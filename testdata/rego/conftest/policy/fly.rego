package main

import rego.v1

violation contains {"msg": msg, "severity": "critical"} if {
	input.http_service.force_https == false
	msg := sprintf("fly app %s serves plain HTTP: force_https is false", [input.app])
}
