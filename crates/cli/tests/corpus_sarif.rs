//! Real repositories from the shared corpus: every format renders, SARIF validates against the
//! 2.1.0 schema, fingerprints are unique, URIs are relative, and locations exist in the files.
//! Skips cleanly when the corpus or the schema is absent.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::Path;

use infra_lint::{Config, Scanner, TextOptions};

#[test]
fn corpus_outputs_are_valid() {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    let corpus = base.join("corpus/real");
    let (Ok(schema_text), true) =
        (std::fs::read_to_string(base.join("schemas/sarif-schema-2.1.0.json")), corpus.is_dir())
    else {
        eprintln!("skipping: corpus or SARIF schema not found under {}", base.display());
        return;
    };
    let schema: serde_json::Value = serde_json::from_str(&schema_text).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let mut checked = 0;
    for repo in ["awesome-compose", "documenso", "openstatus", "terraform-aws-rds", "live_beats"] {
        let root = corpus.join(repo);
        if !root.is_dir() {
            continue;
        }
        let report = Scanner::new(Config::default()).scan(&root).unwrap();
        let sarif: serde_json::Value = serde_json::from_str(&report.to_sarif().unwrap()).unwrap();
        let errors: Vec<String> =
            validator.iter_errors(&sarif).take(5).map(|e| format!("{e} at {}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{repo}: SARIF invalid:\n{}", errors.join("\n"));
        let mut fps = BTreeSet::new();
        for f in report.findings.iter().chain(&report.suppressed) {
            assert!(fps.insert(f.fingerprint.clone()), "{repo}: duplicate fingerprint {}", f.fingerprint);
            let p = f.location.path.to_string_lossy();
            assert!(!p.starts_with('/') && !p.contains('\\'), "{repo}: path {p}");
            let text = std::fs::read_to_string(root.join(&f.location.path)).unwrap();
            let lines = text.lines().count().max(1);
            assert!(
                (f.location.start_line as usize) <= lines + 1,
                "{repo}: {p}:{} out of range",
                f.location.start_line
            );
            assert!(!f.frame.is_empty(), "{repo}: {p}:{} has no code frame", f.location.start_line);
        }
        let json: serde_json::Value = serde_json::from_str(&report.to_json().unwrap()).unwrap();
        assert_eq!(json["summary"]["total"], report.findings.len());
        assert!(report.to_github().lines().count() >= report.findings.len());
        assert!(report.to_text(&TextOptions::default()).ends_with('\n'));
        checked += 1;
    }
    eprintln!("checked {checked} corpus repositories");
}
