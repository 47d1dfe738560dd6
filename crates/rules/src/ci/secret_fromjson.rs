//! `secret-fromjson-unmasked`: a secret parsed with `fromJSON(secrets.X)`, whose parts are not
//! masked in logs.

use infra_lint_core::parse::workflow::{expressions, WorkflowKind};
use infra_lint_core::{Finding, Model};

use crate::ci::secrets_overexposed::scalars;
use crate::ci::workflows;
use crate::declare_rule;
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Flags `${{ … }}` expressions that parse a secret as JSON — `fromJSON(secrets.CONFIG)`,
    /// `fromJson(secrets.CONFIG).password` — anywhere in a workflow. The finding points at the
    /// exact `${{ … }}`, also inside block scalars.
    ///
    /// ## Why is this bad?
    /// GitHub masks a secret in logs by searching for its whole stored value. A field taken out
    /// of a JSON secret (or the re-serialised object) is a different string, so it is printed in
    /// clear text whenever a step echoes it, fails with it in an error message, or runs with
    /// shell tracing on.
    ///
    /// ## How to fix
    /// Store each sensitive value as its own secret and reference it by name; if a structured
    /// secret cannot be avoided, register every field with `::add-mask::` before using it.
    ///
    /// ## Example
    /// ```yaml
    /// # bad
    /// env:
    ///   DB_PASSWORD: ${{ fromJSON(secrets.DB_CONFIG).password }}
    /// ```
    /// ```yaml
    /// # good
    /// env:
    ///   DB_PASSWORD: ${{ secrets.DB_PASSWORD }}
    /// ```
    ///
    /// ## References
    /// - <https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#using-secrets>
    /// - <https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/workflow-commands-for-github-actions#masking-a-value-in-a-log>
    pub struct SecretFromjsonUnmasked {
        id: "secret-fromjson-unmasked",
        severity: Medium,
        formats: [Workflow],
        tags: ["security", "ci", "secrets"],
        precision: "high",
        summary: "Secret parsed with fromJSON(): its fields are not masked in logs",
        aliases: ["unredacted-secrets"],
    }
}

/// The secret reference parsed by `fromJSON(…)` in an expression (`secrets.db`), if any.
fn parsed_secret(expr: &str) -> Option<String> {
    // drop string literals and whitespace, lower-case the rest
    let mut plain = String::new();
    let mut in_str = false;
    for c in expr.chars() {
        if c == '\'' {
            in_str = !in_str;
            plain.push(' ');
        } else if !in_str {
            plain.push(c.to_ascii_lowercase());
        }
    }
    let compact: String = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut from = 0;
    while let Some(pos) = compact.get(from..).and_then(|t| t.find("fromjson(")).map(|p| from + p) {
        from = pos + "fromjson(".len();
        let before = compact.get(..pos).and_then(|b| b.chars().last());
        if before.is_some_and(|b| b.is_ascii_alphanumeric() || b == '_' || b == '.' || b == '-') {
            continue;
        }
        let arg = compact.get(from..).unwrap_or("").trim_start();
        if let Some(rest) = arg.strip_prefix("secrets") {
            let rest = rest.trim_start();
            if rest.starts_with('.') || rest.starts_with('[') {
                let name: String = arg.chars().take_while(|c| *c != ')' && *c != ',').collect();
                return Some(name.split_whitespace().collect());
            }
        }
    }
    None
}

impl Rule for SecretFromjsonUnmasked {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (file, wf) in workflows(model) {
            if wf.kind != WorkflowKind::Workflow {
                continue;
            }
            let Some(root) = &wf.root else { continue };
            let mut values = Vec::new();
            scalars(root, "", &mut values);
            for (path, node) in values {
                if !node.as_str().is_some_and(|s| s.contains("${{")) {
                    continue;
                }
                for expr in expressions(&file.source, node.span) {
                    let Some(secret) = parsed_secret(&expr.text) else { continue };
                    out.push(
                        Finding::new(
                            Self::META.id,
                            Self::META.severity,
                            expr.span,
                            format!(
                                "`${{{{ {} }}}}` at `{path}` parses a secret as JSON: the values taken out of it are not the stored secret string, so GitHub does not mask them in logs",
                                expr.text.chars().take(80).collect::<String>()
                            ),
                        )
                        .fix("Store each sensitive field as its own secret, or `::add-mask::` every field before use")
                        .key(format!("{path}:{secret}"))
                        .env(model.env_of(expr.span)),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parsed_secret_forms() {
        assert_eq!(parsed_secret("fromJSON(secrets.DB)").as_deref(), Some("secrets.db"));
        assert_eq!(parsed_secret("fromJson( secrets.cfg ).field").as_deref(), Some("secrets.cfg"));
        assert_eq!(parsed_secret("fromjson(secrets['A B'])").as_deref(), Some("secrets[]"));
        assert_eq!(parsed_secret("fromJSON(inputs.secrets)"), None);
        assert_eq!(parsed_secret("fromJSON('secrets.x')"), None);
        assert_eq!(parsed_secret("fromJSON(vars.X)"), None);
        assert_eq!(parsed_secret("myfromjson(secrets.X)"), None);
        assert_eq!(parsed_secret("toJSON(secrets.X)"), None);
    }
}
