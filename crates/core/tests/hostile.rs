//! A tree of hostile files ends in diagnostics naming each file, and the scan of every other file
//! goes on. (Format-specific hostile inputs — YAML bombs, deep nesting — are tested beside their
//! parsers.)
#![allow(clippy::unwrap_used)]

use std::path::Path;

use infra_lint_core::load::{load_dir, LoadOptions};
use infra_lint_core::source::path_to_slash;

fn write(root: &Path, rel: &str, bytes: &[u8]) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
}

#[test]
fn hostile_tree_gives_diagnostics_and_the_rest_is_scanned() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    // Good files that must still be parsed.
    write(root, "ok/main.tf", b"resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n}\n");
    write(root, "ok/Dockerfile", b"FROM alpine:3.20\nUSER nobody\n");
    // Binary, non-UTF-8, huge.
    write(root, "bad/binary.tf", b"\x7fELF\x00\x00\x01\x02resource");
    write(root, "bad/.env", b"GOOD=1\nBAD=\xff\xfe\n");
    let mut huge = b"FROM alpine\n".to_vec();
    huge.resize(9 * 1024 * 1024, b'#');
    write(root, "bad/Dockerfile", &huge);
    // A symlink loop must not trap the walk.
    #[cfg(unix)]
    std::os::unix::fs::symlink(root.join("ok"), root.join("ok/loop")).unwrap();

    let model = load_dir(root, &LoadOptions::default());

    let diag_for = |p: &str| model.diagnostics.iter().find(|d| path_to_slash(&d.path) == p).cloned();
    let bin = diag_for("bad/binary.tf").expect("binary file diagnostic");
    assert_eq!(bin.code, "binary-file");
    let utf = diag_for("bad/.env").expect("non-UTF-8 diagnostic");
    assert_eq!(utf.code, "not-utf8");
    assert_eq!((utf.line, utf.column), (Some(2), Some(5)));
    let big = diag_for("bad/Dockerfile").expect("huge file diagnostic");
    assert_eq!(big.code, "file-too-large");

    let parsed: Vec<String> = model.files.iter().map(|f| f.path.clone()).collect();
    assert_eq!(parsed, vec!["ok/Dockerfile", "ok/main.tf"]);
    assert!(model.files.iter().all(|f| f.doc.is_some()));
}
