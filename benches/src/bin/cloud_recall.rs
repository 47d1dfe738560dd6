//! Recall and false positives of the cloud catalogue against Trivy's and Checkov's own labelled
//! Terraform examples (`../shared/corpus/labeled-cloud/`, format in its `SOURCES.md`):
//! `cargo run --release -p infra-lint-benches --bin cloud_recall [-- -v] [-- --provider aws]`.
//!
//! A case counts for a check only when a rule lists that check's id (or one of the case's
//! aliases) among its peer ids and fires inside a labelled resource (from its header line to the
//! next top-level block). A check id is *found* when a claiming rule fires inside at least one of
//! its labelled failing resources; `cases` counts cases with every labelled resource found (Trivy:
//! any of the snippet's blocks), `resources` the labelled failing resources found. False positives: a claiming rule firing anywhere in a good
//! example (`negative`), or inside a resource listed under `clean`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

use infra_lint_core::load::{load_memory, LoadOptions, MemoryFile};
use infra_lint_core::source::path_to_slash;

fn block_end(text: &str, line: u64) -> u64 {
    const HEADERS: [&str; 9] =
        ["resource ", "data ", "module ", "variable ", "output ", "locals ", "provider ", "terraform ", "import "];
    text.lines()
        .zip(1u64..)
        .skip_while(|(_, n)| *n <= line)
        .find(|(l, _)| {
            // A block header, also when indented (`resource "t" "n" {`, `locals {`), not an
            // argument such as `provider = google-beta`.
            HEADERS
                .iter()
                .any(|h| l.trim_start().strip_prefix(h).is_some_and(|rest| rest.trim_start().starts_with(['"', '{'])))
        })
        .map_or(u64::MAX, |(_, n)| n)
}

#[derive(Default)]
struct Tally {
    checks: BTreeSet<String>,
    claimed: BTreeSet<String>,
    found_any: BTreeSet<String>,
    missed: BTreeSet<String>,
    exp_total: usize,
    exp_hit: usize,
    pos_cases: usize,
    pos_found: usize,
    clean: usize,
    clean_fp: usize,
}

fn main() {
    let verbose = std::env::args().any(|a| a == "-v");
    let only: Option<String> = std::env::args().skip_while(|a| a != "--provider").nth(1);
    // The shared material sits next to the main checkout (`../shared`) or next to the worktrees' parent.
    let root = ["/../../shared/corpus/labeled-cloud", "/../../../shared/corpus/labeled-cloud"]
        .iter()
        .map(|rel| PathBuf::from(format!("{}{rel}", env!("CARGO_MANIFEST_DIR"))))
        .find(|p| p.is_dir())
        .unwrap_or_default();
    if !root.is_dir() {
        eprintln!("{} not found: nothing to measure", root.display());
        return;
    }
    let rules = infra_lint_rules::registry::all();
    let mut claims: HashMap<String, Vec<&'static str>> = HashMap::new();
    for r in &rules {
        for a in r.meta().aliases {
            claims.entry((*a).to_owned()).or_default().push(r.meta().id);
        }
    }
    let mut tallies: BTreeMap<(String, String), Tally> = BTreeMap::new();
    let mut fp_list = Vec::new();
    for source in ["trivy", "checkov"] {
        let mut cases: Vec<PathBuf> =
            std::fs::read_dir(root.join(source)).into_iter().flatten().flatten().map(|e| e.path()).collect();
        cases.sort();
        for case in cases.iter().filter(|p| p.is_dir()) {
            let Ok(text) = std::fs::read_to_string(case.join("expected.json")) else { continue };
            let Ok(exp) = serde_json::from_str::<serde_json::Value>(&text) else { continue };
            if exp["platform"].as_str() != Some("terraform") {
                continue;
            }
            let provider = exp["provider"].as_str().unwrap_or("?").to_owned();
            if only.as_ref().is_some_and(|p| *p != provider) {
                continue;
            }
            let check = exp["check_id"].as_str().unwrap_or("").to_owned();
            let mut ids: Vec<String> = vec![check.clone()];
            ids.extend(exp["aliases"].as_array().into_iter().flatten().filter_map(|a| a.as_str().map(str::to_owned)));
            let claiming: BTreeSet<&str> = ids.iter().filter_map(|i| claims.get(i)).flatten().copied().collect();
            let t = tallies.entry((provider.clone(), source.to_owned())).or_default();
            t.checks.insert(check.clone());
            if claiming.is_empty() {
                continue;
            }
            t.claimed.insert(check.clone());
            let mut mem = Vec::new();
            let mut texts: BTreeMap<String, String> = BTreeMap::new();
            for e in std::fs::read_dir(case).into_iter().flatten().flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                if name == "expected.json" || !e.path().is_file() {
                    continue;
                }
                let Ok(contents) = std::fs::read(e.path()) else { continue };
                texts.insert(name.clone(), String::from_utf8_lossy(&contents).into_owned());
                mem.push(MemoryFile { path: PathBuf::from(&name), contents });
            }
            let model = load_memory(mem, &LoadOptions::default());
            let selected: Vec<_> =
                infra_lint_rules::registry::all().into_iter().filter(|r| claiming.contains(r.meta().id)).collect();
            let hits: Vec<(String, u64, String)> = infra_lint_rules::run(&model, &selected)
                .iter()
                .map(|f| {
                    let loc = model.locate(f.span);
                    (path_to_slash(&loc.path), u64::from(loc.start_line), f.rule_id.clone())
                })
                .collect();
            let inside = |e: &serde_json::Value| {
                let file = e["file"].as_str().unwrap_or("");
                match e["line"].as_u64() {
                    Some(line) => {
                        let end = block_end(texts.get(file).map_or("", String::as_str), line);
                        hits.iter().any(|(f, l, _)| f == file && *l >= line && *l < end)
                    }
                    None => hits.iter().any(|(f, _, _)| f == file),
                }
            };
            let negative = exp["negative"].as_bool().unwrap_or(false);
            if negative {
                t.clean += 1;
                if !hits.is_empty() {
                    t.clean_fp += 1;
                    fp_list.push(format!("FP   {} {hits:?}", case.display()));
                }
            } else {
                let expect = exp["expect"].as_array().cloned().unwrap_or_default();
                let all = exp["match"].as_str() == Some("all");
                let hit = expect.iter().filter(|e| inside(e)).count();
                if all {
                    t.exp_total += expect.len();
                    t.exp_hit += hit;
                } else {
                    t.exp_total += 1;
                    t.exp_hit += usize::from(hit > 0);
                }
                t.pos_cases += 1;
                if hit > 0 {
                    t.found_any.insert(check.clone());
                }
                if hit == expect.len() || (!all && hit > 0) {
                    t.pos_found += 1;
                } else {
                    t.missed.insert(check.clone());
                    if verbose {
                        eprintln!("MISS {} expected {expect:?} got {hits:?}", case.display());
                    }
                }
            }
            for c in exp["clean"].as_array().into_iter().flatten() {
                t.clean += 1;
                if inside(c) {
                    t.clean_fp += 1;
                    fp_list.push(format!("FP   {} clean {} {hits:?}", case.display(), c["resource"]));
                }
            }
        }
    }
    println!(
        "{:<14} {:<8} {:>7} {:>8} {:>12} {:>8} {:>11} {:>11} {:>12}",
        "provider", "source", "checks", "claimed", "found", "recall", "cases", "resources", "FP/clean"
    );
    let mut per_provider: BTreeMap<String, (usize, usize, usize, usize)> = BTreeMap::new();
    for ((p, s), t) in &tallies {
        let found = t.found_any.len();
        println!(
            "{p:<14} {s:<8} {:>7} {:>8} {:>12} {:>7.1}% {:>11} {:>11} {:>12}",
            t.checks.len(),
            t.claimed.len(),
            format!("{found}/{}", t.checks.len()),
            100.0 * found as f64 / t.checks.len().max(1) as f64,
            format!("{}/{}", t.pos_found, t.pos_cases),
            format!("{}/{}", t.exp_hit, t.exp_total),
            format!("{}/{}", t.clean_fp, t.clean),
        );
        let e = per_provider.entry(p.clone()).or_default();
        e.0 += t.checks.len();
        e.1 += found;
        e.2 += t.clean_fp;
        e.3 += t.clean;
    }
    println!();
    println!("{:<14} {:>12} {:>8} {:>14} {:>7}", "provider", "found", "recall", "FP/clean", "FP%");
    for (p, (c, f, fp, cl)) in &per_provider {
        if *f == 0 && *fp == 0 {
            continue;
        }
        println!(
            "{p:<14} {:>12} {:>7.1}% {:>14} {:>6.1}%",
            format!("{f}/{c}"),
            100.0 * *f as f64 / (*c).max(1) as f64,
            format!("{fp}/{cl}"),
            100.0 * *fp as f64 / (*cl).max(1) as f64
        );
    }
    if verbose {
        for l in &fp_list {
            eprintln!("{l}");
        }
        for ((p, s), t) in &tallies {
            let unclaimed: Vec<&String> = t.checks.difference(&t.claimed).collect();
            eprintln!("UNCLAIMED {p}/{s}: {} {unclaimed:?}", unclaimed.len());
            let partial: Vec<&String> = t.missed.difference(&t.found_any).collect();
            if !partial.is_empty() {
                eprintln!("CLAIMED-NOT-FOUND {p}/{s}: {partial:?}");
            }
        }
    }
}
