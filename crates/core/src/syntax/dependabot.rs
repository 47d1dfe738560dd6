//! `.github/dependabot.yml`: Dependabot version-update configuration, read as a spanned tree with
//! the `updates` entries typed (ecosystem, cooldown, external code execution), each with the span
//! of its source.

use serde::Serialize;

use crate::base::env::EnvEvidence;
use crate::base::finding::Diagnostic;
use crate::base::source::{SourceFile, Span};
use crate::syntax::node::Node;
use crate::syntax::yaml::{self, Spanned};

/// A parsed Dependabot configuration.
#[derive(Debug, Clone, Serialize)]
pub struct Dependabot {
    /// The entries of `updates:`, in source order.
    pub updates: Vec<Update>,
    /// The whole document.
    pub root: Node,
}

/// One `updates:` entry (a package ecosystem in a directory).
#[derive(Debug, Clone, Serialize)]
pub struct Update {
    /// The whole entry.
    pub span: Span,
    /// `package-ecosystem:` (`npm`, `pip`, `github-actions` …), with the span of its key when
    /// present (where an entry is named in findings about what it lacks).
    pub ecosystem: Option<Spanned<String>>,
    /// The span of the `package-ecosystem` key, or of the entry's first key.
    pub header: Span,
    /// `cooldown:`, when present.
    pub cooldown: Option<Cooldown>,
    /// `insecure-external-code-execution:` (`allow` / `deny`), when present.
    pub external_code_execution: Option<Spanned<String>>,
    /// `multi-ecosystem-group:`, when present.
    pub multi_ecosystem_group: Option<Spanned<String>>,
}

/// An update's `cooldown:` block.
#[derive(Debug, Clone, Serialize)]
pub struct Cooldown {
    /// The span of the `cooldown` key.
    pub key: Span,
    /// `default-days:` (the raw value, with its span; `None` when absent).
    pub default_days: Option<Spanned<String>>,
}

impl Cooldown {
    /// `default-days` as a number of days, when it is one.
    #[must_use]
    pub fn default_days_value(&self) -> Option<i64> {
        self.default_days.as_ref().and_then(|d| d.value.trim().parse().ok())
    }
}

fn update_of(node: &Node) -> Option<Update> {
    node.as_map()?;
    let mut header = None;
    let mut u = Update {
        span: node.span,
        ecosystem: None,
        header: node.span,
        cooldown: None,
        external_code_execution: None,
        multi_ecosystem_group: None,
    };
    for (key, key_span, value) in yaml::entries(node) {
        header.get_or_insert(key_span);
        match key {
            "package-ecosystem" => {
                header = Some(key_span);
                u.ecosystem = yaml::text(value);
            }
            "cooldown" => {
                let default_days = value.get("default-days").and_then(yaml::text);
                u.cooldown = Some(Cooldown { key: key_span, default_days });
            }
            "insecure-external-code-execution" => u.external_code_execution = yaml::text(value),
            "multi-ecosystem-group" => u.multi_ecosystem_group = yaml::text(value),
            _ => {}
        }
    }
    u.header = header.unwrap_or(node.span);
    Some(u)
}

/// Parse a Dependabot configuration. Never panics.
#[must_use]
pub fn parse(src: &SourceFile) -> (Option<Dependabot>, Vec<Diagnostic>) {
    let yaml::Loaded { docs, diagnostics } = yaml::load_all(src);
    let Some(root) = docs.into_iter().find(|d| !d.is_null()) else { return (None, diagnostics) };
    let updates = root.get("updates").and_then(Node::as_seq).unwrap_or(&[]).iter().filter_map(update_of).collect();
    (Some(Dependabot { updates, root }), diagnostics)
}

/// Dependabot configuration applies to the whole repository: no environment of its own.
#[must_use]
pub fn env_hint(_doc: &Dependabot) -> Option<EnvEvidence> {
    None
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::base::source::FileId;

    #[test]
    fn updates_with_spans() {
        let t = "version: 2\nupdates:\n  - package-ecosystem: pip\n    directory: /\n    cooldown:\n      default-days: 2\n  - directory: /x\n    package-ecosystem: npm\n    insecure-external-code-execution: allow\n    cooldown: {}\n";
        let s = SourceFile::new(FileId(0), ".github/dependabot.yml", t);
        let (d, diags) = parse(&s);
        assert!(diags.is_empty(), "{diags:?}");
        let d = d.unwrap();
        assert_eq!(d.updates.len(), 2);
        let a = &d.updates[0];
        assert_eq!(a.ecosystem.as_ref().unwrap().value, "pip");
        assert_eq!(s.start(a.header).line, 3);
        let c = a.cooldown.as_ref().unwrap();
        assert_eq!(c.default_days_value(), Some(2));
        assert_eq!(s.start(c.default_days.as_ref().unwrap().span).line, 6);
        let b = &d.updates[1];
        assert_eq!(s.start(b.header).line, 8);
        assert_eq!(b.external_code_execution.as_ref().unwrap().value, "allow");
        let c = b.cooldown.as_ref().unwrap();
        assert!(c.default_days.is_none());
        assert_eq!(s.start(c.key).line, 10);
    }

    #[test]
    fn malformed_input_never_panics() {
        for t in ["", "updates: 3", "updates:\n  - 1\n  - [a]\n", ": : :", "updates:\n  - cooldown: 7\n"] {
            let s = SourceFile::new(FileId(0), ".github/dependabot.yml", t);
            let _ = parse(&s);
        }
    }
}
