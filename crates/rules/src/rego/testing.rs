//! `infra-lint policy test DIR`: run every `test_*` rule of the policies (and `*_test.rego`
//! files) in a directory, like `opa test` / `conftest verify`.

use infra_lint_core::engine::policy_files::{PolicyFile, PolicyFileKind};
use infra_lint_core::Diagnostic;
use regorus::Engine;

use super::{add_policy, build_engine, config_data, shipped, PolicySource};

/// How one test ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The rule evaluated to `true`.
    Pass,
    /// The rule was undefined or not `true`.
    Fail,
    /// Evaluation raised an error (message).
    Error(String),
}

/// One test rule's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestResult {
    /// The policy file that declares the test.
    pub file: String,
    /// Its package (without `data.`).
    pub package: String,
    /// The rule name (`test_…`).
    pub name: String,
    /// How it ended.
    pub outcome: Outcome,
}

/// The results of a test run.
#[derive(Debug, Clone, Default)]
pub struct TestReport {
    /// Every test, in file then declaration-name order.
    pub results: Vec<TestResult>,
    /// Policies that could not be loaded.
    pub diagnostics: Vec<Diagnostic>,
}

impl TestReport {
    /// Number of passed tests.
    #[must_use]
    pub fn passed(&self) -> usize {
        self.results.iter().filter(|r| r.outcome == Outcome::Pass).count()
    }

    /// Whether every test passed, at least one ran, and every policy loaded.
    #[must_use]
    pub fn ok(&self) -> bool {
        !self.results.is_empty() && self.passed() == self.results.len() && self.diagnostics.is_empty()
    }
}

/// Run the tests of the policies among `files` (as the engine read them from the policy
/// directories: `.rego` files, test files included, and `.json`/`.yaml` data files). The shipped
/// helper library (`data.infra_lint.lib…`) is available unless the files bring their own, and
/// `data.infra_lint.config` is `config` (an object, or empty).
#[must_use]
pub fn run_tests(files: &[PolicyFile], config: &serde_json::Value) -> TestReport {
    let mut report = TestReport::default();
    let mut sources: Vec<PolicySource> = Vec::new();
    let mut data = vec![regorus::Value::from(config_data(&super::PolicyOptions {
        data: config.clone(),
        ..super::PolicyOptions::default()
    }))];
    let has_lib = files.iter().any(|f| {
        f.display.ends_with("/lib/result.rego") && (f.display.contains("rules/") || f.display.contains("policies/"))
    });
    if !has_lib {
        for (p, t) in shipped::LIB {
            sources.push(PolicySource {
                display: (*p).to_owned(),
                text: (*t).to_owned(),
                shipped: true,
                allowed: Vec::new(),
            });
        }
    }
    for f in files {
        match f.kind {
            PolicyFileKind::Rego | PolicyFileKind::RegoTest => {
                sources.push(PolicySource {
                    display: f.display.clone(),
                    text: f.text.clone(),
                    shipped: false,
                    allowed: Vec::new(),
                });
            }
            PolicyFileKind::Data => match super::parse_data_file(&f.display, &f.text) {
                Ok(v) if v.is_object() => data.push(regorus::Value::from(super::nest(&f.prefix, v))),
                Ok(_) => {}
                Err(d) => report.diagnostics.push(d),
            },
            _ => {}
        }
    }
    let (mut engine, added) = build_engine(&sources, &data, &mut report.diagnostics);
    for (i, package, rules) in added {
        let Some(src) = sources.get(i) else { continue };
        for name in rules.iter().filter(|r| r.starts_with("test_")) {
            let outcome = run_one(&mut engine, &package, name);
            report.results.push(TestResult {
                file: src.display.clone(),
                package: package.clone(),
                name: name.clone(),
                outcome,
            });
        }
    }
    report
}

fn run_one(engine: &mut Engine, package: &str, name: &str) -> Outcome {
    engine.set_input(regorus::Value::Undefined);
    match engine.eval_rule(format!("data.{package}.{name}")) {
        Ok(regorus::Value::Bool(true)) => Outcome::Pass,
        Ok(_) => Outcome::Fail,
        Err(e) => Outcome::Error(super::error_text(&e.to_string())),
    }
}

/// Parse-check one policy text (used by tests and `policy test` for single files).
///
/// # Errors
/// The parse diagnostic.
pub fn check_policy(display: &str, text: &str) -> Result<String, Diagnostic> {
    let mut engine = Engine::new();
    add_policy(
        &mut engine,
        &PolicySource { display: display.to_owned(), text: text.to_owned(), shipped: false, allowed: Vec::new() },
    )
    .map(|(p, _)| p)
}
