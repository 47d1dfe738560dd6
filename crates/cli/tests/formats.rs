//! Every output format over `testdata/output` (snapshots), SARIF schema validation, secret
//! masking in every format, fingerprint stability, suppressions, baseline and configuration
//! filters, through the library API.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use common::{copy_tree, output_dir, scanner, SECRET};
use infra_lint::{Baseline, Config, DiagnosticLevel, Environment, MemoryFile, Report, Severity, TextOptions};
use infra_lint_core::report::SuppressionKind;

fn config() -> Config {
    let mut cfg = Config::default();
    cfg.env.insert(Environment::Production, vec!["infra/**".into()]);
    cfg
}

fn report() -> Report {
    let mut r = scanner(config()).scan(&output_dir()).unwrap();
    assert!(r.root.is_some());
    r.root = None; // the absolute path differs per machine
    r
}

#[test]
fn text_snapshot() {
    let r = report();
    insta::assert_snapshot!("text", r.to_text(&TextOptions::default()));
    insta::assert_snapshot!("text_with_suppressed", r.to_text(&TextOptions { color: false, show_suppressed: true }));
}

#[test]
fn text_colour_only_when_asked() {
    let r = report();
    assert!(!r.to_text(&TextOptions::default()).contains('\x1b'));
    let coloured = r.to_text(&TextOptions { color: true, show_suppressed: false });
    assert!(coloured.contains("\x1b[1;35mcritical[test-public-db]\x1b[0m"), "{coloured}");
}

#[test]
fn json_snapshot() {
    let json = report().to_json().unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["version"], 1);
    assert_eq!(v["summary"]["total"], v["findings"].as_array().unwrap().len());
    insta::assert_snapshot!("json", json);
}

#[test]
fn github_snapshot() {
    let gh = report().to_github();
    for line in gh.lines() {
        assert!(
            line.starts_with("::error ") || line.starts_with("::warning ") || line.starts_with("::notice "),
            "{line}"
        );
        assert!(!line.contains('\n'));
    }
    insta::assert_snapshot!("github", gh);
}

#[test]
fn sarif_snapshot_and_shape() {
    let sarif = report().to_sarif().unwrap();
    let v: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    let run = &v["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    for res in run["results"].as_array().unwrap() {
        let idx = usize::try_from(res["ruleIndex"].as_u64().unwrap()).unwrap();
        assert_eq!(rules[idx]["id"], res["ruleId"]);
        let loc = &res["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        let uri = loc["artifactLocation"]["uri"].as_str().unwrap();
        assert!(!uri.starts_with('/') && !uri.contains('\\'), "{uri}");
        assert!(res["partialFingerprints"]["infraLint/v1"].is_string());
    }
    let public_db = rules.iter().find(|r| r["id"] == "test-public-db").unwrap();
    assert_eq!(public_db["properties"]["security-severity"], "9.5");
    assert_eq!(public_db["defaultConfiguration"]["level"], "error");
    assert_eq!(public_db["helpUri"], "https://github.com/infra-lint/infra-lint/blob/main/docs/rules/test-public-db.md");
    // The public database finding points at the exact attribute.
    let res = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "test-public-db" && r["suppressions"].is_null())
        .unwrap();
    let region = &res["locations"][0]["physicalLocation"]["region"];
    assert_eq!((region["startLine"].as_u64(), region["startColumn"].as_u64()), (Some(9), Some(3)));
    assert_eq!((region["endLine"].as_u64(), region["endColumn"].as_u64()), (Some(9), Some(29)));
    assert_eq!(region["snippet"]["text"], "publicly_accessible = true");
    assert_eq!(res["relatedLocations"][0]["id"], 1);
    // Inline-suppressed results carry their justification.
    let suppressed: Vec<_> =
        run["results"].as_array().unwrap().iter().filter(|r| !r["suppressions"].is_null()).collect();
    assert_eq!(suppressed.len(), 3, "{suppressed:#?}");
    assert!(suppressed.iter().any(|r| r["suppressions"][0]["kind"] == "inSource"
        && r["suppressions"][0]["justification"] == "the host firewall only admits the VPN range"));
    insta::assert_snapshot!("sarif", sarif);
}

#[test]
fn sarif_is_valid_against_the_schema() {
    let schema_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/schemas/sarif-schema-2.1.0.json");
    let Ok(schema_text) = std::fs::read_to_string(&schema_path) else {
        eprintln!("skipping: SARIF schema not found at {}", schema_path.display());
        return;
    };
    let schema: serde_json::Value = serde_json::from_str(&schema_text).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let mut with_root = scanner(config()).scan(&output_dir()).unwrap();
    with_root.diagnostics.push(infra_lint::Diagnostic::error("parse-error", "infra/main.tf", "broken").at(3, 4));
    let mut memory = scanner(config()).scan_files(vec![]).unwrap();
    memory.diagnostics.push(infra_lint::Diagnostic::warning("binary-file", "x.env", "binary"));
    for r in [report(), with_root, memory] {
        let sarif: serde_json::Value = serde_json::from_str(&r.to_sarif().unwrap()).unwrap();
        let errors: Vec<String> =
            validator.iter_errors(&sarif).map(|e| format!("{e} at {}", e.instance_path())).collect();
        assert!(errors.is_empty(), "SARIF does not validate:\n{}", errors.join("\n"));
    }
}

#[test]
fn no_format_ever_prints_the_secret() {
    let mut cfg = config();
    cfg.no_inline_suppressions = true;
    let r = scanner(cfg).scan(&output_dir()).unwrap();
    assert!(r.findings.iter().any(|f| f.rule_id == "test-secret"), "the planted secret must be found");
    let prefix = &SECRET[..8];
    for (name, out) in [
        ("text", r.to_text(&TextOptions { color: false, show_suppressed: true })),
        ("text-colour", r.to_text(&TextOptions { color: true, show_suppressed: true })),
        ("json", r.to_json().unwrap()),
        ("sarif", r.to_sarif().unwrap()),
        ("github", r.to_github()),
        ("baseline", r.to_baseline().to_json()),
    ] {
        assert!(!out.contains(SECRET), "{name} output prints the secret");
        assert!(!out.contains(prefix), "{name} output prints a long part of the secret");
    }
    let secret = r.findings.iter().find(|f| f.rule_id == "test-secret").unwrap();
    assert_eq!(secret.snippet, format!("PAYMENTS_API_TOKEN={}", infra_lint_core::base::mask::mask(SECRET)));
}

#[test]
fn fingerprints_survive_unrelated_line_moves() {
    let before = report();
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&output_dir(), tmp.path());
    for rel in ["infra/main.tf", "docker-compose.prod.yml", ".env.production"] {
        let p = tmp.path().join(rel);
        let text = std::fs::read_to_string(&p).unwrap();
        std::fs::write(&p, format!("# a new comment\n\n{text}")).unwrap();
    }
    let after = scanner(config()).scan(tmp.path()).unwrap();
    let fps = |r: &Report| {
        let mut v: Vec<(String, String)> =
            r.findings.iter().chain(&r.suppressed).map(|f| (f.rule_id.clone(), f.fingerprint.clone())).collect();
        v.sort();
        v
    };
    assert_eq!(fps(&before), fps(&after));
    assert!(after.findings.iter().all(|f| f.location.start_line > 2));
}

#[test]
fn suppressions_apply_and_audit_mode_shows_everything() {
    let r = report();
    let active: Vec<(&str, u32)> = r.findings.iter().map(|f| (f.rule_id.as_str(), f.location.start_line)).collect();
    let silenced: Vec<(&str, u32, &str)> = r
        .suppressed
        .iter()
        .map(|f| {
            let s = f.suppression.as_ref().unwrap();
            assert_eq!(s.kind, SuppressionKind::InSource);
            (f.rule_id.as_str(), f.location.start_line, s.justification.as_str())
        })
        .collect();
    // The cache port (comment above) and the web port (end of line, no reason) are silenced; so
    // is the status database (comment above the HCL block covers the whole block).
    assert!(silenced.contains(&("test-exposed-port", 14, "the host firewall only admits the VPN range")));
    assert!(silenced.contains(&("test-exposed-port", 19, "")));
    assert!(silenced.contains(&(
        "test-public-db",
        17,
        "read replica for the public status page, holds no personal data"
    )));
    // The missing reason is itself a finding.
    assert!(active.contains(&("invalid-suppression", 19)));
    assert!(active.contains(&("test-exposed-port", 8)));
    // The suppression in the workflow silences nothing: a note with its location.
    let unused: Vec<_> = r.diagnostics.iter().filter(|d| d.code == "unused-suppression").collect();
    assert_eq!(unused.len(), 1, "{:?}", r.diagnostics);
    assert_eq!(unused[0].level, DiagnosticLevel::Note);
    assert_eq!(
        (unused[0].path.to_str(), unused[0].line, unused[0].column),
        (Some(".github/workflows/deploy.yml"), Some(9), Some(7))
    );

    let mut cfg = config();
    cfg.no_inline_suppressions = true;
    let audit = scanner(cfg).scan(&output_dir()).unwrap();
    assert!(audit.suppressed.is_empty());
    assert_eq!(
        audit.findings.len(),
        r.findings.len() + r.suppressed.len(),
        "audit: all silenced shown, and the reasonless suppression still reported"
    );
    assert!(!audit.diagnostics.iter().any(|d| d.code == "unused-suppression"));
}

#[test]
fn baseline_round_trip() {
    let first = report();
    let baseline = Baseline::parse(&first.to_baseline().to_json(), Path::new("b.json")).unwrap();
    assert_eq!(baseline.findings.len(), first.findings.len());

    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&output_dir(), tmp.path());
    let compose = tmp.path().join("docker-compose.prod.yml");
    let text = std::fs::read_to_string(&compose).unwrap();
    std::fs::write(
        &compose,
        format!("{text}\n  mail:\n    image: mailhog/mailhog:v1.0.1\n    ports:\n      - \"8025:8025\"\n"),
    )
    .unwrap();

    let mut cfg = config();
    cfg.baseline = Some(baseline);
    let second = scanner(cfg).scan(tmp.path()).unwrap();
    let new: Vec<(&str, u32)> = second.findings.iter().map(|f| (f.rule_id.as_str(), f.location.start_line)).collect();
    assert_eq!(new, vec![("test-exposed-port", 24)]);
    let s = second.summary();
    assert_eq!(s.baselined, first.findings.len());
    assert!(second.suppressed.iter().any(|f| f.suppression.as_ref().unwrap().kind == SuppressionKind::External));
    // A baseline written now records old and new findings.
    assert_eq!(second.to_baseline().findings.len(), first.findings.len() + 1);
}

#[test]
fn configuration_filters() {
    let mut cfg = config();
    cfg.severity.insert("test-exposed-port".into(), Severity::Low);
    cfg.per_path_ignores.insert("infra/**".into(), vec!["test-public-db".into()]);
    cfg.secrets.allow_regex.push("^q7Xv".into());
    let r = scanner(cfg).scan(&output_dir()).unwrap();
    assert!(!r.findings.iter().any(|f| f.rule_id == "test-public-db" || f.rule_id == "test-secret"));
    assert!(r.findings.iter().filter(|f| f.rule_id == "test-exposed-port").all(|f| f.severity == Severity::Low));
    assert!(r.findings.iter().any(|f| f.rule_id == "test-exposed-port"));

    let mut cfg = config();
    cfg.select = vec!["test-secret".into()];
    let r = scanner(cfg).scan(&output_dir()).unwrap();
    let ids: Vec<&str> = r.findings.iter().map(|f| f.rule_id.as_str()).collect();
    assert_eq!(ids, vec!["test-secret"]);
    assert_eq!(r.rules.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), vec!["test-secret"]);

    let mut cfg = config();
    cfg.ignore = vec!["test-*".into()];
    cfg.select = vec!["*".into()];
    let r = scanner(cfg).scan(&output_dir()).unwrap();
    assert!(r.findings.iter().all(|f| !f.rule_id.starts_with("test-")));
}

#[test]
fn environment_from_config_and_path() {
    let r = report();
    let db = r.findings.iter().find(|f| f.rule_id == "test-public-db").unwrap();
    assert_eq!(db.environment, Environment::Production);
    let port = r.findings.iter().find(|f| f.rule_id == "test-exposed-port").unwrap();
    assert_eq!(port.environment, Environment::Production);
    let r = scanner(Config::default()).scan(&output_dir()).unwrap();
    let db = r.findings.iter().find(|f| f.rule_id == "test-public-db").unwrap();
    assert_eq!(db.environment, Environment::Unknown);
}

#[test]
fn memory_scan_matches_directory_scan() {
    let dir = output_dir();
    let files: Vec<MemoryFile> =
        ["infra/main.tf", "docker-compose.prod.yml", ".env.production", ".github/workflows/deploy.yml"]
            .iter()
            .map(|rel| MemoryFile { path: rel.into(), contents: std::fs::read(dir.join(rel)).unwrap() })
            .collect();
    let mem = scanner(config()).scan_files(files).unwrap();
    let disk = report();
    assert_eq!(mem.findings, disk.findings);
    assert_eq!(mem.suppressed, disk.suppressed);
    assert!(mem.root.is_none());
}

#[test]
fn several_paths_are_reported_from_the_working_directory() {
    // Paths given as they are typed; output paths keep them.
    let dir = output_dir();
    let r = scanner(config()).scan_paths(&[dir.join("infra"), dir.join(".env.production")]).unwrap();
    let paths: Vec<String> = r.findings.iter().map(|f| f.location.path.display().to_string()).collect();
    assert!(paths.iter().any(|p| p.ends_with("infra/main.tf")), "{paths:?}");
    assert!(paths.iter().any(|p| p.ends_with(".env.production")), "{paths:?}");
    assert!(scanner(config()).scan_paths(&[dir.join("missing")]).is_err());
}

#[test]
fn code_frames_can_be_left_out_without_changing_machine_output() {
    let with = report();
    let mut without = scanner(config()).with_code_frames(false).scan(&output_dir()).unwrap();
    without.root = None;
    assert!(with.findings.iter().any(|f| !f.frame.is_empty()), "frames are kept by default");
    assert!(without.findings.iter().chain(&without.suppressed).all(|f| f.frame.is_empty()));
    assert_eq!(with.to_json().unwrap(), without.to_json().unwrap());
    assert_eq!(with.to_sarif().unwrap(), without.to_sarif().unwrap());
    assert_eq!(with.to_github(), without.to_github());
}
