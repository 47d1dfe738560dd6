//! Fixtures of the declarative cloud checks: every table entry carries a bad and a good example
//! (also shown in its docs). The bad one must fire, inside the file and only that check's id; the
//! good one must not. A check without examples cannot be declared (the table macro requires them)
//! and an empty example fails here. Multi-resource scenarios live in `testdata/cloud/<name>/`
//! (`main.tf` with `expect: <id>` markers; every check named by a marker is run over the
//! directory and must flag exactly the marked lines).
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use infra_lint_core::load::{load_dir, load_memory, LoadOptions, MemoryFile};
use infra_lint_rules::cloud::{all_checks, run_checks};

fn scan(text: &str, check: &'static infra_lint_rules::cloud::Check) -> Vec<(u32, String)> {
    let model = load_memory(
        vec![MemoryFile { path: PathBuf::from("main.tf"), contents: text.as_bytes().to_vec() }],
        &LoadOptions::default(),
    );
    run_checks(&model, &[check]).iter().map(|f| (model.locate(f.span).start_line, f.message.clone())).collect()
}

#[test]
fn every_table_check_has_firing_bad_and_quiet_good_examples() {
    let mut failures = Vec::new();
    let mut ids = BTreeSet::new();
    let mut n = 0;
    for c in all_checks() {
        n += 1;
        let id = c.meta.id;
        if !ids.insert(id) {
            failures.push(format!("{id}: duplicate id"));
        }
        // Checks of the big three clouds answer a peer check; others (Hetzner …) may have none.
        if c.meta.aliases.is_empty() && ["aws", "gcp", "azure"].iter().any(|p| c.meta.tags.contains(p)) {
            failures.push(format!("{id}: no peer ids"));
        }
        if c.bad.trim().is_empty() || c.good.trim().is_empty() {
            failures.push(format!("{id}: empty example"));
            continue;
        }
        let bad = scan(c.bad, c);
        if bad.is_empty() {
            failures.push(format!("{id}: bad example does not fire"));
        }
        let good = scan(c.good, c);
        if !good.is_empty() {
            failures.push(format!("{id}: good example fires: {good:?}"));
        }
        for t in c.types {
            let (kw, ty) = match t.strip_prefix("data.") {
                Some(d) => ("data", d),
                None => ("resource", *t),
            };
            if !c.bad.contains(&format!("{kw} \"{ty}\"")) && c.types.len() == 1 {
                failures.push(format!("{id}: bad example has no {kw} \"{ty}\""));
            }
        }
    }
    assert!(n > 0);
    assert!(failures.is_empty(), "{} table check failures:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn registry_lists_every_table_check_with_docs() {
    let all = infra_lint_rules::registry::all();
    for c in all_checks() {
        let r = all.iter().find(|r| r.meta().id == c.meta.id).expect("registered");
        let docs = r.meta().docs();
        assert!(docs.starts_with("## What it does"), "{}", c.meta.id);
        assert!(docs.contains("```hcl\n# Bad\nresource") || docs.contains("```hcl\n# Bad\ndata"), "{}", c.meta.id);
    }
}

fn markers(dir: &Path) -> BTreeSet<(String, u32, String)> {
    let mut out = BTreeSet::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Ok(text) = std::fs::read_to_string(e.path()) else { continue };
        for (i, line) in text.lines().enumerate() {
            if let Some(pos) = line.find("expect: ") {
                for id in line[pos + 8..].split([',', ' ']).filter(|s| !s.is_empty()) {
                    out.insert((name.clone(), u32::try_from(i + 1).unwrap(), id.to_owned()));
                }
            }
        }
    }
    out
}

#[test]
fn scenario_fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/cloud");
    let Ok(rd) = std::fs::read_dir(&root) else { return };
    let mut failures = Vec::new();
    for dir in rd.flatten().map(|e| e.path()).filter(|p| p.is_dir()) {
        let want = markers(&dir);
        let ids: BTreeSet<&str> = want.iter().map(|(_, _, id)| id.as_str()).collect();
        let checks: Vec<_> = all_checks().filter(|c| ids.contains(c.meta.id)).collect();
        if checks.len() != ids.len() {
            failures.push(format!("{}: unknown ids among {ids:?}", dir.display()));
        }
        let model = load_dir(&dir, &LoadOptions::default());
        let got: BTreeSet<(String, u32, String)> = run_checks(&model, &checks)
            .iter()
            .map(|f| {
                let loc = model.locate(f.span);
                let p = infra_lint_core::source::path_to_slash(&loc.path);
                (p.rsplit('/').next().unwrap_or(&p).to_owned(), loc.start_line, f.rule_id.clone())
            })
            .collect();
        if got != want {
            failures.push(format!("{}:\n  expected {want:?}\n  got      {got:?}", dir.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
