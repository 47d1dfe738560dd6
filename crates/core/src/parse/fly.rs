//! fly.toml: app, env, services and http_service with spans (toml spanned tables).

use serde::Serialize;

use crate::finding::Diagnostic;
use crate::model::{EnvEvidence, Facts, ParsedFile};
use crate::source::SourceFile;

/// fly.toml: app, env, services and http_service with spans (toml spanned tables).
#[derive(Debug, Default, Serialize)]
pub struct Fly {}

/// Parse a file. Never panics; problems become diagnostics naming the file.
#[must_use]
pub fn parse(src: &SourceFile) -> (Option<Fly>, Vec<Diagnostic>) {
    let _ = src;
    (Some(Fly::default()), Vec::new())
}

/// Environment evidence found in the document itself.
#[must_use]
pub fn env_hint(doc: &Fly) -> Option<EnvEvidence> {
    let _ = doc;
    None
}

/// Add this document's cross-format facts.
pub fn collect_facts(file: &ParsedFile, doc: &Fly, facts: &mut Facts) {
    let _ = (file, doc, facts);
}
