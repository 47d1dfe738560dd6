//! Recall of the workflow and compose rules against the labelled cases of other scanners
//! (`../shared/corpus/labeled/`, zizmor, kics, checkov). Ignored by default; run with
//! `cargo test -p infra-lint-rules --test recall_yaml -- --ignored --nocapture`.
//!
//! Each case's files are loaded in memory under a path our discovery understands
//! (`.github/workflows/<name>`, `action.yml`, `docker-compose.yml`), the rules mapped to the
//! case's theme are run, and the flagged lines are compared with `expected.json`.
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use infra_lint_core::load::{load_memory, LoadOptions, MemoryFile};
use infra_lint_core::source::path_to_slash;

fn rules_for(theme: &str) -> &'static [&'static str] {
    match theme {
        "unpinned-action" => &["unpinned-action"],
        "workflow-injection" => &["workflow-injection", "dangerous-checkout", "github-env-injection"],
        "workflow-permissions" => &["workflow-permissions"],
        "oidc-static-keys" => &["static-cloud-credentials", "registry-token-publish"],
        "privileged/docker-socket" => &["privileged-container", "docker-socket-mount"],
        _ => &[],
    }
}

#[test]
#[ignore = "measurement, prints a report"]
fn recall_against_labeled_cases() {
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/labeled"));
    if !root.is_dir() {
        eprintln!("labeled corpus not found; skipping");
        return;
    }
    // per rule-set: (expected, found, negative cases, negatives with findings)
    let mut table: BTreeMap<String, (usize, usize, usize, usize)> = BTreeMap::new();
    // expected lines missed exactly but flagged within the next 3 lines (same statement/step)
    let mut near: BTreeMap<String, usize> = BTreeMap::new();
    let mut cases: Vec<PathBuf> = Vec::new();
    for src in std::fs::read_dir(root).unwrap().flatten() {
        if src.path().is_dir() {
            cases.extend(std::fs::read_dir(src.path()).unwrap().flatten().map(|e| e.path()).filter(|p| p.is_dir()));
        }
    }
    cases.sort();
    for case in cases {
        let Ok(text) = std::fs::read_to_string(case.join("expected.json")) else { continue };
        let exp: serde_json::Value = serde_json::from_str(&text).unwrap();
        let platform = exp["platform"].as_str().unwrap_or("");
        if !matches!(platform, "github-workflow" | "github-action" | "compose") {
            continue;
        }
        let theme = exp["theme"].as_str().unwrap_or("");
        let ids = rules_for(theme);
        if ids.is_empty() {
            continue;
        }
        let mut files = Vec::new();
        let mut names = BTreeMap::new();
        for f in std::fs::read_dir(&case).unwrap().flatten() {
            let name = f.file_name().to_string_lossy().into_owned();
            if name == "expected.json" || !(name.ends_with(".yml") || name.ends_with(".yaml")) {
                continue;
            }
            let virt = match platform {
                "github-action" if name.starts_with("action.") => name.clone(),
                "github-action" => format!("{}/action.yml", name.trim_end_matches(".yml").trim_end_matches(".yaml")),
                "compose" => format!("{}/docker-compose.yml", name.trim_end_matches(".yml").trim_end_matches(".yaml")),
                _ => format!(".github/workflows/{name}"),
            };
            names.insert(virt.clone(), name);
            files.push(MemoryFile { path: PathBuf::from(virt), contents: std::fs::read(f.path()).unwrap() });
        }
        let model = load_memory(files, &LoadOptions::default());
        let rules: Vec<_> = ids.iter().filter_map(|id| infra_lint_rules::registry::get(id)).collect();
        let findings = infra_lint_rules::run(&model, &rules);
        let got: BTreeSet<(String, u32)> = findings
            .iter()
            .map(|f| {
                let loc = model.locate(f.span);
                let virt = path_to_slash(&loc.path);
                (names.get(&virt).cloned().unwrap_or(virt), loc.start_line)
            })
            .collect();
        let key = format!("{} ({})", ids.join("+"), exp["source_id"].as_str().unwrap_or("?"));
        let row = table.entry(key.clone()).or_default();
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        if exp["negative"].as_bool().unwrap_or(false) {
            row.2 += 1;
            if !got.is_empty() {
                row.3 += 1;
                eprintln!("FP  {key} {name}: {got:?}");
            }
            continue;
        }
        for e in exp["expect"].as_array().unwrap() {
            let file = e["file"].as_str().unwrap_or("").to_owned();
            row.0 += 1;
            let hit = match e["line"].as_u64() {
                Some(line) => got.contains(&(file.clone(), u32::try_from(line).unwrap())),
                None => got.iter().any(|(f, _)| *f == file),
            };
            if hit {
                row.1 += 1;
            } else {
                if let Some(line) = e["line"].as_u64() {
                    let l = u32::try_from(line).unwrap();
                    if got.iter().any(|(f, g)| *f == file && *g > l && *g <= l + 3) {
                        *near.entry(key.clone()).or_default() += 1;
                    }
                }
                eprintln!("MISS {key} {name}: {file}:{:?} (source {})", e["line"], exp["source_id"]);
            }
        }
        let extra: Vec<_> = got
            .iter()
            .filter(|(f, l)| {
                !exp["expect"].as_array().unwrap().iter().any(|e| {
                    e["file"].as_str() == Some(f.as_str()) && e["line"].as_u64().is_none_or(|x| x == u64::from(*l))
                })
            })
            .collect();
        if !extra.is_empty() {
            eprintln!("EXTRA {key} {name}: {extra:?}");
        }
    }
    eprintln!("\n{:<45} {:>8} {:>6} {:>7} {:>9} {:>6}", "rules", "expected", "found", "recall", "negatives", "FP");
    for (k, (e, f, n, fp)) in &table {
        #[allow(clippy::cast_precision_loss)]
        let r = if *e == 0 { 0.0 } else { *f as f64 * 100.0 / *e as f64 };
        let nr = near.get(k).copied().unwrap_or(0);
        eprintln!("{k:<70} {e:>8} {f:>6} {r:>6.1}% {n:>9} {fp:>6}   (+{nr} within 3 lines below)");
    }
    assert!(!table.is_empty(), "no labelled workflow/compose cases found");
}

/// The rules of this family over the real repositories: counts per rule and every finding, for
/// judging false positives by eye.
#[test]
#[ignore = "measurement, prints a report"]
fn findings_on_real_corpus() {
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/real"));
    if !root.is_dir() {
        eprintln!("real corpus not found; skipping");
        return;
    }
    let ids = [
        "github-env-injection",
        "registry-token-publish",
        "unpinned-action",
        "workflow-injection",
        "workflow-permissions",
        "static-cloud-credentials",
        "dangerous-checkout",
        "privileged-container",
        "docker-socket-mount",
        "compose-host-network",
    ];
    let rules: Vec<_> = ids.iter().filter_map(|id| infra_lint_rules::registry::get(id)).collect();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut repos: Vec<PathBuf> = std::fs::read_dir(root).unwrap().flatten().map(|e| e.path()).collect();
    repos.sort();
    for repo in repos {
        let model = infra_lint_core::load::load_dir(&repo, &LoadOptions::default());
        for f in infra_lint_rules::run(&model, &rules) {
            let loc = model.locate(f.span);
            *counts.entry(f.rule_id.clone()).or_default() += 1;
            eprintln!(
                "{} {}/{}:{}:{} [{}] {}",
                f.rule_id,
                repo.file_name().unwrap().to_string_lossy(),
                path_to_slash(&loc.path),
                loc.start_line,
                loc.start_column,
                f.severity,
                f.message
            );
        }
    }
    eprintln!("{counts:#?}");
}
