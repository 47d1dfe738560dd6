//! Runs the Terraform parser and evaluator over every repository of the shared corpus
//! (`../shared/corpus/real/`): no panic, diagnostics only for truly broken files, and the time
//! per root printed (`cargo test -p infra-lint-core --test terraform_corpus -- --nocapture`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::time::Instant;

use infra_lint_core::discover::FileKind;
use infra_lint_core::load::{load_dir, LoadOptions};

#[test]
fn corpus_terraform_parses_and_evaluates() {
    let corpus = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/real"));
    let Ok(rd) = std::fs::read_dir(corpus) else {
        eprintln!("corpus absent at {}; skipping", corpus.display());
        return;
    };
    let mut repos: Vec<_> = rd.flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
    repos.sort();
    for repo in repos {
        let t = Instant::now();
        let model = load_dir(&repo, &LoadOptions::default());
        let el = t.elapsed();
        let tf_files = model
            .files
            .iter()
            .filter(|f| {
                matches!(
                    f.kind,
                    FileKind::Terraform | FileKind::TerraformJson | FileKind::Tfvars | FileKind::TfvarsJson
                )
            })
            .count();
        if tf_files == 0 {
            continue;
        }
        let tf = model.terraform.as_ref().expect("terraform model");
        let roots = tf.roots.len();
        let instances = tf.instances().count();
        eprintln!(
            "{}: {tf_files} terraform files, {roots} roots, {instances} resource instances, load {:.1} ms (eval {:.1} ms, {:.2} ms/root)",
            repo.file_name().unwrap().to_string_lossy(),
            el.as_secs_f64() * 1000.0,
            tf.eval_time.as_secs_f64() * 1000.0,
            if roots == 0 { 0.0 } else { tf.eval_time.as_secs_f64() * 1000.0 / roots as f64 },
        );
        for d in &model.diagnostics {
            let p = d.path.to_string_lossy();
            if p.ends_with(".tf") || p.ends_with(".tfvars") || p.ends_with(".json") {
                eprintln!("  diagnostic: {}:{:?}:{:?} [{}] {}", p, d.line, d.column, d.code, d.message);
            }
        }
        let parse_errors: Vec<_> = model
            .diagnostics
            .iter()
            .filter(|d| d.code == "parse-error" && d.path.to_string_lossy().contains(".tf"))
            .collect();
        assert!(parse_errors.is_empty(), "unexpected Terraform parse errors: {parse_errors:?}");
    }
}
