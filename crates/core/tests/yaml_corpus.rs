//! Every compose file, workflow and action of the real-repository corpus goes through the YAML
//! parsers without a panic; the files that produce diagnostics are printed, and none of them may
//! produce an error (the corpus holds no broken YAML).
#![allow(clippy::unwrap_used)]

use std::path::Path;

use infra_lint_core::discover::{discover, FileKind};
use infra_lint_core::finding::DiagnosticLevel;
use infra_lint_core::parse;
use infra_lint_core::source::{FileId, SourceFile};

#[test]
fn real_corpus_yaml_parses() {
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/real"));
    if !root.is_dir() {
        eprintln!("corpus not found at {}; skipping", root.display());
        return;
    }
    let (found, _) = discover(root);
    let mut files = 0;
    let mut errors = Vec::new();
    let (mut services, mut steps) = (0, 0);
    for d in found {
        if !matches!(d.class.kind, FileKind::Compose | FileKind::Workflow | FileKind::Action) {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&d.abs) else { continue };
        files += 1;
        let src = SourceFile::new(FileId(0), d.rel.clone(), text);
        let (doc, diags) = parse::parse(&src, d.class.kind);
        assert!(doc.is_some() || !diags.is_empty(), "{}: no document and no diagnostic", d.rel.display());
        match &doc {
            Some(parse::Document::Compose(c)) => services += c.services.len(),
            Some(parse::Document::Workflow(w)) => steps += w.all_steps().count(),
            _ => {}
        }
        for diag in &diags {
            eprintln!(
                "{}: {:?} {} {:?}:{:?} {}",
                d.rel.display(),
                diag.level,
                diag.code,
                diag.line,
                diag.column,
                diag.message
            );
            if diag.level == DiagnosticLevel::Error {
                errors.push(format!("{}: {}", d.rel.display(), diag.message));
            }
        }
    }
    eprintln!("{files} compose/workflow/action files parsed: {services} services, {steps} steps");
    assert!(services > 50 && steps > 100, "too little content read: {services} services, {steps} steps");
    assert!(files > 50, "expected the corpus to hold many YAML files, found {files}");
    assert!(errors.is_empty(), "unexpected YAML errors:\n{}", errors.join("\n"));
}
