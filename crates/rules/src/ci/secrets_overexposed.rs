//! `secrets-overexposed`: `${{ … }}` expressions that read the whole `secrets` context
//! (`toJSON(secrets)`, `secrets[<expression>]`, `secrets.*`) instead of named secrets.

use infra_lint_core::parse::node::{Node, Value};
use infra_lint_core::parse::workflow::{expressions, WorkflowKind};
use infra_lint_core::source::SourceFile;
use infra_lint_core::{Finding, Model};

use crate::ci::workflows;
use crate::declare_rule;
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Flags `${{ … }}` expressions anywhere in a workflow that use the `secrets` context as a
    /// whole rather than naming one secret:
    ///
    /// - the context itself as a value: `toJSON(secrets)`, `format('{0}', secrets)`,
    ///   `${{ secrets }}`;
    /// - an index computed at run time: `secrets[inputs.name]`,
    ///   `secrets[format('{0}_TOKEN', matrix.env)]`;
    /// - the object filter `secrets.*`.
    ///
    /// The finding points at the exact `${{ … }}`, also inside block scalars. Named access —
    /// `secrets.NAME`, `secrets['NAME']`, `toJSON(secrets.NAME)` — is fine.
    ///
    /// ## Why is this bad?
    /// When an expression can reach any secret, GitHub has to hand the runner *every* secret of
    /// the repository, organization and environment for that job, not only the ones the step
    /// uses. A compromised step, action or dependency can then read all of them. A JSON dump of
    /// the context is one multi-line string: it is easy to leak (written to a file, an artifact,
    /// a cache, another service), and its formatting can slip past the per-secret log masking.
    ///
    /// ## How to fix
    /// Reference each secret the step needs by name (`${{ secrets.DEPLOY_KEY }}`); to choose
    /// between a few secrets, use a fixed mapping (for example one job per environment, or
    /// `matrix.env == 'prod' && secrets.PROD_KEY || secrets.STAGING_KEY`).
    ///
    /// ## Example
    /// ```yaml
    /// # bad
    /// - run: ./deploy.sh
    ///   env:
    ///     ALL_SECRETS: ${{ toJSON(secrets) }}
    ///     TOKEN: ${{ secrets[format('{0}_TOKEN', inputs.target)] }}
    /// ```
    /// ```yaml
    /// # good
    /// - run: ./deploy.sh
    ///   env:
    ///     TOKEN: ${{ secrets.DEPLOY_TOKEN }}
    /// ```
    ///
    /// ## References
    /// - <https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/accessing-contextual-information-about-workflow-runs#secrets-context>
    /// - <https://docs.github.com/en/actions/security-for-github-actions/security-guides/using-secrets-in-github-actions>
    pub struct SecretsOverexposed {
        id: "secrets-overexposed",
        severity: Medium,
        formats: [Workflow],
        tags: ["security", "ci", "secrets", "least-privilege"],
        precision: "high",
        summary: "Expression reads the whole secrets context (toJSON(secrets), secrets[<expr>])",
        aliases: ["overprovisioned-secrets"],
    }
}

/// How an expression reaches beyond named secrets.
#[derive(Debug, PartialEq, Eq)]
enum Exposure {
    /// The whole context as a value (`toJSON(secrets)`, `secrets.*`).
    Whole,
    /// An index computed at run time (`secrets[inputs.name]`): the index text.
    Dynamic(String),
}

/// Whether `inner` (the text between `[` and `]`) is one string literal.
fn is_literal(inner: &str) -> bool {
    let Some(body) = inner.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')) else { return false };
    // a doubled quote is an escaped quote; a lone one would end the literal early
    !body.replace("''", "").contains('\'')
}

/// The first use of the `secrets` context in an expression that is not a named secret.
fn exposure(expr: &str) -> Option<Exposure> {
    let chars: Vec<char> = expr.chars().collect();
    let mut i = 0;
    let mut prev: Option<char> = None;
    while let Some(&c) = chars.get(i) {
        if c == '\'' {
            i += 1;
            while let Some(&d) = chars.get(i) {
                i += 1;
                if d == '\'' {
                    if chars.get(i) == Some(&'\'') {
                        i += 1;
                    } else {
                        break;
                    }
                }
            }
            prev = Some('\'');
            continue;
        }
        let ident_char = |d: char| d.is_ascii_alphanumeric() || d == '_' || d == '-';
        if !(c.is_ascii_alphabetic() || c == '_') || prev.is_some_and(|p| p == '.' || ident_char(p)) {
            prev = Some(c);
            i += 1;
            continue;
        }
        let start = i;
        while chars.get(i).is_some_and(|&d| ident_char(d)) {
            i += 1;
        }
        let ident: String = chars.get(start..i).unwrap_or(&[]).iter().collect();
        prev = chars.get(i.saturating_sub(1)).copied();
        if !ident.eq_ignore_ascii_case("secrets") {
            continue;
        }
        let mut j = i;
        while chars.get(j).is_some_and(|d| d.is_whitespace()) {
            j += 1;
        }
        match chars.get(j) {
            Some('.') => {
                let mut k = j + 1;
                while chars.get(k).is_some_and(|d| d.is_whitespace()) {
                    k += 1;
                }
                if chars.get(k) == Some(&'*') {
                    return Some(Exposure::Whole);
                }
            }
            Some('[') => {
                // the bracketed index, nested brackets and string literals included
                let mut depth = 0usize;
                let mut k = j;
                let mut in_str = false;
                while let Some(&d) = chars.get(k) {
                    if in_str {
                        in_str = d != '\'';
                    } else if d == '\'' {
                        in_str = true;
                    } else if d == '[' {
                        depth += 1;
                    } else if d == ']' {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            break;
                        }
                    }
                    k += 1;
                }
                let inner: String = chars.get(j + 1..k.min(chars.len())).unwrap_or(&[]).iter().collect();
                let inner = inner.trim();
                if !is_literal(inner) {
                    return Some(Exposure::Dynamic(inner.to_owned()));
                }
            }
            // a function named `secrets(` does not exist; anything else is the context itself
            Some('(') => {}
            _ => return Some(Exposure::Whole),
        }
    }
    None
}

/// Shorten an expression for a message.
fn shorten(text: &str) -> String {
    let t: String = text.chars().take(80).collect();
    if t.len() < text.len() {
        format!("{t}…")
    } else {
        t
    }
}

/// Every string scalar of a document with its structural path (`jobs.build.steps[0].env.X`).
pub(crate) fn scalars<'a>(node: &'a Node, path: &str, out: &mut Vec<(String, &'a Node)>) {
    match &node.value {
        Value::Str(_) => out.push((path.to_owned(), node)),
        Value::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                scalars(item, &format!("{path}[{i}]"), out);
            }
        }
        Value::Map(entries) => {
            for (k, v) in entries {
                let key = k.scalar_text().unwrap_or_default();
                let p = if path.is_empty() { key } else { format!("{path}.{key}") };
                scalars(v, &p, out);
            }
        }
        _ => {}
    }
}

impl Rule for SecretsOverexposed {
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
                check_value(&file.source, &path, node, model, out);
            }
        }
    }
}

fn check_value(src: &SourceFile, path: &str, node: &Node, model: &Model, out: &mut Vec<Finding>) {
    for expr in expressions(src, node.span) {
        let Some(kind) = exposure(&expr.text) else { continue };
        let shown = shorten(&expr.text);
        let msg = match &kind {
            Exposure::Whole => format!(
                "`${{{{ {shown} }}}}` at `{path}` reads the whole secrets context: every secret of the repository, organization and environment is sent to the runner and handed over as one value, not only the ones this step needs"
            ),
            Exposure::Dynamic(index) => format!(
                "`${{{{ {shown} }}}}` at `{path}` picks a secret by a computed name (`{}`): GitHub must send every secret of the repository, organization and environment to the runner, since any of them could be selected",
                shorten(index)
            ),
        };
        out.push(
            Finding::new(SecretsOverexposed::META.id, SecretsOverexposed::META.severity, expr.span, msg)
                .fix("Reference only the secrets the step needs, each by name (`${{ secrets.NAME }}`)")
                .key(format!("{path}:{}", expr.text.to_ascii_lowercase().split_whitespace().collect::<String>()))
                .env(model.env_of(expr.span)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exposure_forms() {
        assert_eq!(exposure("toJSON(secrets)"), Some(Exposure::Whole));
        assert_eq!(exposure("format('{0}', toJson( secrets ))"), Some(Exposure::Whole));
        assert_eq!(exposure("secrets"), Some(Exposure::Whole));
        assert_eq!(exposure("SECRETS.*"), Some(Exposure::Whole));
        assert_eq!(exposure("secrets[inputs.name]"), Some(Exposure::Dynamic("inputs.name".to_owned())));
        assert_eq!(
            exposure("secrets[format('{0}_KEY', matrix.env)]"),
            Some(Exposure::Dynamic("format('{0}_KEY', matrix.env)".to_owned()))
        );
        assert_eq!(exposure("secrets['a'][0]"), None);
        assert_eq!(exposure("secrets.TOKEN"), None);
        assert_eq!(exposure("secrets [ 'MY_TOKEN' ]"), None);
        assert_eq!(exposure("toJSON(secrets.X)"), None);
        assert_eq!(exposure("inputs.secrets || env.secrets"), None);
        assert_eq!(exposure("'toJSON(secrets)'"), None);
        assert_eq!(exposure("github.event.inputs.secrets-list"), None);
        assert_eq!(exposure("my_secrets"), None);
        assert_eq!(exposure("secrets['it''s']"), None);
        assert_eq!(exposure("secrets['a' || 'b']"), Some(Exposure::Dynamic("'a' || 'b'".to_owned())));
        assert_eq!(exposure("secrets[unterminated"), Some(Exposure::Dynamic("unterminated".to_owned())));
    }
}
