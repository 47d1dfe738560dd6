# METADATA
# title: Test policy test-fly-https
# description: Fixture policy for the fly input.
# custom:
#   id: test-fly-https
#   severity: medium
#   formats: [fly]
package fixtures.test_fly_https

import rego.v1

deny contains res if {
	input.config.http_service.force_https == false
	res := {"msg": "plain http", "at": ["config", "http_service", "force_https"]}
}
