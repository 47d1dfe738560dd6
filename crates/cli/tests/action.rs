//! The GitHub Action's script (`scripts/action.sh`), run locally with a simulated runner
//! environment: outputs, the step summary, annotations and the exit code.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

struct Run {
    status: i32,
    stdout: String,
    outputs: BTreeMap<String, String>,
    summary: String,
}

fn run_action(event: &str, fail_on: &str, tmp: &Path) -> Run {
    assert!(
        Command::new("jq").arg("--version").output().is_ok_and(|o| o.status.success()),
        "the action needs jq (present on GitHub runners; `.ci/run` installs it)"
    );
    let output_file = tmp.join(format!("output-{event}-{fail_on}"));
    let summary_file = tmp.join(format!("summary-{event}-{fail_on}"));
    let runner_temp = tmp.join(format!("runner-{event}-{fail_on}"));
    std::fs::create_dir_all(&runner_temp).unwrap();
    let out = Command::new("bash")
        .arg(repo().join("scripts/action.sh"))
        .arg("run")
        .env("GITHUB_WORKSPACE", repo().join("testdata/demo"))
        .env("GITHUB_OUTPUT", &output_file)
        .env("GITHUB_STEP_SUMMARY", &summary_file)
        .env("GITHUB_EVENT_NAME", event)
        .env("RUNNER_TEMP", &runner_temp)
        .env("INFRA_LINT_BIN", env!("CARGO_BIN_EXE_infra-lint"))
        .env("INPUT_PATH", ".")
        .env("INPUT_FAIL_ON", fail_on)
        .env("INPUT_FORMAT", "text")
        .env("INPUT_ANNOTATIONS", "true")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let outputs = std::fs::read_to_string(&output_file)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    Run {
        status: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        outputs,
        summary: std::fs::read_to_string(&summary_file).unwrap_or_default(),
    }
}

fn finish(code: &str) -> i32 {
    Command::new("bash")
        .arg(repo().join("scripts/action.sh"))
        .arg("finish")
        .env("EXIT_CODE", code)
        .status()
        .unwrap()
        .code()
        .unwrap_or(-1)
}

#[test]
fn pull_request_scan_reports_uploads_and_fails_after() {
    let tmp = tempfile::tempdir().unwrap();
    let r = run_action("pull_request", "high", tmp.path());
    // The scan step itself never fails (the upload must run); the verdict is an output.
    assert_eq!(r.status, 0, "stdout:\n{}", r.stdout);
    assert_eq!(r.outputs.get("exit-code").map(String::as_str), Some("1"));
    let sarif_path = PathBuf::from(r.outputs.get("sarif-file").unwrap());
    let sarif: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&sarif_path).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let findings: usize = r.outputs.get("findings").unwrap().parse().unwrap();
    assert!(findings > 0);
    assert_eq!(results.iter().filter(|r| r["suppressions"].as_array().is_none_or(Vec::is_empty)).count(), findings);
    // Annotations on pull requests, one per finding, with exact positions.
    let annotations: Vec<&str> = r.stdout.lines().filter(|l| l.starts_with("::")).collect();
    assert_eq!(annotations.len(), findings, "{annotations:#?}");
    assert!(annotations.iter().all(|a| a.contains("file=") && a.contains(",line=") && a.contains(",col=")));
    // The summary table.
    assert!(r.summary.starts_with("## infra-lint"), "{}", r.summary);
    assert!(r.summary.contains("the check fails"));
    assert!(r.summary.contains("| severity | findings |"));
    let rows = r.summary.lines().filter(|l| l.starts_with("| `")).count();
    assert_eq!(rows, findings.min(50));
    // The last step fails the job with the scan's verdict.
    assert_eq!(finish("1"), 1);
    assert_eq!(finish("0"), 0);
    assert_eq!(finish("garbage"), 2);
}

#[test]
fn push_scan_with_fail_on_never_passes_without_annotations() {
    let tmp = tempfile::tempdir().unwrap();
    let r = run_action("push", "never", tmp.path());
    assert_eq!(r.status, 0);
    assert_eq!(r.outputs.get("exit-code").map(String::as_str), Some("0"));
    assert!(!r.stdout.lines().any(|l| l.starts_with("::error") || l.starts_with("::warning")));
    assert!(r.summary.contains("Reporting only (`fail-on: never`)"), "{}", r.summary);
    assert!(r.summary.contains("| severity | findings |"));
}
