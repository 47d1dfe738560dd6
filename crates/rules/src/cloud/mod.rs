//! The Terraform cloud catalogue: declarative checks over evaluated resources (see [`engine`]),
//! one table per provider. Each entry is a rule like the native ones: it is listed by the
//! registry (`rules`, `explain`, SARIF, generated docs), selected by id or peer id, and has
//! good/bad examples that double as its fixtures and its documentation.

pub mod aws;
pub mod aws_data;
pub mod aws_extra;
pub mod aws_iam;
pub mod aws_net;
pub mod aws_s3;
pub mod azure;
pub mod azure_extra;
pub mod engine;
pub mod gcp;
pub mod other;
pub mod policy;
pub mod saas;

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use infra_lint_core::terraform::{Mode, ResourceInstance, Tri};
use infra_lint_core::{Environment, Finding, Model, Span};

use crate::rule::{Rule, RuleMeta};
pub use engine::{Cond, Ctx, Hit, Scope};

/// One declarative check.
#[derive(Debug)]
pub struct Check {
    /// Metadata (id, severity, docs, aliases …) as for native rules.
    pub meta: RuleMeta,
    /// Resource types it applies to (`aws_s3_bucket`; data sources as `data.aws_iam_policy_document`).
    pub types: &'static [&'static str],
    /// The violation.
    pub when: Cond,
    /// What is wrong (after the resource address).
    pub message: &'static str,
    /// How to fix it (one line).
    pub fix: &'static str,
    /// A violating example (must fire).
    pub bad: &'static str,
    /// A passing example (must not fire).
    pub good: &'static str,
}

/// Declare a table of checks. Each entry becomes a [`Check`] whose documentation is assembled
/// from its parts.
#[macro_export]
macro_rules! cloud_checks {
    ($table:ident; $provider:literal; $(
        {
            id: $id:literal,
            severity: $sev:ident,
            types: [$($t:literal),+ $(,)?],
            service: $svc:literal,
            summary: $summary:literal,
            why: $why:literal,
            $(note: $note:literal,)?
            fix: $fix:literal,
            message: $msg:literal,
            when: $cond:expr,
            aliases: [$($alias:literal),* $(,)?],
            bad: $bad:literal,
            good: $good:literal $(,)?
        }
    ),* $(,)?) => {
        /// The checks of this provider.
        pub static $table: &[$crate::cloud::Check] = &[$(
            $crate::cloud::Check {
                meta: $crate::rule::RuleMeta {
                    id: $id,
                    name: $id,
                    summary: $summary,
                    severity: infra_lint_core::Severity::$sev,
                    formats: &[infra_lint_core::discover::FileKind::Terraform, infra_lint_core::discover::FileKind::TerraformJson],
                    tags: &["security", "cloud", $provider, $svc],
                    precision: "high",
                    docs_raw: concat!(
                        "## What it does\n", $summary, ".\n\nApplies to: ", $("`", $t, "` "),+, "\n",
                        $("\n", $note, "\n",)?
                        "\n## Why is this bad?\n", $why, "\n\n## How to fix\n", $fix, ".\n\n## Example\n```hcl\n# Bad\n",
                        $bad, "```\n```hcl\n# Good\n", $good, "```\n"
                    ),
                    aliases: &[$($alias),*],
                },
                types: &[$($t),+],
                when: $cond,
                message: $msg,
                fix: $fix,
                bad: $bad,
                good: $good,
            }
        ),*];
    };
}

/// Every check of every provider.
pub fn all_checks() -> impl Iterator<Item = &'static Check> {
    [
        aws::CHECKS,
        aws_s3::CHECKS,
        aws_iam::CHECKS,
        aws_net::CHECKS,
        aws_data::CHECKS,
        aws_extra::CHECKS,
        gcp::CHECKS,
        azure::CHECKS,
        azure_extra::CHECKS,
        other::CHECKS,
        saas::CHECKS,
    ]
    .into_iter()
    .flatten()
}

/// A table check seen as a [`Rule`].
#[derive(Debug, Clone, Copy)]
pub struct TableRule(pub &'static Check);

impl Rule for TableRule {
    fn meta(&self) -> &'static RuleMeta {
        &self.0.meta
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        out.extend(run_checks(model, &[self.0]));
    }

    fn as_any(&self) -> Option<&dyn std::any::Any> {
        Some(self)
    }
}

/// The declarative check behind a rule, when it is a table entry.
#[must_use]
pub fn table_check(rule: &dyn Rule) -> Option<&'static Check> {
    rule.as_any().and_then(|a| a.downcast_ref::<TableRule>()).map(|t| t.0)
}

/// Every table check as a rule.
#[must_use]
pub fn rules() -> Vec<Box<dyn Rule>> {
    all_checks().map(|c| Box::new(TableRule(c)) as Box<dyn Rule>).collect()
}

fn type_key(r: &ResourceInstance) -> std::borrow::Cow<'_, str> {
    match r.mode {
        Mode::Managed => std::borrow::Cow::Borrowed(r.r#type.as_str()),
        Mode::Data => std::borrow::Cow::Owned(format!("data.{}", r.r#type)),
    }
}

/// Run the given checks over the model's Terraform in one pass dispatched by resource type.
#[must_use]
pub fn run_checks(model: &Model, checks: &[&'static Check]) -> Vec<Finding> {
    let Some(tf) = &model.terraform else { return Vec::new() };
    if checks.is_empty() {
        return Vec::new();
    }
    let mut dispatch: HashMap<&'static str, Vec<&'static Check>> = HashMap::new();
    for c in checks {
        for t in c.types {
            dispatch.entry(t).or_default().push(c);
        }
    }
    let mut by_type: HashMap<&str, Vec<&ResourceInstance>> = HashMap::new();
    let mut by_addr: HashMap<(&str, &str), &ResourceInstance> = HashMap::new();
    for r in tf.instances() {
        if r.mode == Mode::Managed {
            by_type.entry(r.r#type.as_str()).or_default().push(r);
        }
        by_addr.entry((r.root.as_str(), r.address.as_str())).or_insert(r);
    }
    let mut found: Vec<(Finding, String)> = tf
        .resources
        .par_iter()
        .flat_map_iter(|r| {
            let mut out = Vec::new();
            if let Some(cs) = dispatch.get(type_key(r).as_ref()) {
                let ctx = Ctx { res: r, by_type: &by_type, by_addr: &by_addr };
                let scope = Scope::Body(&r.body, r.header_span);
                for c in cs {
                    let hit = c.when.eval(&ctx, &scope);
                    if hit.tri == Tri::True {
                        out.push(finding(model, c, r, &hit));
                    }
                }
            }
            out
        })
        .collect();
    // The same block evaluated in several roots or module instances reports once per root.
    let mut seen: HashSet<(String, Span, String)> = HashSet::new();
    found.retain(|(f, root)| seen.insert((f.rule_id.clone(), f.span, root.clone())));
    found.into_iter().map(|(f, _)| f).collect()
}

fn finding(model: &Model, c: &Check, r: &ResourceInstance, hit: &Hit) -> (Finding, String) {
    let span = hit.span.unwrap_or(r.header_span);
    let env = if r.env == Environment::Unknown { model.env_of(span) } else { r.env };
    let mut message = format!("{}: {}", r.address, c.message);
    if let Some(d) = &hit.detail {
        // Only when it adds something: not a value the message already states.
        if !d.is_empty() && d.len() <= 80 && !c.message.to_ascii_lowercase().contains(&d.to_ascii_lowercase()) {
            message.push_str(&format!(" ({d})"));
        }
    }
    let mut f = Finding::new(c.meta.id, c.meta.severity.weigh(env), span, message)
        .fix(c.fix)
        .key(format!("{}:{}", r.fingerprint(), c.meta.id))
        .env(env);
    // A finding on a password or secret attribute never shows its value in a snippet.
    for a in &r.body.attrs {
        let n = a.name.to_ascii_lowercase();
        if a.span == span && ["password", "secret", "token", "private_key"].iter().any(|k| n.contains(k)) {
            f = f.secret(a.value_span);
        }
    }
    if let Some(v) = &hit.val {
        for s in v.provenance() {
            if s.span != span {
                f = f.related(s.span, format!("value from: {}", s.what));
            }
        }
    }
    (f, r.root.clone())
}
