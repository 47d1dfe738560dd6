//! One fixture harness for every rule.
#![allow(clippy::unwrap_used)]
//!
//! `testdata/rules/<id>/bad_<case>/…` and `good_<case>/…` hold real files. Lines that must be
//! flagged carry an end-of-line marker `expect: <id>` (in a comment of the file's syntax); files
//! without comments (JSON) list `path:line` pairs in an `EXPECT` file in the case directory. Each
//! case is scanned with only that rule enabled; the flagged (file, line) set must equal the
//! markers, and the findings of all cases of a rule are snapshot-tested.
//!
//! A case may hold an `.infra-lint.toml`: its rule settings (`[containers]`, `[sql]`) and `[env]`
//! globs are used to load the case, and its `[policy.data]` is given to Rego policies.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use infra_lint_core::load::{load_dir, LoadOptions};
use infra_lint_core::source::path_to_slash;

fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/rules")
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = rd.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files_under(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn expected(case: &Path, id: &str) -> BTreeSet<(String, u32)> {
    let mut set = BTreeSet::new();
    let mut files = Vec::new();
    files_under(case, &mut files);
    for f in files {
        let rel = path_to_slash(f.strip_prefix(case).unwrap_or(&f));
        let Ok(text) = std::fs::read_to_string(&f) else { continue };
        if rel == "EXPECT" {
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                if let Some((p, n)) = line.trim().rsplit_once(':') {
                    set.insert((p.to_owned(), n.parse().expect("EXPECT line number")));
                }
            }
            continue;
        }
        for (i, line) in text.lines().enumerate() {
            // `expect: a, b` lists several rules.
            if let Some(pos) = line.find("expect: ") {
                let ids = &line[pos + "expect: ".len()..];
                if ids.split([',', ' ']).any(|s| s.trim_end_matches(['*', '/', '-', '>']) == id) {
                    set.insert((rel.clone(), u32::try_from(i + 1).unwrap()));
                }
            }
        }
    }
    set
}

/// Findings of the shipped Rego policy `id` on a case; `[policy.data]` comes from the case's
/// `.infra-lint.toml`, if any.
fn rego_findings(case: &Path, id: &str, model: &infra_lint_core::Model) -> Vec<infra_lint_core::Finding> {
    let data = std::fs::read_to_string(case.join(".infra-lint.toml"))
        .ok()
        .and_then(|t| toml::from_str::<serde_json::Value>(&t).ok())
        .and_then(|v| v.get("policy").and_then(|p| p.get("data")).cloned())
        .unwrap_or(serde_json::Value::Null);
    let (mut set, diags) = infra_lint_rules::rego::PolicySet::load(&infra_lint_rules::rego::PolicyOptions {
        shipped: true,
        data,
        ..Default::default()
    });
    assert!(diags.is_empty(), "{diags:?}");
    set.retain_ids(|r| r == id);
    let (findings, diags) = set.evaluate(model);
    assert!(diags.is_empty(), "{diags:?}");
    findings
}

/// Load options of a case: from its `.infra-lint.toml` when there is one (a broken one fails).
fn case_options(case: &Path) -> LoadOptions {
    let path = case.join(infra_lint_core::config::CONFIG_FILE);
    if !path.is_file() {
        return LoadOptions::default();
    }
    let cfg = infra_lint_core::config::Config::load_with(&path, infra_lint_rules::settings::check)
        .unwrap_or_else(|e| panic!("{e}"));
    LoadOptions { env_overrides: cfg.env_overrides(), settings: cfg.rule_settings(), ..LoadOptions::default() }
}

#[test]
fn every_rule_fixture() {
    let root = testdata();
    let Ok(rd) = std::fs::read_dir(&root) else {
        panic!("testdata/rules missing at {}", root.display());
    };
    let mut rule_dirs: Vec<PathBuf> = rd.flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
    rule_dirs.sort();
    let mut failures = Vec::new();
    let mut checked = 0;
    let rego_ids: Vec<String> = infra_lint_rules::rego::PolicySet::load(&infra_lint_rules::rego::PolicyOptions {
        shipped: true,
        ..Default::default()
    })
    .0
    .rules()
    .into_iter()
    .map(|r| r.id)
    .collect();
    for rule_dir in rule_dirs {
        let id = rule_dir.file_name().unwrap().to_string_lossy().into_owned();
        let native = infra_lint_rules::registry::get(&id);
        if native.is_none() && !rego_ids.contains(&id) {
            continue;
        }
        let rules: Vec<_> = native.into_iter().collect();
        let mut cases: Vec<PathBuf> =
            std::fs::read_dir(&rule_dir).unwrap().flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
        cases.sort();
        assert!(
            cases.iter().any(|c| c.file_name().unwrap().to_string_lossy().starts_with("bad_"))
                && cases.iter().any(|c| c.file_name().unwrap().to_string_lossy().starts_with("good_")),
            "rule {id} needs at least one bad_ and one good_ case"
        );
        let mut snap = String::new();
        for case in cases {
            let name = case.file_name().unwrap().to_string_lossy().into_owned();
            let model = load_dir(&case, &case_options(&case));
            let findings = if rules.is_empty() {
                rego_findings(&case, &id, &model)
            } else {
                infra_lint_rules::run(&model, &rules)
            };
            let got: BTreeSet<(String, u32)> = findings
                .iter()
                .map(|f| {
                    let loc = model.locate(f.span);
                    (path_to_slash(&loc.path), loc.start_line)
                })
                .collect();
            let want = expected(&case, &id);
            if name.starts_with("bad_") && want.is_empty() {
                failures.push(format!("{id}/{name}: a bad_ case must mark at least one line with `expect: {id}`"));
            }
            if got != want {
                failures.push(format!("{id}/{name}:\n  expected {want:?}\n  got      {got:?}"));
            }
            writeln!(snap, "## {name}").unwrap();
            for f in &findings {
                let loc = model.locate(f.span);
                writeln!(
                    snap,
                    "{}:{}:{}-{}:{} [{}] {} ({})",
                    path_to_slash(&loc.path),
                    loc.start_line,
                    loc.start_column,
                    loc.end_line,
                    loc.end_column,
                    f.severity,
                    f.message,
                    f.environment.as_str()
                )
                .unwrap();
                for r in &f.related {
                    let rl = model.locate(r.span);
                    writeln!(
                        snap,
                        "    related {}:{}:{} {}",
                        path_to_slash(&rl.path),
                        rl.start_line,
                        rl.start_column,
                        r.message
                    )
                    .unwrap();
                }
            }
            checked += 1;
        }
        insta::with_settings!({ snapshot_suffix => id.clone(), prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!("rule", snap);
        });
    }
    // Every rule has fixtures: a native rule or shipped policy without a directory fails. Table
    // checks carry their bad/good examples in the table (required by `cloud_checks!`, also their
    // docs' examples) and are run by `tests/cloud_checks.rs`; a directory here is optional.
    let native_ids: Vec<String> = infra_lint_rules::registry::all()
        .iter()
        .filter(|r| infra_lint_rules::cloud::table_check(r.as_ref()).is_none())
        .map(|r| r.meta().id.to_owned())
        .collect();
    for id in native_ids.iter().chain(rego_ids.iter()) {
        if !root.join(id).is_dir() {
            failures.push(format!("rule {id} has no fixtures: add testdata/rules/{id}/bad_<case> and good_<case>"));
        }
    }
    assert!(failures.is_empty(), "fixture mismatches:\n{}", failures.join("\n"));
    eprintln!("checked {checked} fixture cases");
}
