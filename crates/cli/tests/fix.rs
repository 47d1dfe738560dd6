//! `infra-lint --fix`: on copies of the rules' bad fixtures, the fixes apply, the files still
//! parse (no diagnostics) and the fixed rule no longer fires; unsafe fixes wait for
//! `--unsafe-fixes`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/rules")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// Scan `dir` with only `rule` selected; (finding count, diagnostic count).
fn scan(dir: &Path, rule: &str) -> (usize, usize) {
    let out = Command::cargo_bin("infra-lint")
        .unwrap()
        .current_dir(dir)
        .args([".", "--select", rule, "--format", "json", "--fail-on", "never"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    (v["findings"].as_array().unwrap().len(), v["diagnostics"].as_array().unwrap().len())
}

fn fix(dir: &Path, rule: &str, unsafe_fixes: bool) -> String {
    let mut args = vec![".", "--select", rule, "--fix", "--fail-on", "never"];
    if unsafe_fixes {
        args.push("--unsafe-fixes");
    }
    let out = Command::cargo_bin("infra-lint").unwrap().current_dir(dir).args(&args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn check(rule: &str, case: &str, unsafe_fixes: bool) -> String {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join(rule).join(case), tmp.path());
    let (before, diags) = scan(tmp.path(), rule);
    assert!(before > 0, "{rule}/{case}: the fixture has findings");
    assert_eq!(diags, 0);
    let said = fix(tmp.path(), rule, unsafe_fixes);
    assert!(said.contains("fixed"), "{said}");
    let (after, diags) = scan(tmp.path(), rule);
    assert_eq!(diags, 0, "{rule}/{case}: the fixed files still parse");
    assert_eq!(after, 0, "{rule}/{case}: every finding is fixed");
    said
}

#[test]
fn fly_https_is_forced() {
    check("fly-https-not-forced", "bad_false", false);
    check("fly-https-not-forced", "bad_missing_prod", false);
    check("fly-https-not-forced", "bad_services_port80", false);
}

#[test]
fn insecure_workflow_commands_are_turned_off() {
    check("insecure-workflow-commands", "bad_enabled", false);
    check("insecure-workflow-commands", "bad_composite", false);
}

#[test]
fn inherited_secrets_become_the_declared_ones() {
    check("secrets-inherit", "bad_inherit_local", false);
    // Exactly the declared secrets are passed.
    let tmp2 = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("secrets-inherit/bad_inherit_local"), tmp2.path());
    fix(tmp2.path(), "secrets-inherit", false);
    let text = std::fs::read_to_string(tmp2.path().join(".github/workflows/release.yml")).unwrap();
    assert!(text.contains(
        r#"secrets: { NPM_TOKEN: "${{ secrets.NPM_TOKEN }}", SENTRY_AUTH_TOKEN: "${{ secrets.SENTRY_AUTH_TOKEN }}" }"#
    ));
    // A remote reusable workflow's secrets are unknown: no fix is offered.
    let tmp3 = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("secrets-inherit/bad_inherit"), tmp3.path());
    let (before, _) = scan(tmp3.path(), "secrets-inherit");
    fix(tmp3.path(), "secrets-inherit", false);
    assert_eq!(scan(tmp3.path(), "secrets-inherit").0, before);
}

#[test]
fn least_privilege_permissions_need_unsafe_fixes() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("workflow-permissions/bad_missing"), tmp.path());
    let (before, _) = scan(tmp.path(), "workflow-permissions");
    let said = fix(tmp.path(), "workflow-permissions", false);
    assert!(said.contains("fixed 0 finding(s) in 0 file(s)"), "{said}");
    assert_eq!(scan(tmp.path(), "workflow-permissions").0, before);
    check("workflow-permissions", "bad_missing", true);
}
