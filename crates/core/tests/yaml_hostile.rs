//! Hostile YAML files (20,000-deep nesting, alias bombs, duplicate keys, truncation, tabs) under
//! compose and workflow names: each ends in its diagnostic, naming the file with line:column,
//! quickly, and the other files of the scan are still read.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use infra_lint_core::finding::DiagnosticLevel;
use infra_lint_core::load::{load_memory, LoadOptions, MemoryFile};
use infra_lint_core::parse::Document;

fn bomb() -> String {
    let mut y =
        String::from("services:\n  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];
    for w in names.windows(2) {
        let (p, n) = (w[0], w[1]);
        y.push_str(&format!("  {n}: &{n} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n"));
    }
    y
}

#[test]
fn hostile_files_end_in_diagnostics() {
    let files: Vec<(&str, String, &str, DiagnosticLevel)> = vec![
        ("deep-block/docker-compose.yml", "- ".repeat(20_000), "yaml-too-deep", DiagnosticLevel::Error),
        (
            ".github/workflows/deep-flow.yml",
            format!("on: {}{}", "[".repeat(20_000), "]".repeat(20_000)),
            "yaml-too-deep",
            DiagnosticLevel::Error,
        ),
        ("bomb/compose.yaml", bomb(), "yaml-alias-bomb", DiagnosticLevel::Error),
        (
            "dup/docker-compose.yml",
            "services:\n  web:\n    image: a\n    image: b\n".to_owned(),
            "yaml-duplicate-key",
            DiagnosticLevel::Warning,
        ),
        (
            ".github/workflows/truncated.yml",
            "on: push\njobs:\n  build:\n    steps: [{run: \"echo".to_owned(),
            "yaml-syntax",
            DiagnosticLevel::Error,
        ),
        (
            "tabs/docker-compose.yml",
            "services:\n\tweb:\n\t\timage: x\n".to_owned(),
            "yaml-syntax",
            DiagnosticLevel::Error,
        ),
    ];
    let mut mem: Vec<MemoryFile> = files
        .iter()
        .map(|(p, t, _, _)| MemoryFile { path: PathBuf::from(p), contents: t.clone().into_bytes() })
        .collect();
    mem.push(MemoryFile {
        path: PathBuf::from("ok/docker-compose.yml"),
        contents: b"services:\n  db:\n    image: postgres:16\n".to_vec(),
    });
    let start = Instant::now();
    let model = load_memory(mem, &LoadOptions::default());
    assert!(start.elapsed() < Duration::from_secs(10), "took {:?}", start.elapsed());
    for (path, _, code, level) in &files {
        let d = model
            .diagnostics
            .iter()
            .find(|d| d.path == PathBuf::from(path) && d.code == *code)
            .unwrap_or_else(|| panic!("{path}: no {code} diagnostic in {:?}", model.diagnostics));
        assert_eq!(d.level, *level, "{path}");
        assert!(d.line.is_some() && d.column.is_some(), "{path}: {d:?}");
    }
    // the duplicate key keeps the last value, and the healthy file is read
    let dup = model.file_by_path(std::path::Path::new("dup/docker-compose.yml")).unwrap();
    let Some(Document::Compose(c)) = &dup.doc else { panic!("dup file not parsed") };
    assert_eq!(c.services[0].image.as_ref().unwrap().value, "b");
    let ok = model.file_by_path(std::path::Path::new("ok/docker-compose.yml")).unwrap();
    let Some(Document::Compose(c)) = &ok.doc else { panic!("healthy file not parsed") };
    assert!(c.services.iter().any(|s| s.name == "db"));
}
