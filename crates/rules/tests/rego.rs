//! Rego engine tests: shipped-policy unit tests (`rules/*_test.rego`), conftest-style policy
//! directories over `testdata/`, policy fixtures per format, and broken-policy diagnostics.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use infra_lint_rules::rego::testing::{run_tests, Outcome};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn shipped_policy_tests_pass() {
    let report = run_tests(&[repo().join("rules")], &serde_json::json!({}));
    let failed: Vec<String> = report
        .results
        .iter()
        .filter(|r| r.outcome != Outcome::Pass)
        .map(|r| format!("{} {}::{} {:?}", r.file, r.package, r.name, r.outcome))
        .collect();
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
    assert!(failed.is_empty(), "failing policy tests:\n{}", failed.join("\n"));
    assert!(report.results.len() >= 5, "only {} tests ran", report.results.len());
}
