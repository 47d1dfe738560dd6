//! Embeds the shipped Rego policies (`policies/*.rego` and `policies/lib/*.rego`, without the
//! `*_test.rego` files) in the crate: generates `$OUT_DIR/shipped_policies.rs` with one
//! `include_str!` per file, discovered here so no list is kept by hand. The policies live inside
//! this package, so `cargo publish` ships them.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn rego_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && p.extension().is_some_and(|e| e == "rego")
                && !p.file_stem().and_then(|s| s.to_str()).is_some_and(|s| s.ends_with("_test"))
        })
        .collect();
    files.sort();
    files
}

fn table(out: &mut String, name: &str, doc: &str, root: &Path, files: &[PathBuf]) {
    let _ = writeln!(out, "/// {doc}");
    let _ = writeln!(out, "pub const {name}: &[(&str, &str)] = &[");
    for f in files {
        let rel = f.strip_prefix(root).unwrap_or(f).to_string_lossy().replace('\\', "/");
        let _ = writeln!(
            out,
            "    ({:?}, include_str!({:?})),",
            format!("crates/rules/policies/{rel}"),
            f.display().to_string()
        );
    }
    let _ = writeln!(out, "];");
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into())).join("policies");
    println!("cargo:rerun-if-changed=policies");
    println!("cargo:rerun-if-changed=policies/lib");
    let mut out = String::new();
    table(
        &mut out,
        "LIB",
        "Shared helper library (`package infra_lint.lib.*`), loaded beside every policy.",
        &root,
        &rego_files(&root.join("lib")),
    );
    table(&mut out, "POLICIES", "The shipped policies.", &root, &rego_files(&root));
    let dest = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into())).join("shipped_policies.rs");
    std::fs::write(&dest, out).unwrap_or_else(|e| panic!("cannot write {}: {e}", dest.display()));
}
