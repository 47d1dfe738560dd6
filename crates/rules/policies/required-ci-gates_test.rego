package infra_lint.rules.required_ci_gates_test

import rego.v1

import data.infra_lint.rules.required_ci_gates as policy

cfg := {"required_ci_gates": {"checks": ["tenant-isolation", "rate-limit"]}}

wf(path, on, jobs) := {"path": path, "config": {"on": on, "jobs": jobs}}

unit := {"unit": {"steps": [{"run": "make test"}]}}

gates := {
	"tenant-isolation": {"steps": [{"run": "make test"}]},
	"limits": {"name": "Rate-limit tests", "steps": [{"run": "pytest"}]},
}

test_missing_checks_are_reported_at_the_trigger if {
	results := policy.deny with input as {"files": [wf("ci.yml", {"pull_request": null}, unit)]} with data.infra_lint.config as cfg
	count(results) == 2
	some r in results
	r.at == ["files", 0, "config", "on", "pull_request"]
}

test_checks_run_by_job_ids_and_names if {
	count(policy.deny) == 0 with input as {"files": [wf("ci.yml", ["push", "pull_request"], gates)]} with data.infra_lint.config as cfg
}

test_checks_in_push_only_workflow_do_not_count if {
	results := policy.deny with input as {"files": [
		wf("ci.yml", "pull_request", unit),
		wf("nightly.yml", {"schedule": [{"cron": "0 3 * * *"}]}, gates),
	]}
		with data.infra_lint.config as cfg
	count(results) == 2
	some r in results
	r.at == ["files", 0, "config", "on"]
}

test_checks_spread_over_pr_workflows if {
	count(policy.deny) == 0 with input as {"files": [
		wf("a.yml", "pull_request", {"tenant-isolation": {"steps": []}}),
		wf("b.yml", "pull_request_target", {"x": {"steps": [{"run": "./scripts/rate-limit-test.sh"}]}}),
	]}
		with data.infra_lint.config as cfg
}

test_custom_patterns if {
	c := {"required_ci_gates": {"checks": [{"name": "tenancy", "match": ["pytest tests/tenancy"]}]}}
	count(policy.deny) == 0 with input as {"files": [wf("a.yml", "pull_request", {"t": {"steps": [{"run": "pytest tests/tenancy -q"}]}})]}
		with data.infra_lint.config as c
	count(policy.deny) == 1 with input as {"files": [wf("a.yml", "pull_request", {"t": {"steps": [{"run": "pytest tests/other"}]}})]}
		with data.infra_lint.config as c
}

test_no_pr_workflow if {
	results := policy.deny with input as {"files": [wf("deploy.yml", "push", unit)]} with data.infra_lint.config as cfg
	count(results) == 1
}

test_silent_when_unconfigured if {
	count(policy.deny) == 0 with input as {"files": [wf("ci.yml", "pull_request", unit)]} with data.infra_lint.config as {}
}
