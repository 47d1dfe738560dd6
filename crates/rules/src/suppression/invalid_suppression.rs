//! `invalid-suppression`: an inline suppression that gives no reason.

use infra_lint_core::suppress::parse_file;
use infra_lint_core::{Finding, Model};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    ///
    /// Reports an inline suppression comment (`# infra-lint: ignore[rule-id]`) that gives no reason.
    ///
    /// ## Why is this bad?
    ///
    /// A suppression silences a security finding. Without a reason a reviewer cannot tell an accepted,
    /// understood risk from a finding someone wanted to make go away, and nobody can later check
    /// whether the reason still holds. A suppression never silences the finding about itself, so a
    /// reasonless `ignore-file[*]` is always visible.
    ///
    /// ## How to fix
    ///
    /// Write the reason after the closing bracket, on the same line.
    ///
    /// ## Example
    ///
    /// ```hcl
    /// # infra-lint: ignore[public-database]
    /// resource "aws_db_instance" "main" {
    /// ```
    ///
    /// Use instead:
    ///
    /// ```hcl
    /// # infra-lint: ignore[public-database] read replica for the public status page, no PII
    /// resource "aws_db_instance" "main" {
    /// ```
    pub struct InvalidSuppression {
        id: "invalid-suppression",
        severity: Medium,
        formats: [Terraform, Tfvars, Compose, Workflow, Action, Dockerfile, Env, Fly, Sql, Railway, Wrangler, Nginx, SupabaseConfig],
        tags: ["suppression", "maintainability"],
        precision: "very-high",
        summary: "An inline suppression without a reason"
    }
}

impl Rule for InvalidSuppression {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for f in model.files.iter().filter(|f| !f.is_vendored()) {
            // Peer comments (`checkov:skip=`, `trivy:ignore:`) follow their scanner's syntax,
            // which has no room for a reason of ours.
            for s in parse_file(f).into_iter().filter(|s| s.peer.is_none() && s.reason.is_empty()) {
                if s.rules.is_empty() {
                    continue;
                }
                let ids = s.rules.join(", ");
                out.push(
                    Finding::new(
                        Self::META.id,
                        Self::META.severity,
                        s.span,
                        format!("The suppression of `{ids}` gives no reason, so nobody can check why it is accepted"),
                    )
                    .fix(format!("write the reason after the bracket: `infra-lint: ignore[{ids}] <why this is safe>`"))
                    .key(format!("suppression:{ids}"))
                    .env(f.environment()),
                );
            }
        }
    }
}
