package infra_lint.rules.tf_required_tags_test

import rego.v1

import data.infra_lint.rules.tf_required_tags as policy

cfg := {"tf_required_tags": {"tags": ["owner", "cost-center"]}}

bucket(tags) := {"config": {"resource": {"aws_s3_bucket": {"logs": [object.union({"bucket": "x"}, tags)]}}}}

test_missing_tags_at_the_tags_attribute if {
	results := policy.deny with input as {"files": [bucket({"tags": {"owner": "me"}})]} with data.infra_lint.config as cfg
	count(results) == 1
	some r in results
	r.at == ["files", 0, "config", "resource", "aws_s3_bucket", "logs", 0, "tags"]
	contains(r.msg, "cost-center")
	not contains(r.msg, "owner")
}

test_no_tags_at_the_resource if {
	results := policy.deny with input as {"files": [bucket({})]} with data.infra_lint.config as cfg
	some r in results
	r.at == ["files", 0, "config", "resource", "aws_s3_bucket", "logs"]
}

test_all_tags_present_is_fine if {
	count(policy.deny) == 0 with input as {"files": [bucket({"tags": {"owner": "a", "cost-center": "b"}})]}
		with data.infra_lint.config as cfg
}

test_expression_tags_are_trusted if {
	count(policy.deny) == 0 with input as {"files": [bucket({"tags": "${merge(local.tags, {})}"})]}
		with data.infra_lint.config as cfg
}

test_provider_default_tags_count if {
	provider := {"config": {"provider": {"aws": [{"default_tags": [{"tags": {"owner": "a", "cost-center": "b"}}]}]}}}
	count(policy.deny) == 0 with input as {"files": [provider, bucket({})]} with data.infra_lint.config as cfg
}

test_untaggable_type_is_skipped if {
	input_files := {"files": [{"config": {"resource": {"aws_iam_policy_attachment": {"a": [{}]}}}}]}
	count(policy.deny) == 0 with input as input_files with data.infra_lint.config as cfg
}

test_silent_when_unconfigured if {
	count(policy.deny) == 0 with input as {"files": [bucket({})]} with data.infra_lint.config as {}
}
