//! infra-lint rules: the native Rust rules, their registry, and the Rego policy engine.

pub mod ci;
pub mod cloud;
pub mod compose;
pub mod containers;
pub mod datastores;
pub mod docs;
pub mod facts;
pub mod fly;
pub mod iam;
pub mod network;
pub mod nginx;
pub mod platform;
pub mod registry;
pub mod rego;
pub mod rule;
pub mod secret_detect;
pub mod secrets;
pub mod settings;
pub mod sql;
pub mod storage;
pub mod suppression;

use rayon::prelude::*;

use infra_lint_core::{Finding, Model};

pub use rule::{Rule, RuleMeta};

/// The core crate, for [`declare_rule!`] expansions in crates that depend on `infra-lint` only.
#[doc(hidden)]
pub use infra_lint_core as __core;

/// Run `rules` over one file of the model (see [`Rule::check_file`]); sorted like [`run`].
#[must_use]
pub fn run_file(model: &Model, rules: &[Box<dyn Rule>], file: infra_lint_core::FileId) -> Vec<Finding> {
    let mut findings = run_with(model, rules, Some(file), |r, out| r.check_file(model, file, out));
    sort_findings(&mut findings);
    findings
}

/// Run `rules` over the model in parallel; findings are sorted by (file, start, rule id).
#[must_use]
pub fn run(model: &Model, rules: &[Box<dyn Rule>]) -> Vec<Finding> {
    let mut findings = run_with(model, rules, None, |r, out| r.check(model, out));
    // Findings inside vendored modules point at the module call in the repository.
    infra_lint_core::terraform::vendor::relocate(model, &mut findings);
    sort_findings(&mut findings);
    findings
}

/// Native rules through `check` in parallel; the declarative table checks among `rules` in one
/// pass dispatched by resource type (their findings kept only in `file`, when given).
fn run_with(
    model: &Model,
    rules: &[Box<dyn Rule>],
    file: Option<infra_lint_core::FileId>,
    check: impl Fn(&dyn Rule, &mut Vec<Finding>) + Sync,
) -> Vec<Finding> {
    let table: Vec<&'static cloud::Check> = rules.iter().filter_map(|r| cloud::table_check(r.as_ref())).collect();
    let mut findings: Vec<Finding> = rules
        .par_iter()
        .filter(|r| cloud::table_check(r.as_ref()).is_none())
        .flat_map_iter(|r| {
            let mut out = Vec::new();
            check(r.as_ref(), &mut out);
            out
        })
        .collect();
    findings.extend(cloud::run_checks(model, &table).into_iter().filter(|f| file.is_none_or(|id| f.span.file == id)));
    findings
}

/// Every coupling `rules` declare (see [`Rule::couplings`]), for splitting a large scan into shards.
#[must_use]
pub fn couplings(rules: &[Box<dyn Rule>]) -> Vec<infra_lint_core::shard::Coupling> {
    let mut out: Vec<infra_lint_core::shard::Coupling> = Vec::new();
    for c in rules.iter().flat_map(|r| r.couplings()) {
        if !out.contains(c) {
            out.push(*c);
        }
    }
    out
}

/// Deterministic order: file, start offset, end offset, rule id, message.
pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (a.span.file, a.span.start, a.span.end, &a.rule_id, &a.message).cmp(&(
            b.span.file,
            b.span.start,
            b.span.end,
            &b.rule_id,
            &b.message,
        ))
    });
}
