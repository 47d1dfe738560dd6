//! Cloudflare Workers configuration: `wrangler.toml`, `wrangler.json` or `wrangler.jsonc` (JSON
//! with comments and trailing commas), read as a spanned tree. The top level configures the
//! default environment; `[env.<name>]` configures named ones. Bindings (`vars`, rate limiters …)
//! are not inherited by named environments.

use serde::Serialize;

use crate::base::env::{EnvEvidence, Environment};
use crate::base::finding::Diagnostic;
use crate::base::source::SourceFile;
use crate::syntax::node::Node;

/// A parsed wrangler config.
#[derive(Debug, Clone, Serialize)]
pub struct Wrangler {
    /// The whole document.
    pub root: Node,
}

/// The top level or one `[env.<name>]`.
#[derive(Debug, Clone, Copy)]
pub struct WranglerScope<'a> {
    /// `None` for the top level.
    pub name: Option<&'a str>,
    /// The key node of `env.<name>` (for the top level: the root).
    pub header: &'a Node,
    /// The settings table.
    pub node: &'a Node,
}

impl WranglerScope<'_> {
    /// The environment named by `[env.<name>]` (`None` for the top level or an unknown word).
    #[must_use]
    pub fn environment(&self) -> Option<Environment> {
        self.name.and_then(Environment::from_name)
    }

    /// `routes`/`route` entries (strings or `{ pattern = … }` tables) with the node of each.
    #[must_use]
    pub fn routes(&self) -> Vec<&Node> {
        let mut out = Vec::new();
        if let Some(r) = self.node.get("route") {
            out.push(r);
        }
        if let Some(rs) = self.node.get("routes").and_then(Node::as_seq) {
            out.extend(rs.iter());
        }
        out
    }

    /// Whether the scope declares a rate-limiting binding (`[[ratelimits]]`, or
    /// `[[unsafe.bindings]]` with `type = "ratelimit"`).
    #[must_use]
    pub fn has_rate_limit_binding(&self) -> bool {
        let listed = self.node.get("ratelimits").and_then(Node::as_seq).is_some_and(|s| !s.is_empty());
        let unsafe_rl = self.node.path(&["unsafe", "bindings"]).and_then(Node::as_seq).is_some_and(|s| {
            s.iter().any(|b| b.get("type").and_then(Node::as_str).is_some_and(|t| t.eq_ignore_ascii_case("ratelimit")))
        });
        listed || unsafe_rl
    }
}

impl Wrangler {
    /// The top level followed by each `[env.<name>]`, in source order.
    #[must_use]
    pub fn scopes(&self) -> Vec<WranglerScope<'_>> {
        let mut out = vec![WranglerScope { name: None, header: &self.root, node: &self.root }];
        if let Some(envs) = self.root.get("env").and_then(Node::as_map) {
            for (k, v) in envs {
                if let (Some(name), Some(_)) = (k.as_str(), v.as_map()) {
                    out.push(WranglerScope { name: Some(name), header: k, node: v });
                }
            }
        }
        out
    }

    /// The worker's name.
    #[must_use]
    pub fn name(&self) -> Option<&str> {
        self.root.get("name").and_then(Node::as_str)
    }
}

/// Parse a wrangler config. Never panics.
#[must_use]
pub fn parse(src: &SourceFile) -> (Option<Wrangler>, Vec<Diagnostic>) {
    let path = src.path_str().to_ascii_lowercase();
    if path.ends_with(".toml") {
        let (root, diags) = crate::syntax::fly::toml_tree(src);
        (Some(Wrangler { root }), diags)
    } else {
        let (root, diags) = crate::syntax::json::parse_file(src, true);
        (root.map(|root| Wrangler { root }), diags)
    }
}

/// Environment evidence: the worker name's environment word (`api-production`).
#[must_use]
pub fn env_hint(doc: &Wrangler) -> Option<EnvEvidence> {
    let (_, v) = doc.root.entry("name")?;
    let name = v.as_str()?;
    let env = crate::syntax::fly::env_of_app_name(name)?;
    Some(EnvEvidence { env, reason: format!("worker name \"{name}\""), span: Some(v.span) })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::base::source::FileId;

    #[test]
    fn scopes_routes_and_bindings() {
        let t = "name = \"api\"\nroutes = [\"a.com/*\", { pattern = \"b.com/*\", zone_name = \"b.com\" }]\n\n[[unsafe.bindings]]\nname = \"RL\"\ntype = \"ratelimit\"\n\n[env.production]\nroute = \"c.com/*\"\n[env.production.vars]\nX = \"1\"\n";
        let s = SourceFile::new(FileId(0), "wrangler.toml", t);
        let (d, e) = parse(&s);
        assert!(e.is_empty(), "{e:?}");
        let d = d.unwrap();
        let sc = d.scopes();
        assert_eq!(sc.len(), 2);
        assert_eq!(sc[0].routes().len(), 2);
        assert!(sc[0].has_rate_limit_binding());
        assert!(!sc[1].has_rate_limit_binding());
        assert_eq!(sc[1].environment(), Some(Environment::Production));
        assert_eq!(s.start(sc[1].routes()[0].span).line, 9);
        assert!(env_hint(&d).is_none());
    }

    #[test]
    fn jsonc() {
        let t = "// worker\n{\n  \"name\": \"web-prod\", // the name\n  \"vars\": { \"A\": \"b\", },\n  \"ratelimits\": [{\"name\": \"RL\", \"namespace_id\": \"1\", \"simple\": {\"limit\": 10, \"period\": 60}}],\n}\n";
        let s = SourceFile::new(FileId(0), "wrangler.jsonc", t);
        let (d, e) = parse(&s);
        assert!(e.is_empty(), "{e:?}");
        let d = d.unwrap();
        assert!(d.scopes()[0].has_rate_limit_binding());
        assert_eq!(env_hint(&d).unwrap().env, Environment::Production);
        assert_eq!(s.start(d.root.path(&["vars", "A"]).unwrap().span).line, 4);
    }

    #[test]
    fn hostile_input_never_panics() {
        for (path, text) in [
            ("wrangler.toml", "[env.production\nroutes = [\n"),
            ("wrangler.toml", &"[[a]]\n".repeat(5000)),
            ("wrangler.jsonc", &"[".repeat(100_000)),
            ("wrangler.jsonc", "{\"env\": {\"production\": 5, \"x\": {\"routes\": 7}}}"),
            ("wrangler.jsonc", "/* unterminated"),
            ("wrangler.json", "\u{feff}"),
        ] {
            let s = SourceFile::new(FileId(0), path, text);
            let (d, _) = parse(&s);
            if let Some(d) = d {
                for sc in d.scopes() {
                    let _ = (sc.routes(), sc.has_rate_limit_binding(), sc.environment());
                }
            }
        }
        let s = SourceFile::new(FileId(0), "railway.json", "{\"environments\": [1, 2], \"deploy\": null}");
        let d = crate::syntax::railway::parse(&s).0.unwrap();
        assert_eq!(d.scopes().len(), 1);
        let s = SourceFile::new(FileId(0), "vercel.json", "{\"env\": [], \"build\": 3, \"headers\": {}}");
        let d = crate::syntax::vercel::parse(&s).0.unwrap();
        assert!(d.env_entries().is_empty() && d.list("headers").is_empty());
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "[\\[\\]{}\",:=/*\n a-z0-9._-]{0,120}") {
            for path in ["wrangler.toml", "wrangler.jsonc", "railway.json", "vercel.json"] {
                let src = SourceFile::new(FileId(0), path, s.as_str());
                let doc = crate::syntax::parse(&src, crate::base::kind::classify(std::path::Path::new(path), None).unwrap().kind).0;
                if let Some(d) = doc {
                    let _ = d.env_hint();
                    let _ = d.env_at(src.span(0, s.len()));
                }
            }
        }
    }
}
