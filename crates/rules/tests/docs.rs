//! `docs/rules/*.md` must match the rules' own documentation (regenerate with `UPDATE_DOCS=1`),
//! and every rule's documentation must have the fixed sections.

use std::path::Path;

use infra_lint_rules::docs::{index_page, rule_page};

#[test]
fn rule_docs_are_complete_and_generated_pages_are_current() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules");
    let mut infos: Vec<_> = infra_lint_rules::registry::all().iter().map(|r| r.meta().info()).collect();
    infos.extend(infra_lint_rules::rego::shipped_rules());
    infos.sort_by(|a, b| a.id.cmp(&b.id));
    let update = std::env::var_os("UPDATE_DOCS").is_some();
    let mut stale = Vec::new();
    for info in &infos {
        for section in ["## What it does", "## Why is this bad?", "## How to fix", "## Example"] {
            assert!(info.docs.contains(section), "rule {} docs lack a `{section}` section", info.id);
        }
        let path = dir.join(format!("{}.md", info.id));
        let want = rule_page(info);
        if update {
            std::fs::create_dir_all(&dir).expect("create docs/rules");
            std::fs::write(&path, &want).expect("write rule page");
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(want.as_str()) {
            stale.push(path.display().to_string());
        }
    }
    let index = dir.join("README.md");
    let want = index_page(&infos);
    if update {
        std::fs::create_dir_all(&dir).expect("create docs/rules");
        std::fs::write(&index, &want).expect("write index");
    } else if std::fs::read_to_string(&index).ok().as_deref() != Some(want.as_str()) {
        stale.push(index.display().to_string());
    }
    assert!(
        stale.is_empty(),
        "stale rule docs (run `UPDATE_DOCS=1 cargo test -p infra-lint-rules --test docs`): {stale:?}"
    );
}
