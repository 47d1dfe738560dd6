//! Rego engine tests: shipped-policy unit tests (`crates/rules/policies/*_test.rego`), conftest-style policy
//! directories over `testdata/`, policy fixtures per format, and broken-policy diagnostics.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use infra_lint_rules::rego::testing::{run_tests, Outcome};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn shipped_policy_tests_pass() {
    let report = run_tests(
        &infra_lint_core::engine::policy_files::read_dirs(&[repo().join("crates/rules/policies")]).0,
        &serde_json::json!({}),
    );
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

use infra_lint_core::load::{load_dir, LoadOptions};
use infra_lint_core::source::path_to_slash;
use infra_lint_core::{DiagnosticLevel, Model};
use infra_lint_rules::rego::{PolicyOptions, PolicySet};

fn testdata(p: &str) -> PathBuf {
    repo().join("testdata/rego").join(p)
}

/// `path:line:col rule severity msg` per finding.
fn render(model: &Model, findings: &[infra_lint_core::Finding]) -> Vec<String> {
    findings
        .iter()
        .map(|f| {
            let l = model.locate(f.span);
            format!(
                "{}:{}:{} {} {} {}",
                path_to_slash(&l.path),
                l.start_line,
                l.start_column,
                f.rule_id,
                f.severity,
                f.message
            )
        })
        .collect()
}

fn scan(opts: &PolicyOptions) -> (Vec<String>, Vec<infra_lint_core::Diagnostic>, PolicySet) {
    let model = load_dir(&testdata("inputs"), &LoadOptions::default());
    let (set, mut diags) = PolicySet::load(opts);
    let (findings, d2) = set.evaluate(&model);
    diags.extend(d2);
    (render(&model, &findings), diags, set)
}

#[test]
fn conftest_policy_directory_gives_located_verdicts() {
    let (got, diags, set) = scan(&PolicyOptions {
        files: infra_lint_core::engine::policy_files::read_dirs(&[testdata("conftest/policy")]).0,
        ..PolicyOptions::default()
    });
    assert!(diags.is_empty(), "{diags:#?}");
    let want = [
        ".env:3:1 policy/main/warn medium DEBUG is enabled",
        ".github/workflows/ci.yml:3:14 policy/main/deny high workflow grants write-all permissions to GITHUB_TOKEN",
        "Dockerfile:1:6 policy/main/deny high image node:latest uses the latest tag",
        "Dockerfile:1:6 policy/main/warn_registry medium image node:latest is not from an allowed registry",
        "config.tf.json:6:25 policy/main/warn medium security group rule ssh is open to 0.0.0.0/0",
        "docker-compose.yml:4:5 policy/main/deny_privileged high service web must not be privileged",
        "fly.toml:6:3 policy/main/violation critical fly app acme-site serves plain HTTP: force_https is false",
        "main.tf:12:3 policy/main/deny high database main is publicly_accessible",
        "main.tf:3:12 policy/main/deny high S3 bucket ACL public grants public-read",
    ];
    let mut got_sorted = got.clone();
    got_sorted.sort();
    assert_eq!(got_sorted, want, "got:\n{}", got.join("\n"));
    // The rules appear in the catalog, with conftest's severities.
    let ids: Vec<String> = set.rules().into_iter().map(|r| format!("{} {}", r.id, r.severity)).collect();
    assert_eq!(
        ids,
        [
            "policy/main/deny high",
            "policy/main/deny_privileged high",
            "policy/main/violation high",
            "policy/main/warn medium",
            "policy/main/warn_registry medium",
        ]
    );
}

#[test]
fn namespaces_select_packages() {
    let dirs = vec![testdata("conftest/policy")];
    let (got, _, _) = scan(&PolicyOptions {
        files: infra_lint_core::engine::policy_files::read_dirs(&dirs).0,
        namespaces: vec!["extra".into()],
        ..PolicyOptions::default()
    });
    assert_eq!(got, ["terraform.tfvars:1:17 policy/extra/warn medium region is set in tfvars: eu-west-1"]);
    let (all, _, _) = scan(&PolicyOptions {
        files: infra_lint_core::engine::policy_files::read_dirs(&dirs).0,
        all_namespaces: true,
        ..PolicyOptions::default()
    });
    assert_eq!(all.len(), 10, "{all:#?}");
}

#[test]
fn broken_policies_are_diagnostics_and_the_rest_runs() {
    let (got, diags, _) = scan(&PolicyOptions {
        files: infra_lint_core::engine::policy_files::read_dirs(&[testdata("broken")]).0,
        all_namespaces: true,
        ..PolicyOptions::default()
    });
    // The good policy still runs.
    assert_eq!(got, [".env:3:1 policy/main/warn medium DEBUG is enabled"]);
    let parse = diags.iter().find(|d| d.code == "policy-parse-error").expect("parse diagnostic");
    assert!(path_to_slash(&parse.path).ends_with("broken/syntax.rego"), "{parse:?}");
    assert_eq!((parse.line, parse.column), (Some(7), Some(9)), "{parse:?}");
    assert_eq!(parse.level, DiagnosticLevel::Error);
    let runtime = diags.iter().find(|d| d.code == "policy-eval-error").expect("runtime diagnostic");
    assert!(path_to_slash(&runtime.path).ends_with("broken/runtime.rego"), "{runtime:?}");
    assert_eq!(runtime.line, Some(6), "{runtime:?}");
    assert!(runtime.message.contains("rule deny failed"), "{runtime:?}");
    // One diagnostic per policy problem, not one per file.
    assert_eq!(diags.len(), 2, "{diags:#?}");
}

#[test]
fn infra_lint_policies_locate_results_in_every_format() {
    let (got, diags, set) = scan(&PolicyOptions {
        files: infra_lint_core::engine::policy_files::read_dirs(&[testdata("model")]).0,
        ..PolicyOptions::default()
    });
    assert!(diags.is_empty(), "{diags:#?}");
    let mut got_sorted = got.clone();
    got_sorted.sort();
    let want = [
        ".env:3:7 test-env-debug medium DEBUG on",
        ".github/workflows/ci.yml:3:14 test-workflow-perms medium write-all",
        "Dockerfile:1:6 test-docker-latest medium node:latest uses latest",
        "config.tf.json:6:25 test-tfjson-ssh medium ssh open to the world",
        "docker-compose.yml:4:17 test-compose-privileged medium web privileged",
        "fly.toml:6:17 test-fly-https medium plain http",
        "legacy/docker-compose.yml:5:17 test-compose-privileged medium legacy privileged",
        "main.tf:12:25 test-tf-public-db medium aws_db_instance.main is public",
        "main.tf:13:25 test-tf-public-db high aws_db_instance.main is not encrypted",
        "migrations/001_init.sql:1:1 test-sql-plain medium a SQL file",
        "terraform.tfvars:1:17 test-tfvars-region medium region pinned in tfvars",
    ];
    assert_eq!(got_sorted, want, "got:\n{}", got.join("\n"));
    let info = set.rules();
    assert_eq!(info.len(), 9);
    assert!(info.iter().all(|r| r.origin == "rego" && r.summary.starts_with("Test policy")));
}

#[test]
fn results_carry_keys_fixes_and_related_locations() {
    let model = load_dir(&testdata("inputs"), &LoadOptions::default());
    let (set, _) = PolicySet::load(&PolicyOptions {
        files: infra_lint_core::engine::policy_files::read_dirs(&[testdata("model")]).0,
        ..PolicyOptions::default()
    });
    let (findings, _) = set.evaluate(&model);
    let perms = findings.iter().find(|f| f.rule_id == "test-workflow-perms").unwrap();
    let rel = model.locate(perms.related.first().unwrap().span);
    assert_eq!((rel.start_line, rel.start_column), (2, 5));
    let env = findings.iter().find(|f| f.rule_id == "test-env-debug").unwrap();
    assert_eq!(env.fix.as_deref(), Some("set DEBUG=false"));
    assert_eq!(env.key, ".env:DEBUG");
    let web = findings.iter().find(|f| f.message == "web privileged").unwrap();
    assert_eq!(web.key, "services.web");
}

#[test]
fn shipped_policies_are_in_the_catalog() {
    let (set, diags) = PolicySet::load(&PolicyOptions { shipped: true, ..PolicyOptions::default() });
    assert!(diags.is_empty(), "{diags:#?}");
    let rules = set.rules();
    let ids: Vec<&str> = rules.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "compose-no-healthcheck",
            "dockerfile-apt-no-clean",
            "fly-min-machines-production",
            "required-ci-gates",
            "tf-required-tags",
            "workflow-timeout-missing",
        ]
    );
    for r in &rules {
        assert_eq!(r.origin, "rego");
        assert!(r.docs.contains("## What it does") && r.docs.contains("## How to fix"), "{}: {}", r.id, r.docs);
        assert!(r.docs.contains("## References"), "{}", r.id);
        assert!(!r.tags.is_empty() && !r.formats.is_empty(), "{}", r.id);
    }
}

#[test]
fn policy_test_runner_reports_failures_and_errors() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("p_test.rego"),
        "package p_test\nimport rego.v1\n\ntest_ok if { 1 == 1 }\n\ntest_fails if { 1 == 2 }\n\ntest_errors if { some x in \"s\"; x }\n",
    )
    .unwrap();
    let report = run_tests(
        &infra_lint_core::engine::policy_files::read_dirs(&[dir.path().to_path_buf()]).0,
        &serde_json::json!({}),
    );
    let outcomes: Vec<(String, bool, bool)> = report
        .results
        .iter()
        .map(|r| (r.name.clone(), r.outcome == Outcome::Pass, matches!(r.outcome, Outcome::Error(_))))
        .collect();
    assert_eq!(
        outcomes,
        [("test_errors".into(), false, true), ("test_fails".into(), false, false), ("test_ok".into(), true, false)]
    );
    assert!(!report.ok());
}

/// The shipped policies and a conftest directory over the real corpus: no policy errors
/// (regorus is stricter than OPA about types, so policies must guard them), and the time per file.
#[test]
fn policies_run_clean_on_the_real_corpus() {
    let corpus = repo().join("../shared/corpus/real");
    if !corpus.is_dir() {
        eprintln!("skipping: corpus not found at {}", corpus.display());
        return;
    }
    let data = serde_json::json!({
        "required_ci_gates": {"checks": ["tenant-isolation"]},
        "tf_required_tags": {"tags": ["owner"]},
    });
    let (set, diags) = PolicySet::load(&PolicyOptions {
        shipped: true,
        files: infra_lint_core::engine::policy_files::read_dirs(&[testdata("conftest/policy")]).0,
        data,
        ..PolicyOptions::default()
    });
    assert!(diags.is_empty(), "{diags:#?}");
    let mut repos: Vec<PathBuf> = std::fs::read_dir(&corpus).unwrap().flatten().map(|e| e.path()).collect();
    repos.sort();
    let (mut files, mut findings, mut elapsed) = (0usize, 0usize, std::time::Duration::ZERO);
    for r in repos {
        let model = load_dir(&r, &LoadOptions::default());
        let start = std::time::Instant::now();
        let (f, d) = set.evaluate(&model);
        elapsed += start.elapsed();
        assert!(d.is_empty(), "{}: {d:#?}", r.display());
        files += model.files.len();
        findings += f.len();
    }
    let per_file = elapsed.as_secs_f64() * 1e6 / files.max(1) as f64;
    eprintln!("policies: {files} files, {findings} findings, {elapsed:?} total, {per_file:.0} µs per file");
    assert!(files > 100, "corpus too small: {files}");
}

/// Pretty JSON with spans (`{"file", "start", "end"}`) kept on one line.
fn pretty(v: &serde_json::Value) -> String {
    let text = serde_json::to_string_pretty(v).unwrap();
    let re = regex::Regex::new(r#"\{\n\s*"end": (\d+),\n\s*"file": (\d+),\n\s*"start": (\d+)\n\s*\}"#).unwrap();
    re.replace_all(&text, r#"{"file": $2, "start": $3, "end": $1}"#).into_owned()
}

/// `docs/rego.md`'s input examples are generated from `testdata/rego/docs/` (regenerate with
/// `UPDATE_DOCS=1 cargo test -p infra-lint-rules --test rego`).
#[test]
fn docs_input_examples_are_current() {
    use std::fmt::Write as _;
    const BEGIN: &str = "<!-- BEGIN GENERATED INPUT EXAMPLES -->\n";
    const END: &str = "<!-- END GENERATED INPUT EXAMPLES -->";
    let model = load_dir(&testdata("docs"), &LoadOptions::default());
    let mut gen = String::new();
    for (i, f) in model.files.iter().enumerate() {
        let (envelope, conftest) = infra_lint_rules::rego::file_inputs(&model, i).unwrap();
        let lang = match f.kind.as_str() {
            "terraform" | "tfvars" => "hcl",
            "compose" | "workflow" => "yaml",
            "fly" => "toml",
            "sql" => "sql",
            _ => "text",
        };
        let _ = writeln!(gen, "### {} (`{}`)\n", f.kind.as_str(), f.path);
        let _ = writeln!(gen, "```{lang}\n{}```\n", f.source.text);
        let _ = writeln!(gen, "<details><summary>infra-lint input (<code>input</code> of a policy with <code>custom.id</code>)</summary>\n");
        let _ = writeln!(gen, "```json\n{}\n```\n</details>\n", pretty(&envelope));
        let shape = match conftest.as_slice() {
            [] => "conftest has no parser for this format: conftest policies do not see it.".to_owned(),
            [one] => format!("```json\n{}\n```", pretty(one)),
            many => format!("```json\n{}\n```", pretty(&serde_json::json!(many))),
        };
        let _ = writeln!(gen, "conftest input:\n\n{shape}\n");
    }
    let path = repo().join("docs/rego.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let (Some(b), Some(e)) = (text.find(BEGIN), text.find(END)) else { panic!("docs/rego.md lacks the markers") };
    let want = format!("{}{BEGIN}\n{gen}{}", &text[..b], &text[e..]);
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &want).unwrap();
    } else {
        assert!(
            text == want,
            "docs/rego.md input examples are stale: run UPDATE_DOCS=1 cargo test -p infra-lint-rules --test rego"
        );
    }
}

/// conftest evaluates each document of a multi-document YAML file separately; results are
/// located in the document they come from.
#[test]
fn multi_document_yaml_is_evaluated_per_document() {
    use infra_lint_core::load::{load_memory, MemoryFile};
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("p.rego"),
        "package main\nimport rego.v1\n\ndeny contains msg if {\n\tsome name, svc in input.services\n\tsvc.privileged == true\n\tmsg := sprintf(\"service %s is privileged\", [name])\n}\n\nwarn contains \"document without services\" if not input.services\n",
    )
    .unwrap();
    let yaml =
        "services:\n  a:\n    image: x\n---\nservices:\n  b:\n    image: y\n    privileged: true\n---\nname: other\n";
    let model = load_memory(
        vec![MemoryFile { path: "docker-compose.yml".into(), contents: yaml.as_bytes().to_vec() }],
        &LoadOptions::default(),
    );
    let (set, diags) = PolicySet::load(&PolicyOptions {
        files: infra_lint_core::engine::policy_files::read_dirs(&[dir.path().to_path_buf()]).0,
        ..PolicyOptions::default()
    });
    assert!(diags.is_empty(), "{diags:?}");
    let (findings, diags) = set.evaluate(&model);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(
        render(&model, &findings),
        [
            "docker-compose.yml:8:5 policy/main/deny high service b is privileged",
            "docker-compose.yml:10:1 policy/main/warn medium document without services",
        ]
    );
}

/// An infra-lint policy reading `input.facts` sees the facts of its own file only (and every kind
/// of fact, empty when the file has none), and repository-scoped policies see every file's.
#[test]
fn facts_in_the_envelope_belong_to_the_file() {
    use infra_lint_core::load::{load_memory, MemoryFile};
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("p.rego"),
        "# METADATA\n# title: count env facts\n# custom:\n#   id: fact-count\n#   severity: low\n#   formats: [env]\n\
         package acme.fact_count\nimport rego.v1\n\n\
         deny contains {\"msg\": sprintf(\"%d secrets, %d tables\", [count(input.facts.secrets), count(input.facts.tables)])} if {\n\
         \tinput.kind == \"env\"\n}\n",
    )
    .unwrap();
    let files = [(".env", "A=1\nB=2\n"), ("api/.env", "C=3\n"), ("web/.env", "")];
    let model = load_memory(
        files.iter().map(|(p, t)| MemoryFile { path: (*p).into(), contents: t.as_bytes().to_vec() }).collect(),
        &LoadOptions::default(),
    );
    let (set, diags) = PolicySet::load(&PolicyOptions {
        files: infra_lint_core::engine::policy_files::read_dirs(&[dir.path().to_path_buf()]).0,
        ..PolicyOptions::default()
    });
    assert!(diags.is_empty(), "{diags:?}");
    let (findings, diags) = set.evaluate(&model);
    assert!(diags.is_empty(), "{diags:?}");
    let mut got: Vec<(String, String)> =
        findings.iter().map(|f| (model.locate(f.span).path.display().to_string(), f.message.clone())).collect();
    got.sort();
    assert_eq!(
        got,
        [
            (".env".to_owned(), "2 secrets, 0 tables".to_owned()),
            ("api/.env".to_owned(), "1 secrets, 0 tables".to_owned()),
            ("web/.env".to_owned(), "0 secrets, 0 tables".to_owned()),
        ]
    );
}
