//! Shared helpers for infra-lint's benchmarks: locating the corpus.

use std::path::PathBuf;

/// `../shared/corpus/real` relative to the workspace root, if present (benches skip cleanly otherwise).
#[must_use]
pub fn corpus_real() -> Option<PathBuf> {
    let p = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus/real"));
    p.is_dir().then_some(p)
}
