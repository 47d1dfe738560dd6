//! GitHub Actions workflows and action.yml files: triggers, permissions, jobs, steps, with spans.

use serde::Serialize;

use crate::finding::Diagnostic;
use crate::model::{EnvEvidence, Facts, ParsedFile};
use crate::source::SourceFile;

/// GitHub Actions workflows and action.yml files: triggers, permissions, jobs, steps, with spans.
#[derive(Debug, Default, Serialize)]
pub struct Workflow {}

/// Parse a file. Never panics; problems become diagnostics naming the file.
#[must_use]
pub fn parse(src: &SourceFile) -> (Option<Workflow>, Vec<Diagnostic>) {
    let _ = src;
    (Some(Workflow::default()), Vec::new())
}

/// Environment evidence found in the document itself.
#[must_use]
pub fn env_hint(doc: &Workflow) -> Option<EnvEvidence> {
    let _ = doc;
    None
}

/// Add this document's cross-format facts.
pub fn collect_facts(file: &ParsedFile, doc: &Workflow, facts: &mut Facts) {
    let _ = (file, doc, facts);
}
