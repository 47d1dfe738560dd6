//! The command line with Rego policies: `--policy`, `--namespace`, `policy test`, and shipped
//! policies in the catalog.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn bin() -> Command {
    let mut c = Command::cargo_bin("infra-lint").unwrap();
    c.current_dir(repo());
    c
}

fn findings(args: &[&str]) -> Vec<String> {
    let out = bin().args(args).args(["--format", "json", "--fail-on", "never"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule_id"].as_str().unwrap().starts_with("policy/"))
        .map(|f| {
            format!(
                "{}:{} {}",
                f["location"]["path"].as_str().unwrap(),
                f["location"]["start_line"],
                f["rule_id"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn policy_directory_and_namespaces() {
    let main = findings(&["testdata/rego/inputs", "--policy", "testdata/rego/conftest/policy"]);
    assert!(main.contains(&"testdata/rego/inputs/main.tf:3 policy/main/deny".to_owned()), "{main:#?}");
    assert!(!main.iter().any(|f| f.contains("policy/extra/")), "{main:#?}");
    let extra =
        findings(&["testdata/rego/inputs", "--policy", "testdata/rego/conftest/policy", "--namespace", "extra"]);
    assert_eq!(extra, ["testdata/rego/inputs/terraform.tfvars:1 policy/extra/warn"]);
    let all = findings(&["testdata/rego/inputs", "--policy", "testdata/rego/conftest/policy", "--all-namespaces"]);
    assert_eq!(all.len(), main.len() + 1, "{all:#?}");
}

#[test]
fn missing_policy_directory_is_a_usage_error() {
    bin().args(["testdata/rego/inputs", "--policy", "testdata/rego/no-such-dir"]).assert().code(2);
}

#[test]
fn policy_test_runs_the_shipped_tests() {
    let out = bin().args(["policy", "test", "crates/rules/policies"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains(" 0 failed, 0 policy errors"), "{text}");
    assert!(text.contains("PASS: crates/rules/policies/required-ci-gates_test.rego"), "{text}");
}

#[test]
fn policy_test_fails_on_a_failing_test() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x_test.rego"), "package x\nimport rego.v1\ntest_no if { 1 == 2 }\n").unwrap();
    let out = bin().args(["policy", "test"]).arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("FAIL: "));
}

#[test]
fn shipped_policies_are_listed_and_explained() {
    let out = bin().args(["rules", "--format", "json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rego: Vec<&str> =
        v.as_array().unwrap().iter().filter(|r| r["origin"] == "rego").map(|r| r["id"].as_str().unwrap()).collect();
    assert!(rego.contains(&"required-ci-gates") && rego.len() >= 6, "{rego:?}");
    let out = bin().args(["explain", "required-ci-gates"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("## Why is this bad?"));
}

#[test]
fn required_ci_gates_from_config_in_sarif() {
    let dir = repo().join("testdata/rules/required-ci-gates/bad_missing");
    let out = Command::cargo_bin("infra-lint")
        .unwrap()
        .current_dir(&dir)
        .args(["--format", "sarif", "--fail-on", "never"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let results: Vec<&serde_json::Value> =
        v["runs"][0]["results"].as_array().unwrap().iter().filter(|r| r["ruleId"] == "required-ci-gates").collect();
    assert_eq!(results.len(), 2);
    for r in results {
        assert_eq!(r["locations"][0]["physicalLocation"]["region"]["startLine"], 3);
        assert_eq!(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], ".github/workflows/ci.yml");
    }
    let rules = v["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.iter().any(|r| r["id"] == "required-ci-gates"));
}
