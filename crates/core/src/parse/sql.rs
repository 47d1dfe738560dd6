//! SQL migrations: CREATE TABLE (schema, columns), ENABLE/FORCE ROW LEVEL SECURITY, CREATE POLICY with spans.

use serde::Serialize;

use crate::finding::Diagnostic;
use crate::model::{EnvEvidence, Facts, ParsedFile};
use crate::source::SourceFile;

/// SQL migrations: CREATE TABLE (schema, columns), ENABLE/FORCE ROW LEVEL SECURITY, CREATE POLICY with spans.
#[derive(Debug, Default, Serialize)]
pub struct SqlMigration {}

/// Parse a file. Never panics; problems become diagnostics naming the file.
#[must_use]
pub fn parse(src: &SourceFile) -> (Option<SqlMigration>, Vec<Diagnostic>) {
    let _ = src;
    (Some(SqlMigration::default()), Vec::new())
}

/// Environment evidence found in the document itself.
#[must_use]
pub fn env_hint(doc: &SqlMigration) -> Option<EnvEvidence> {
    let _ = doc;
    None
}

/// Add this document's cross-format facts.
pub fn collect_facts(file: &ParsedFile, doc: &SqlMigration, facts: &mut Facts) {
    let _ = (file, doc, facts);
}
