//! A scan split into shards (bounded memory for large repositories) reports exactly what one
//! whole scan reports: same findings, locations, related locations, fingerprints, suppressions
//! and diagnostics. Checked on the project's own fixtures (every rule's cases, broken files,
//! Terraform modules) and, when present, on the shared corpus of real repositories.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::Path;

use infra_lint::{Config, Report, Scanner};

fn assert_same(root: &Path) -> Report {
    let whole = Scanner::new(Config::default()).with_shard_files(0).scan(root).unwrap();
    // Budget 1: every connected group of files is a shard of its own.
    let sharded = Scanner::new(Config::default()).with_shard_files(1).scan(root).unwrap();
    assert!(whole.files_scanned > 1, "{}: nothing scanned", root.display());
    // Compared as rendered (internal file ids differ between shards and are never output).
    let (json_whole, json_sharded) = (whole.to_json().unwrap(), sharded.to_json().unwrap());
    if json_whole != json_sharded {
        let key = |f: &infra_lint::ReportedFinding| {
            format!(
                "{} {}:{}:{} {} [{}]",
                f.rule_id,
                f.location.path.display(),
                f.location.start_line,
                f.location.start_column,
                f.message,
                f.fingerprint
            )
        };
        let set = |r: &Report| -> BTreeSet<String> {
            r.findings
                .iter()
                .chain(&r.suppressed)
                .map(key)
                .chain(r.diagnostics.iter().map(|d| format!("{d:?}")))
                .collect()
        };
        let (a, b) = (set(&whole), set(&sharded));
        let only_whole: Vec<_> = a.difference(&b).take(10).collect();
        let only_sharded: Vec<_> = b.difference(&a).take(10).collect();
        panic!(
            "{}: sharded scan differs from the whole scan (files {} vs {})\nonly in the whole scan: {only_whole:#?}\nonly in the sharded scan: {only_sharded:#?}",
            root.display(),
            whole.files_scanned,
            sharded.files_scanned
        );
    }
    assert!(whole.to_sarif().unwrap() == sharded.to_sarif().unwrap(), "{}: SARIF differs", root.display());
    whole
}

#[test]
fn sharded_scan_of_the_fixtures_equals_the_whole_scan() {
    let testdata = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata");
    let report = assert_same(&testdata);
    assert!(report.findings.len() > 100, "the fixtures have findings of every rule");
    assert!(!report.diagnostics.is_empty(), "the fixtures include broken files");
}

#[test]
fn sharded_scan_of_the_corpus_equals_the_whole_scan() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/real");
    if !corpus.is_dir() {
        eprintln!("skipping: {} not found", corpus.display());
        return;
    }
    let report = assert_same(&corpus);
    assert!(report.findings.len() > 100);
}

#[test]
fn small_scans_and_repository_policies_are_not_split() {
    // A repository-scoped policy (here the shipped `required-ci-gates`, made active by its
    // configuration) must see every workflow at once: the scan stays whole, so its cross-file
    // answer is the same with any shard size.
    let dir = tempfile::tempdir().unwrap();
    // Two repositories' workflows: apart, each would miss the other's gate.
    for (repo, job) in [("a", "lint"), ("b", "test")] {
        let wf = dir.path().join(repo).join(".github/workflows");
        std::fs::create_dir_all(&wf).unwrap();
        let text = format!(
            "on: pull_request\npermissions: {{}}\njobs:\n  {job}:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make {job}\n"
        );
        std::fs::write(wf.join("ci.yml"), text).unwrap();
    }
    std::fs::write(
        dir.path().join(".infra-lint.toml"),
        "[policy.data.required_ci_gates]\nchecks = [\"lint\", \"test\", \"audit\"]\n",
    )
    .unwrap();
    let config = Config::load(&dir.path().join(".infra-lint.toml")).unwrap();
    let whole = Scanner::new(config.clone()).with_shard_files(0).scan(dir.path()).unwrap();
    let split = Scanner::new(config).with_shard_files(1).scan(dir.path()).unwrap();
    let gates: Vec<_> = whole.findings.iter().filter(|f| f.rule_id == "required-ci-gates").collect();
    assert_eq!(gates.len(), 1, "one finding for the missing `audit` gate: {gates:?}");
    assert_eq!(whole.to_json().unwrap(), split.to_json().unwrap());
}
