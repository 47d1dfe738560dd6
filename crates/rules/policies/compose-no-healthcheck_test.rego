package infra_lint.rules.compose_no_healthcheck_test

import rego.v1

import data.infra_lint.rules.compose_no_healthcheck as policy

file(env, services) := {"environment": env, "config": {"services": services}}

test_dependency_without_healthcheck if {
	results := policy.deny with input as file("unknown", {
		"db": {"image": "postgres:16"},
		"api": {"image": "api", "depends_on": {"db": {"condition": "service_healthy"}}},
	})
	count(results) == 1
	some r in results
	r.at == ["config", "services", "db"]
	r.severity == "high"
}

test_dependency_with_healthcheck_is_fine if {
	results := policy.deny with input as file("unknown", {
		"db": {"image": "postgres:16", "healthcheck": {"test": ["CMD", "pg_isready"]}},
		"api": {"image": "api", "depends_on": {"db": {"condition": "service_healthy"}}},
	})
	count(results) == 0
}

test_short_depends_on_is_fine if {
	results := policy.deny with input as file("unknown", {
		"db": {"image": "postgres:16"},
		"api": {"image": "api", "depends_on": ["db"]},
	})
	count(results) == 0
}

test_production_image_service if {
	results := policy.deny with input as file("production", {"web": {"image": "nginx:1.27"}})
	count(results) == 1
}

test_production_built_service_is_skipped if {
	results := policy.deny with input as file("production", {"web": {"build": "."}})
	count(results) == 0
}

test_production_disabled_healthcheck_is_a_choice if {
	results := policy.deny with input as file("production", {"web": {"image": "nginx", "healthcheck": {"disable": true}}})
	count(results) == 0
}

test_development_image_service_is_fine if {
	results := policy.deny with input as file("development", {"web": {"image": "nginx:1.27"}})
	count(results) == 0
}
