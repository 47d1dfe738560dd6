package infra_lint.rules.workflow_timeout_missing_test

import rego.v1

import data.infra_lint.rules.workflow_timeout_missing as policy

test_job_without_timeout if {
	results := policy.deny with input as {"config": {"jobs": {"test": {"runs-on": "ubuntu-latest", "steps": [{"run": "make"}]}}}}
	count(results) == 1
	some r in results
	r.at == ["config", "jobs", "test"]
}

test_job_with_timeout_is_fine if {
	count(policy.deny) == 0 with input as {"config": {"jobs": {"test": {"timeout-minutes": 10, "steps": [{"run": "make"}]}}}}
}

test_expression_timeout_is_fine if {
	count(policy.deny) == 0 with input as {"config": {"jobs": {"test": {"timeout-minutes": "${{ inputs.t }}", "steps": []}}}}
}

test_reusable_workflow_call_is_skipped if {
	count(policy.deny) == 0 with input as {"config": {"jobs": {"call": {"uses": "./.github/workflows/x.yml"}}}}
}

test_no_jobs_is_fine if {
	count(policy.deny) == 0 with input as {"config": {"name": "x"}}
}

test_job_that_cannot_hang_is_skipped if {
	count(policy.deny) == 0 with input as {"config": {"jobs": {"check": {"steps": [
		{"run": "echo \"$TITLE\" | sed 's/x/y/' >> \"$GITHUB_OUTPUT\""},
		{"run": "if [ \"$N\" -gt 10 ]; then\n  echo too many\n  exit 1\nfi"},
	]}}}}
}

test_job_running_a_program_is_flagged if {
	count(policy.deny) == 1 with input as {"config": {"jobs": {"check": {"steps": [
		{"run": "echo start"},
		{"run": "npm test"},
	]}}}}
}

test_command_substitution_is_not_bounded if {
	count(policy.deny) == 1 with input as {"config": {"jobs": {"check": {"steps": [{"run": "echo \"$(curl -s https://example.com)\""}]}}}}
}

test_action_step_is_not_bounded if {
	count(policy.deny) == 1 with input as {"config": {"jobs": {"check": {"steps": [{"uses": "actions/checkout@v4"}]}}}}
}

test_hardening_step_does_not_make_a_job_unbounded if {
	count(policy.deny) == 0 with input as {"config": {"jobs": {"gate": {"steps": [
		{"uses": "step-security/harden-runner@0634a2670c59f64b4a01f0f96f84700a4088b9f0", "with": {"egress-policy": "audit"}},
		{"run": "exit 1"},
	]}}}}
}
