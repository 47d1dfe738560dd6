//! AWS checks of logging/monitoring (CloudTrail, CloudWatch, Config), containers (ECS, ECR, EKS),
//! Lambda, edge and load balancing (API Gateway, CloudFront, ELB/ALB, WAF), messaging and secrets
//! (SNS, SQS, Secrets Manager, SSM) and other services.

use infra_lint_core::terraform::{Tri, Val, Value};

use super::engine::Cond::{self, *};
use super::engine::{Ctx, Hit, Scope};
use super::policy::statements;

fn policy_pred(ctx: &Ctx<'_>, s: &Scope<'_>, attr: &str, pred: &dyn Fn(&super::policy::Stmt) -> Option<String>) -> Hit {
    let Some((st, span)) = statements(ctx, s, attr) else { return Hit::no() };
    let mut unknown = false;
    for x in &st {
        if let Some(d) = pred(x) {
            return Hit::at(span, None, Some(d));
        }
        unknown |= x.unknown;
    }
    Hit::tri(if unknown { Tri::Unknown } else { Tri::False })
}

fn public_policy(ctx: &Ctx<'_>, s: &Scope<'_>) -> Hit {
    let attr = if ctx.res.r#type == "aws_glacier_vault" { "access_policy" } else { "policy" };
    policy_pred(ctx, s, attr, &|x| {
        (x.allow && x.public_principal() && !x.condition).then(|| "Principal \"*\"".to_owned())
    })
}

fn sqs_wildcard(ctx: &Ctx<'_>, s: &Scope<'_>) -> Hit {
    policy_pred(ctx, s, "policy", &|x| {
        (x.allow && (x.has_action("*") || x.has_action("sqs:*"))).then(|| "wildcard action".to_owned())
    })
}

/// The JSON document in `attr` (a string or `jsonencode` value).
fn json_attr(s: &Scope<'_>, attr: &str) -> Option<(Val, infra_lint_core::Span)> {
    let (v, span) = s.get(attr)?;
    let doc = match &v.value {
        Value::String(t) => Val::from_json(&serde_json::from_str::<serde_json::Value>(t).ok()?),
        Value::PartialJson(inner) => inner.as_ref().clone(),
        Value::List(_) | Value::Object(..) => v.clone(),
        _ => return None,
    };
    Some((doc, span))
}

fn containers(s: &Scope<'_>) -> Option<(Vec<Val>, infra_lint_core::Span)> {
    let (doc, span) = json_attr(s, "container_definitions")?;
    match doc.value {
        Value::List(l) => Some((l, span)),
        _ => None,
    }
}

fn container_flag(s: &Scope<'_>, key: &str, want: bool) -> Hit {
    let Some((cs, span)) = containers(s) else { return Hit::no() };
    for c in cs {
        if c.get(key).map(|v| v.truth()) == Some(if want { Tri::True } else { Tri::False }) {
            let name = c.get("name").and_then(|n| n.as_string()).unwrap_or_default();
            return Hit::at(span, None, Some(format!("container {name}: {key} = {want}")));
        }
    }
    Hit::no()
}

fn privileged_container(_: &Ctx<'_>, s: &Scope<'_>) -> Hit {
    container_flag(s, "privileged", true)
}

fn writable_root(_: &Ctx<'_>, s: &Scope<'_>) -> Hit {
    let Some((cs, span)) = containers(s) else { return Hit::no() };
    for c in cs {
        if c.get("readonlyRootFilesystem").map(|v| v.truth()) != Some(Tri::True) {
            let name = c.get("name").and_then(|n| n.as_string()).unwrap_or_default();
            return Hit::at(span, None, Some(format!("container {name}")));
        }
    }
    Hit::no()
}

fn same_roles(_: &Ctx<'_>, s: &Scope<'_>) -> Hit {
    match (s.get("execution_role_arn"), s.get("task_role_arn")) {
        (Some((a, span)), Some((b, _))) => {
            let same = match (a.as_str(), b.as_str(), a.unknown_ref_str(), b.unknown_ref_str()) {
                (Some(x), Some(y), _, _) => x == y,
                (_, _, Some(x), Some(y)) => x == y,
                _ => false,
            };
            if same {
                Hit::at(span, Some(a), None)
            } else {
                Hit::no()
            }
        }
        _ => Hit::no(),
    }
}

/// A `true` (or missing, when `missing_bad`) flag in the EMR security configuration JSON.
fn emr_flag(s: &Scope<'_>, path: &[&str]) -> Hit {
    let Some((doc, span)) = json_attr(s, "configuration") else { return Hit::no() };
    let mut cur = doc;
    for (i, k) in path.iter().enumerate() {
        match cur.get(k) {
            Some(v) => cur = v,
            None => return if i == 0 { Hit::at(span, None, Some(format!("{k} missing"))) } else { Hit::no() },
        }
    }
    match cur.truth() {
        Tri::False => Hit::at(span, None, Some(format!("{} = false", path.join(".")))),
        _ => Hit::no(),
    }
}

fn emr_at_rest(_: &Ctx<'_>, s: &Scope<'_>) -> Hit {
    emr_flag(s, &["EncryptionConfiguration", "EnableAtRestEncryption"])
}
fn emr_in_transit(_: &Ctx<'_>, s: &Scope<'_>) -> Hit {
    emr_flag(s, &["EncryptionConfiguration", "EnableInTransitEncryption"])
}
fn emr_local_disk(_: &Ctx<'_>, s: &Scope<'_>) -> Hit {
    let Some((doc, span)) = json_attr(s, "configuration") else { return Hit::no() };
    let at_rest = doc.get("EncryptionConfiguration").and_then(|e| e.get("AtRestEncryptionConfiguration"));
    match at_rest {
        Some(a) if a.get("LocalDiskEncryptionConfiguration").is_none() => {
            Hit::at(span, None, Some("no LocalDiskEncryptionConfiguration".to_owned()))
        }
        _ => Hit::no(),
    }
}

const CT_ALL_LOG_TYPES: Cond = And(&[
    Contains("enabled_cluster_log_types", "api"),
    Contains("enabled_cluster_log_types", "audit"),
    Contains("enabled_cluster_log_types", "authenticator"),
    Contains("enabled_cluster_log_types", "controllerManager"),
    Contains("enabled_cluster_log_types", "scheduler"),
]);

const OLD_LB_POLICIES: &[&str] = &[
    "ELBSecurityPolicy-2015-05",
    "ELBSecurityPolicy-2016-08",
    "ELBSecurityPolicy-TLS-1-0-2015-04",
    "ELBSecurityPolicy-TLS-1-1-2017-01",
    "ELBSecurityPolicy-FS-2018-06",
    "ELBSecurityPolicy-FS-1-1-2019-08",
    "ELBSecurityPolicy-TLS13-1-0-2021-06",
    "ELBSecurityPolicy-TLS13-1-1-2021-06",
];

const DEPRECATED_RUNTIMES: &[&str] = &[
    "python2.7",
    "python3.6",
    "python3.7",
    "python3.8",
    "nodejs",
    "nodejs4.3",
    "nodejs6.10",
    "nodejs8.10",
    "nodejs10.x",
    "nodejs12.x",
    "nodejs14.x",
    "nodejs16.x",
    "ruby2.5",
    "ruby2.7",
    "java8",
    "dotnetcore1.0",
    "dotnetcore2.0",
    "dotnetcore2.1",
    "dotnetcore3.1",
    "dotnet5.0",
    "dotnet6",
    "go1.x",
];

/// A public-facing application load balancer.
const PUBLIC_ALB: Cond = And(&[Not(&True("internal")), Not(&In("load_balancer_type", &["network", "gateway"]))]);

crate::cloud_checks! { CHECKS; "aws";
    {
        id: "aws-cloudtrail-multi-region",
        severity: Medium,
        types: ["aws_cloudtrail"],
        service: "cloudtrail",
        summary: "A CloudTrail trail recording a single region",
        why: "Attackers favour regions nobody watches; a single-region trail misses everything they do there.",
        fix: "Set `is_multi_region_trail = true`",
        message: "trail is not multi-region",
        when: Not(&True("is_multi_region_trail")),
        aliases: ["AVD-AWS-0014", "AWS-0014", "CKV_AWS_67", "CIS-AWS-3.1"],
        bad: r#"resource "aws_cloudtrail" "t" {
  name           = "audit"
  s3_bucket_name = "trail"
}
"#,
        good: r#"resource "aws_cloudtrail" "t" {
  name                  = "audit"
  s3_bucket_name        = "trail"
  is_multi_region_trail = true
}
"#,
    },
    {
        id: "aws-cloudtrail-no-cmk",
        severity: Medium,
        types: ["aws_cloudtrail", "aws_cloudtrail_event_data_store"],
        service: "cloudtrail",
        summary: "CloudTrail logs not encrypted with a customer-managed KMS key",
        why: "With SSE-KMS, reading the audit log needs both S3 and KMS permissions, and every read is itself logged.",
        fix: "Set `kms_key_id` to a customer-managed key",
        message: "logs are not encrypted with a customer-managed KMS key",
        when: Not(&Set("kms_key_id")),
        aliases: ["AVD-AWS-0015", "AWS-0015", "CKV_AWS_35", "CKV_AWS_294", "CIS-AWS-3.7"],
        bad: r#"resource "aws_cloudtrail" "t" {
  name           = "audit"
  s3_bucket_name = "trail"
}
"#,
        good: r#"resource "aws_cloudtrail" "t" {
  name           = "audit"
  s3_bucket_name = "trail"
  kms_key_id     = "arn:aws:kms:eu-west-1:111122223333:key/abc"
}
"#,
    },
    {
        id: "aws-cloudtrail-log-validation",
        severity: Medium,
        types: ["aws_cloudtrail"],
        service: "cloudtrail",
        summary: "A CloudTrail trail without log file validation",
        why: "Without digest files, an intruder can edit or delete log entries and nobody can prove it.",
        fix: "Set `enable_log_file_validation = true`",
        message: "log file validation is not enabled",
        when: Not(&True("enable_log_file_validation")),
        aliases: ["AVD-AWS-0016", "AWS-0016", "CKV_AWS_36", "CIS-AWS-3.2"],
        bad: r#"resource "aws_cloudtrail" "t" {
  name           = "audit"
  s3_bucket_name = "trail"
}
"#,
        good: r#"resource "aws_cloudtrail" "t" {
  name                       = "audit"
  s3_bucket_name             = "trail"
  enable_log_file_validation = true
}
"#,
    },
    {
        id: "aws-cloudtrail-cloudwatch",
        severity: Low,
        types: ["aws_cloudtrail"],
        service: "cloudtrail",
        summary: "A CloudTrail trail not delivering to CloudWatch Logs",
        why: "Metric filters and alarms on API activity (root logins, policy changes) need the trail in CloudWatch Logs.",
        fix: "Set `cloud_watch_logs_group_arn` and `cloud_watch_logs_role_arn`",
        message: "trail is not integrated with CloudWatch Logs",
        when: Not(&Set("cloud_watch_logs_group_arn")),
        aliases: ["AVD-AWS-0162", "AWS-0162", "CKV2_AWS_10", "CIS-AWS-3.4"],
        bad: r#"resource "aws_cloudtrail" "t" {
  name           = "audit"
  s3_bucket_name = "trail"
}
"#,
        good: r#"resource "aws_cloudtrail" "t" {
  name                       = "audit"
  s3_bucket_name             = "trail"
  cloud_watch_logs_group_arn = "arn:aws:logs:eu-west-1:111122223333:log-group:trail:*"
  cloud_watch_logs_role_arn  = "arn:aws:iam::111122223333:role/trail"
}
"#,
    },
    {
        id: "aws-cloudtrail-logging-disabled",
        severity: High,
        types: ["aws_cloudtrail"],
        service: "cloudtrail",
        summary: "A CloudTrail trail with logging switched off",
        why: "A trail with `enable_logging = false` records nothing: API activity goes unaudited.",
        fix: "Remove `enable_logging = false`",
        message: "trail logging is disabled",
        when: False("enable_logging"),
        aliases: ["CKV_AWS_251"],
        bad: r#"resource "aws_cloudtrail" "t" {
  name           = "audit"
  s3_bucket_name = "trail"
  enable_logging = false
}
"#,
        good: r#"resource "aws_cloudtrail" "t" {
  name           = "audit"
  s3_bucket_name = "trail"
  enable_logging = true
}
"#,
    },
    {
        id: "aws-cloudtrail-sns",
        severity: Low,
        types: ["aws_cloudtrail"],
        service: "cloudtrail",
        summary: "A CloudTrail trail without an SNS topic",
        why: "An SNS notification per log delivery lets downstream tooling react to new audit logs immediately.",
        fix: "Set `sns_topic_name`",
        message: "trail has no SNS topic",
        when: Not(&Set("sns_topic_name")),
        aliases: ["CKV_AWS_252"],
        bad: r#"resource "aws_cloudtrail" "t" {
  name           = "audit"
  s3_bucket_name = "trail"
}
"#,
        good: r#"resource "aws_cloudtrail" "t" {
  name           = "audit"
  s3_bucket_name = "trail"
  sns_topic_name = "trail-deliveries"
}
"#,
    },
    {
        id: "aws-log-group-no-cmk",
        severity: Low,
        types: ["aws_cloudwatch_log_group"],
        service: "cloudwatch",
        summary: "A CloudWatch log group not encrypted with a customer-managed key",
        why: "Logs often carry tokens, personal data and internal detail; a customer-managed key controls and audits who can read them.",
        fix: "Set `kms_key_id`",
        message: "log group is not encrypted with a customer-managed KMS key",
        when: Not(&Set("kms_key_id")),
        aliases: ["AVD-AWS-0017", "AWS-0017", "CKV_AWS_158"],
        bad: r#"resource "aws_cloudwatch_log_group" "g" {
  name = "app"
}
"#,
        good: r#"resource "aws_cloudwatch_log_group" "g" {
  name       = "app"
  kms_key_id = "arn:aws:kms:eu-west-1:111122223333:key/abc"
}
"#,
    },
    {
        id: "aws-log-group-no-retention",
        severity: Low,
        types: ["aws_cloudwatch_log_group"],
        service: "cloudwatch",
        summary: "A CloudWatch log group without a retention period",
        why: "Without a retention period logs are kept (and billed) forever, including personal data that should expire.",
        fix: "Set `retention_in_days`",
        message: "log group has no retention period",
        when: Not(&Set("retention_in_days")),
        aliases: ["CKV_AWS_66"],
        bad: r#"resource "aws_cloudwatch_log_group" "g" {
  name = "app"
}
"#,
        good: r#"resource "aws_cloudwatch_log_group" "g" {
  name              = "app"
  retention_in_days = 365
}
"#,
    },
    {
        id: "aws-log-group-short-retention",
        severity: Low,
        types: ["aws_cloudwatch_log_group"],
        service: "cloudwatch",
        summary: "A CloudWatch log group keeping logs for less than a year",
        why: "Intrusions are often discovered months later; logs kept for weeks are gone by then.",
        fix: "Set `retention_in_days` to 365 or more (0 keeps logs forever)",
        message: "log retention is below one year",
        when: And(&[Lt("retention_in_days", 365.0), Not(&Eq("retention_in_days", "0"))]),
        aliases: ["CKV_AWS_338"],
        bad: r#"resource "aws_cloudwatch_log_group" "g" {
  name              = "app"
  retention_in_days = 30
}
"#,
        good: r#"resource "aws_cloudwatch_log_group" "g" {
  name              = "app"
  retention_in_days = 400
}
"#,
    },
    {
        id: "aws-alarm-actions-disabled",
        severity: Low,
        types: ["aws_cloudwatch_metric_alarm"],
        service: "cloudwatch",
        summary: "A CloudWatch alarm whose actions are disabled",
        why: "An alarm with `actions_enabled = false` changes state but notifies nobody.",
        fix: "Remove `actions_enabled = false`",
        message: "alarm actions are disabled",
        when: False("actions_enabled"),
        aliases: ["CKV_AWS_319"],
        bad: r#"resource "aws_cloudwatch_metric_alarm" "a" {
  alarm_name      = "errors"
  actions_enabled = false
}
"#,
        good: r#"resource "aws_cloudwatch_metric_alarm" "a" {
  alarm_name      = "errors"
  actions_enabled = true
}
"#,
    },
    {
        id: "aws-config-aggregator-all-regions",
        severity: Low,
        types: ["aws_config_configuration_aggregator"],
        service: "config",
        summary: "An AWS Config aggregator not covering all regions",
        why: "Resources in regions left out of the aggregator escape compliance reporting.",
        fix: "Set `all_regions = true` in the aggregation source",
        message: "aggregator does not cover all regions",
        when: And(&[
            Not(&True("account_aggregation_source.all_regions")),
            Not(&True("organization_aggregation_source.all_regions")),
        ]),
        aliases: ["AVD-AWS-0019", "AWS-0019", "CKV_AWS_121"],
        bad: r#"resource "aws_config_configuration_aggregator" "a" {
  name = "org"
  account_aggregation_source {
    account_ids = ["111122223333"]
    regions     = ["eu-west-1"]
  }
}
"#,
        good: r#"resource "aws_config_configuration_aggregator" "a" {
  name = "org"
  account_aggregation_source {
    account_ids = ["111122223333"]
    all_regions = true
  }
}
"#,
    },
    {
        id: "aws-config-recorder-all-resources",
        severity: Low,
        types: ["aws_config_configuration_recorder"],
        service: "config",
        summary: "An AWS Config recorder not recording all resource types",
        why: "Resource types left out are invisible to Config rules and change history.",
        fix: "Set `recording_group { all_supported = true include_global_resource_types = true }`",
        message: "recorder does not record all supported resources",
        when: Or(&[False("recording_group.all_supported"), False("recording_group.include_global_resource_types")]),
        aliases: ["CKV2_AWS_48"],
        bad: r#"resource "aws_config_configuration_recorder" "r" {
  role_arn = "arn:aws:iam::111122223333:role/config"
  recording_group {
    all_supported = false
  }
}
"#,
        good: r#"resource "aws_config_configuration_recorder" "r" {
  role_arn = "arn:aws:iam::111122223333:role/config"
  recording_group {
    all_supported                 = true
    include_global_resource_types = true
  }
}
"#,
    },
    {
        id: "aws-ecr-mutable-tags",
        severity: Medium,
        types: ["aws_ecr_repository"],
        service: "ecr",
        summary: "An ECR repository with mutable image tags",
        why: "With mutable tags, `app:1.4.2` can be overwritten: deployments silently pull a different (possibly malicious) image.",
        fix: "Set `image_tag_mutability = \"IMMUTABLE\"`",
        message: "image tags are mutable",
        when: Not(&Prefix("image_tag_mutability", "IMMUTABLE")),
        aliases: ["AVD-AWS-0031", "AWS-0031", "CKV_AWS_51"],
        bad: r#"resource "aws_ecr_repository" "r" {
  name = "app"
}
"#,
        good: r#"resource "aws_ecr_repository" "r" {
  name                 = "app"
  image_tag_mutability = "IMMUTABLE"
}
"#,
    },
    {
        id: "aws-ecr-scan-on-push",
        severity: Low,
        types: ["aws_ecr_repository"],
        service: "ecr",
        summary: "An ECR repository without image scanning on push",
        why: "Scanning on push reports known vulnerabilities in images as they are published.",
        note: "Registry-level enhanced scanning (`aws_ecr_registry_scanning_configuration`) in the same configuration counts.",
        fix: "Set `image_scanning_configuration { scan_on_push = true }`",
        message: "images are not scanned on push",
        when: And(&[
            Not(&True("image_scanning_configuration.scan_on_push")),
            Not(&Related { types: &["aws_ecr_registry_scanning_configuration"], via: "", cond: None }),
        ]),
        aliases: ["AVD-AWS-0030", "AWS-0030", "CKV_AWS_163"],
        bad: r#"resource "aws_ecr_repository" "r" {
  name = "app"
}
"#,
        good: r#"resource "aws_ecr_repository" "r" {
  name = "app"
  image_scanning_configuration {
    scan_on_push = true
  }
}
"#,
    },
    {
        id: "aws-ecr-no-cmk",
        severity: Low,
        types: ["aws_ecr_repository"],
        service: "ecr",
        summary: "An ECR repository not encrypted with a KMS key",
        why: "Images are encrypted with AES-256 by default; KMS adds access control and audit on the key.",
        fix: "Set `encryption_configuration { encryption_type = \"KMS\" kms_key = … }`",
        message: "repository is not encrypted with KMS",
        when: Not(&Eq("encryption_configuration.encryption_type", "KMS")),
        aliases: ["AVD-AWS-0033", "AWS-0033", "CKV_AWS_136"],
        bad: r#"resource "aws_ecr_repository" "r" {
  name = "app"
}
"#,
        good: r#"resource "aws_ecr_repository" "r" {
  name = "app"
  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = "arn:aws:kms:eu-west-1:111122223333:key/abc"
  }
}
"#,
    },
    {
        id: "aws-resource-policy-public",
        severity: High,
        types: ["aws_ecr_repository_policy", "aws_sqs_queue_policy", "aws_sqs_queue", "aws_sns_topic_policy", "aws_sns_topic", "aws_glacier_vault"],
        service: "iam",
        summary: "A resource policy (ECR, SQS, SNS, Glacier) that allows everyone without a condition",
        why: "`Principal: \"*\"` without a condition grants the actions to any AWS account or anonymous caller: images can be pulled, messages read or injected, archives downloaded.",
        fix: "Name the principals (accounts, roles, services) or add conditions such as `aws:PrincipalOrgID` or `aws:SourceArn`",
        message: "resource policy allows any principal",
        when: Code(public_policy),
        aliases: ["AVD-AWS-0032", "AWS-0032", "CKV_AWS_32", "CKV_AWS_168", "CKV_AWS_169", "CKV_AWS_167"],
        bad: r#"resource "aws_sqs_queue_policy" "p" {
  queue_url = "https://sqs.eu-west-1.amazonaws.com/111122223333/jobs"
  policy    = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = "*", Action = "sqs:SendMessage", Resource = "*" }] })
}
"#,
        good: r#"resource "aws_sqs_queue_policy" "p" {
  queue_url = "https://sqs.eu-west-1.amazonaws.com/111122223333/jobs"
  policy    = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "sns.amazonaws.com" }, Action = "sqs:SendMessage", Resource = "*", Condition = { ArnEquals = { "aws:SourceArn" = "arn:aws:sns:eu-west-1:111122223333:events" } } }] })
}
"#,
    },
    {
        id: "aws-sqs-policy-wildcard-action",
        severity: Medium,
        types: ["aws_sqs_queue_policy", "aws_sqs_queue"],
        service: "sqs",
        summary: "An SQS queue policy allowing every action",
        why: "`sqs:*` lets the principal purge and delete the queue and change its policy, not just send or receive.",
        fix: "List the needed actions (`sqs:SendMessage`, `sqs:ReceiveMessage` …)",
        message: "queue policy allows all actions",
        when: Code(sqs_wildcard),
        aliases: ["AVD-AWS-0097", "AWS-0097", "CKV_AWS_72"],
        bad: r#"resource "aws_sqs_queue_policy" "p" {
  queue_url = "https://sqs.eu-west-1.amazonaws.com/111122223333/jobs"
  policy    = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "sqs:*", Resource = "*" }] })
}
"#,
        good: r#"resource "aws_sqs_queue_policy" "p" {
  queue_url = "https://sqs.eu-west-1.amazonaws.com/111122223333/jobs"
  policy    = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "sqs:SendMessage", Resource = "*" }] })
}
"#,
    },
    {
        id: "aws-ecs-container-insights",
        severity: Low,
        types: ["aws_ecs_cluster"],
        service: "ecs",
        summary: "An ECS cluster without Container Insights",
        why: "Container Insights collects per-task metrics and diagnostics needed to spot failing or abused workloads.",
        fix: "Add `setting { name = \"containerInsights\" value = \"enabled\" }`",
        message: "Container Insights is not enabled",
        when: Not(&Any("setting", &And(&[Eq("name", "containerInsights"), In("value", &["enabled", "enhanced"])]))),
        aliases: ["AVD-AWS-0034", "AWS-0034", "CKV_AWS_65"],
        bad: r#"resource "aws_ecs_cluster" "c" {
  name = "apps"
}
"#,
        good: r#"resource "aws_ecs_cluster" "c" {
  name = "apps"
  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}
"#,
    },
    {
        id: "aws-ecs-efs-transit-encryption",
        severity: Medium,
        types: ["aws_ecs_task_definition"],
        service: "ecs",
        summary: "An ECS task mounting EFS without encryption in transit",
        why: "Without transit encryption, file contents travel in plaintext between the task and EFS.",
        fix: "Set `transit_encryption = \"ENABLED\"` in `efs_volume_configuration`",
        message: "EFS volume without transit encryption",
        when: Any("volume", &And(&[Has("efs_volume_configuration"), Not(&Eq("efs_volume_configuration.transit_encryption", "ENABLED"))])),
        aliases: ["AVD-AWS-0035", "AWS-0035", "CKV_AWS_97"],
        bad: r#"resource "aws_ecs_task_definition" "t" {
  family                = "app"
  container_definitions = "[]"
  volume {
    name = "data"
    efs_volume_configuration {
      file_system_id = "fs-123"
    }
  }
}
"#,
        good: r#"resource "aws_ecs_task_definition" "t" {
  family                = "app"
  container_definitions = "[]"
  volume {
    name = "data"
    efs_volume_configuration {
      file_system_id     = "fs-123"
      transit_encryption = "ENABLED"
    }
  }
}
"#,
    },
    {
        id: "aws-ecs-privileged-container",
        severity: High,
        types: ["aws_ecs_task_definition"],
        service: "ecs",
        summary: "An ECS task definition running a privileged container",
        why: "A privileged container has root on the host: one compromise escapes to the instance and its other tasks.",
        fix: "Remove `\"privileged\": true` from the container definition",
        message: "container runs privileged",
        when: Code(privileged_container),
        aliases: ["CKV_AWS_334"],
        bad: r#"resource "aws_ecs_task_definition" "t" {
  family                = "app"
  container_definitions = jsonencode([{ name = "app", image = "app:1", privileged = true }])
}
"#,
        good: r#"resource "aws_ecs_task_definition" "t" {
  family                = "app"
  container_definitions = jsonencode([{ name = "app", image = "app:1", privileged = false }])
}
"#,
    },
    {
        id: "aws-ecs-host-pid",
        severity: High,
        types: ["aws_ecs_task_definition"],
        service: "ecs",
        summary: "An ECS task sharing the host's process namespace",
        why: "With `pid_mode = \"host\"` the containers see and can signal every process on the instance.",
        fix: "Remove `pid_mode = \"host\"`",
        message: "task shares the host PID namespace",
        when: Eq("pid_mode", "host"),
        aliases: ["CKV_AWS_335"],
        bad: r#"resource "aws_ecs_task_definition" "t" {
  family                = "app"
  container_definitions = "[]"
  pid_mode              = "host"
}
"#,
        good: r#"resource "aws_ecs_task_definition" "t" {
  family                = "app"
  container_definitions = "[]"
  pid_mode              = "task"
}
"#,
    },
    {
        id: "aws-ecs-writable-root-fs",
        severity: Low,
        types: ["aws_ecs_task_definition"],
        service: "ecs",
        summary: "An ECS container with a writable root filesystem",
        why: "A read-only root filesystem stops an intruder from modifying binaries or dropping tools in the container.",
        fix: "Set `\"readonlyRootFilesystem\": true` in each container definition",
        message: "container root filesystem is writable",
        when: Code(writable_root),
        aliases: ["CKV_AWS_336"],
        bad: r#"resource "aws_ecs_task_definition" "t" {
  family                = "app"
  container_definitions = jsonencode([{ name = "app", image = "app:1" }])
}
"#,
        good: r#"resource "aws_ecs_task_definition" "t" {
  family                = "app"
  container_definitions = jsonencode([{ name = "app", image = "app:1", readonlyRootFilesystem = true }])
}
"#,
    },
    {
        id: "aws-ecs-same-execution-and-task-role",
        severity: Low,
        types: ["aws_ecs_task_definition"],
        service: "ecs",
        summary: "An ECS task using one role as both execution role and task role",
        why: "The execution role pulls images and reads secrets for the agent; giving the same permissions to application code breaks least privilege.",
        fix: "Use separate roles for `execution_role_arn` and `task_role_arn`",
        message: "execution role and task role are the same",
        when: Code(same_roles),
        aliases: ["CKV_AWS_249"],
        bad: r#"resource "aws_ecs_task_definition" "t" {
  family                = "app"
  container_definitions = "[]"
  execution_role_arn    = "arn:aws:iam::111122223333:role/app"
  task_role_arn         = "arn:aws:iam::111122223333:role/app"
}
"#,
        good: r#"resource "aws_ecs_task_definition" "t" {
  family                = "app"
  container_definitions = "[]"
  execution_role_arn    = "arn:aws:iam::111122223333:role/app-exec"
  task_role_arn         = "arn:aws:iam::111122223333:role/app"
}
"#,
    },
    {
        id: "aws-ecs-service-public-ip",
        severity: Medium,
        types: ["aws_ecs_service"],
        service: "ecs",
        summary: "An ECS service assigning public IP addresses to its tasks",
        why: "Tasks with public IPs are reachable from the internet directly, bypassing the load balancer.",
        fix: "Set `network_configuration { assign_public_ip = false }` and use private subnets with NAT or endpoints",
        message: "tasks get public IP addresses",
        when: True("network_configuration.assign_public_ip"),
        aliases: ["CKV_AWS_333"],
        bad: r#"resource "aws_ecs_service" "s" {
  name = "app"
  network_configuration {
    subnets          = ["subnet-123"]
    assign_public_ip = true
  }
}
"#,
        good: r#"resource "aws_ecs_service" "s" {
  name = "app"
  network_configuration {
    subnets          = ["subnet-123"]
    assign_public_ip = false
  }
}
"#,
    },
    {
        id: "aws-ecs-fargate-platform-version",
        severity: Low,
        types: ["aws_ecs_service"],
        service: "ecs",
        summary: "A Fargate service pinned to an old platform version",
        why: "Pinned platform versions miss the runtime's security fixes; `LATEST` follows them.",
        fix: "Set `platform_version = \"LATEST\"` (or remove it)",
        message: "Fargate platform version is pinned",
        when: And(&[Eq("launch_type", "FARGATE"), Set("platform_version"), Not(&Eq("platform_version", "LATEST"))]),
        aliases: ["CKV_AWS_332"],
        bad: r#"resource "aws_ecs_service" "s" {
  name             = "app"
  launch_type      = "FARGATE"
  platform_version = "1.3.0"
}
"#,
        good: r#"resource "aws_ecs_service" "s" {
  name             = "app"
  launch_type      = "FARGATE"
  platform_version = "LATEST"
}
"#,
    },
    {
        id: "aws-ecs-exec-logging",
        severity: Low,
        types: ["aws_ecs_cluster"],
        service: "ecs",
        summary: "An ECS cluster that does not log ECS Exec sessions",
        why: "ECS Exec opens shells in running containers; with logging `NONE`, what was typed there is lost.",
        fix: "Set `execute_command_configuration { logging = \"DEFAULT\" }` or `OVERRIDE` with a log configuration",
        message: "ECS Exec logging is disabled",
        when: Eq("configuration.execute_command_configuration.logging", "NONE"),
        aliases: ["CKV_AWS_223"],
        bad: r#"resource "aws_ecs_cluster" "c" {
  name = "apps"
  configuration {
    execute_command_configuration {
      logging = "NONE"
    }
  }
}
"#,
        good: r#"resource "aws_ecs_cluster" "c" {
  name = "apps"
  configuration {
    execute_command_configuration {
      logging = "DEFAULT"
    }
  }
}
"#,
    },
    {
        id: "aws-eks-control-plane-logging",
        severity: Medium,
        types: ["aws_eks_cluster"],
        service: "eks",
        summary: "An EKS cluster not logging every control-plane log type",
        why: "API, audit and authenticator logs are the only record of who did what in the cluster.",
        fix: "Set `enabled_cluster_log_types = [\"api\", \"audit\", \"authenticator\", \"controllerManager\", \"scheduler\"]`",
        message: "control-plane logging is incomplete",
        when: Not(&CT_ALL_LOG_TYPES),
        aliases: ["AVD-AWS-0038", "AWS-0038", "CKV_AWS_37"],
        bad: r#"resource "aws_eks_cluster" "c" {
  name     = "apps"
  role_arn = "arn:aws:iam::111122223333:role/eks"
}
"#,
        good: r#"resource "aws_eks_cluster" "c" {
  name                      = "apps"
  role_arn                  = "arn:aws:iam::111122223333:role/eks"
  enabled_cluster_log_types = ["api", "audit", "authenticator", "controllerManager", "scheduler"]
}
"#,
    },
    {
        id: "aws-eks-secrets-encryption",
        severity: Medium,
        types: ["aws_eks_cluster"],
        service: "eks",
        summary: "An EKS cluster without envelope encryption of Kubernetes secrets",
        why: "Without a KMS key for `secrets`, anyone reading etcd backups sees every Kubernetes secret.",
        fix: "Add `encryption_config { resources = [\"secrets\"] provider { key_arn = … } }`",
        message: "Kubernetes secrets are not encrypted with KMS",
        when: Not(&Any("encryption_config", &Contains("resources", "secrets"))),
        aliases: ["AVD-AWS-0039", "AWS-0039", "CKV_AWS_58"],
        bad: r#"resource "aws_eks_cluster" "c" {
  name     = "apps"
  role_arn = "arn:aws:iam::111122223333:role/eks"
}
"#,
        good: r#"resource "aws_eks_cluster" "c" {
  name     = "apps"
  role_arn = "arn:aws:iam::111122223333:role/eks"
  encryption_config {
    resources = ["secrets"]
    provider {
      key_arn = "arn:aws:kms:eu-west-1:111122223333:key/abc"
    }
  }
}
"#,
    },
    {
        id: "aws-eks-public-endpoint",
        severity: Medium,
        types: ["aws_eks_cluster"],
        service: "eks",
        summary: "An EKS cluster with a public API endpoint",
        why: "A public Kubernetes API is exposed to credential attacks and to any API-server vulnerability.",
        note: "The provider default is `endpoint_public_access = true`.",
        fix: "Set `vpc_config { endpoint_public_access = false endpoint_private_access = true }`",
        message: "cluster API endpoint is public",
        when: Not(&False("vpc_config.endpoint_public_access")),
        aliases: ["AVD-AWS-0040", "AWS-0040", "CKV_AWS_39"],
        bad: r#"resource "aws_eks_cluster" "c" {
  name     = "apps"
  role_arn = "arn:aws:iam::111122223333:role/eks"
  vpc_config {
    subnet_ids = ["subnet-123"]
  }
}
"#,
        good: r#"resource "aws_eks_cluster" "c" {
  name     = "apps"
  role_arn = "arn:aws:iam::111122223333:role/eks"
  vpc_config {
    subnet_ids              = ["subnet-123"]
    endpoint_public_access  = false
    endpoint_private_access = true
  }
}
"#,
    },
    {
        id: "aws-eks-public-cidr",
        severity: High,
        types: ["aws_eks_cluster"],
        service: "eks",
        summary: "An EKS public API endpoint open to the whole internet",
        why: "With a public endpoint and no CIDR restriction (`0.0.0.0/0`, the default), anyone can reach the Kubernetes API.",
        fix: "Set `public_access_cidrs` to your office/VPN ranges, or disable the public endpoint",
        message: "public API endpoint is open to 0.0.0.0/0",
        when: And(&[
            Not(&False("vpc_config.endpoint_public_access")),
            Or(&[OpenCidr("vpc_config.public_access_cidrs"), Not(&Set("vpc_config.public_access_cidrs"))]),
        ]),
        aliases: ["AVD-AWS-0041", "AWS-0041", "CKV_AWS_38"],
        bad: r#"resource "aws_eks_cluster" "c" {
  name     = "apps"
  role_arn = "arn:aws:iam::111122223333:role/eks"
  vpc_config {
    subnet_ids          = ["subnet-123"]
    public_access_cidrs = ["0.0.0.0/0"]
  }
}
"#,
        good: r#"resource "aws_eks_cluster" "c" {
  name     = "apps"
  role_arn = "arn:aws:iam::111122223333:role/eks"
  vpc_config {
    subnet_ids          = ["subnet-123"]
    public_access_cidrs = ["203.0.113.0/24"]
  }
}
"#,
    },
    {
        id: "aws-eks-node-group-open-ssh",
        severity: High,
        types: ["aws_eks_node_group"],
        service: "eks",
        summary: "An EKS node group allowing SSH from anywhere",
        why: "`remote_access` with an SSH key and no source security groups opens port 22 on every node to 0.0.0.0/0.",
        fix: "Set `source_security_group_ids` in `remote_access`, or drop SSH access",
        message: "node SSH is open to the internet",
        when: And(&[Has("remote_access"), Set("remote_access.ec2_ssh_key"), Not(&Set("remote_access.source_security_group_ids"))]),
        aliases: ["CKV_AWS_100"],
        bad: r#"resource "aws_eks_node_group" "n" {
  cluster_name = "apps"
  remote_access {
    ec2_ssh_key = "ops"
  }
}
"#,
        good: r#"resource "aws_eks_node_group" "n" {
  cluster_name = "apps"
  remote_access {
    ec2_ssh_key               = "ops"
    source_security_group_ids = ["sg-123"]
  }
}
"#,
    },
    {
        id: "aws-lambda-tracing",
        severity: Low,
        types: ["aws_lambda_function"],
        service: "lambda",
        summary: "A Lambda function without active X-Ray tracing",
        why: "Tracing shows which calls a function makes; without it, abnormal behaviour and latency are hard to trace.",
        note: "`PassThrough` (trace when the caller sampled the request) counts as tracing.",
        fix: "Set `tracing_config { mode = \"Active\" }`",
        message: "X-Ray tracing is not active",
        when: Not(&In("tracing_config.mode", &["Active", "PassThrough"])),
        aliases: ["AVD-AWS-0066", "AWS-0066", "CKV_AWS_50"],
        bad: r#"resource "aws_lambda_function" "f" {
  function_name = "api"
  role          = "arn:aws:iam::111122223333:role/api"
}
"#,
        good: r#"resource "aws_lambda_function" "f" {
  function_name = "api"
  role          = "arn:aws:iam::111122223333:role/api"
  tracing_config {
    mode = "Active"
  }
}
"#,
    },
    {
        id: "aws-lambda-permission-no-source",
        severity: Medium,
        types: ["aws_lambda_permission"],
        service: "lambda",
        summary: "A Lambda permission for an AWS service without a source ARN",
        why: "Granting `s3.amazonaws.com` (or another service) invoke rights without `source_arn` lets any account's bucket or topic invoke the function (confused deputy).",
        fix: "Set `source_arn` (and `source_account`) to the resource that should invoke the function",
        message: "service principal without source_arn",
        when: And(&[Contains("principal", ".amazonaws.com"), Not(&Set("source_arn")), Not(&Set("source_account"))]),
        aliases: ["AVD-AWS-0067", "AWS-0067", "CKV_AWS_364"],
        bad: r#"resource "aws_lambda_permission" "p" {
  action        = "lambda:InvokeFunction"
  function_name = "api"
  principal     = "sns.amazonaws.com"
}
"#,
        good: r#"resource "aws_lambda_permission" "p" {
  action        = "lambda:InvokeFunction"
  function_name = "api"
  principal     = "sns.amazonaws.com"
  source_arn    = "arn:aws:sns:eu-west-1:111122223333:events"
}
"#,
    },
    {
        id: "aws-lambda-permission-public",
        severity: High,
        types: ["aws_lambda_permission"],
        service: "lambda",
        summary: "A Lambda function anyone can invoke",
        why: "`principal = \"*\"` lets any AWS account invoke the function (and run up its bill or abuse its role).",
        fix: "Name the invoking account or service, with `source_arn`",
        message: "function invocable by any principal",
        when: And(&[Eq("principal", "*"), Not(&Set("source_arn")), Not(&Set("principal_org_id"))]),
        aliases: ["CKV_AWS_301"],
        bad: r#"resource "aws_lambda_permission" "p" {
  action        = "lambda:InvokeFunction"
  function_name = "api"
  principal     = "*"
}
"#,
        good: r#"resource "aws_lambda_permission" "p" {
  action        = "lambda:InvokeFunction"
  function_name = "api"
  principal     = "111122223333"
}
"#,
    },
    {
        id: "aws-lambda-url-no-auth",
        severity: High,
        types: ["aws_lambda_function_url"],
        service: "lambda",
        summary: "A Lambda function URL without authentication",
        why: "`authorization_type = \"NONE\"` makes the function a public HTTPS endpoint anyone can call.",
        fix: "Use `authorization_type = \"AWS_IAM\"`, or put API Gateway with an authorizer in front",
        message: "function URL has no authentication",
        when: Eq("authorization_type", "NONE"),
        aliases: ["CKV_AWS_258"],
        bad: r#"resource "aws_lambda_function_url" "u" {
  function_name      = "api"
  authorization_type = "NONE"
}
"#,
        good: r#"resource "aws_lambda_function_url" "u" {
  function_name      = "api"
  authorization_type = "AWS_IAM"
}
"#,
    },
    {
        id: "aws-lambda-url-open-cors",
        severity: Medium,
        types: ["aws_lambda_function_url"],
        service: "lambda",
        summary: "A Lambda function URL allowing every origin (CORS `*`)",
        why: "Any web page can call the function from a visitor's browser and read the response.",
        fix: "List the allowed origins in `cors { allow_origins = [...] }`",
        message: "CORS allows any origin",
        when: Contains("cors.allow_origins", "*"),
        aliases: ["CKV2_AWS_75"],
        bad: r#"resource "aws_lambda_function_url" "u" {
  function_name      = "api"
  authorization_type = "AWS_IAM"
  cors {
    allow_origins = ["*"]
  }
}
"#,
        good: r#"resource "aws_lambda_function_url" "u" {
  function_name      = "api"
  authorization_type = "AWS_IAM"
  cors {
    allow_origins = ["https://app.example.com"]
  }
}
"#,
    },
    {
        id: "aws-lambda-code-signing",
        severity: Low,
        types: ["aws_lambda_function"],
        service: "lambda",
        summary: "A Lambda function without code-signing validation",
        why: "Code signing ensures only artifacts signed by trusted publishers are deployed.",
        fix: "Set `code_signing_config_arn`",
        message: "code signing is not configured",
        when: Not(&Set("code_signing_config_arn")),
        aliases: ["CKV_AWS_272"],
        bad: r#"resource "aws_lambda_function" "f" {
  function_name = "api"
}
"#,
        good: r#"resource "aws_lambda_function" "f" {
  function_name           = "api"
  code_signing_config_arn = "arn:aws:lambda:eu-west-1:111122223333:code-signing-config:csc-123"
}
"#,
    },
    {
        id: "aws-lambda-no-dlq",
        severity: Low,
        types: ["aws_lambda_function"],
        service: "lambda",
        summary: "A Lambda function without a dead-letter queue",
        why: "Failed asynchronous invocations are dropped after retries unless a dead-letter target keeps them.",
        fix: "Set `dead_letter_config { target_arn = … }`",
        message: "no dead-letter queue",
        when: Not(&Has("dead_letter_config")),
        aliases: ["CKV_AWS_116"],
        bad: r#"resource "aws_lambda_function" "f" {
  function_name = "api"
}
"#,
        good: r#"resource "aws_lambda_function" "f" {
  function_name = "api"
  dead_letter_config {
    target_arn = "arn:aws:sqs:eu-west-1:111122223333:dlq"
  }
}
"#,
    },
    {
        id: "aws-lambda-no-concurrency-limit",
        severity: Low,
        types: ["aws_lambda_function"],
        service: "lambda",
        summary: "A Lambda function without a concurrency limit",
        why: "Without reserved concurrency, a flood of events can scale one function until it starves the account's others and runs up the bill.",
        fix: "Set `reserved_concurrent_executions`",
        message: "no function-level concurrency limit",
        when: Not(&Set("reserved_concurrent_executions")),
        aliases: ["CKV_AWS_115"],
        bad: r#"resource "aws_lambda_function" "f" {
  function_name = "api"
}
"#,
        good: r#"resource "aws_lambda_function" "f" {
  function_name                  = "api"
  reserved_concurrent_executions = 100
}
"#,
    },
    {
        id: "aws-lambda-not-in-vpc",
        severity: Low,
        types: ["aws_lambda_function"],
        service: "lambda",
        summary: "A Lambda function outside a VPC",
        why: "Functions outside a VPC reach the internet directly; inside one, egress is subject to the VPC's controls and logs.",
        fix: "Set `vpc_config` with private subnets and security groups",
        message: "function is not in a VPC",
        when: Not(&Has("vpc_config")),
        aliases: ["CKV_AWS_117"],
        bad: r#"resource "aws_lambda_function" "f" {
  function_name = "api"
}
"#,
        good: r#"resource "aws_lambda_function" "f" {
  function_name = "api"
  vpc_config {
    subnet_ids         = ["subnet-123"]
    security_group_ids = ["sg-123"]
  }
}
"#,
    },
    {
        id: "aws-lambda-env-no-cmk",
        severity: Low,
        types: ["aws_lambda_function"],
        service: "lambda",
        summary: "Lambda environment variables not encrypted with a customer-managed key",
        why: "Environment variables often hold configuration secrets; a customer-managed key controls who can decrypt them.",
        fix: "Set `kms_key_arn`",
        message: "environment variables use the AWS-managed key",
        when: And(&[Has("environment"), Not(&Set("kms_key_arn"))]),
        aliases: ["CKV_AWS_173"],
        bad: r#"resource "aws_lambda_function" "f" {
  function_name = "api"
  environment {
    variables = { MODE = "prod" }
  }
}
"#,
        good: r#"resource "aws_lambda_function" "f" {
  function_name = "api"
  kms_key_arn   = "arn:aws:kms:eu-west-1:111122223333:key/abc"
  environment {
    variables = { MODE = "prod" }
  }
}
"#,
    },
    {
        id: "aws-lambda-deprecated-runtime",
        severity: Medium,
        types: ["aws_lambda_function"],
        service: "lambda",
        summary: "A Lambda function on a deprecated runtime",
        why: "Deprecated runtimes get no security patches, and AWS eventually blocks updates to such functions.",
        fix: "Move to a supported runtime (for example `python3.12`, `nodejs20.x`, `java21`, `provided.al2023`)",
        message: "runtime is deprecated",
        when: In("runtime", DEPRECATED_RUNTIMES),
        aliases: ["CKV_AWS_363"],
        bad: r#"resource "aws_lambda_function" "f" {
  function_name = "api"
  runtime       = "python3.7"
}
"#,
        good: r#"resource "aws_lambda_function" "f" {
  function_name = "api"
  runtime       = "python3.12"
}
"#,
    },
    {
        id: "aws-apigw-access-logging",
        severity: Medium,
        types: ["aws_api_gateway_stage", "aws_apigatewayv2_stage"],
        service: "apigateway",
        summary: "An API Gateway stage without access logging",
        why: "Access logs record who called which route and when; without them, abuse and data access cannot be investigated.",
        fix: "Set `access_log_settings { destination_arn = … format = … }`",
        message: "access logging is not configured",
        when: Not(&Set("access_log_settings.destination_arn")),
        aliases: ["AVD-AWS-0001", "AWS-0001", "CKV_AWS_76"],
        bad: r#"resource "aws_api_gateway_stage" "s" {
  stage_name    = "prod"
  rest_api_id   = "abc"
  deployment_id = "dep"
}
"#,
        good: r#"resource "aws_api_gateway_stage" "s" {
  stage_name    = "prod"
  rest_api_id   = "abc"
  deployment_id = "dep"
  access_log_settings {
    destination_arn = "arn:aws:logs:eu-west-1:111122223333:log-group:api"
    format          = "$context.requestId"
  }
}
"#,
    },
    {
        id: "aws-apigw-tracing",
        severity: Low,
        types: ["aws_api_gateway_stage"],
        service: "apigateway",
        summary: "An API Gateway REST stage without X-Ray tracing",
        why: "Tracing follows requests through the backend, which helps to investigate errors and abuse.",
        fix: "Set `xray_tracing_enabled = true`",
        message: "X-Ray tracing is not enabled",
        when: Not(&True("xray_tracing_enabled")),
        aliases: ["AVD-AWS-0003", "AWS-0003", "CKV_AWS_73"],
        bad: r#"resource "aws_api_gateway_stage" "s" {
  stage_name    = "prod"
  rest_api_id   = "abc"
  deployment_id = "dep"
}
"#,
        good: r#"resource "aws_api_gateway_stage" "s" {
  stage_name           = "prod"
  rest_api_id          = "abc"
  deployment_id        = "dep"
  xray_tracing_enabled = true
}
"#,
    },
    {
        id: "aws-apigw-method-no-auth",
        severity: Medium,
        types: ["aws_api_gateway_method"],
        service: "apigateway",
        summary: "An API Gateway method with no authorization and no API key",
        why: "A method with `authorization = \"NONE\"` and no API key is callable by anyone on the internet.",
        note: "`OPTIONS` methods (CORS preflight) are not reported.",
        fix: "Set an authorizer (`AWS_IAM`, `COGNITO_USER_POOLS`, `CUSTOM`) or `api_key_required = true`",
        message: "method has no authorization",
        when: And(&[Eq("authorization", "NONE"), Not(&True("api_key_required")), Not(&Eq("http_method", "OPTIONS"))]),
        aliases: ["AVD-AWS-0004", "AWS-0004", "CKV_AWS_59"],
        bad: r#"resource "aws_api_gateway_method" "m" {
  rest_api_id   = "abc"
  resource_id   = "res"
  http_method   = "GET"
  authorization = "NONE"
}
"#,
        good: r#"resource "aws_api_gateway_method" "m" {
  rest_api_id   = "abc"
  resource_id   = "res"
  http_method   = "GET"
  authorization = "AWS_IAM"
}
"#,
    },
    {
        id: "aws-apigw-route-no-auth",
        severity: Medium,
        types: ["aws_apigatewayv2_route"],
        service: "apigateway",
        summary: "An API Gateway v2 route without authorization",
        why: "A route with `authorization_type = \"NONE\"` (the default) is callable by anyone.",
        fix: "Set `authorization_type` (`JWT`, `AWS_IAM`, `CUSTOM`) with an authorizer",
        message: "route has no authorization",
        when: And(&[Or(&[Not(&Set("authorization_type")), Eq("authorization_type", "NONE")]), Not(&Prefix("route_key", "OPTIONS"))]),
        aliases: ["CKV_AWS_309"],
        bad: r#"resource "aws_apigatewayv2_route" "r" {
  api_id    = "abc"
  route_key = "GET /orders"
}
"#,
        good: r#"resource "aws_apigatewayv2_route" "r" {
  api_id             = "abc"
  route_key          = "GET /orders"
  authorization_type = "JWT"
  authorizer_id      = "auth"
}
"#,
    },
    {
        id: "aws-apigw-domain-tls",
        severity: Medium,
        types: ["aws_api_gateway_domain_name"],
        service: "apigateway",
        summary: "An API Gateway custom domain allowing TLS 1.0",
        why: "TLS 1.0 is deprecated and vulnerable; the domain should require TLS 1.2.",
        fix: "Set `security_policy = \"TLS_1_2\"`",
        message: "custom domain does not require TLS 1.2",
        when: Eq("security_policy", "TLS_1_0"),
        aliases: ["AVD-AWS-0005", "AWS-0005", "CKV_AWS_206"],
        bad: r#"resource "aws_api_gateway_domain_name" "d" {
  domain_name     = "api.example.com"
  security_policy = "TLS_1_0"
}
"#,
        good: r#"resource "aws_api_gateway_domain_name" "d" {
  domain_name     = "api.example.com"
  security_policy = "TLS_1_2"
}
"#,
    },
    {
        id: "aws-apigw-cache-disabled",
        severity: Low,
        types: ["aws_api_gateway_stage", "aws_api_gateway_method_settings"],
        service: "apigateway",
        summary: "API Gateway response caching not enabled",
        why: "Caching absorbs repeated requests, reducing backend load and the impact of request floods.",
        fix: "Set `cache_cluster_enabled = true` on the stage, or `settings { caching_enabled = true }`",
        message: "response caching is not enabled",
        when: Or(&[
            And(&[
                Type("aws_api_gateway_stage"),
                Not(&True("cache_cluster_enabled")),
                Not(&Related { types: &["aws_api_gateway_method_settings"], via: "stage_name", cond: Some(&True("settings.caching_enabled")) }),
            ]),
            And(&[Type("aws_api_gateway_method_settings"), Not(&True("settings.caching_enabled"))]),
        ]),
        aliases: ["AVD-AWS-0190", "AWS-0190", "CKV_AWS_120", "CKV_AWS_225"],
        bad: r#"resource "aws_api_gateway_method_settings" "s" {
  rest_api_id = "abc"
  stage_name  = "prod"
  method_path = "*/*"
  settings {
    metrics_enabled = true
  }
}
"#,
        good: r#"resource "aws_api_gateway_method_settings" "s" {
  rest_api_id = "abc"
  stage_name  = "prod"
  method_path = "*/*"
  settings {
    caching_enabled      = true
    cache_data_encrypted = true
  }
}
"#,
    },
    {
        id: "aws-apigw-cache-unencrypted",
        severity: Medium,
        types: ["aws_api_gateway_method_settings"],
        service: "apigateway",
        summary: "An API Gateway cache that is not encrypted",
        why: "Cached responses can hold personal data; unencrypted they sit in the cache cluster in plaintext.",
        fix: "Set `settings { cache_data_encrypted = true }`",
        message: "cache data is not encrypted",
        when: And(&[True("settings.caching_enabled"), Not(&True("settings.cache_data_encrypted"))]),
        aliases: ["AVD-AWS-0002", "AWS-0002", "CKV_AWS_308"],
        bad: r#"resource "aws_api_gateway_method_settings" "s" {
  rest_api_id = "abc"
  stage_name  = "prod"
  method_path = "*/*"
  settings {
    caching_enabled = true
  }
}
"#,
        good: r#"resource "aws_api_gateway_method_settings" "s" {
  rest_api_id = "abc"
  stage_name  = "prod"
  method_path = "*/*"
  settings {
    caching_enabled      = true
    cache_data_encrypted = true
  }
}
"#,
    },
    {
        id: "aws-apigw-data-trace",
        severity: Medium,
        types: ["aws_api_gateway_method_settings"],
        service: "apigateway",
        summary: "API Gateway full request/response logging (data trace) enabled",
        why: "Data trace logs whole request and response bodies, including credentials and personal data, into CloudWatch.",
        fix: "Set `settings { data_trace_enabled = false }`",
        message: "data trace logging is on",
        when: True("settings.data_trace_enabled"),
        aliases: ["CKV_AWS_276"],
        bad: r#"resource "aws_api_gateway_method_settings" "s" {
  rest_api_id = "abc"
  stage_name  = "prod"
  method_path = "*/*"
  settings {
    data_trace_enabled = true
  }
}
"#,
        good: r#"resource "aws_api_gateway_method_settings" "s" {
  rest_api_id = "abc"
  stage_name  = "prod"
  method_path = "*/*"
  settings {
    data_trace_enabled = false
    logging_level      = "ERROR"
  }
}
"#,
    },
    {
        id: "aws-apigw-execution-logging",
        severity: Low,
        types: ["aws_api_gateway_method_settings"],
        service: "apigateway",
        summary: "API Gateway execution logging off",
        why: "Execution logs record errors and authorizer decisions; with logging `OFF` failures leave no trace.",
        fix: "Set `settings { logging_level = \"ERROR\" }` (or `INFO`)",
        message: "execution logging is off",
        when: Or(&[Not(&Set("settings.logging_level")), Eq("settings.logging_level", "OFF")]),
        aliases: ["CKV2_AWS_4"],
        bad: r#"resource "aws_api_gateway_method_settings" "s" {
  rest_api_id = "abc"
  stage_name  = "prod"
  method_path = "*/*"
  settings {
    logging_level = "OFF"
  }
}
"#,
        good: r#"resource "aws_api_gateway_method_settings" "s" {
  rest_api_id = "abc"
  stage_name  = "prod"
  method_path = "*/*"
  settings {
    logging_level = "ERROR"
  }
}
"#,
    },
    {
        id: "aws-apigw-client-certificate",
        severity: Low,
        types: ["aws_api_gateway_stage"],
        service: "apigateway",
        summary: "An API Gateway stage without a client certificate for backend calls",
        why: "A client certificate lets the backend verify that requests really come from API Gateway.",
        fix: "Set `client_certificate_id`",
        message: "no client certificate",
        when: Not(&Set("client_certificate_id")),
        aliases: ["CKV2_AWS_51"],
        bad: r#"resource "aws_api_gateway_stage" "s" {
  stage_name    = "prod"
  rest_api_id   = "abc"
  deployment_id = "dep"
}
"#,
        good: r#"resource "aws_api_gateway_stage" "s" {
  stage_name            = "prod"
  rest_api_id           = "abc"
  deployment_id         = "dep"
  client_certificate_id = "cert"
}
"#,
    },
    {
        id: "aws-apigw-no-waf",
        severity: Low,
        types: ["aws_api_gateway_stage"],
        service: "apigateway",
        summary: "A public API Gateway REST stage without a WAF web ACL",
        why: "A WAF filters common exploits, bad bots and floods before they reach the backend.",
        fix: "Associate a WAFv2 web ACL with the stage (`aws_wafv2_web_acl_association`, or `web_acl_arn`)",
        message: "no WAF web ACL associated",
        when: And(&[
            Not(&Set("web_acl_arn")),
            Not(&Related { types: &["aws_wafv2_web_acl_association", "aws_wafregional_web_acl_association"], via: "resource_arn", cond: None }),
            Not(&Target { types: &["aws_api_gateway_rest_api"], via: "rest_api_id", cond: &Contains("endpoint_configuration.types", "PRIVATE") }),
        ]),
        aliases: ["CKV2_AWS_29"],
        bad: r#"resource "aws_api_gateway_stage" "s" {
  stage_name    = "prod"
  rest_api_id   = "abc"
  deployment_id = "dep"
}
"#,
        good: r#"resource "aws_api_gateway_stage" "s" {
  stage_name    = "prod"
  rest_api_id   = "abc"
  deployment_id = "dep"
}

resource "aws_wafv2_web_acl_association" "w" {
  resource_arn = aws_api_gateway_stage.s.arn
  web_acl_arn  = "arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/api/1"
}
"#,
    },
    {
        id: "aws-acm-wildcard",
        severity: Low,
        types: ["aws_acm_certificate"],
        service: "acm",
        summary: "A wildcard ACM certificate",
        why: "A wildcard certificate is valid for every subdomain: its compromise (or a dangling subdomain) affects all of them.",
        fix: "Request certificates for the specific names served",
        message: "wildcard certificate",
        when: Prefix("domain_name", "*."),
        aliases: ["CKV2_AWS_71"],
        bad: r#"resource "aws_acm_certificate" "c" {
  domain_name       = "*.example.com"
  validation_method = "DNS"
}
"#,
        good: r#"resource "aws_acm_certificate" "c" {
  domain_name       = "api.example.com"
  validation_method = "DNS"
}
"#,
    },
    {
        id: "aws-acm-transparency-logging-off",
        severity: Low,
        types: ["aws_acm_certificate"],
        service: "acm",
        summary: "An ACM certificate excluded from Certificate Transparency logs",
        why: "CT logging lets domain owners detect certificates issued for their names; browsers distrust unlogged certificates.",
        fix: "Remove `certificate_transparency_logging_preference = \"DISABLED\"`",
        message: "certificate transparency logging is disabled",
        when: Eq("options.certificate_transparency_logging_preference", "DISABLED"),
        aliases: ["CKV_AWS_234"],
        bad: r#"resource "aws_acm_certificate" "c" {
  domain_name       = "api.example.com"
  validation_method = "DNS"
  options {
    certificate_transparency_logging_preference = "DISABLED"
  }
}
"#,
        good: r#"resource "aws_acm_certificate" "c" {
  domain_name       = "api.example.com"
  validation_method = "DNS"
  options {
    certificate_transparency_logging_preference = "ENABLED"
  }
}
"#,
    },
    {
        id: "aws-cloudfront-logging",
        severity: Low,
        types: ["aws_cloudfront_distribution"],
        service: "cloudfront",
        summary: "A CloudFront distribution without access logging",
        why: "Access logs record every viewer request; without them, abuse and data access through the CDN are invisible.",
        fix: "Add `logging_config { bucket = … }`",
        message: "access logging is not configured",
        when: And(&[
            Not(&Has("logging_config")),
            Not(&Related { types: &["aws_cloudwatch_log_delivery_source"], via: "resource_arn", cond: None }),
        ]),
        aliases: ["AVD-AWS-0010", "AWS-0010", "CKV_AWS_86"],
        bad: r#"resource "aws_cloudfront_distribution" "d" {
  enabled = true
}
"#,
        good: r#"resource "aws_cloudfront_distribution" "d" {
  enabled = true
  logging_config {
    bucket = "cf-logs.s3.amazonaws.com"
  }
}
"#,
    },
    {
        id: "aws-cloudfront-no-waf",
        severity: Low,
        types: ["aws_cloudfront_distribution"],
        service: "cloudfront",
        summary: "A CloudFront distribution without a WAF web ACL",
        why: "A WAF at the edge filters exploits, bad bots and floods before they reach the origin.",
        fix: "Set `web_acl_id`",
        message: "no WAF web ACL",
        when: Not(&Set("web_acl_id")),
        aliases: ["AVD-AWS-0011", "AWS-0011", "CKV_AWS_68"],
        bad: r#"resource "aws_cloudfront_distribution" "d" {
  enabled = true
}
"#,
        good: r#"resource "aws_cloudfront_distribution" "d" {
  enabled    = true
  web_acl_id = "arn:aws:wafv2:us-east-1:111122223333:global/webacl/edge/1"
}
"#,
    },
    {
        id: "aws-cloudfront-allows-http",
        severity: Medium,
        types: ["aws_cloudfront_distribution"],
        service: "cloudfront",
        summary: "A CloudFront cache behaviour that serves plain HTTP",
        why: "`viewer_protocol_policy = \"allow-all\"` serves content and cookies over unencrypted HTTP.",
        fix: "Set `viewer_protocol_policy = \"redirect-to-https\"` (or `https-only`)",
        message: "viewers may use plain HTTP",
        when: Or(&[Eq("default_cache_behavior.viewer_protocol_policy", "allow-all"), Any("ordered_cache_behavior", &Eq("viewer_protocol_policy", "allow-all"))]),
        aliases: ["AVD-AWS-0012", "AWS-0012", "CKV_AWS_34"],
        bad: r#"resource "aws_cloudfront_distribution" "d" {
  enabled = true
  default_cache_behavior {
    target_origin_id       = "app"
    viewer_protocol_policy = "allow-all"
  }
}
"#,
        good: r#"resource "aws_cloudfront_distribution" "d" {
  enabled = true
  default_cache_behavior {
    target_origin_id       = "app"
    viewer_protocol_policy = "redirect-to-https"
  }
}
"#,
    },
    {
        id: "aws-cloudfront-tls",
        severity: Medium,
        types: ["aws_cloudfront_distribution"],
        service: "cloudfront",
        summary: "A CloudFront distribution allowing TLS below 1.2",
        why: "TLS 1.0/1.1 and SSLv3 are deprecated and have practical attacks.",
        note: "Distributions on the default `*.cloudfront.net` certificate cannot choose a minimum version and are not reported.",
        fix: "Use a custom certificate with `minimum_protocol_version = \"TLSv1.2_2021\"`",
        message: "viewer TLS allows versions below 1.2",
        when: And(&[
            Not(&True("viewer_certificate.cloudfront_default_certificate")),
            In("viewer_certificate.minimum_protocol_version", &["SSLv3", "TLSv1", "TLSv1_2016", "TLSv1.1_2016", "TLSv1.0"]),
        ]),
        aliases: ["AVD-AWS-0013", "AWS-0013", "CKV_AWS_174"],
        bad: r#"resource "aws_cloudfront_distribution" "d" {
  enabled = true
  viewer_certificate {
    acm_certificate_arn      = "arn:aws:acm:us-east-1:111122223333:certificate/abc"
    minimum_protocol_version = "TLSv1"
  }
}
"#,
        good: r#"resource "aws_cloudfront_distribution" "d" {
  enabled = true
  viewer_certificate {
    acm_certificate_arn      = "arn:aws:acm:us-east-1:111122223333:certificate/abc"
    minimum_protocol_version = "TLSv1.2_2021"
  }
}
"#,
    },
    {
        id: "aws-cloudfront-origin-http",
        severity: Medium,
        types: ["aws_cloudfront_distribution"],
        service: "cloudfront",
        summary: "A CloudFront custom origin reached over plain HTTP",
        why: "With `http-only`, traffic between CloudFront and the origin crosses the internet unencrypted.",
        fix: "Set `origin_protocol_policy = \"https-only\"`",
        message: "origin is reached over plain HTTP",
        when: Any("origin", &Eq("custom_origin_config.origin_protocol_policy", "http-only")),
        aliases: ["CKV2_AWS_72"],
        bad: r#"resource "aws_cloudfront_distribution" "d" {
  enabled = true
  origin {
    domain_name = "app.example.com"
    origin_id   = "app"
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "http-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }
}
"#,
        good: r#"resource "aws_cloudfront_distribution" "d" {
  enabled = true
  origin {
    domain_name = "app.example.com"
    origin_id   = "app"
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }
}
"#,
    },
    {
        id: "aws-cloudfront-origin-old-tls",
        severity: Medium,
        types: ["aws_cloudfront_distribution"],
        service: "cloudfront",
        summary: "A CloudFront custom origin allowing SSLv3, TLS 1.0 or TLS 1.1",
        why: "Old protocol versions between CloudFront and the origin have practical attacks.",
        fix: "Set `origin_ssl_protocols = [\"TLSv1.2\"]`",
        message: "origin allows old TLS versions",
        when: Any("origin", &Or(&[
            Contains("custom_origin_config.origin_ssl_protocols", "SSLv3"),
            Contains("custom_origin_config.origin_ssl_protocols", "TLSv1"),
            Contains("custom_origin_config.origin_ssl_protocols", "TLSv1.1"),
        ])),
        aliases: ["CKV2_AWS_54"],
        bad: r#"resource "aws_cloudfront_distribution" "d" {
  enabled = true
  origin {
    domain_name = "app.example.com"
    origin_id   = "app"
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1"]
    }
  }
}
"#,
        good: r#"resource "aws_cloudfront_distribution" "d" {
  enabled = true
  origin {
    domain_name = "app.example.com"
    origin_id   = "app"
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }
}
"#,
    },
    {
        id: "aws-cloudfront-s3-origin-open",
        severity: Medium,
        types: ["aws_cloudfront_distribution"],
        service: "cloudfront",
        summary: "A CloudFront S3 origin without origin access control",
        why: "Without an origin access identity or control, the bucket must be public for CloudFront to read it, so anyone can bypass the CDN.",
        fix: "Set `origin_access_control_id` (or `s3_origin_config { origin_access_identity = … }`) and keep the bucket private",
        message: "S3 origin without origin access control",
        when: Any("origin", &And(&[
            Contains("domain_name", ".s3."),
            Not(&Set("origin_access_control_id")),
            Not(&Set("s3_origin_config.origin_access_identity")),
        ])),
        aliases: ["CKV2_AWS_46"],
        bad: r#"resource "aws_cloudfront_distribution" "d" {
  enabled = true
  origin {
    domain_name = "assets.s3.eu-west-1.amazonaws.com"
    origin_id   = "assets"
  }
}
"#,
        good: r#"resource "aws_cloudfront_distribution" "d" {
  enabled = true
  origin {
    domain_name              = "assets.s3.eu-west-1.amazonaws.com"
    origin_id                = "assets"
    origin_access_control_id = "oac-123"
  }
}
"#,
    },
    {
        id: "aws-cloudfront-default-root-object",
        severity: Low,
        types: ["aws_cloudfront_distribution"],
        service: "cloudfront",
        summary: "A CloudFront distribution without a default root object",
        why: "Without one, a request for `/` is forwarded to the origin, which may list its contents.",
        fix: "Set `default_root_object = \"index.html\"`",
        message: "no default root object",
        when: Not(&Set("default_root_object")),
        aliases: ["CKV_AWS_305"],
        bad: r#"resource "aws_cloudfront_distribution" "d" {
  enabled = true
}
"#,
        good: r#"resource "aws_cloudfront_distribution" "d" {
  enabled             = true
  default_root_object = "index.html"
}
"#,
    },
    {
        id: "aws-cloudfront-disabled",
        severity: Low,
        types: ["aws_cloudfront_distribution"],
        service: "cloudfront",
        summary: "A disabled CloudFront distribution",
        why: "A disabled distribution serves nothing; if its DNS records still point at it, the name can be taken over.",
        fix: "Enable it or remove it along with its DNS records",
        message: "distribution is disabled",
        when: False("enabled"),
        aliases: ["CKV_AWS_216"],
        bad: r#"resource "aws_cloudfront_distribution" "d" {
  enabled = false
}
"#,
        good: r#"resource "aws_cloudfront_distribution" "d" {
  enabled = true
}
"#,
    },
    {
        id: "aws-cloudfront-no-geo-restriction",
        severity: Low,
        types: ["aws_cloudfront_distribution"],
        service: "cloudfront",
        summary: "A CloudFront distribution without geo restriction",
        why: "Geo restriction limits where content is served, which shrinks the attack surface for region-bound services.",
        fix: "Set `restrictions { geo_restriction { restriction_type = \"whitelist\" locations = [...] } }`",
        message: "no geo restriction",
        when: Or(&[Not(&Has("restrictions")), Eq("restrictions.geo_restriction.restriction_type", "none")]),
        aliases: ["CKV_AWS_374"],
        bad: r#"resource "aws_cloudfront_distribution" "d" {
  enabled = true
  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }
}
"#,
        good: r#"resource "aws_cloudfront_distribution" "d" {
  enabled = true
  restrictions {
    geo_restriction {
      restriction_type = "whitelist"
      locations        = ["DE", "FR"]
    }
  }
}
"#,
    },
    {
        id: "aws-cloudfront-origin-failover",
        severity: Low,
        types: ["aws_cloudfront_distribution"],
        service: "cloudfront",
        summary: "A CloudFront distribution without origin failover",
        why: "Without an origin group, an origin outage is a site outage.",
        fix: "Add an `origin_group` with a failover origin",
        message: "no origin failover group",
        when: Not(&Has("origin_group")),
        aliases: ["CKV_AWS_310"],
        bad: r#"resource "aws_cloudfront_distribution" "d" {
  enabled = true
}
"#,
        good: r#"resource "aws_cloudfront_distribution" "d" {
  enabled = true
  origin_group {
    origin_id = "group"
    failover_criteria {
      status_codes = [500, 502, 503, 504]
    }
    member {
      origin_id = "primary"
    }
    member {
      origin_id = "secondary"
    }
  }
}
"#,
    },
    {
        id: "aws-cloudfront-no-hsts",
        severity: Low,
        types: ["aws_cloudfront_response_headers_policy"],
        service: "cloudfront",
        summary: "A CloudFront response headers policy without Strict-Transport-Security",
        why: "Without HSTS, browsers may still try plain HTTP first, where a network attacker can intercept.",
        fix: "Add `security_headers_config { strict_transport_security { … } }`",
        message: "no HSTS header",
        when: Not(&Has("security_headers_config.strict_transport_security")),
        aliases: ["CKV_AWS_259"],
        bad: r#"resource "aws_cloudfront_response_headers_policy" "p" {
  name = "headers"
  security_headers_config {
    content_type_options {
      override = true
    }
  }
}
"#,
        good: r#"resource "aws_cloudfront_response_headers_policy" "p" {
  name = "headers"
  security_headers_config {
    strict_transport_security {
      access_control_max_age_sec = 31536000
      override                   = true
    }
  }
}
"#,
    },
    {
        id: "aws-alb-public",
        severity: Low,
        types: ["aws_lb", "aws_alb"],
        service: "elb",
        summary: "An internet-facing load balancer",
        why: "An internet-facing load balancer exposes its listeners to everyone; internal services belong behind internal ones.",
        fix: "Set `internal = true` unless the service is meant to be public",
        message: "load balancer is internet-facing",
        when: PUBLIC_ALB,
        aliases: ["AVD-AWS-0053", "AWS-0053"],
        bad: r#"resource "aws_lb" "l" {
  name     = "api"
  internal = false
}
"#,
        good: r#"resource "aws_lb" "l" {
  name     = "api"
  internal = true
}
"#,
    },
    {
        id: "aws-alb-drop-invalid-headers",
        severity: Medium,
        types: ["aws_lb", "aws_alb"],
        service: "elb",
        summary: "An application load balancer forwarding invalid HTTP headers",
        why: "Malformed header names are a vehicle for request smuggling and header-injection attacks on the targets.",
        fix: "Set `drop_invalid_header_fields = true`",
        message: "invalid header fields are not dropped",
        when: And(&[Not(&In("load_balancer_type", &["network", "gateway"])), Not(&True("drop_invalid_header_fields"))]),
        aliases: ["AVD-AWS-0052", "AWS-0052", "CKV_AWS_131"],
        bad: r#"resource "aws_lb" "l" {
  name               = "api"
  load_balancer_type = "application"
}
"#,
        good: r#"resource "aws_lb" "l" {
  name                       = "api"
  load_balancer_type         = "application"
  drop_invalid_header_fields = true
}
"#,
    },
    {
        id: "aws-lb-access-logs",
        severity: Low,
        types: ["aws_lb", "aws_alb", "aws_elb"],
        service: "elb",
        summary: "A load balancer without access logs",
        why: "Access logs record every request and client address; without them, attacks through the load balancer leave no trace.",
        fix: "Set `access_logs { bucket = … enabled = true }`",
        message: "access logging is not enabled",
        when: Or(&[Not(&Has("access_logs")), False("access_logs.enabled"), And(&[Type("aws_elb"), False("access_logs.enabled")])]),
        aliases: ["CKV_AWS_91", "CKV_AWS_92"],
        bad: r#"resource "aws_lb" "l" {
  name = "api"
}
"#,
        good: r#"resource "aws_lb" "l" {
  name = "api"
  access_logs {
    bucket  = "lb-logs"
    enabled = true
  }
}
"#,
    },
    {
        id: "aws-lb-listener-http",
        severity: Medium,
        types: ["aws_lb_listener", "aws_alb_listener"],
        service: "elb",
        summary: "A load balancer listener serving plain HTTP without redirecting to HTTPS",
        why: "An HTTP listener that forwards requests sends credentials, cookies and data unencrypted.",
        fix: "Use `protocol = \"HTTPS\"`, or make the HTTP listener's default action a redirect to HTTPS",
        message: "HTTP listener does not redirect to HTTPS",
        when: And(&[Eq("protocol", "HTTP"), Not(&Any("default_action", &Eq("type", "redirect")))]),
        aliases: ["AVD-AWS-0054", "AWS-0054", "CKV_AWS_2", "CKV2_AWS_20"],
        bad: r#"resource "aws_lb_listener" "l" {
  load_balancer_arn = "arn"
  port              = 80
  protocol          = "HTTP"
  default_action {
    type             = "forward"
    target_group_arn = "tg"
  }
}
"#,
        good: r#"resource "aws_lb_listener" "l" {
  load_balancer_arn = "arn"
  port              = 80
  protocol          = "HTTP"
  default_action {
    type = "redirect"
    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }
}
"#,
    },
    {
        id: "aws-lb-listener-tls-policy",
        severity: Medium,
        types: ["aws_lb_listener", "aws_alb_listener"],
        service: "elb",
        summary: "A load balancer listener with an outdated TLS policy",
        why: "Policies such as `ELBSecurityPolicy-2016-08` accept TLS 1.0/1.1 and weak ciphers.",
        fix: "Set `ssl_policy = \"ELBSecurityPolicy-TLS13-1-2-2021-06\"` (or another TLS 1.2+ policy)",
        message: "outdated TLS policy",
        when: In("ssl_policy", OLD_LB_POLICIES),
        aliases: ["AVD-AWS-0047", "AWS-0047", "CKV_AWS_103", "CKV2_AWS_74"],
        bad: r#"resource "aws_lb_listener" "l" {
  load_balancer_arn = "arn"
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-2016-08"
}
"#,
        good: r#"resource "aws_lb_listener" "l" {
  load_balancer_arn = "arn"
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
}
"#,
    },
    {
        id: "aws-alb-desync-mitigation",
        severity: Low,
        types: ["aws_lb", "aws_alb", "aws_elb"],
        service: "elb",
        summary: "A load balancer in `monitor` desync mitigation mode",
        why: "`monitor` forwards ambiguous requests that enable HTTP request smuggling; `defensive` or `strictest` blocks them.",
        fix: "Set `desync_mitigation_mode = \"defensive\"` (the default) or `strictest`",
        message: "desync mitigation only monitors",
        when: Eq("desync_mitigation_mode", "monitor"),
        aliases: ["CKV_AWS_328"],
        bad: r#"resource "aws_lb" "l" {
  name                   = "api"
  desync_mitigation_mode = "monitor"
}
"#,
        good: r#"resource "aws_lb" "l" {
  name                   = "api"
  desync_mitigation_mode = "defensive"
}
"#,
    },
    {
        id: "aws-lb-cross-zone",
        severity: Low,
        types: ["aws_lb", "aws_elb"],
        service: "elb",
        summary: "A network/gateway or classic load balancer without cross-zone load balancing",
        why: "Without cross-zone balancing, losing the targets of one zone drops that zone's share of traffic.",
        fix: "Set `enable_cross_zone_load_balancing = true` (`cross_zone_load_balancing = true` on classic ELBs)",
        message: "cross-zone load balancing is off",
        when: Or(&[
            And(&[Type("aws_lb"), In("load_balancer_type", &["network", "gateway"]), Not(&True("enable_cross_zone_load_balancing"))]),
            And(&[Type("aws_elb"), False("cross_zone_load_balancing")]),
        ]),
        aliases: ["CKV_AWS_152", "CKV_AWS_138"],
        bad: r#"resource "aws_lb" "l" {
  name               = "tcp"
  load_balancer_type = "network"
}
"#,
        good: r#"resource "aws_lb" "l" {
  name                             = "tcp"
  load_balancer_type               = "network"
  enable_cross_zone_load_balancing = true
}
"#,
    },
    {
        id: "aws-elb-plain-listener",
        severity: Medium,
        types: ["aws_elb"],
        service: "elb",
        summary: "A classic load balancer with an HTTP or TCP listener",
        why: "Plain listeners carry traffic unencrypted between clients and the load balancer.",
        fix: "Use `lb_protocol = \"HTTPS\"` (or `SSL`) with a certificate",
        message: "listener is not HTTPS/SSL",
        when: Any("listener", &In("lb_protocol", &["http", "tcp"])),
        aliases: ["CKV_AWS_376"],
        bad: r#"resource "aws_elb" "e" {
  name = "web"
  listener {
    instance_port     = 8080
    instance_protocol = "http"
    lb_port           = 80
    lb_protocol       = "http"
  }
}
"#,
        good: r#"resource "aws_elb" "e" {
  name = "web"
  listener {
    instance_port      = 8080
    instance_protocol  = "http"
    lb_port            = 443
    lb_protocol        = "https"
    ssl_certificate_id = "arn:aws:acm:eu-west-1:111122223333:certificate/abc"
  }
}
"#,
    },
    {
        id: "aws-lb-target-group-http",
        severity: Low,
        types: ["aws_lb_target_group", "aws_alb_target_group"],
        service: "elb",
        summary: "A load balancer target group using plain HTTP to its targets",
        why: "Traffic between the load balancer and the targets travels unencrypted inside the VPC.",
        fix: "Use `protocol = \"HTTPS\"` with TLS on the targets",
        message: "target group protocol is HTTP",
        when: Eq("protocol", "HTTP"),
        aliases: ["CKV_AWS_378"],
        bad: r#"resource "aws_lb_target_group" "t" {
  name     = "app"
  port     = 80
  protocol = "HTTP"
}
"#,
        good: r#"resource "aws_lb_target_group" "t" {
  name     = "app"
  port     = 443
  protocol = "HTTPS"
}
"#,
    },
    {
        id: "aws-elb-policy-insecure-protocols",
        severity: Medium,
        types: ["aws_load_balancer_policy"],
        service: "elb",
        summary: "A classic load balancer policy enabling SSLv3, TLS 1.0 or TLS 1.1",
        why: "These protocol versions have practical attacks and are deprecated.",
        fix: "Use a predefined policy such as `ELBSecurityPolicy-TLS-1-2-2017-01`, or set the old protocols to false",
        message: "insecure protocol enabled",
        when: Any("policy_attribute", &And(&[In("name", &["Protocol-SSLv3", "Protocol-TLSv1", "Protocol-TLSv1.1"]), Eq("value", "true")])),
        aliases: ["CKV_AWS_213"],
        bad: r#"resource "aws_load_balancer_policy" "p" {
  load_balancer_name = "web"
  policy_name        = "tls"
  policy_type_name   = "SSLNegotiationPolicyType"
  policy_attribute {
    name  = "Protocol-TLSv1"
    value = "true"
  }
}
"#,
        good: r#"resource "aws_load_balancer_policy" "p" {
  load_balancer_name = "web"
  policy_name        = "tls"
  policy_type_name   = "SSLNegotiationPolicyType"
  policy_attribute {
    name  = "Reference-Security-Policy"
    value = "ELBSecurityPolicy-TLS-1-2-2017-01"
  }
}
"#,
    },
    {
        id: "aws-alb-no-waf",
        severity: Low,
        types: ["aws_lb", "aws_alb"],
        service: "elb",
        summary: "A public application load balancer without a WAF web ACL",
        why: "A WAF filters common exploits, bad bots and floods before they reach the application.",
        fix: "Associate a WAFv2 web ACL (`aws_wafv2_web_acl_association` with the load balancer's ARN)",
        message: "no WAF web ACL associated",
        when: And(&[PUBLIC_ALB, Not(&Related { types: &["aws_wafv2_web_acl_association", "aws_wafregional_web_acl_association"], via: "resource_arn", cond: None })]),
        aliases: ["CKV2_AWS_28"],
        bad: r#"resource "aws_lb" "l" {
  name = "api"
}
"#,
        good: r#"resource "aws_lb" "l" {
  name = "api"
}

resource "aws_wafv2_web_acl_association" "w" {
  resource_arn = aws_lb.l.arn
  web_acl_arn  = "arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/api/1"
}
"#,
    },
    {
        id: "aws-waf-logging",
        severity: Low,
        types: ["aws_wafv2_web_acl", "aws_waf_web_acl", "aws_wafregional_web_acl"],
        service: "waf",
        summary: "A WAF web ACL without logging",
        why: "WAF logs show which requests were blocked or allowed and why; without them, attacks and false positives are invisible.",
        fix: "Add an `aws_wafv2_web_acl_logging_configuration` (or `logging_configuration` for classic WAF)",
        message: "web ACL logging is not configured",
        when: And(&[
            Not(&Has("logging_configuration")),
            Not(&Related { types: &["aws_wafv2_web_acl_logging_configuration"], via: "resource_arn", cond: None }),
        ]),
        aliases: ["CKV2_AWS_31", "CKV_AWS_176"],
        bad: r#"resource "aws_wafv2_web_acl" "a" {
  name  = "edge"
  scope = "REGIONAL"
}
"#,
        good: r#"resource "aws_wafv2_web_acl" "a" {
  name  = "edge"
  scope = "REGIONAL"
}

resource "aws_wafv2_web_acl_logging_configuration" "l" {
  resource_arn            = aws_wafv2_web_acl.a.arn
  log_destination_configs = ["arn:aws:firehose:eu-west-1:111122223333:deliverystream/aws-waf-logs"]
}
"#,
    },
    {
        id: "aws-waf-no-log4j-rules",
        severity: Medium,
        types: ["aws_wafv2_web_acl"],
        service: "waf",
        summary: "A WAFv2 web ACL without the known-bad-inputs managed rules (Log4Shell)",
        why: "`AWSManagedRulesKnownBadInputsRuleSet` blocks request patterns of known exploits such as Log4Shell (CVE-2021-44228).",
        fix: "Add a rule with `managed_rule_group_statement { name = \"AWSManagedRulesKnownBadInputsRuleSet\" vendor_name = \"AWS\" }`",
        message: "known-bad-inputs managed rule group is missing",
        when: Not(&Any("rule", &Or(&[
            Eq("statement.managed_rule_group_statement.name", "AWSManagedRulesKnownBadInputsRuleSet"),
            Eq("statement.managed_rule_group_statement.name", "AWSManagedRulesAnonymousIpList"),
        ]))),
        aliases: ["CKV_AWS_192", "CKV2_AWS_47", "CKV2_AWS_76", "CKV2_AWS_77"],
        bad: r#"resource "aws_wafv2_web_acl" "a" {
  name  = "edge"
  scope = "REGIONAL"
}
"#,
        good: r#"resource "aws_wafv2_web_acl" "a" {
  name  = "edge"
  scope = "REGIONAL"
  rule {
    name     = "bad-inputs"
    priority = 1
    override_action {
      none {}
    }
    statement {
      managed_rule_group_statement {
        name        = "AWSManagedRulesKnownBadInputsRuleSet"
        vendor_name = "AWS"
      }
    }
  }
}
"#,
    },
    {
        id: "aws-sns-unencrypted",
        severity: Medium,
        types: ["aws_sns_topic"],
        service: "sns",
        summary: "An SNS topic without server-side encryption",
        why: "Messages are stored unencrypted while SNS delivers them.",
        fix: "Set `kms_master_key_id`",
        message: "topic is not encrypted",
        when: Not(&Set("kms_master_key_id")),
        aliases: ["AVD-AWS-0095", "AWS-0095", "CKV_AWS_26"],
        bad: r#"resource "aws_sns_topic" "t" {
  name = "events"
}
"#,
        good: r#"resource "aws_sns_topic" "t" {
  name              = "events"
  kms_master_key_id = "alias/events"
}
"#,
    },
    {
        id: "aws-sns-aws-managed-key",
        severity: Low,
        types: ["aws_sns_topic"],
        service: "sns",
        summary: "An SNS topic encrypted with the AWS-managed key",
        why: "The AWS-managed `alias/aws/sns` key cannot be restricted or shared, so publishers from other services or accounts cannot be granted use of it.",
        fix: "Use a customer-managed key in `kms_master_key_id`",
        message: "topic uses alias/aws/sns",
        when: Eq("kms_master_key_id", "alias/aws/sns"),
        aliases: ["AVD-AWS-0136", "AWS-0136"],
        bad: r#"resource "aws_sns_topic" "t" {
  name              = "events"
  kms_master_key_id = "alias/aws/sns"
}
"#,
        good: r#"resource "aws_sns_topic" "t" {
  name              = "events"
  kms_master_key_id = "alias/events"
}
"#,
    },
    {
        id: "aws-sqs-unencrypted",
        severity: Medium,
        types: ["aws_sqs_queue"],
        service: "sqs",
        summary: "An SQS queue with server-side encryption switched off",
        why: "Messages at rest in the queue are stored unencrypted.",
        note: "New queues have been encrypted with SQS-managed keys (SSE-SQS) by default since October 2022; only an explicit `sqs_managed_sse_enabled = false` without a KMS key is reported.",
        fix: "Remove `sqs_managed_sse_enabled = false`, or set `kms_master_key_id`",
        message: "queue encryption is disabled",
        when: And(&[False("sqs_managed_sse_enabled"), Not(&Set("kms_master_key_id"))]),
        aliases: ["AVD-AWS-0096", "AWS-0096", "CKV_AWS_27"],
        bad: r#"resource "aws_sqs_queue" "q" {
  name                    = "jobs"
  sqs_managed_sse_enabled = false
}
"#,
        good: r#"resource "aws_sqs_queue" "q" {
  name                    = "jobs"
  sqs_managed_sse_enabled = true
}
"#,
    },
    {
        id: "aws-sqs-no-cmk",
        severity: Low,
        types: ["aws_sqs_queue"],
        service: "sqs",
        summary: "An SQS queue not encrypted with a customer-managed key",
        why: "SQS-managed and AWS-managed keys cannot be restricted or audited separately; a customer-managed key can.",
        fix: "Set `kms_master_key_id` to a customer-managed key",
        message: "queue is not encrypted with a customer-managed KMS key",
        when: Or(&[Not(&Set("kms_master_key_id")), Eq("kms_master_key_id", "alias/aws/sqs")]),
        aliases: ["AVD-AWS-0135", "AWS-0135"],
        bad: r#"resource "aws_sqs_queue" "q" {
  name = "jobs"
}
"#,
        good: r#"resource "aws_sqs_queue" "q" {
  name              = "jobs"
  kms_master_key_id = "alias/jobs"
}
"#,
    },
    {
        id: "aws-secret-no-cmk",
        severity: Low,
        types: ["aws_secretsmanager_secret"],
        service: "secretsmanager",
        summary: "A Secrets Manager secret not encrypted with a customer-managed key",
        why: "With the default key, anyone with `secretsmanager:GetSecretValue` can read it; a customer-managed key adds a second, separately audited permission.",
        fix: "Set `kms_key_id`",
        message: "secret is not encrypted with a customer-managed KMS key",
        when: Not(&Set("kms_key_id")),
        aliases: ["AVD-AWS-0098", "AWS-0098", "CKV_AWS_149"],
        bad: r#"resource "aws_secretsmanager_secret" "s" {
  name = "db"
}
"#,
        good: r#"resource "aws_secretsmanager_secret" "s" {
  name       = "db"
  kms_key_id = "arn:aws:kms:eu-west-1:111122223333:key/abc"
}
"#,
    },
    {
        id: "aws-secret-no-rotation",
        severity: Low,
        types: ["aws_secretsmanager_secret"],
        service: "secretsmanager",
        summary: "A Secrets Manager secret without automatic rotation",
        why: "A secret that never rotates stays valid for as long as a leaked copy exists.",
        fix: "Add an `aws_secretsmanager_secret_rotation` with a rotation Lambda and schedule",
        message: "secret is not rotated automatically",
        when: Not(&Related { types: &["aws_secretsmanager_secret_rotation"], via: "secret_id", cond: None }),
        aliases: ["CKV2_AWS_57"],
        bad: r#"resource "aws_secretsmanager_secret" "s" {
  name = "db"
}
"#,
        good: r#"resource "aws_secretsmanager_secret" "s" {
  name = "db"
}

resource "aws_secretsmanager_secret_rotation" "r" {
  secret_id           = aws_secretsmanager_secret.s.id
  rotation_lambda_arn = "arn:aws:lambda:eu-west-1:111122223333:function:rotate"
  rotation_rules {
    automatically_after_days = 30
  }
}
"#,
    },
    {
        id: "aws-secret-rotation-too-slow",
        severity: Low,
        types: ["aws_secretsmanager_secret_rotation"],
        service: "secretsmanager",
        summary: "A secret rotated less often than every 90 days",
        why: "Long rotation intervals keep leaked credentials valid for months.",
        fix: "Set `rotation_rules { automatically_after_days = 90 }` or less",
        message: "rotation interval exceeds 90 days",
        when: Gt("rotation_rules.automatically_after_days", 90.0),
        aliases: ["CKV_AWS_304"],
        bad: r#"resource "aws_secretsmanager_secret_rotation" "r" {
  secret_id = "db"
  rotation_rules {
    automatically_after_days = 365
  }
}
"#,
        good: r#"resource "aws_secretsmanager_secret_rotation" "r" {
  secret_id = "db"
  rotation_rules {
    automatically_after_days = 30
  }
}
"#,
    },
    {
        id: "aws-ssm-parameter-no-cmk",
        severity: Low,
        types: ["aws_ssm_parameter"],
        service: "ssm",
        summary: "A SecureString parameter encrypted with the AWS-managed key",
        why: "With `alias/aws/ssm`, anyone with `ssm:GetParameter` can decrypt; a customer-managed key adds a separately audited permission.",
        fix: "Set `key_id` to a customer-managed key",
        message: "SecureString uses the AWS-managed key",
        when: And(&[Eq("type", "SecureString"), Or(&[Not(&Set("key_id")), Eq("key_id", "alias/aws/ssm")])]),
        aliases: ["CKV_AWS_337"],
        bad: r#"resource "aws_ssm_parameter" "p" {
  name  = "/app/db"
  type  = "SecureString"
  value = var.db_password
}
"#,
        good: r#"resource "aws_ssm_parameter" "p" {
  name   = "/app/db"
  type   = "SecureString"
  value  = var.db_password
  key_id = "alias/app"
}
"#,
    },
    {
        id: "aws-codebuild-artifacts-unencrypted",
        severity: Medium,
        types: ["aws_codebuild_project"],
        service: "codebuild",
        summary: "A CodeBuild project with artifact encryption disabled",
        why: "Build artifacts (binaries, packages, sometimes secrets) are stored unencrypted in S3.",
        fix: "Remove `encryption_disabled = true` from `artifacts` and `secondary_artifacts`",
        message: "artifact encryption is disabled",
        when: Or(&[True("artifacts.encryption_disabled"), Any("secondary_artifacts", &True("encryption_disabled"))]),
        aliases: ["AVD-AWS-0018", "AWS-0018", "CKV_AWS_78"],
        bad: r#"resource "aws_codebuild_project" "p" {
  name = "build"
  artifacts {
    type                = "S3"
    encryption_disabled = true
  }
}
"#,
        good: r#"resource "aws_codebuild_project" "p" {
  name = "build"
  artifacts {
    type                = "S3"
    encryption_disabled = false
  }
}
"#,
    },
    {
        id: "aws-codebuild-privileged",
        severity: Medium,
        types: ["aws_codebuild_project"],
        service: "codebuild",
        summary: "A CodeBuild project running builds in privileged mode",
        why: "Privileged mode gives build containers root on the build host, so a malicious dependency or pull request can escape the container.",
        fix: "Set `privileged_mode = false` unless the build needs Docker-in-Docker",
        message: "builds run privileged",
        when: True("environment.privileged_mode"),
        aliases: ["CKV_AWS_316"],
        bad: r#"resource "aws_codebuild_project" "p" {
  name = "build"
  environment {
    image           = "aws/codebuild/standard:7.0"
    privileged_mode = true
  }
}
"#,
        good: r#"resource "aws_codebuild_project" "p" {
  name = "build"
  environment {
    image           = "aws/codebuild/standard:7.0"
    privileged_mode = false
  }
}
"#,
    },
    {
        id: "aws-no-cmk",
        severity: Low,
        types: [
            "aws_codebuild_project", "aws_codeartifact_domain", "aws_codepipeline", "aws_fsx_ontap_file_system",
            "aws_fsx_windows_file_system", "aws_fsx_lustre_file_system", "aws_fsx_openzfs_file_system",
            "aws_imagebuilder_component", "aws_imagebuilder_distribution_configuration", "aws_sagemaker_domain",
            "aws_sagemaker_notebook_instance", "aws_sagemaker_endpoint_configuration", "aws_dms_replication_instance",
            "aws_dms_endpoint", "aws_dms_s3_endpoint", "aws_scheduler_schedule", "aws_appflow_flow",
            "aws_appflow_connector_profile", "aws_comprehend_entity_recognizer", "aws_connect_instance_storage_config",
            "aws_codegurureviewer_repository_association", "aws_kendra_index", "aws_bedrockagent_agent",
            "aws_networkfirewall_firewall", "aws_networkfirewall_rule_group", "aws_networkfirewall_firewall_policy"
        ],
        service: "kms",
        summary: "A resource not encrypted with a customer-managed KMS key",
        why: "AWS-owned and AWS-managed keys cannot be restricted, shared or audited separately; a customer-managed key lets you decide and see who can decrypt the data.",
        fix: "Set the resource's KMS key attribute (`encryption_key`, `kms_key_id`, `kms_key_arn`, `encryption_configuration` …) to a customer-managed key",
        message: "not encrypted with a customer-managed KMS key",
        when: Or(&[
            And(&[Type("aws_codebuild_project"), Not(&Set("encryption_key"))]),
            And(&[Type("aws_codeartifact_domain"), Not(&Set("encryption_key"))]),
            And(&[Type("aws_codepipeline"), Not(&Set("artifact_store.encryption_key.id"))]),
            And(&[Or(&[Type("aws_fsx_ontap_file_system"), Type("aws_fsx_windows_file_system"), Type("aws_fsx_lustre_file_system"), Type("aws_fsx_openzfs_file_system"), Type("aws_imagebuilder_component"), Type("aws_sagemaker_domain"), Type("aws_sagemaker_notebook_instance")]), Not(&Set("kms_key_id"))]),
            And(&[Type("aws_imagebuilder_distribution_configuration"), Any("distribution", &Not(&Set("ami_distribution_configuration.kms_key_id")))]),
            And(&[Or(&[Type("aws_sagemaker_endpoint_configuration"), Type("aws_dms_replication_instance"), And(&[Type("aws_dms_endpoint"), Not(&Eq("engine_name", "s3"))]), Type("aws_dms_s3_endpoint"), Type("aws_scheduler_schedule"), Type("aws_comprehend_entity_recognizer")]), Not(&Set("kms_key_arn")), Not(&Set("model_kms_key_id"))]),
            And(&[Type("aws_appflow_flow"), Not(&Set("kms_arn"))]),
            And(&[Type("aws_appflow_connector_profile"), Not(&Set("kms_arn"))]),
            And(&[Type("aws_connect_instance_storage_config"), Has("storage_config.s3_config"), Not(&Set("storage_config.s3_config.encryption_config.key_id"))]),
            And(&[Type("aws_codegurureviewer_repository_association"), Not(&Eq("kms_key_details.encryption_option", "CUSTOMER_MANAGED_CMK"))]),
            And(&[Type("aws_kendra_index"), Not(&Set("server_side_encryption_configuration.kms_key_id"))]),
            And(&[Type("aws_bedrockagent_agent"), Not(&Set("customer_encryption_key_arn"))]),
            And(&[Or(&[Type("aws_networkfirewall_firewall"), Type("aws_networkfirewall_rule_group"), Type("aws_networkfirewall_firewall_policy")]), Not(&Eq("encryption_configuration.type", "CUSTOMER_KMS"))]),
        ]),
        aliases: [
            "CKV_AWS_147", "CKV_AWS_221", "CKV_AWS_219", "CKV_AWS_178", "CKV_AWS_179", "CKV_AWS_190", "CKV_AWS_203",
            "CKV_AWS_180", "CKV_AWS_199", "CKV_AWS_187", "CKV_AWS_22", "CKV_AWS_98", "CKV_AWS_212", "CKV_AWS_296",
            "CKV_AWS_298", "CKV_AWS_297", "CKV_AWS_263", "CKV_AWS_264", "CKV_AWS_267", "CKV_AWS_270", "CKV_AWS_381",
            "CKV_AWS_262", "CKV_AWS_373", "CKV_AWS_345", "CKV_AWS_346"
        ],
        bad: r#"resource "aws_codebuild_project" "p" {
  name = "build"
}
"#,
        good: r#"resource "aws_codebuild_project" "p" {
  name           = "build"
  encryption_key = "arn:aws:kms:eu-west-1:111122223333:key/abc"
}
"#,
    },
    {
        id: "aws-workspaces-root-volume-unencrypted",
        severity: Medium,
        types: ["aws_workspaces_workspace"],
        service: "workspaces",
        summary: "A WorkSpace with an unencrypted root volume",
        why: "Desktop volumes hold users' files and cached credentials; unencrypted they are readable from snapshots.",
        fix: "Set `root_volume_encryption_enabled = true` and `user_volume_encryption_enabled = true` with a `volume_encryption_key`",
        message: "root volume is not encrypted",
        when: Not(&True("root_volume_encryption_enabled")),
        aliases: ["AVD-AWS-0109", "AWS-0109", "CKV_AWS_156"],
        bad: r#"resource "aws_workspaces_workspace" "w" {
  directory_id = "d-123"
  bundle_id    = "wsb-123"
  user_name    = "alice"
}
"#,
        good: r#"resource "aws_workspaces_workspace" "w" {
  directory_id                   = "d-123"
  bundle_id                      = "wsb-123"
  user_name                      = "alice"
  root_volume_encryption_enabled = true
  user_volume_encryption_enabled = true
  volume_encryption_key          = "alias/workspaces"
}
"#,
    },
    {
        id: "aws-workspaces-user-volume-unencrypted",
        severity: Medium,
        types: ["aws_workspaces_workspace"],
        service: "workspaces",
        summary: "A WorkSpace with an unencrypted user volume",
        why: "Desktop volumes hold users' files and cached credentials; unencrypted they are readable from snapshots.",
        fix: "Set `root_volume_encryption_enabled = true` and `user_volume_encryption_enabled = true` with a `volume_encryption_key`",
        message: "user volume is not encrypted",
        when: Not(&True("user_volume_encryption_enabled")),
        aliases: ["AVD-AWS-0109", "AWS-0109", "CKV_AWS_155"],
        bad: r#"resource "aws_workspaces_workspace" "w" {
  directory_id = "d-123"
  bundle_id    = "wsb-123"
  user_name    = "alice"
}
"#,
        good: r#"resource "aws_workspaces_workspace" "w" {
  directory_id                   = "d-123"
  bundle_id                      = "wsb-123"
  user_name                      = "alice"
  root_volume_encryption_enabled = true
  user_volume_encryption_enabled = true
  volume_encryption_key          = "alias/workspaces"
}
"#,
    },
    {
        id: "aws-transfer-public",
        severity: Medium,
        types: ["aws_transfer_server"],
        service: "transfer",
        summary: "A Transfer Family server with a public endpoint",
        why: "A public SFTP/FTPS endpoint is exposed to credential attacks from the whole internet.",
        fix: "Use `endpoint_type = \"VPC\"` with security groups",
        message: "server endpoint is public",
        when: Or(&[Not(&Set("endpoint_type")), Eq("endpoint_type", "PUBLIC")]),
        aliases: ["CKV_AWS_164"],
        bad: r#"resource "aws_transfer_server" "s" {
  endpoint_type = "PUBLIC"
}
"#,
        good: r#"resource "aws_transfer_server" "s" {
  endpoint_type = "VPC"
}
"#,
    },
    {
        id: "aws-transfer-insecure-protocol",
        severity: Medium,
        types: ["aws_transfer_server"],
        service: "transfer",
        summary: "A Transfer Family server accepting plain FTP",
        why: "FTP sends credentials and files unencrypted.",
        fix: "Use only `SFTP` and `FTPS` in `protocols`",
        message: "server accepts FTP",
        when: Contains("protocols", "FTP"),
        aliases: ["CKV_AWS_357"],
        bad: r#"resource "aws_transfer_server" "s" {
  endpoint_type = "VPC"
  protocols     = ["FTP"]
}
"#,
        good: r#"resource "aws_transfer_server" "s" {
  endpoint_type = "VPC"
  protocols     = ["SFTP"]
}
"#,
    },
    {
        id: "aws-sagemaker-notebook-internet",
        severity: Medium,
        types: ["aws_sagemaker_notebook_instance"],
        service: "sagemaker",
        summary: "A SageMaker notebook with direct internet access",
        why: "Notebooks hold data and credentials; direct internet access, root in the notebook or running outside your VPC bypass network controls.",
        fix: "Set `direct_internet_access = \"Disabled\"`, `root_access = \"Disabled\"` and a `subnet_id`",
        message: "notebook has direct internet access",
        when: Not(&Eq("direct_internet_access", "Disabled")),
        aliases: ["CKV_AWS_122"],
        bad: r#"resource "aws_sagemaker_notebook_instance" "n" {
  name          = "nb"
  role_arn      = "arn:aws:iam::111122223333:role/sm"
  instance_type = "ml.t3.medium"
}
"#,
        good: r#"resource "aws_sagemaker_notebook_instance" "n" {
  name                   = "nb"
  role_arn               = "arn:aws:iam::111122223333:role/sm"
  instance_type          = "ml.t3.medium"
  subnet_id              = "subnet-123"
  direct_internet_access = "Disabled"
  root_access            = "Disabled"
}
"#,
    },
    {
        id: "aws-sagemaker-notebook-root",
        severity: Medium,
        types: ["aws_sagemaker_notebook_instance"],
        service: "sagemaker",
        summary: "A SageMaker notebook with root access",
        why: "Notebooks hold data and credentials; direct internet access, root in the notebook or running outside your VPC bypass network controls.",
        fix: "Set `direct_internet_access = \"Disabled\"`, `root_access = \"Disabled\"` and a `subnet_id`",
        message: "root access is enabled",
        when: Not(&Eq("root_access", "Disabled")),
        aliases: ["CKV_AWS_307"],
        bad: r#"resource "aws_sagemaker_notebook_instance" "n" {
  name          = "nb"
  role_arn      = "arn:aws:iam::111122223333:role/sm"
  instance_type = "ml.t3.medium"
}
"#,
        good: r#"resource "aws_sagemaker_notebook_instance" "n" {
  name                   = "nb"
  role_arn               = "arn:aws:iam::111122223333:role/sm"
  instance_type          = "ml.t3.medium"
  subnet_id              = "subnet-123"
  direct_internet_access = "Disabled"
  root_access            = "Disabled"
}
"#,
    },
    {
        id: "aws-sagemaker-notebook-no-vpc",
        severity: Medium,
        types: ["aws_sagemaker_notebook_instance"],
        service: "sagemaker",
        summary: "A SageMaker notebook outside a custom VPC",
        why: "Notebooks hold data and credentials; direct internet access, root in the notebook or running outside your VPC bypass network controls.",
        fix: "Set `direct_internet_access = \"Disabled\"`, `root_access = \"Disabled\"` and a `subnet_id`",
        message: "notebook is not in a VPC subnet",
        when: Not(&Set("subnet_id")),
        aliases: ["CKV_AWS_306"],
        bad: r#"resource "aws_sagemaker_notebook_instance" "n" {
  name          = "nb"
  role_arn      = "arn:aws:iam::111122223333:role/sm"
  instance_type = "ml.t3.medium"
}
"#,
        good: r#"resource "aws_sagemaker_notebook_instance" "n" {
  name                   = "nb"
  role_arn               = "arn:aws:iam::111122223333:role/sm"
  instance_type          = "ml.t3.medium"
  subnet_id              = "subnet-123"
  direct_internet_access = "Disabled"
  root_access            = "Disabled"
}
"#,
    },
    {
        id: "aws-sagemaker-notebook-imdsv1",
        severity: Medium,
        types: ["aws_sagemaker_notebook_instance"],
        service: "sagemaker",
        summary: "A SageMaker notebook allowing IMDSv1",
        why: "IMDSv1 lets SSRF in notebook code read the notebook role's credentials.",
        fix: "Set `instance_metadata_service_configuration { minimum_instance_metadata_service_version = \"2\" }`",
        message: "IMDSv1 is allowed",
        when: Not(&Eq("instance_metadata_service_configuration.minimum_instance_metadata_service_version", "2")),
        aliases: ["CKV_AWS_371"],
        bad: r#"resource "aws_sagemaker_notebook_instance" "n" {
  name = "nb"
}
"#,
        good: r#"resource "aws_sagemaker_notebook_instance" "n" {
  name = "nb"
  instance_metadata_service_configuration {
    minimum_instance_metadata_service_version = "2"
  }
}
"#,
    },
    {
        id: "aws-emr-at-rest-encryption",
        severity: Medium,
        types: ["aws_emr_security_configuration"],
        service: "emr",
        summary: "An EMR security configuration without at-rest encryption",
        why: "Without it, data on cluster disks and in EMRFS on S3 is stored unencrypted.",
        fix: "Set `EnableAtRestEncryption: true` with S3 and local-disk encryption configurations",
        message: "at-rest encryption is not enabled",
        when: Code(emr_at_rest),
        aliases: ["AVD-AWS-0137", "AWS-0137", "CKV_AWS_171"],
        bad: r#"resource "aws_emr_security_configuration" "c" {
  name          = "c"
  configuration = jsonencode({ EncryptionConfiguration = { EnableAtRestEncryption = false, EnableInTransitEncryption = true } })
}
"#,
        good: r#"resource "aws_emr_security_configuration" "c" {
  name          = "c"
  configuration = jsonencode({ EncryptionConfiguration = { EnableAtRestEncryption = true, EnableInTransitEncryption = true } })
}
"#,
    },
    {
        id: "aws-emr-in-transit-encryption",
        severity: Medium,
        types: ["aws_emr_security_configuration"],
        service: "emr",
        summary: "An EMR security configuration without in-transit encryption",
        why: "Without it, data moves between cluster nodes and to S3 in plaintext.",
        fix: "Set `EnableInTransitEncryption: true` with a TLS certificate provider",
        message: "in-transit encryption is not enabled",
        when: Code(emr_in_transit),
        aliases: ["AVD-AWS-0138", "AWS-0138", "CKV_AWS_351"],
        bad: r#"resource "aws_emr_security_configuration" "c" {
  name          = "c"
  configuration = jsonencode({ EncryptionConfiguration = { EnableAtRestEncryption = true, EnableInTransitEncryption = false } })
}
"#,
        good: r#"resource "aws_emr_security_configuration" "c" {
  name          = "c"
  configuration = jsonencode({ EncryptionConfiguration = { EnableAtRestEncryption = true, EnableInTransitEncryption = true } })
}
"#,
    },
    {
        id: "aws-emr-local-disk-encryption",
        severity: Low,
        types: ["aws_emr_security_configuration"],
        service: "emr",
        summary: "An EMR security configuration without local-disk encryption",
        why: "Local disks hold shuffle data and HDFS blocks; without local-disk encryption they are plaintext.",
        fix: "Add `LocalDiskEncryptionConfiguration` (with `EnableEbsEncryption`) to the at-rest configuration",
        message: "local disks are not encrypted",
        when: Code(emr_local_disk),
        aliases: ["CKV_AWS_349", "CKV_AWS_350"],
        bad: r#"resource "aws_emr_security_configuration" "c" {
  name          = "c"
  configuration = jsonencode({ EncryptionConfiguration = { EnableAtRestEncryption = true, EnableInTransitEncryption = true, AtRestEncryptionConfiguration = { S3EncryptionConfiguration = { EncryptionMode = "SSE-S3" } } } })
}
"#,
        good: r#"resource "aws_emr_security_configuration" "c" {
  name          = "c"
  configuration = jsonencode({ EncryptionConfiguration = { EnableAtRestEncryption = true, EnableInTransitEncryption = true, AtRestEncryptionConfiguration = { S3EncryptionConfiguration = { EncryptionMode = "SSE-S3" }, LocalDiskEncryptionConfiguration = { EncryptionKeyProviderType = "AwsKms", AwsKmsKey = "arn", EnableEbsEncryption = true } } } })
}
"#,
    },
    {
        id: "aws-emr-no-security-configuration",
        severity: Medium,
        types: ["aws_emr_cluster"],
        service: "emr",
        summary: "An EMR cluster without a security configuration",
        why: "Without a security configuration, the cluster runs without encryption and Kerberos settings.",
        fix: "Set `security_configuration`",
        message: "no security configuration",
        when: Not(&Set("security_configuration")),
        aliases: ["CKV2_AWS_55"],
        bad: r#"resource "aws_emr_cluster" "c" {
  name          = "spark"
  release_label = "emr-7.0.0"
}
"#,
        good: r#"resource "aws_emr_cluster" "c" {
  name                   = "spark"
  release_label          = "emr-7.0.0"
  security_configuration = "encrypted"
}
"#,
    },
    {
        id: "aws-cognito-unauthenticated-identities",
        severity: Medium,
        types: ["aws_cognito_identity_pool"],
        service: "cognito",
        summary: "A Cognito identity pool that hands out credentials to unauthenticated users",
        why: "Guest identities get AWS credentials of the unauthenticated role, without any login.",
        fix: "Set `allow_unauthenticated_identities = false`",
        message: "unauthenticated identities are allowed",
        when: True("allow_unauthenticated_identities"),
        aliases: ["CKV_AWS_366"],
        bad: r#"resource "aws_cognito_identity_pool" "p" {
  identity_pool_name               = "app"
  allow_unauthenticated_identities = true
}
"#,
        good: r#"resource "aws_cognito_identity_pool" "p" {
  identity_pool_name               = "app"
  allow_unauthenticated_identities = false
}
"#,
    },
    {
        id: "aws-appsync-logging",
        severity: Low,
        types: ["aws_appsync_graphql_api"],
        service: "appsync",
        summary: "An AppSync API without field-level logging",
        why: "Without logs, resolver errors and abusive queries are invisible.",
        fix: "Set `log_config { field_log_level = \"ERROR\" cloudwatch_logs_role_arn = … }`",
        message: "logging is not configured",
        when: Or(&[Not(&Has("log_config")), Eq("log_config.field_log_level", "NONE")]),
        aliases: ["CKV_AWS_193", "CKV_AWS_194"],
        bad: r#"resource "aws_appsync_graphql_api" "a" {
  name                = "api"
  authentication_type = "AWS_IAM"
}
"#,
        good: r#"resource "aws_appsync_graphql_api" "a" {
  name                = "api"
  authentication_type = "AWS_IAM"
  log_config {
    cloudwatch_logs_role_arn = "arn:aws:iam::111122223333:role/appsync"
    field_log_level          = "ERROR"
  }
}
"#,
    },
    {
        id: "aws-mwaa-scheduler-logs",
        severity: Low,
        types: ["aws_mwaa_environment"],
        service: "mwaa",
        summary: "An MWAA environment without scheduler logs",
        why: "Airflow logs record DAG runs and web UI access; without them, failures and misuse are invisible.",
        fix: "Enable `scheduler_logs` in `logging_configuration`",
        message: "scheduler logs are not enabled",
        when: Not(&True("logging_configuration.scheduler_logs.enabled")),
        aliases: ["CKV_AWS_242"],
        bad: r#"resource "aws_mwaa_environment" "e" {
  name = "airflow"
}
"#,
        good: r#"resource "aws_mwaa_environment" "e" {
  name = "airflow"
  logging_configuration {
    scheduler_logs {
      enabled = true
    }
    worker_logs {
      enabled = true
    }
    webserver_logs {
      enabled = true
    }
  }
}
"#,
    },
    {
        id: "aws-mwaa-worker-logs",
        severity: Low,
        types: ["aws_mwaa_environment"],
        service: "mwaa",
        summary: "An MWAA environment without worker logs",
        why: "Airflow logs record DAG runs and web UI access; without them, failures and misuse are invisible.",
        fix: "Enable `worker_logs` in `logging_configuration`",
        message: "worker logs are not enabled",
        when: Not(&True("logging_configuration.worker_logs.enabled")),
        aliases: ["CKV_AWS_243"],
        bad: r#"resource "aws_mwaa_environment" "e" {
  name = "airflow"
}
"#,
        good: r#"resource "aws_mwaa_environment" "e" {
  name = "airflow"
  logging_configuration {
    scheduler_logs {
      enabled = true
    }
    worker_logs {
      enabled = true
    }
    webserver_logs {
      enabled = true
    }
  }
}
"#,
    },
    {
        id: "aws-mwaa-webserver-logs",
        severity: Low,
        types: ["aws_mwaa_environment"],
        service: "mwaa",
        summary: "An MWAA environment without webserver logs",
        why: "Airflow logs record DAG runs and web UI access; without them, failures and misuse are invisible.",
        fix: "Enable `webserver_logs` in `logging_configuration`",
        message: "webserver logs are not enabled",
        when: Not(&True("logging_configuration.webserver_logs.enabled")),
        aliases: ["CKV_AWS_244"],
        bad: r#"resource "aws_mwaa_environment" "e" {
  name = "airflow"
}
"#,
        good: r#"resource "aws_mwaa_environment" "e" {
  name = "airflow"
  logging_configuration {
    scheduler_logs {
      enabled = true
    }
    worker_logs {
      enabled = true
    }
    webserver_logs {
      enabled = true
    }
  }
}
"#,
    },
    {
        id: "aws-mwaa-public",
        severity: Medium,
        types: ["aws_mwaa_environment"],
        service: "mwaa",
        summary: "An MWAA environment with a public web server",
        why: "A public Airflow UI is exposed to credential attacks and UI vulnerabilities.",
        fix: "Set `webserver_access_mode = \"PRIVATE_ONLY\"`",
        message: "web server is public",
        when: Eq("webserver_access_mode", "PUBLIC_ONLY"),
        aliases: ["CKV2_AWS_66"],
        bad: r#"resource "aws_mwaa_environment" "e" {
  name                  = "airflow"
  webserver_access_mode = "PUBLIC_ONLY"
}
"#,
        good: r#"resource "aws_mwaa_environment" "e" {
  name                  = "airflow"
  webserver_access_mode = "PRIVATE_ONLY"
}
"#,
    },
    {
        id: "aws-sfn-logging",
        severity: Low,
        types: ["aws_sfn_state_machine"],
        service: "stepfunctions",
        summary: "A Step Functions state machine without execution logging",
        why: "Without execution history logs, failed or abused workflow runs cannot be investigated after the fact.",
        fix: "Set `logging_configuration { level = \"ALL\" include_execution_data = true log_destination = … }`",
        message: "execution logging is off",
        when: Or(&[Not(&Has("logging_configuration")), Eq("logging_configuration.level", "OFF")]),
        aliases: ["CKV_AWS_285"],
        bad: r#"resource "aws_sfn_state_machine" "s" {
  name       = "flow"
  role_arn   = "arn:aws:iam::111122223333:role/sfn"
  definition = "{}"
}
"#,
        good: r#"resource "aws_sfn_state_machine" "s" {
  name       = "flow"
  role_arn   = "arn:aws:iam::111122223333:role/sfn"
  definition = "{}"
  logging_configuration {
    level           = "ALL"
    log_destination = "arn:aws:logs:eu-west-1:111122223333:log-group:sfn:*"
  }
}
"#,
    },
    {
        id: "aws-dms-public",
        severity: High,
        types: ["aws_dms_replication_instance"],
        service: "dms",
        summary: "A publicly accessible DMS replication instance",
        why: "A public replication instance exposes a host that holds credentials to both source and target databases.",
        fix: "Set `publicly_accessible = false`",
        message: "replication instance is publicly accessible",
        when: True("publicly_accessible"),
        aliases: ["CKV_AWS_89"],
        bad: r#"resource "aws_dms_replication_instance" "r" {
  replication_instance_id = "dms"
  publicly_accessible     = true
}
"#,
        good: r#"resource "aws_dms_replication_instance" "r" {
  replication_instance_id = "dms"
  publicly_accessible     = false
}
"#,
    },
    {
        id: "aws-ses-tls-not-required",
        severity: Low,
        types: ["aws_ses_configuration_set"],
        service: "ses",
        summary: "An SES configuration set that does not require TLS",
        why: "With `Optional`, mail may be delivered to receiving servers without encryption.",
        fix: "Set `delivery_options { tls_policy = \"Require\" }`",
        message: "TLS is not required for delivery",
        when: Not(&Eq("delivery_options.tls_policy", "Require")),
        aliases: ["CKV_AWS_365"],
        bad: r#"resource "aws_ses_configuration_set" "c" {
  name = "mail"
}
"#,
        good: r#"resource "aws_ses_configuration_set" "c" {
  name = "mail"
  delivery_options {
    tls_policy = "Require"
  }
}
"#,
    },
    {
        id: "aws-elastic-beanstalk-health",
        severity: Low,
        types: ["aws_elastic_beanstalk_environment"],
        service: "elasticbeanstalk",
        summary: "An Elastic Beanstalk environment switched to basic health reporting",
        why: "Enhanced health reporting surfaces failing instances and requests (and can stream health to CloudWatch Logs); basic reporting only sees the load balancer's check.",
        note: "Enhanced health is the default for environments on current platform versions, so only an explicit `SystemType = basic` (or health streaming switched off) is reported.",
        fix: "Remove the `basic` setting or set `aws:elasticbeanstalk:healthreporting:system` `SystemType = enhanced`",
        message: "health reporting is basic, or health streaming is off",
        when: Any("setting", &And(&[
            Eq("namespace", "aws:elasticbeanstalk:healthreporting:system"),
            Or(&[And(&[Eq("name", "SystemType"), Eq("value", "basic")]), And(&[Eq("name", "HealthStreamingEnabled"), Eq("value", "false")])]),
        ])),
        aliases: ["CKV_AWS_312"],
        bad: r#"resource "aws_elastic_beanstalk_environment" "e" {
  name        = "app"
  application = "app"
  setting {
    namespace = "aws:elasticbeanstalk:healthreporting:system"
    name      = "SystemType"
    value     = "basic"
  }
}
"#,
        good: r#"resource "aws_elastic_beanstalk_environment" "e" {
  name        = "app"
  application = "app"
  setting {
    namespace = "aws:elasticbeanstalk:healthreporting:system"
    name      = "SystemType"
    value     = "enhanced"
  }
  setting {
    namespace = "aws:elasticbeanstalk:managedactions"
    name      = "ManagedActionsEnabled"
    value     = "true"
  }
}
"#,
    },
    {
        id: "aws-elastic-beanstalk-managed-updates",
        severity: Low,
        types: ["aws_elastic_beanstalk_environment"],
        service: "elasticbeanstalk",
        summary: "An Elastic Beanstalk environment without managed platform updates",
        why: "Enhanced health reporting surfaces failing instances; managed platform updates apply security patches automatically.",
        fix: "Add `setting`s for `aws:elasticbeanstalk:healthreporting:system` `SystemType = enhanced` and `aws:elasticbeanstalk:managedactions` `ManagedActionsEnabled = true`",
        message: "managed platform updates are not enabled",
        when: Not(&Any("setting", &And(&[Eq("namespace", "aws:elasticbeanstalk:managedactions"), Eq("name", "ManagedActionsEnabled"), Eq("value", "true")]))),
        aliases: ["CKV_AWS_340"],
        bad: r#"resource "aws_elastic_beanstalk_environment" "e" {
  name        = "app"
  application = "app"
}
"#,
        good: r#"resource "aws_elastic_beanstalk_environment" "e" {
  name        = "app"
  application = "app"
  setting {
    namespace = "aws:elasticbeanstalk:healthreporting:system"
    name      = "SystemType"
    value     = "enhanced"
  }
  setting {
    namespace = "aws:elasticbeanstalk:managedactions"
    name      = "ManagedActionsEnabled"
    value     = "true"
  }
}
"#,
    },
    {
        id: "aws-network-firewall-logging",
        severity: Low,
        types: ["aws_networkfirewall_firewall"],
        service: "networkfirewall",
        summary: "A Network Firewall without logging",
        why: "Without flow and alert logs, what the firewall allowed or blocked is invisible.",
        fix: "Add an `aws_networkfirewall_logging_configuration` for the firewall",
        message: "firewall logging is not configured",
        when: Not(&Related { types: &["aws_networkfirewall_logging_configuration"], via: "firewall_arn", cond: None }),
        aliases: ["CKV2_AWS_63"],
        bad: r#"resource "aws_networkfirewall_firewall" "f" {
  name                = "edge"
  firewall_policy_arn = "arn"
  vpc_id              = "vpc-123"
}
"#,
        good: r#"resource "aws_networkfirewall_firewall" "f" {
  name                = "edge"
  firewall_policy_arn = "arn"
  vpc_id              = "vpc-123"
}

resource "aws_networkfirewall_logging_configuration" "l" {
  firewall_arn = aws_networkfirewall_firewall.f.arn
  logging_configuration {
    log_destination_config {
      log_destination      = { logGroup = "fw" }
      log_destination_type = "CloudWatchLogs"
      log_type             = "FLOW"
    }
  }
}
"#,
    },
    {
        id: "aws-s3-no-event-notifications",
        severity: Low,
        types: ["aws_s3_bucket"],
        service: "s3",
        summary: "An S3 bucket without event notifications",
        why: "Event notifications let security tooling react to object changes (uploads, deletions) as they happen.",
        fix: "Add an `aws_s3_bucket_notification` for the bucket",
        message: "bucket has no event notifications",
        when: Not(&Related { types: &["aws_s3_bucket_notification"], via: "bucket", cond: None }),
        aliases: ["CKV2_AWS_62"],
        bad: r#"resource "aws_s3_bucket" "b" {
  bucket = "data"
}
"#,
        good: r#"resource "aws_s3_bucket" "b" {
  bucket = "data"
}

resource "aws_s3_bucket_notification" "n" {
  bucket      = aws_s3_bucket.b.id
  eventbridge = true
}
"#,
    },
    {
        id: "aws-s3-no-object-lock",
        severity: Low,
        types: ["aws_s3_bucket"],
        service: "s3",
        summary: "An S3 bucket without Object Lock",
        why: "Object Lock (WORM) keeps object versions from being deleted or overwritten for a retention period, which protects backups and audit data from ransomware.",
        fix: "Set `object_lock_enabled = true` (and an `aws_s3_bucket_object_lock_configuration`)",
        message: "Object Lock is not enabled",
        when: And(&[Not(&True("object_lock_enabled")), Not(&Eq("object_lock_configuration.object_lock_enabled", "Enabled")), Not(&Related { types: &["aws_s3_bucket_object_lock_configuration"], via: "bucket", cond: None })]),
        aliases: ["CKV_AWS_143"],
        bad: r#"resource "aws_s3_bucket" "b" {
  bucket = "audit"
}
"#,
        good: r#"resource "aws_s3_bucket" "b" {
  bucket              = "audit"
  object_lock_enabled = true
}
"#,
    },
    {
        id: "aws-cloudsearch-https",
        severity: Medium,
        types: ["aws_cloudsearch_domain"],
        service: "cloudsearch",
        summary: "A CloudSearch domain accepting HTTP or TLS below 1.2",
        why: "Without enforced HTTPS and a TLS 1.2 policy, queries and documents can travel unencrypted or over deprecated protocols.",
        fix: "Set `endpoint_options { enforce_https = true tls_security_policy = \"Policy-Min-TLS-1-2-2019-07\" }`",
        message: "HTTPS with TLS 1.2 is not enforced",
        when: Not(&True("endpoint_options.enforce_https")),
        aliases: ["CKV_AWS_220"],
        bad: r#"resource "aws_cloudsearch_domain" "d" {
  name = "search"
}
"#,
        good: r#"resource "aws_cloudsearch_domain" "d" {
  name = "search"
  endpoint_options {
    enforce_https       = true
    tls_security_policy = "Policy-Min-TLS-1-2-2019-07"
  }
}
"#,
    },
    {
        id: "aws-cloudsearch-tls",
        severity: Medium,
        types: ["aws_cloudsearch_domain"],
        service: "cloudsearch",
        summary: "A CloudSearch domain accepting HTTP or TLS below 1.2",
        why: "Without enforced HTTPS and a TLS 1.2 policy, queries and documents can travel unencrypted or over deprecated protocols.",
        fix: "Set `endpoint_options { enforce_https = true tls_security_policy = \"Policy-Min-TLS-1-2-2019-07\" }`",
        message: "HTTPS with TLS 1.2 is not enforced",
        when: Not(&Eq("endpoint_options.tls_security_policy", "Policy-Min-TLS-1-2-2019-07")),
        aliases: ["CKV_AWS_218"],
        bad: r#"resource "aws_cloudsearch_domain" "d" {
  name = "search"
}
"#,
        good: r#"resource "aws_cloudsearch_domain" "d" {
  name = "search"
  endpoint_options {
    enforce_https       = true
    tls_security_policy = "Policy-Min-TLS-1-2-2019-07"
  }
}
"#,
    },
    {
        id: "aws-appsync-cache-unencrypted",
        severity: Medium,
        types: ["aws_appsync_api_cache"],
        service: "appsync",
        summary: "An AppSync API cache without encryption in transit or at rest",
        why: "Cached resolver results can hold personal data; unencrypted they are readable in transit and on the cache nodes.",
        fix: "Set `transit_encryption_enabled = true` and `at_rest_encryption_enabled = true`",
        message: "API cache is not encrypted",
        when: Or(&[Not(&True("transit_encryption_enabled")), Not(&True("at_rest_encryption_enabled"))]),
        aliases: ["CKV_AWS_215", "CKV_AWS_214"],
        bad: r#"resource "aws_appsync_api_cache" "c" {
  api_id = "api"
  type   = "SMALL"
}
"#,
        good: r#"resource "aws_appsync_api_cache" "c" {
  api_id                     = "api"
  type                       = "SMALL"
  transit_encryption_enabled = true
  at_rest_encryption_enabled = true
}
"#,
    },
    {
        id: "aws-dlm-cross-region-unencrypted",
        severity: Medium,
        types: ["aws_dlm_lifecycle_policy"],
        service: "dlm",
        summary: "A Data Lifecycle Manager policy copying snapshots or events to another region unencrypted",
        why: "Cross-region copies of snapshots are unencrypted unless the copy rule says otherwise.",
        fix: "Set `encrypted = true` (with a `cmk_arn`) in every cross-region copy rule",
        message: "cross-region copy is not encrypted",
        when: Any("policy_details.schedule", &Any("cross_region_copy_rule", &Not(&True("encrypted")))),
        aliases: ["CKV_AWS_255"],
        bad: r#"resource "aws_dlm_lifecycle_policy" "p" {
  description = "snapshots"
  policy_details {
    schedule {
      name = "daily"
      cross_region_copy_rule {
        target    = "eu-central-1"
        encrypted = false
      }
    }
  }
}
"#,
        good: r#"resource "aws_dlm_lifecycle_policy" "p" {
  description = "snapshots"
  policy_details {
    schedule {
      name = "daily"
      cross_region_copy_rule {
        target    = "eu-central-1"
        encrypted = true
        cmk_arn   = "arn:aws:kms:eu-central-1:111122223333:key/abc"
      }
    }
  }
}
"#,
    },
    {
        id: "aws-dlm-cross-region-events-unencrypted",
        severity: Medium,
        types: ["aws_dlm_lifecycle_policy"],
        service: "dlm",
        summary: "A Data Lifecycle Manager policy copying snapshots or events to another region unencrypted",
        why: "Cross-region copies of snapshots are unencrypted unless the copy rule says otherwise.",
        fix: "Set `encrypted = true` (with a `cmk_arn`) in every cross-region copy rule",
        message: "cross-region copy is not encrypted",
        when: Any("policy_details.action", &Any("cross_region_copy", &Not(&True("encryption_configuration.encrypted")))),
        aliases: ["CKV_AWS_253"],
        bad: r#"resource "aws_dlm_lifecycle_policy" "p" {
  description = "snapshots"
  policy_details {
    action {
      name = "copy"
      cross_region_copy {
        target = "eu-central-1"
        encryption_configuration {
          encrypted = false
        }
      }
    }
  }
}
"#,
        good: r#"resource "aws_dlm_lifecycle_policy" "p" {
  description = "snapshots"
  policy_details {
    action {
      name = "copy"
      cross_region_copy {
        target = "eu-central-1"
        encryption_configuration {
          encrypted = true
        }
      }
    }
  }
}
"#,
    },
    {
        id: "aws-sagemaker-model-network-isolation",
        severity: Low,
        types: ["aws_sagemaker_model"],
        service: "sagemaker",
        summary: "A SageMaker model without network isolation",
        why: "Without network isolation, model containers can make outbound calls, which lets a malicious or compromised model exfiltrate data.",
        fix: "Set `enable_network_isolation = true`",
        message: "network isolation is off",
        when: Not(&True("enable_network_isolation")),
        aliases: ["CKV_AWS_370"],
        bad: r#"resource "aws_sagemaker_model" "m" {
  name               = "model"
  execution_role_arn = "arn:aws:iam::111122223333:role/sm"
}
"#,
        good: r#"resource "aws_sagemaker_model" "m" {
  name                     = "model"
  execution_role_arn       = "arn:aws:iam::111122223333:role/sm"
  enable_network_isolation = true
}
"#,
    },
    {
        id: "aws-sagemaker-job-encryption",
        severity: Low,
        types: ["aws_sagemaker_data_quality_job_definition", "aws_sagemaker_flow_definition"],
        service: "sagemaker",
        summary: "A SageMaker job or flow definition without KMS encryption or inter-container encryption",
        why: "Job outputs, volumes and traffic between training containers carry the data being processed.",
        fix: "Set the output and volume `kms_key_id`s and `enable_inter_container_traffic_encryption = true`",
        message: "job data is not fully encrypted",
        when: Or(&[And(&[Type("aws_sagemaker_data_quality_job_definition"), Not(&Set("data_quality_job_output_config.kms_key_id"))]), And(&[Type("aws_sagemaker_flow_definition"), Not(&Set("output_config.kms_key_id"))])]),
        aliases: ["CKV_AWS_367", "CKV_AWS_372"],
        bad: r#"resource "aws_sagemaker_flow_definition" "f" {
  flow_definition_name = "review"
  output_config {
    s3_output_path = "s3://out/"
  }
}
"#,
        good: r#"resource "aws_sagemaker_flow_definition" "f" {
  flow_definition_name = "review"
  output_config {
    s3_output_path = "s3://out/"
    kms_key_id     = "arn:aws:kms:eu-west-1:111122223333:key/abc"
  }
}
"#,
    },
    {
        id: "aws-sagemaker-job-volume-encryption",
        severity: Low,
        types: ["aws_sagemaker_data_quality_job_definition"],
        service: "sagemaker",
        summary: "A SageMaker job or flow definition without KMS encryption or inter-container encryption",
        why: "Job outputs, volumes and traffic between training containers carry the data being processed.",
        fix: "Set the output and volume `kms_key_id`s and `enable_inter_container_traffic_encryption = true`",
        message: "job data is not fully encrypted",
        when: Not(&Set("job_resources.cluster_config.volume_kms_key_id")),
        aliases: ["CKV_AWS_368"],
        bad: r#"resource "aws_sagemaker_data_quality_job_definition" "j" {
  role_arn = "arn:aws:iam::111122223333:role/sm"
}
"#,
        good: r#"resource "aws_sagemaker_data_quality_job_definition" "j" {
  role_arn = "arn:aws:iam::111122223333:role/sm"
  job_resources {
    cluster_config {
      volume_kms_key_id = "arn:aws:kms:eu-west-1:111122223333:key/abc"
    }
  }
}
"#,
    },
    {
        id: "aws-sagemaker-job-traffic-encryption",
        severity: Low,
        types: ["aws_sagemaker_data_quality_job_definition"],
        service: "sagemaker",
        summary: "A SageMaker job or flow definition without KMS encryption or inter-container encryption",
        why: "Job outputs, volumes and traffic between training containers carry the data being processed.",
        fix: "Set the output and volume `kms_key_id`s and `enable_inter_container_traffic_encryption = true`",
        message: "job data is not fully encrypted",
        when: Not(&True("network_config.enable_inter_container_traffic_encryption")),
        aliases: ["CKV_AWS_369"],
        bad: r#"resource "aws_sagemaker_data_quality_job_definition" "j" {
  role_arn = "arn:aws:iam::111122223333:role/sm"
}
"#,
        good: r#"resource "aws_sagemaker_data_quality_job_definition" "j" {
  role_arn = "arn:aws:iam::111122223333:role/sm"
  network_config {
    enable_inter_container_traffic_encryption = true
  }
}
"#,
    },
    {
        id: "aws-route53-domain-transfer-lock",
        severity: Medium,
        types: ["aws_route53domains_registered_domain"],
        service: "route53",
        summary: "A registered domain without transfer lock",
        why: "Without transfer lock, a compromised registrar account or social engineering can move the domain to another registrar.",
        fix: "Set `transfer_lock = true`",
        message: "transfer lock is off",
        when: False("transfer_lock"),
        aliases: ["CKV_AWS_377"],
        bad: r#"resource "aws_route53domains_registered_domain" "d" {
  domain_name   = "example.com"
  transfer_lock = false
}
"#,
        good: r#"resource "aws_route53domains_registered_domain" "d" {
  domain_name   = "example.com"
  transfer_lock = true
}
"#,
    },
    {
        id: "aws-bedrock-agent-no-guardrail",
        severity: Low,
        types: ["aws_bedrockagent_agent"],
        service: "bedrock",
        summary: "A Bedrock agent without guardrails",
        why: "Guardrails filter harmful content, prompt attacks and sensitive-data disclosure in the agent's inputs and outputs.",
        fix: "Set `guardrail_configuration { guardrail_identifier = … guardrail_version = … }`",
        message: "no guardrail",
        when: Not(&Has("guardrail_configuration")),
        aliases: ["CKV_AWS_383"],
        bad: r#"resource "aws_bedrockagent_agent" "a" {
  agent_name = "support"
}
"#,
        good: r#"resource "aws_bedrockagent_agent" "a" {
  agent_name = "support"
  guardrail_configuration {
    guardrail_identifier = "gr-123"
    guardrail_version    = "1"
  }
}
"#,
    },
    {
        id: "aws-dms-endpoint-no-ssl",
        severity: Medium,
        types: ["aws_dms_endpoint"],
        service: "dms",
        summary: "A DMS endpoint connecting without SSL",
        why: "Replication traffic carries whole databases; without SSL it travels in plaintext.",
        fix: "Set `ssl_mode` to `require`, `verify-ca` or `verify-full`",
        message: "endpoint does not use SSL",
        when: And(&[Not(&In("engine_name", &["s3", "dynamodb", "kinesis", "kafka", "elasticsearch", "opensearch", "neptune", "redshift"])), Or(&[Not(&Set("ssl_mode")), Eq("ssl_mode", "none")])]),
        aliases: ["CKV2_AWS_49"],
        bad: r#"resource "aws_dms_endpoint" "e" {
  endpoint_id   = "src"
  endpoint_type = "source"
  engine_name   = "postgres"
  ssl_mode      = "none"
}
"#,
        good: r#"resource "aws_dms_endpoint" "e" {
  endpoint_id   = "src"
  endpoint_type = "source"
  engine_name   = "postgres"
  ssl_mode      = "verify-full"
}
"#,
    },
}
