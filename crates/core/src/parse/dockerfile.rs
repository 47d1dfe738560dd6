//! Dockerfiles: parser directives, escape char, continuations, heredocs, stages and instructions with spans.

use serde::Serialize;

use crate::finding::Diagnostic;
use crate::model::{EnvEvidence, Facts, ParsedFile};
use crate::source::SourceFile;

/// Dockerfiles: parser directives, escape char, continuations, heredocs, stages and instructions with spans.
#[derive(Debug, Default, Serialize)]
pub struct Dockerfile {}

/// Parse a file. Never panics; problems become diagnostics naming the file.
#[must_use]
pub fn parse(src: &SourceFile) -> (Option<Dockerfile>, Vec<Diagnostic>) {
    let _ = src;
    (Some(Dockerfile::default()), Vec::new())
}

/// Environment evidence found in the document itself.
#[must_use]
pub fn env_hint(doc: &Dockerfile) -> Option<EnvEvidence> {
    let _ = doc;
    None
}

/// Add this document's cross-format facts.
pub fn collect_facts(file: &ParsedFile, doc: &Dockerfile, facts: &mut Facts) {
    let _ = (file, doc, facts);
}
