//! `.pre-commit-config.yaml` (or `.yml`): the pre-commit framework's configuration, read as a
//! spanned tree with the `repos:` entries typed (where each hook repository comes from, the
//! revision it is fetched at, and its hooks), each value with the span of its source.

use serde::Serialize;

use crate::base::env::EnvEvidence;
use crate::base::finding::Diagnostic;
use crate::base::source::{SourceFile, Span};
use crate::syntax::node::Node;
use crate::syntax::yaml::{self, Spanned};

/// A parsed pre-commit configuration.
#[derive(Debug, Clone, Serialize)]
pub struct PreCommit {
    /// The entries of `repos:`, in source order (entries that are not mappings are skipped).
    pub repos: Vec<HookRepo>,
    /// The whole document.
    pub root: Node,
}

/// One `repos:` entry: a repository of hooks (a git URL), or the `local` / `meta` pseudo
/// repositories.
#[derive(Debug, Clone, Serialize)]
pub struct HookRepo {
    /// The whole entry.
    pub span: Span,
    /// The span of the `repo` key, or of the entry's first key (where an entry is named in
    /// findings about what it lacks).
    pub header: Span,
    /// `repo:`: a git URL (`https://github.com/psf/black`), `local` or `meta`.
    pub repo: Option<Spanned<String>>,
    /// `rev:`: the tag, branch or commit pre-commit checks out.
    pub rev: Option<Spanned<String>>,
    /// The entries of `hooks:`, in source order.
    pub hooks: Vec<Hook>,
}

impl HookRepo {
    /// The `repo:` value when it names a remote repository (not `local` / `meta`).
    #[must_use]
    pub fn remote(&self) -> Option<&Spanned<String>> {
        self.repo.as_ref().filter(|r| !matches!(r.value.trim(), "local" | "meta" | ""))
    }
}

/// One hook of a repository entry.
#[derive(Debug, Clone, Serialize)]
pub struct Hook {
    /// The whole hook entry.
    pub span: Span,
    /// `id:`.
    pub id: Option<Spanned<String>>,
    /// `language:` (`python`, `node`, `system`, `docker_image` …; local hooks declare it).
    pub language: Option<Spanned<String>>,
    /// `entry:`: the command a local hook runs (or overrides for a remote one).
    pub entry: Option<Spanned<String>>,
    /// `additional_dependencies:`: the packages installed into the hook's environment.
    pub additional_dependencies: Vec<Spanned<String>>,
}

fn hook_of(node: &Node) -> Option<Hook> {
    node.as_map()?;
    let mut h = Hook { span: node.span, id: None, language: None, entry: None, additional_dependencies: Vec::new() };
    for (key, _, value) in yaml::entries(node) {
        match key {
            "id" => h.id = yaml::text(value),
            "language" => h.language = yaml::text(value),
            "entry" => h.entry = yaml::text(value),
            "additional_dependencies" => {
                h.additional_dependencies = value.as_seq().unwrap_or(&[]).iter().filter_map(yaml::text).collect();
            }
            _ => {}
        }
    }
    Some(h)
}

/// A scalar as written: a string's value, or the source text of a number or boolean (`rev: 3.10`
/// is the tag `3.10`, not the float 3.1).
fn scalar_as_written(src: &SourceFile, node: &Node) -> Option<Spanned<String>> {
    if node.as_str().is_some() {
        return yaml::text(node);
    }
    node.scalar_text()?;
    Some(Spanned::new(src.slice(node.span).trim().to_owned(), node.span))
}

fn repo_of(src: &SourceFile, node: &Node) -> Option<HookRepo> {
    node.as_map()?;
    let mut header = None;
    let mut r = HookRepo { span: node.span, header: node.span, repo: None, rev: None, hooks: Vec::new() };
    for (key, key_span, value) in yaml::entries(node) {
        header.get_or_insert(key_span);
        match key {
            "repo" => {
                header = Some(key_span);
                r.repo = yaml::text(value);
            }
            "rev" => r.rev = scalar_as_written(src, value),
            "hooks" => r.hooks = value.as_seq().unwrap_or(&[]).iter().filter_map(hook_of).collect(),
            _ => {}
        }
    }
    r.header = header.unwrap_or(node.span);
    Some(r)
}

/// Parse a pre-commit configuration. Never panics.
#[must_use]
pub fn parse(src: &SourceFile) -> (Option<PreCommit>, Vec<Diagnostic>) {
    let yaml::Loaded { docs, diagnostics } = yaml::load_all(src);
    let Some(root) = docs.into_iter().find(|d| !d.is_null()) else { return (None, diagnostics) };
    let repos =
        root.get("repos").and_then(Node::as_seq).unwrap_or(&[]).iter().filter_map(|n| repo_of(src, n)).collect();
    (Some(PreCommit { repos, root }), diagnostics)
}

/// A pre-commit configuration applies to developers' checkouts and CI alike: no environment of
/// its own.
#[must_use]
pub fn env_hint(_doc: &PreCommit) -> Option<EnvEvidence> {
    None
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::base::source::FileId;

    #[test]
    fn repos_and_hooks_with_spans() {
        let t = "repos:\n  - repo: https://github.com/psf/black\n    rev: 24.1.0  # comment\n    hooks:\n      - id: black\n        additional_dependencies: [\"click==8.1.7\", attrs]\n  - repo: local\n    hooks:\n      - id: lint\n        name: lint\n        entry: ./lint.sh\n        language: system\n  - hooks: []\n    repo: meta\n";
        let s = SourceFile::new(FileId(0), ".pre-commit-config.yaml", t);
        let (d, diags) = parse(&s);
        assert!(diags.is_empty(), "{diags:?}");
        let d = d.unwrap();
        assert_eq!(d.repos.len(), 3);
        let a = &d.repos[0];
        assert_eq!(a.remote().unwrap().value, "https://github.com/psf/black");
        assert_eq!(s.start(a.repo.as_ref().unwrap().span).line, 2);
        assert_eq!(s.slice(a.repo.as_ref().unwrap().span), "https://github.com/psf/black");
        let rev = a.rev.as_ref().unwrap();
        assert_eq!(rev.value, "24.1.0");
        assert_eq!(s.slice(rev.span), "24.1.0");
        assert_eq!(a.hooks.len(), 1);
        assert_eq!(a.hooks[0].id.as_ref().unwrap().value, "black");
        let deps: Vec<&str> = a.hooks[0].additional_dependencies.iter().map(|d| d.value.as_str()).collect();
        assert_eq!(deps, ["click==8.1.7", "attrs"]);
        let b = &d.repos[1];
        assert!(b.remote().is_none());
        assert!(b.rev.is_none());
        assert_eq!(b.hooks[0].language.as_ref().unwrap().value, "system");
        assert_eq!(b.hooks[0].entry.as_ref().unwrap().value, "./lint.sh");
        let c = &d.repos[2];
        assert!(c.remote().is_none());
        assert_eq!(s.start(c.header).line, 14);
    }

    #[test]
    fn numeric_revs_keep_their_text() {
        let t = "repos:\n  - repo: https://example.com/hooks\n    rev: 3.10\n    hooks: []\n";
        let s = SourceFile::new(FileId(0), ".pre-commit-config.yaml", t);
        let d = parse(&s).0.unwrap();
        assert_eq!(d.repos[0].rev.as_ref().unwrap().value, "3.10");
    }

    #[test]
    fn malformed_input_never_panics() {
        for t in [
            "",
            "repos: 3",
            "repos:\n  - 1\n  - [a]\n",
            ": : :",
            "repos:\n  - repo: [x]\n    rev: {a: 1}\n    hooks: 7\n",
            "repos:\n  - hooks:\n      - 1\n      - id: [x]\n        additional_dependencies: {a: b}\n",
            "- repo: x\n",
            "repos: &a [*a]\n",
        ] {
            let s = SourceFile::new(FileId(0), ".pre-commit-config.yaml", t);
            let _ = parse(&s);
        }
    }
}
