//! .env files: KEY=VALUE entries (quotes, export prefix, comments) with spans.

use serde::Serialize;

use crate::finding::Diagnostic;
use crate::model::{EnvEvidence, Facts, ParsedFile};
use crate::source::SourceFile;

/// .env files: KEY=VALUE entries (quotes, export prefix, comments) with spans.
#[derive(Debug, Default, Serialize)]
pub struct EnvFile {}

/// Parse a file. Never panics; problems become diagnostics naming the file.
#[must_use]
pub fn parse(src: &SourceFile) -> (Option<EnvFile>, Vec<Diagnostic>) {
    let _ = src;
    (Some(EnvFile::default()), Vec::new())
}

/// Environment evidence found in the document itself.
#[must_use]
pub fn env_hint(doc: &EnvFile) -> Option<EnvEvidence> {
    let _ = doc;
    None
}

/// Add this document's cross-format facts.
pub fn collect_facts(file: &ParsedFile, doc: &EnvFile, facts: &mut Facts) {
    let _ = (file, doc, facts);
}
