# METADATA
# title: Terraform resource missing required tags
# description: |
#   ## What it does
#   Flags a Terraform resource of a taggable AWS type whose `tags` lack a tag the organisation
#   requires. The required tags are configured; the rule is silent until they are:
#
#   ```toml
#   # .infra-lint.toml
#   [policy.data.tf_required_tags]
#   tags = ["owner", "cost-center"]
#   # optional: which resource types must carry them (default: common taggable AWS types)
#   resource_types = ["aws_instance", "aws_s3_bucket"]
#   ```
#
#   Tags set by any `provider "aws" { default_tags { tags = {…} } }` in the repository count
#   for every resource. Tags built from expressions (`merge(local.tags, …)`) cannot be read
#   statically and are trusted.
#
#   ## Why is this bad?
#   Untagged resources have no owner to page, no cost centre to bill, and escape the
#   automation (backups, clean-up, access policies) that selects resources by tag.
#
#   ## How to fix
#   Add the missing tags to the resource, or once for all resources in the provider's
#   `default_tags`.
#
#   ## Example
#   ```hcl
#   # bad (with tags = ["owner"] configured)
#   resource "aws_s3_bucket" "logs" {
#     bucket = "acme-logs"
#     tags   = { Name = "logs" }
#   }
#   ```
#   ```hcl
#   # good
#   resource "aws_s3_bucket" "logs" {
#     bucket = "acme-logs"
#     tags   = { Name = "logs", owner = "platform" }
#   }
#   ```
# related_resources:
#   - ref: https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html
#   - ref: https://registry.terraform.io/providers/hashicorp/aws/latest/docs/guides/resource-tagging
# custom:
#   id: tf-required-tags
#   severity: low
#   tags: [terraform, governance]
#   formats: [terraform]
#   scope: repository
#   precision: high
#   requires_config: tf_required_tags.tags
package infra_lint.rules.tf_required_tags

import rego.v1

import data.infra_lint.lib.config
import data.infra_lint.lib.result

default_types := {
	"aws_instance", "aws_launch_template", "aws_autoscaling_group", "aws_s3_bucket", "aws_db_instance",
	"aws_rds_cluster", "aws_dynamodb_table", "aws_elasticache_cluster", "aws_elasticache_replication_group",
	"aws_lambda_function", "aws_ecs_cluster", "aws_ecs_service", "aws_ecs_task_definition", "aws_eks_cluster",
	"aws_eks_node_group", "aws_vpc", "aws_subnet", "aws_security_group", "aws_lb", "aws_alb", "aws_lb_target_group",
	"aws_sqs_queue", "aws_sns_topic", "aws_kms_key", "aws_secretsmanager_secret", "aws_cloudfront_distribution",
	"aws_efs_file_system", "aws_ebs_volume", "aws_nat_gateway", "aws_internet_gateway", "aws_iam_role",
	"aws_opensearch_domain", "aws_kinesis_stream", "aws_ecr_repository", "aws_cloudwatch_log_group",
}

required := {t | some t in config.get(["tf_required_tags", "tags"], [])}

types := {t | some t in config.get(["tf_required_tags", "resource_types"], [])} if {
	count(config.get(["tf_required_tags", "resource_types"], [])) > 0
} else := default_types

# Tag keys every resource gets from a provider's default_tags.
default_tags contains k if {
	some f in input.files
	is_array(f.config.provider.aws)
	some p in f.config.provider.aws
	is_array(p.default_tags)
	some dt in p.default_tags
	is_object(dt.tags)
	some k, _ in dt.tags
}

# A provider's default_tags that cannot be read statically: trust it.
unknown_defaults if {
	some f in input.files
	is_array(f.config.provider.aws)
	some p in f.config.provider.aws
	is_array(p.default_tags)
	some dt in p.default_tags
	not is_object(dt.tags)
}

deny contains res if {
	count(required) > 0
	not unknown_defaults
	some fi, f in input.files
	is_object(f.config.resource)
	some rtype, named in f.config.resource
	rtype in types
	is_object(named)
	some name, bodies in named
	is_array(bodies)
	some bi, body in bodies
	is_object(body)
	tag_keys := present(body)
	missing := (required - tag_keys) - default_tags
	count(missing) > 0
	at := location(fi, rtype, name, bi, body)
	msg := sprintf("%s.%s is missing required tag(s) %s", [rtype, name, concat(", ", sort(missing))])
	res := result.with_key(
		result.with_fix(result.new(msg, at), sprintf("add %s to the tags (or to the provider's default_tags)", [concat(", ", sort(missing))])),
		sprintf("%s.%s", [rtype, name]),
	)
}

# Tag keys a resource body sets; a non-literal tags expression counts as having them all.
present(body) := {k | some k, _ in body.tags} if is_object(body.tags)

else := required if "tags" in object.keys(body)

else := set()

location(fi, rtype, name, bi, body) := ["files", fi, "config", "resource", rtype, name, bi, "tags"] if {
	"tags" in object.keys(body)
} else := ["files", fi, "config", "resource", rtype, name]
