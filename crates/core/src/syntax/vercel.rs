//! `vercel.json`: Vercel project configuration (headers, redirects, rewrites, legacy routes, env
//! and build env), read as a spanned tree.

use serde::Serialize;

use crate::base::env::EnvEvidence;
use crate::base::finding::Diagnostic;
use crate::base::source::SourceFile;
use crate::syntax::node::Node;

/// A parsed `vercel.json`.
#[derive(Debug, Clone, Serialize)]
pub struct Vercel {
    /// The whole document.
    pub root: Node,
}

impl Vercel {
    /// The entries of the array under `key` (`headers`, `redirects`, `rewrites`, `routes`).
    #[must_use]
    pub fn list(&self, key: &str) -> &[Node] {
        self.root.get(key).and_then(Node::as_seq).unwrap_or(&[])
    }

    /// The `(key, value)` entries of `env` and `build.env`, with the path prefix of each.
    #[must_use]
    pub fn env_entries(&self) -> Vec<(&'static str, &Node, &Node)> {
        let mut out = Vec::new();
        for (prefix, node) in [("env", self.root.get("env")), ("build.env", self.root.path(&["build", "env"]))] {
            if let Some(m) = node.and_then(Node::as_map) {
                out.extend(m.iter().map(|(k, v)| (prefix, k, v)));
            }
        }
        out
    }
}

/// Parse a `vercel.json`. Never panics.
#[must_use]
pub fn parse(src: &SourceFile) -> (Option<Vercel>, Vec<Diagnostic>) {
    let (root, diags) = crate::syntax::json::parse_file(src, false);
    (root.map(|root| Vercel { root }), diags)
}

/// `vercel.json` applies to every deployment; its environment comes from its path.
#[must_use]
pub fn env_hint(_doc: &Vercel) -> Option<EnvEvidence> {
    None
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::base::source::FileId;

    #[test]
    fn lists_and_env() {
        let t = "{\n \"env\": {\"A\": \"1\"},\n \"build\": {\"env\": {\"B\": \"2\"}},\n \"redirects\": [{\"source\": \"/a\", \"destination\": \"/b\"}]\n}";
        let s = SourceFile::new(FileId(0), "vercel.json", t);
        let d = parse(&s).0.unwrap();
        assert_eq!(d.list("redirects").len(), 1);
        assert!(d.list("headers").is_empty());
        let env = d.env_entries();
        assert_eq!(env.len(), 2);
        assert_eq!(env[1].0, "build.env");
        assert_eq!(s.start(env[1].2.span).line, 3);
    }
}
