//! Cross-format facts from Railway, Vercel and wrangler documents: their environment variables
//! become [`SecretCandidate`]s (the secret rules decide which are secrets).

use crate::facts::Facts;
use crate::facts::{SecretCandidate, SecretContext};
use infra_lint_core::model::ParsedFile;
use infra_lint_core::syntax::node::Node;
use infra_lint_core::syntax::railway::Railway;
use infra_lint_core::syntax::vercel::Vercel;
use infra_lint_core::syntax::wrangler::Wrangler;

/// One candidate per scalar entry of a map node.
fn push_map(file: &ParsedFile, map: &Node, prefix: &str, context: SecretContext, facts: &mut Facts) {
    let Some(entries) = map.as_map() else { return };
    for (k, v) in entries {
        let (Some(key), Some(value)) = (k.as_str(), v.scalar_text()) else { continue };
        let reference = crate::secret_detect::is_reference(&value)
            // Vercel's legacy `@secret-name` points at a stored secret.
            || (context == SecretContext::VercelEnv && value.starts_with('@'));
        facts.secrets.push(SecretCandidate {
            key: key.to_owned(),
            key_span: k.span,
            value,
            value_span: v.span,
            context,
            example: file.example,
            is_reference: reference,
            path: format!("{prefix}.{key}"),
        });
    }
}

/// Railway: `variables`, `env` and `environmentVariables` at the top level, under `build` and
/// `deploy`, and in every `environments.<name>` override.
pub fn collect_railway(file: &ParsedFile, doc: &Railway, facts: &mut Facts) {
    for scope in doc.scopes() {
        let base = scope.name.map_or_else(String::new, |n| format!("environments.{n}."));
        for section in [None, Some("build"), Some("deploy")] {
            let node = match section {
                None => Some(scope.node),
                Some(s) => scope.node.get(s),
            };
            let Some(node) = node else { continue };
            for key in ["variables", "env", "environmentVariables"] {
                if let Some(m) = node.get(key) {
                    let prefix = match section {
                        None => format!("{base}{key}"),
                        Some(s) => format!("{base}{s}.{key}"),
                    };
                    push_map(file, m, &prefix, SecretContext::RailwayVariables, facts);
                }
            }
        }
    }
}

/// Vercel: `env` and `build.env`.
pub fn collect_vercel(file: &ParsedFile, doc: &Vercel, facts: &mut Facts) {
    if let Some(m) = doc.root.get("env") {
        push_map(file, m, "env", SecretContext::VercelEnv, facts);
    }
    if let Some(m) = doc.root.path(&["build", "env"]) {
        push_map(file, m, "build.env", SecretContext::VercelEnv, facts);
    }
}

/// wrangler: `vars` at the top level and in every `[env.<name>]`.
pub fn collect_wrangler(file: &ParsedFile, doc: &Wrangler, facts: &mut Facts) {
    for scope in doc.scopes() {
        if let Some(m) = scope.node.get("vars") {
            let prefix = scope.name.map_or_else(|| "vars".to_owned(), |n| format!("env.{n}.vars"));
            push_map(file, m, &prefix, SecretContext::WranglerVars, facts);
        }
    }
}
