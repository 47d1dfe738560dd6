package infra_lint.rules.fly_min_machines_production_test

import rego.v1

import data.infra_lint.rules.fly_min_machines_production as policy

prod(cfg) := {"environment": "production", "path": "fly.production.toml", "config": cfg}

test_zero_min_machines_flagged_at_the_value if {
	results := policy.deny with input as prod({"app": "web", "http_service": {"auto_stop_machines": "stop", "min_machines_running": 0}})
	count(results) == 1
	some r in results
	r.at == ["config", "http_service", "min_machines_running"]
}

test_missing_min_machines_flagged_at_auto_stop if {
	results := policy.deny with input as prod({"http_service": {"auto_stop_machines": true}})
	some r in results
	r.at == ["config", "http_service", "auto_stop_machines"]
}

test_services_entries if {
	results := policy.deny with input as prod({"services": [{"auto_stop_machines": "suspend", "min_machines_running": 0}]})
	some r in results
	r.at == ["config", "services", 0, "min_machines_running"]
}

test_one_machine_is_fine if {
	count(policy.deny) == 0 with input as prod({"http_service": {"auto_stop_machines": "stop", "min_machines_running": 1}})
}

test_auto_stop_off_is_fine if {
	count(policy.deny) == 0 with input as prod({"http_service": {"auto_stop_machines": "off", "min_machines_running": 0}})
}

test_staging_is_fine if {
	count(policy.deny) == 0 with input as {"environment": "staging", "config": {"http_service": {"auto_stop_machines": "stop"}}}
}
