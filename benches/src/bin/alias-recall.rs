//! Recall and false positives by peer check id, against the labelled cases of other scanners'
//! catalogues (`../shared/corpus/labeled-cloud/<source>/<case>/expected.json`):
//! `cargo run --release -p infra-lint-benches --bin alias-recall [-- --provider docker] [--root DIR] [-v]`.
//!
//! A case is answered by the native rules whose `aliases` hold its `check_id` or one of its
//! `aliases` (compared case-insensitively, `-` ignored, so `DS-0001` matches `DS001`'s
//! `AVD-DS-0001`). A positive case is *found* when one of those rules reports in an expected
//! file (at the expected line, when the label has one); a negative case is a false positive when
//! one of them reports anything. Cases no rule answers are counted as unanswered.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use infra_lint_core::load::{load_memory, LoadOptions, MemoryFile};
use infra_lint_core::source::path_to_slash;

fn norm(id: &str) -> String {
    let up = id.to_ascii_uppercase().replace('-', "");
    // `AVDDS0001` / `DS0001` / `DS001` → `DS1`
    let up = up.strip_prefix("AVD").unwrap_or(&up).to_owned();
    let split = up.find(|c: char| c.is_ascii_digit()).unwrap_or(up.len());
    let (head, digits) = up.split_at(split);
    if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
        format!("{head}{}", digits.trim_start_matches('0'))
    } else {
        up
    }
}

fn virtual_path(platform: &str, name: &str) -> Option<PathBuf> {
    let direct = infra_lint_core::discover::classify(Path::new(name), None).is_some();
    match platform {
        "dockerfile" => Some(PathBuf::from(if direct { name.to_owned() } else { "Dockerfile".to_owned() })),
        "compose" => Some(PathBuf::from(if direct { name.to_owned() } else { "docker-compose.yml".to_owned() })),
        "github-workflow" => Some(PathBuf::from(".github/workflows").join(name)),
        _ => direct.then(|| PathBuf::from(name)),
    }
}

#[derive(Default)]
struct Tally {
    pos: usize,
    found: usize,
    neg: usize,
    fp: usize,
    unanswered: usize,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let verbose = args.iter().any(|a| a == "-v");
    let provider = args.iter().position(|a| a == "--provider").and_then(|i| args.get(i + 1)).cloned();
    let root = args.iter().position(|a| a == "--root").and_then(|i| args.get(i + 1)).map_or_else(
        || PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus/labeled-cloud")),
        PathBuf::from,
    );
    if !root.is_dir() {
        eprintln!("{} not found: nothing to measure", root.display());
        return;
    }
    let rules = infra_lint_rules::registry::all();
    let mut by_alias: BTreeMap<String, Vec<&'static str>> = BTreeMap::new();
    for r in &rules {
        for a in r.meta().aliases {
            by_alias.entry(norm(a)).or_default().push(r.meta().id);
        }
    }
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().is_dir())
        .flat_map(|src| std::fs::read_dir(src.path()).into_iter().flatten().flatten().map(|e| e.path()))
        .filter(|p| p.join("expected.json").is_file())
        .collect();
    cases.sort();
    for case in &cases {
        let Ok(text) = std::fs::read_to_string(case.join("expected.json")) else { continue };
        let Ok(exp) = serde_json::from_str::<serde_json::Value>(&text) else { continue };
        let prov = exp["provider"].as_str().unwrap_or("");
        if provider.as_deref().is_some_and(|p| p != prov) {
            continue;
        }
        let check = exp["check_id"].as_str().unwrap_or("").to_owned();
        let mut ids: Vec<String> = vec![norm(&check)];
        ids.extend(exp["aliases"].as_array().into_iter().flatten().filter_map(|a| a.as_str()).map(norm));
        let mut wanted: Vec<&str> = ids.iter().filter_map(|i| by_alias.get(i)).flatten().copied().collect();
        wanted.sort_unstable();
        wanted.dedup();
        let t = tallies.entry(check.clone()).or_default();
        if wanted.is_empty() {
            t.unanswered += 1;
            continue;
        }
        let platform = exp["platform"].as_str().unwrap_or("");
        let mut mem = Vec::new();
        let mut back: BTreeMap<String, String> = BTreeMap::new();
        for e in std::fs::read_dir(case).into_iter().flatten().flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name == "expected.json" || !e.path().is_file() {
                continue;
            }
            let Some(vp) = virtual_path(platform, &name) else { continue };
            let Ok(contents) = std::fs::read(e.path()) else { continue };
            back.insert(path_to_slash(&vp), name);
            mem.push(MemoryFile { path: vp, contents });
        }
        let model = load_memory(mem, &LoadOptions::default());
        let findings = infra_lint_rules::run(&model, &rules);
        let hits: Vec<(String, u32, String)> = findings
            .iter()
            .filter(|f| wanted.contains(&f.rule_id.as_str()))
            .map(|f| {
                let loc = model.locate(f.span);
                let p = path_to_slash(&loc.path);
                (back.get(&p).cloned().unwrap_or(p), loc.start_line, f.rule_id.clone())
            })
            .collect();
        if exp["negative"].as_bool().unwrap_or(false) {
            t.neg += 1;
            if !hits.is_empty() {
                t.fp += 1;
                if verbose {
                    eprintln!("FP   {}: {hits:?}", case.display());
                }
            }
            continue;
        }
        t.pos += 1;
        let expect = exp["expect"].as_array().cloned().unwrap_or_default();
        let found = expect.is_empty() && !hits.is_empty()
            || expect.iter().any(|e| {
                let file = e["file"].as_str().unwrap_or("");
                hits.iter().any(|(f, l, _)| f == file && e["line"].as_u64().is_none_or(|want| u64::from(*l) == want))
            });
        if found {
            t.found += 1;
        } else if verbose {
            eprintln!("MISS {} ({wanted:?}): got {hits:?}", case.display());
        }
    }
    println!("{:<16} {:>9} {:>9} {:>11}", "check", "found", "neg FP", "unanswered");
    let (mut p, mut f, mut n, mut fp, mut un) = (0, 0, 0, 0, 0);
    for (k, t) in &tallies {
        p += t.pos;
        f += t.found;
        n += t.neg;
        fp += t.fp;
        un += t.unanswered;
        println!(
            "{k:<16} {:>9} {:>9} {:>11}",
            format!("{}/{}", t.found, t.pos),
            format!("{}/{}", t.fp, t.neg),
            t.unanswered
        );
    }
    println!("{:<16} {:>9} {:>9} {:>11}", "total", format!("{f}/{p}"), format!("{fp}/{n}"), un);
}
