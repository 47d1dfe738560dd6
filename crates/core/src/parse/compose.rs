//! docker compose files: services with image, user, ports, privileges, mounts, environment, each with spans.

use serde::Serialize;

use crate::finding::Diagnostic;
use crate::model::{EnvEvidence, Facts, ParsedFile};
use crate::source::SourceFile;

/// docker compose files: services with image, user, ports, privileges, mounts, environment, each with spans.
#[derive(Debug, Default, Serialize)]
pub struct Compose {}

/// Parse a file. Never panics; problems become diagnostics naming the file.
#[must_use]
pub fn parse(src: &SourceFile) -> (Option<Compose>, Vec<Diagnostic>) {
    let _ = src;
    (Some(Compose::default()), Vec::new())
}

/// Environment evidence found in the document itself.
#[must_use]
pub fn env_hint(doc: &Compose) -> Option<EnvEvidence> {
    let _ = doc;
    None
}

/// Add this document's cross-format facts.
pub fn collect_facts(file: &ParsedFile, doc: &Compose, facts: &mut Facts) {
    let _ = (file, doc, facts);
}
