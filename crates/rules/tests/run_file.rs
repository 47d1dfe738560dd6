//! The per-file hook: checking one file gives exactly the findings of a whole run located in it.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use infra_lint_core::load::{load_dir, LoadOptions};
use infra_lint_core::FileId;

#[test]
fn per_file_check_equals_the_whole_run_restricted_to_the_file() {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/demo");
    let model = load_dir(&demo, &LoadOptions::default());
    let rules = infra_lint_rules::registry::all();
    let all = infra_lint_rules::run(&model, &rules);
    assert!(!all.is_empty());
    let mut seen = 0;
    for (i, _) in model.files.iter().enumerate() {
        let id = FileId(u32::try_from(i).unwrap());
        let mut want: Vec<_> = all.iter().filter(|f| f.span.file == id).cloned().collect();
        let mut got = infra_lint_rules::run_file(&model, &rules, id);
        // `run` moves findings out of vendored modules; the demo has none.
        want.sort_by(|a, b| (a.span.start, &a.rule_id).cmp(&(b.span.start, &b.rule_id)));
        got.sort_by(|a, b| (a.span.start, &a.rule_id).cmp(&(b.span.start, &b.rule_id)));
        seen += got.len();
        assert_eq!(got, want, "{}", model.files[i].path);
    }
    assert_eq!(seen, all.len());
}
