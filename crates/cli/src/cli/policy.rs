//! `infra-lint policy test DIR…`: run the `test_*` rules of Rego policies (like `opa test`).

use std::fmt::Write as _;
use std::path::PathBuf;

use infra_lint_rules::rego::testing::{run_tests, Outcome};

use super::{write_stdout, Failure, EXIT_FINDINGS};

/// Run the policy tests in `dirs`; exit 1 when a test fails or errors, 2 when nothing ran.
pub fn test(dirs: &[PathBuf]) -> Result<u8, Failure> {
    let config =
        infra_lint::Config::discover_with(&std::env::current_dir().unwrap_or_default(), infra_lint::settings_check)
            .ok()
            .flatten()
            .map(|c| c.policy_data())
            .unwrap_or_default();
    let (files, read_diags) = infra_lint_core::engine::policy_files::read_dirs(dirs);
    let mut report = run_tests(&files, &config);
    report.diagnostics.splice(0..0, read_diags);
    let mut out = String::new();
    for d in &report.diagnostics {
        let at = match (d.line, d.column) {
            (Some(l), Some(c)) => format!(":{l}:{c}"),
            _ => String::new(),
        };
        let _ = writeln!(out, "error: {}{at}: {}", d.path.display(), d.message);
    }
    for r in &report.results {
        let status = match &r.outcome {
            Outcome::Pass => "PASS".to_owned(),
            Outcome::Fail => "FAIL".to_owned(),
            Outcome::Error(e) => format!("ERROR ({e})"),
        };
        let _ = writeln!(out, "{status}: {} data.{}.{}", r.file, r.package, r.name);
    }
    let failed = report.results.len() - report.passed();
    let _ = writeln!(out, "\n{} passed, {failed} failed, {} policy errors", report.passed(), report.diagnostics.len());
    write_stdout(&out)?;
    if report.results.is_empty() && report.diagnostics.is_empty() {
        return Err(Failure::new(
            anyhow::anyhow!(
                "no test_* rules found in {}",
                dirs.iter().map(|d| d.display().to_string()).collect::<Vec<_>>().join(", ")
            ),
            "write tests as `test_name if { … }` rules in *_test.rego files beside the policies",
        ));
    }
    Ok(if report.ok() { 0 } else { EXIT_FINDINGS })
}
