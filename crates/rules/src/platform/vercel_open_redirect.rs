//! `vercel-open-redirect`: a Vercel redirect or rewrite whose destination host comes from the
//! request.

use infra_lint_core::discover::FileKind;
use infra_lint_core::parse::node::Node;
use infra_lint_core::parse::Document;
use infra_lint_core::{Finding, Model, Severity};

use crate::declare_rule;
use crate::platform::weigh;
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Flags a `redirects` or `rewrites` entry of `vercel.json` (and a legacy `routes` entry
    /// with `dest` or a `Location` header) whose destination lets the request choose the host:
    /// the destination starts with a parameter (`:url`, `$1`), or a parameter sits in the host
    /// part of an absolute URL (`https://:host/…`, `https://$1.example.net` is fine only when
    /// the domain is fixed after it). Parameters come from the `source` path or from a `has`
    /// condition on a query, header or cookie value. The finding points at the destination.
    ///
    /// ## Why is this bad?
    /// A redirect to an attacker-chosen host on a trusted domain makes phishing links
    /// believable and leaks OAuth codes or tokens carried in the URL. A rewrite to a chosen host
    /// turns the site into an open proxy that fetches arbitrary URLs with the site's identity.
    ///
    /// Severity is high for redirects and rewrites alike, one step lower in staging;
    /// development and test files are not reported.
    ///
    /// ## How to fix
    /// Keep the host fixed in the destination (`https://docs.example.com/:path*`), or validate
    /// the parameter with a restrictive `has` pattern (`(?<url>/[^/].*)` for paths only), or do
    /// the redirect in code against an allow-list.
    ///
    /// ## Example
    /// ```json
    /// { "redirects": [{ "source": "/out/:url*", "destination": ":url*" }] }
    /// ```
    /// ```json
    /// { "redirects": [{ "source": "/docs/:path*", "destination": "https://docs.example.com/:path*" }] }
    /// ```
    ///
    /// ## References
    /// - Vercel project configuration, redirects and rewrites: <https://vercel.com/docs/project-configuration#redirects>
    /// - OWASP Unvalidated Redirects and Forwards Cheat Sheet: <https://cheatsheetseries.owasp.org/cheatsheets/Unvalidated_Redirects_and_Forwards_Cheat_Sheet.html>
    pub struct VercelOpenRedirect {
        id: "vercel-open-redirect",
        severity: High,
        formats: [Vercel],
        tags: ["security", "redirect", "vercel"],
        precision: "high",
        summary: "A Vercel redirect or rewrite sends requests to a host taken from the request",
    }
}

/// Whether a destination's host is taken from a parameter.
pub(crate) fn host_from_param(dest: &str) -> bool {
    let is_param = |s: &str| s.starts_with(':') || s.starts_with('$');
    if is_param(dest) {
        return true;
    }
    // Protocol-relative or absolute: look at the host part.
    let rest =
        dest.strip_prefix("https://").or_else(|| dest.strip_prefix("http://")).or_else(|| dest.strip_prefix("//"));
    let Some(rest) = rest else { return false };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    // `https://:sub.example.com` fixes the registrable domain; only a host that ends in a
    // parameter (or is one) is chosen by the request.
    let last = host.rsplit('.').next().unwrap_or(host);
    is_param(host) && !host.contains('.') || is_param(last) || host.is_empty()
}

impl Rule for VercelOpenRedirect {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for f in model.files_of(FileKind::Vercel) {
            let Some(Document::Vercel(doc)) = &f.doc else { continue };
            let env = model.env_of(doc.root.span);
            let mut hits: Vec<(&str, &Node)> = Vec::new();
            for (list, key) in [("redirects", "destination"), ("rewrites", "destination"), ("routes", "dest")] {
                for e in doc.list(list) {
                    if let Some(d) = e.get(key).filter(|d| d.as_str().is_some_and(host_from_param)) {
                        hits.push((list, d));
                    }
                    if list == "routes" {
                        if let Some(h) = e.get("headers").and_then(Node::as_map) {
                            for (k, v) in h {
                                if k.as_str().is_some_and(|k| k.eq_ignore_ascii_case("location"))
                                    && v.as_str().is_some_and(host_from_param)
                                {
                                    hits.push(("routes", v));
                                }
                            }
                        }
                    }
                }
            }
            for (list, d) in hits {
                let Some(sev) = weigh(env, Severity::High) else { continue };
                let dest = d.as_str().unwrap_or_default();
                let what = if list == "rewrites" { "proxies to" } else { "redirects to" };
                out.push(
                    Finding::new(
                        Self::META.id,
                        sev,
                        d.span,
                        format!("vercel.json {list} entry {what} `{dest}`, a host taken from the request: anyone can build a link on this domain that {what} their site"),
                    )
                    .fix("fix the host in the destination (`https://docs.example.com/:path*`) or validate the parameter in code against an allow-list")
                    .key(format!("{list}:{dest}"))
                    .env(env),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::host_from_param;

    #[test]
    fn destinations() {
        assert!(host_from_param(":url*"));
        assert!(host_from_param("$1"));
        assert!(host_from_param("https://:host/:path*"));
        assert!(host_from_param("https://:host*"));
        assert!(host_from_param("https://example.:tld/x"));
        assert!(!host_from_param("https://:sub.example.com/x"));
        assert!(!host_from_param("https://docs.example.com/:path*"));
        assert!(!host_from_param("/new/:path*"));
        assert!(!host_from_param("/api/$1"));
    }
}
