//! Cross-format facts from dotenv documents (see [`crate::facts`]).

use crate::facts::Facts;
use crate::facts::{SecretCandidate, SecretContext};
use infra_lint_core::model::ParsedFile;
use infra_lint_core::syntax::dotenv::*;

/// Add this document's cross-format facts: a [`SecretCandidate`] per entry.
pub fn collect_facts(file: &ParsedFile, doc: &EnvFile, facts: &mut Facts) {
    let path = file.source.path_str();
    for e in &doc.entries {
        let reference = e.quote != Some('\'') && crate::secret_detect::is_reference(&e.value);
        facts.secrets.push(SecretCandidate {
            key: e.key.clone(),
            key_span: e.key_span,
            value: e.value.clone(),
            value_span: e.value_span,
            context: SecretContext::EnvFile,
            example: file.example,
            is_reference: reference,
            path: format!("{path}:{}", e.key),
        });
    }
}
