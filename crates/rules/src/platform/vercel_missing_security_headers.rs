//! `vercel-missing-security-headers`: a Vercel project without a Content-Security-Policy or
//! clickjacking protection on its routes.

use infra_lint_core::discover::FileKind;
use infra_lint_core::parse::node::Node;
use infra_lint_core::parse::Document;
use infra_lint_core::{Finding, Model};

use crate::declare_rule;
use crate::platform::weigh;
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Reads the `headers` of a `vercel.json` that apply to every route (a `source` such as
    /// `/(.*)`, `/:path*` or `/(.*)?`) and flags the project when they lack a
    /// `Content-Security-Policy`, or lack clickjacking protection (`X-Frame-Options`, or a CSP
    /// with `frame-ancestors`). It also flags a `Strict-Transport-Security` header that turns
    /// HSTS off (`max-age=0`) or keeps it under a year. The finding points at the `headers` key,
    /// or at the start of the file when there is none.
    ///
    /// Headers set in application code (`next.config.js` `headers()`, middleware) are not seen;
    /// suppress the finding with a reason when they are set there. Vercel sends HSTS for its
    /// own domains by default, so a missing HSTS header is not reported.
    ///
    /// ## Why is this bad?
    /// Without a CSP, one HTML injection becomes script execution in the users' sessions;
    /// without frame protection, any site can frame the app and trick users into clicking
    /// (clickjacking). Static and server-rendered routes served by Vercel get only the headers
    /// configured for them.
    ///
    /// Severity is medium, one step lower in staging; development and test files are not
    /// reported.
    ///
    /// ## How to fix
    /// Add a catch-all entry to `headers` with a `Content-Security-Policy` (including
    /// `frame-ancestors 'none'` or `'self'`) and `X-Frame-Options: DENY`.
    ///
    /// ## Example
    /// ```json
    /// {
    ///   "headers": [{
    ///     "source": "/(.*)",
    ///     "headers": [
    ///       { "key": "Content-Security-Policy", "value": "default-src 'self'; frame-ancestors 'none'" },
    ///       { "key": "X-Frame-Options", "value": "DENY" }
    ///     ]
    ///   }]
    /// }
    /// ```
    ///
    /// ## References
    /// - Vercel project configuration, headers: <https://vercel.com/docs/project-configuration#headers>
    /// - Vercel security headers: <https://vercel.com/docs/headers/security-headers>
    /// - OWASP HTTP Headers Cheat Sheet: <https://cheatsheetseries.owasp.org/cheatsheets/HTTP_Headers_Cheat_Sheet.html>
    pub struct VercelMissingSecurityHeaders {
        id: "vercel-missing-security-headers",
        severity: Medium,
        formats: [Vercel],
        tags: ["security", "headers", "vercel"],
        precision: "medium",
        summary: "A Vercel project serves its routes without a CSP or clickjacking protection",
    }
}

/// Whether a `source` pattern matches every route.
pub(crate) fn is_catch_all(source: &str) -> bool {
    matches!(
        source,
        "/(.*)"
            | "/(.*)?"
            | "/:path*"
            | "/:path(.*)"
            | "/(.+)"
            | "(.*)"
            | "/:all*"
            | "/:slug*"
            | "/*"
            | "/**"
            | "/((?!api).*)"
    ) || (source.starts_with("/:") && source.ends_with('*') && !source[2..].contains('/'))
}

/// Headers (`key` lower-cased, value, node) of the catch-all entries.
fn catch_all_headers(list: &[Node]) -> Vec<(String, String, &Node)> {
    let mut out = Vec::new();
    for e in list {
        if !e.get("source").and_then(Node::as_str).is_some_and(is_catch_all) {
            continue;
        }
        for h in e.get("headers").and_then(Node::as_seq).unwrap_or(&[]) {
            if let (Some(k), Some(v)) = (h.get("key").and_then(Node::as_str), h.get("value").and_then(Node::as_str)) {
                out.push((k.to_ascii_lowercase(), v.to_owned(), h));
            }
        }
    }
    out
}

fn hsts_max_age(v: &str) -> Option<u64> {
    v.split(';').find_map(|p| p.trim().strip_prefix("max-age=").and_then(|n| n.trim_matches('"').parse().ok()))
}

impl Rule for VercelMissingSecurityHeaders {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for f in model.files_of(FileKind::Vercel) {
            let Some(Document::Vercel(doc)) = &f.doc else { continue };
            let env = model.env_of(doc.root.span);
            let Some(sev) = weigh(env, Self::META.severity) else { continue };
            let headers = catch_all_headers(doc.list("headers"));
            let csp = headers.iter().find(|(k, _, _)| k == "content-security-policy");
            let framing = headers.iter().any(|(k, _, _)| k == "x-frame-options")
                || csp.is_some_and(|(_, v, _)| v.to_ascii_lowercase().contains("frame-ancestors"));
            let mut missing = Vec::new();
            if csp.is_none() {
                missing.push("Content-Security-Policy");
            }
            if !framing {
                missing.push("X-Frame-Options (or CSP frame-ancestors)");
            }
            let anchor =
                doc.root.entry("headers").map_or_else(|| f.source.span(0, 1.min(f.source.text.len())), |(k, _)| k.span);
            if !missing.is_empty() {
                out.push(
                    Finding::new(
                        Self::META.id,
                        sev,
                        anchor,
                        format!("vercel.json sets no {} for all routes: pages can run injected scripts or be framed by other sites", missing.join(" and ")),
                    )
                    .fix("add a `headers` entry with `\"source\": \"/(.*)\"` that sets Content-Security-Policy (with frame-ancestors) and X-Frame-Options: DENY")
                    .key(format!("headers:{}", missing.join(",")))
                    .env(env),
                );
            }
            for (k, v, node) in &headers {
                if k != "strict-transport-security" {
                    continue;
                }
                if let Some(age) = hsts_max_age(v).filter(|a| *a < 31_536_000) {
                    let span = node.get("value").map_or(node.span, |n| n.span);
                    out.push(
                        Finding::new(
                            Self::META.id,
                            sev,
                            span,
                            format!(
                                "Strict-Transport-Security max-age={age} {} HSTS for every route",
                                if age == 0 { "turns off" } else { "shortens (under a year)" }
                            ),
                        )
                        .fix("use `max-age=63072000; includeSubDomains; preload`")
                        .key("headers:strict-transport-security")
                        .env(env),
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
    fn catch_all_sources() {
        assert!(is_catch_all("/(.*)"));
        assert!(is_catch_all("/:path*"));
        assert!(is_catch_all("/:anything*"));
        assert!(!is_catch_all("/api/(.*)"));
        assert!(!is_catch_all("/:locale/docs*"));
        assert_eq!(hsts_max_age("max-age=0"), Some(0));
        assert_eq!(hsts_max_age("includeSubDomains; max-age=63072000"), Some(63_072_000));
    }
}
