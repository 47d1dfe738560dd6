//! `unencrypted-storage`: databases and volumes stored without encryption at rest.

use infra_lint_core::terraform::{Mode, ResourceInstance, Tri};
use infra_lint_core::{Environment, Finding, Model, Severity, Span};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Finds storage that Terraform creates without encryption at rest, after evaluation:
    /// - `aws_db_instance` and `aws_rds_cluster` with `storage_encrypted = false`, or without it
    ///   (the default is unencrypted) unless restored from a snapshot or created as a replica,
    ///   which inherit encryption;
    /// - `aws_ebs_volume` with `encrypted = false`; `aws_efs_file_system` with `encrypted = false`
    ///   or without it;
    /// - `aws_elasticache_replication_group` with `at_rest_encryption_enabled = false`;
    /// - `aws_redshift_cluster` with `encrypted = false`.
    ///
    /// Values that cannot be known statically are not reported. Severity: medium, one step lower
    /// in staging, low in development and test.
    ///
    /// ## Why is this bad?
    /// Unencrypted volumes, snapshots and backups can be read by anyone who gets hold of them — a
    /// shared or leaked snapshot, a mis-scoped IAM permission, decommissioned media. Encryption is
    /// free, transparent to applications, and cannot be switched on later for RDS without a
    /// snapshot-and-restore.
    ///
    /// ## How to fix
    /// Set `storage_encrypted = true` (RDS), `encrypted = true` (EBS, EFS, Redshift) or
    /// `at_rest_encryption_enabled = true` (ElastiCache), optionally with a customer-managed
    /// `kms_key_id`.
    ///
    /// ## Example
    /// ```hcl
    /// # Bad
    /// resource "aws_db_instance" "main" {
    ///   engine            = "postgres"
    ///   storage_encrypted = false
    /// }
    /// ```
    /// ```hcl
    /// # Good
    /// resource "aws_db_instance" "main" {
    ///   engine            = "postgres"
    ///   storage_encrypted = true
    /// }
    /// ```
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html>
    /// - <https://cwe.mitre.org/data/definitions/311.html>
    pub struct UnencryptedStorage {
        id: "unencrypted-storage",
        severity: Medium,
        formats: [Terraform, TerraformJson],
        tags: ["security", "storage", "encryption"],
        precision: "high",
        summary: "Storage without encryption at rest",
        aliases: ["AVD-AWS-0080", "AWS-0080", "CKV_AWS_16", "AVD-AWS-0079", "AWS-0079", "CKV_AWS_96", "AVD-AWS-0026", "AWS-0026", "CKV_AWS_3", "AVD-AWS-0037", "AWS-0037", "CKV_AWS_42", "AVD-AWS-0045", "AWS-0045", "CKV_AWS_29", "CKV_AWS_64"],
    }
}

/// (attribute, whether missing means unencrypted).
fn setting(r: &ResourceInstance) -> Option<(&'static str, bool)> {
    match r.r#type.as_str() {
        "aws_db_instance" => {
            let inherits = ["snapshot_identifier", "replicate_source_db", "restore_to_point_in_time", "s3_import"]
                .iter()
                .any(|k| r.attr(k).is_some() || !r.objects(k).is_empty());
            Some(("storage_encrypted", !inherits))
        }
        "aws_rds_cluster" => {
            let serverless_v1 = r.attr("engine_mode").and_then(|a| a.value.as_str().map(str::to_owned)).as_deref()
                == Some("serverless");
            let inherits = ["snapshot_identifier", "replication_source_identifier", "global_cluster_identifier"]
                .iter()
                .any(|k| r.attr(k).is_some())
                || !r.objects("restore_to_point_in_time").is_empty();
            Some(("storage_encrypted", !inherits && !serverless_v1))
        }
        "aws_ebs_volume" => Some(("encrypted", false)),
        "aws_efs_file_system" => Some(("encrypted", true)),
        "aws_elasticache_replication_group" => Some(("at_rest_encryption_enabled", false)),
        "aws_redshift_cluster" => Some(("encrypted", false)),
        _ => None,
    }
}

impl Rule for UnencryptedStorage {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        let Some(tf) = &model.terraform else { return };
        let mut seen = std::collections::HashSet::new();
        for r in tf.instances().filter(|r| r.mode == Mode::Managed) {
            let Some((attr, missing_is_bad)) = setting(r) else { continue };
            let (span, message, related): (Span, String, Vec<(String, Span)>) = match r.attr(attr) {
                Some(a) => match a.value.truth() {
                    Tri::False => (
                        a.span,
                        format!("{} ({}) is stored unencrypted: {attr} = false", r.address, r.r#type),
                        a.value.provenance().iter().map(|s| (s.what.to_string(), s.span)).collect(),
                    ),
                    _ => continue,
                },
                None if missing_is_bad => (
                    r.header_span,
                    format!(
                        "{} ({}) is stored unencrypted: {attr} is not set and defaults to false",
                        r.address, r.r#type
                    ),
                    Vec::new(),
                ),
                None => continue,
            };
            if !seen.insert((r.fingerprint(), span)) {
                continue;
            }
            let env = if r.env == Environment::Unknown { model.env_of(span) } else { r.env };
            let mut f = Finding::new(Self::META.id, Severity::Medium.weigh(env), span, message)
                .fix(format!("set {attr} = true (optionally with a customer-managed KMS key)"))
                .key(format!("{}:{attr}", r.fingerprint()))
                .env(env);
            for (what, s) in related {
                if s != span {
                    f = f.related(s, format!("value from: {what}"));
                }
            }
            out.push(f);
        }
    }
}
