//! Railway config as code: `railway.toml` or `railway.json` (`railway.<name>.json`), read as a
//! spanned tree. Railway applies `[build]`/`[deploy]` to every environment and lets
//! `environments.<name>` override them per environment.

use serde::Serialize;

use crate::base::env::{EnvEvidence, Environment};
use crate::base::finding::Diagnostic;
use crate::base::source::SourceFile;
use crate::syntax::node::Node;

/// A parsed Railway config.
#[derive(Debug, Clone, Serialize)]
pub struct Railway {
    /// The whole document.
    pub root: Node,
}

/// One place Railway settings apply: the top level (every environment) or one
/// `environments.<name>` override.
#[derive(Debug, Clone, Copy)]
pub struct RailwayScope<'a> {
    /// `None` for the top level, else the environment's name.
    pub name: Option<&'a str>,
    /// The key node of `environments.<name>` (for the top level: the root).
    pub header: &'a Node,
    /// The settings table.
    pub node: &'a Node,
}

impl Railway {
    /// The top level followed by each `environments.<name>` override, in source order.
    #[must_use]
    pub fn scopes(&self) -> Vec<RailwayScope<'_>> {
        let mut out = vec![RailwayScope { name: None, header: &self.root, node: &self.root }];
        if let Some(envs) = self.root.get("environments").and_then(Node::as_map) {
            for (k, v) in envs {
                if let (Some(name), Some(_)) = (k.as_str(), v.as_map()) {
                    out.push(RailwayScope { name: Some(name), header: k, node: v });
                }
            }
        }
        out
    }
}

/// Parse a `railway.toml` or `railway*.json`. Never panics.
#[must_use]
pub fn parse(src: &SourceFile) -> (Option<Railway>, Vec<Diagnostic>) {
    let is_toml = src.path_str().to_ascii_lowercase().contains(".toml");
    if is_toml {
        let (root, diags) = crate::syntax::fly::toml_tree(src);
        (Some(Railway { root }), diags)
    } else {
        let (root, diags) = crate::syntax::json::parse_file(src, false);
        (root.map(|root| Railway { root }), diags)
    }
}

/// A Railway config that only overrides one environment names it.
#[must_use]
pub fn env_hint(doc: &Railway) -> Option<EnvEvidence> {
    let scopes = doc.scopes();
    let [_, only] = scopes.as_slice() else { return None };
    let top_has_settings = doc
        .root
        .as_map()
        .is_some_and(|m| m.iter().any(|(k, _)| k.as_str() != Some("environments") && k.as_str() != Some("$schema")));
    let name = only.name?;
    let env = Environment::from_name(name)?;
    (!top_has_settings).then(|| EnvEvidence {
        env,
        reason: format!("railway environments.{name}"),
        span: Some(only.header.span),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::base::source::FileId;

    #[test]
    fn toml_and_json_scopes() {
        let t =
            "[deploy]\nstartCommand = \"node s.js\"\n\n[environments.production.deploy]\nhealthcheckPath = \"/h\"\n";
        let s = SourceFile::new(FileId(0), "railway.toml", t);
        let (d, e) = parse(&s);
        assert!(e.is_empty());
        let d = d.unwrap();
        let sc = d.scopes();
        assert_eq!(sc.len(), 2);
        assert_eq!(sc[1].name, Some("production"));
        let hc = sc[1].node.path(&["deploy", "healthcheckPath"]).unwrap();
        assert_eq!(s.start(hc.span).line, 5);
        assert!(env_hint(&d).is_none());

        let j = "{\"environments\": {\"staging\": {\"deploy\": {}}}}";
        let s = SourceFile::new(FileId(0), "railway.json", j);
        let d = parse(&s).0.unwrap();
        assert_eq!(env_hint(&d).unwrap().env, Environment::Staging);

        let s = SourceFile::new(FileId(0), "railway.json", "{\"deploy\": ");
        let (d, e) = parse(&s);
        assert!(d.is_none());
        assert_eq!(e[0].line, Some(1));
    }
}
