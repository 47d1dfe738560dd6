//! The configuration reference must parse, and the page of the built-in `invalid-suppression`
//! rule must match its documentation (`UPDATE_DOCS=1 cargo test -p infra-lint --test docs`
//! rewrites it).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

fn docs() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs")
}

#[test]
fn configuration_reference_example_parses() {
    let text = std::fs::read_to_string(docs().join("configuration.md")).unwrap();
    let block = text.split("```toml\n").nth(1).and_then(|rest| rest.split("```").next()).expect("a toml block");
    let cfg =
        infra_lint::Config::parse_with(block, Path::new("docs/configuration.md"), infra_lint::settings_check).unwrap();
    assert_eq!(cfg.fail_on(), infra_lint::FailOn::High);
    assert!(!cfg.select.is_empty() && !cfg.severity.is_empty() && !cfg.per_path_ignores.is_empty());
    assert!(!cfg.env.is_empty() && !cfg.policy.dirs.is_empty() && !cfg.policy.data.is_empty());
    assert!(!cfg.secrets.allow.is_empty() && !cfg.secrets.allow_regex.is_empty());
    assert!(!cfg.terraform.var_files.is_empty() && cfg.ci.contains_key("required-checks"));
}
