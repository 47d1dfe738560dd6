//! Rules of the `nginx` family, with gixy's checks as the reference (their names are aliases).
//! Shared here: the nginx documents of a model, the environment weighting (development and test
//! configurations are not reported), the effective `add_header` set of a block, and listen
//! parsing.

pub mod nginx_add_header_multiline;
pub mod nginx_add_header_redefinition;
pub mod nginx_alias_traversal;
pub mod nginx_allow_without_deny;
pub mod nginx_autoindex;
pub mod nginx_host_spoofing;
pub mod nginx_http_splitting;
pub mod nginx_http_without_https_redirect;
pub mod nginx_missing_hsts;
pub mod nginx_origin_regex_bypass;
pub mod nginx_resolver_external;
pub mod nginx_return_bypasses_allow_deny;
pub mod nginx_server_tokens;
pub mod nginx_ssrf;
pub mod nginx_valid_referers_none;
pub mod nginx_weak_tls;

use infra_lint_core::discover::FileKind;
use infra_lint_core::parse::nginx::{include_candidates, include_matches, Directive, NginxConf};
use infra_lint_core::parse::Document;
use infra_lint_core::{Environment, Model, Severity, Span};

use crate::rule::Rule;

/// Every rule of this family.
#[must_use]
pub fn rules() -> Vec<Box<dyn Rule>> {
    vec![
        Box::new(nginx_add_header_multiline::NginxAddHeaderMultiline),
        Box::new(nginx_add_header_redefinition::NginxAddHeaderRedefinition),
        Box::new(nginx_alias_traversal::NginxAliasTraversal),
        Box::new(nginx_allow_without_deny::NginxAllowWithoutDeny),
        Box::new(nginx_autoindex::NginxAutoindex),
        Box::new(nginx_host_spoofing::NginxHostSpoofing),
        Box::new(nginx_http_splitting::NginxHttpSplitting),
        Box::new(nginx_http_without_https_redirect::NginxHttpWithoutHttpsRedirect),
        Box::new(nginx_missing_hsts::NginxMissingHsts),
        Box::new(nginx_origin_regex_bypass::NginxOriginRegexBypass),
        Box::new(nginx_resolver_external::NginxResolverExternal),
        Box::new(nginx_return_bypasses_allow_deny::NginxReturnBypassesAllowDeny),
        Box::new(nginx_server_tokens::NginxServerTokens),
        Box::new(nginx_ssrf::NginxSsrf),
        Box::new(nginx_valid_referers_none::NginxValidReferersNone),
        Box::new(nginx_weak_tls::NginxWeakTls),
    ]
}

/// Every parsed nginx file of the model.
pub(crate) fn confs(model: &Model) -> impl Iterator<Item = &NginxConf> {
    model.files_of(FileKind::Nginx).filter_map(|f| match &f.doc {
        Some(Document::Nginx(c)) => Some(c),
        _ => None,
    })
}

/// The standard weighting, except that development and test configurations (a local proxy,
/// a fixture) are not reported at all.
pub(crate) fn weigh(model: &Model, span: Span, base: Severity) -> Option<(Severity, Environment)> {
    let env = model.env_of(span);
    match env {
        Environment::Development | Environment::Test => None,
        _ => Some((base.weigh(env), env)),
    }
}

/// The security headers whose loss matters.
pub(crate) const SECURITY_HEADERS: [&str; 6] = [
    "strict-transport-security",
    "content-security-policy",
    "x-frame-options",
    "x-content-type-options",
    "referrer-policy",
    "permissions-policy",
];

/// One nginx file of the model, with its path (for `include` resolution).
#[derive(Clone, Copy)]
pub(crate) struct NginxFile<'a> {
    pub path: &'a str,
    pub conf: &'a NginxConf,
}

/// Every parsed nginx file of the model with its path.
pub(crate) fn files(model: &Model) -> Vec<NginxFile<'_>> {
    model
        .files_of(FileKind::Nginx)
        .filter_map(|f| match &f.doc {
            Some(Document::Nginx(c)) => Some(NginxFile { path: f.path.as_str(), conf: c }),
            _ => None,
        })
        .collect()
}

fn dir_of(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(d, _)| d)
}

/// How deep `include`s are followed when collecting headers (bounds include cycles).
const MAX_INCLUDE_DEPTH: usize = 4;

/// The `add_header`s of one level, with `include`d files inlined; `unknown` when an include
/// could not be found among the scanned files (it may set headers).
#[derive(Default, Clone)]
pub(crate) struct Headers<'a> {
    pub list: Vec<&'a Directive>,
    pub unknown: bool,
}

impl Headers<'_> {
    /// Whether this level sets headers (so it does not inherit the outer ones).
    pub(crate) fn is_set(&self) -> bool {
        !self.list.is_empty() || self.unknown
    }
}

/// The files an `include` in `dir` pulls in.
fn included<'a>(all: &[NginxFile<'a>], dir: &str, target: &str) -> Vec<NginxFile<'a>> {
    let cands = include_candidates(dir, target);
    all.iter().filter(|f| cands.iter().any(|c| include_matches(c, f.path))).copied().collect()
}

/// The headers set directly in `children` (one level), includes inlined.
pub(crate) fn headers_in<'a>(all: &[NginxFile<'a>], dir: &str, children: &'a [Directive], depth: usize) -> Headers<'a> {
    let mut h = Headers::default();
    for c in children {
        match c.name() {
            "add_header" if !c.args.is_empty() => h.list.push(c),
            "include" => {
                let Some(target) = c.arg(0) else { continue };
                let found = included(all, dir, target);
                if (found.is_empty() && !crate::facts::edge::is_stock_include(target)) || depth >= MAX_INCLUDE_DEPTH {
                    h.unknown = true;
                }
                if depth < MAX_INCLUDE_DEPTH {
                    for f in found {
                        let sub = headers_in(all, dir_of(f.path), &f.conf.directives, depth + 1);
                        h.list.extend(sub.list);
                        h.unknown |= sub.unknown;
                    }
                }
            }
            _ => {}
        }
    }
    h
}

/// The headers in effect at the top level of `file`: where another scanned file includes it,
/// those of the including block (or the nearest outer level that sets any); otherwise the
/// file's own top-level headers.
pub(crate) fn top_headers<'a>(all: &[NginxFile<'a>], file: NginxFile<'a>, depth: usize) -> Headers<'a> {
    let own = headers_in(all, dir_of(file.path), &file.conf.directives, depth);
    if own.is_set() || depth >= MAX_INCLUDE_DEPTH {
        return own;
    }
    for other in all.iter().filter(|o| o.path != file.path) {
        let mut site: Option<Vec<&'a Directive>> = None;
        other.conf.walk(&mut |d, stack| {
            if site.is_none() && d.name() == "include" {
                if let Some(t) = d.arg(0) {
                    let cands = include_candidates(dir_of(other.path), t);
                    if cands.iter().any(|c| include_matches(c, file.path)) {
                        site = Some(stack.to_vec());
                    }
                }
            }
        });
        let Some(stack) = site else { continue };
        for a in stack.iter().rev() {
            let h = headers_in(all, dir_of(other.path), a.children(), depth + 1);
            if h.is_set() {
                return h;
            }
        }
        return top_headers(all, *other, depth + 1);
    }
    own
}

/// The headers in effect in block `d` of `file` with ancestors `stack` (outermost first): nginx
/// inherits `add_header` from the nearest level that has any, and only when the current level
/// has none.
pub(crate) fn effective_headers<'a>(
    all: &[NginxFile<'a>],
    file: NginxFile<'a>,
    stack: &[&'a Directive],
    d: &'a Directive,
) -> Headers<'a> {
    let dir = dir_of(file.path);
    let own = headers_in(all, dir, d.children(), 0);
    if own.is_set() {
        return own;
    }
    outer_headers(all, file, stack)
}

/// The headers a block with ancestors `stack` would inherit.
pub(crate) fn outer_headers<'a>(all: &[NginxFile<'a>], file: NginxFile<'a>, stack: &[&'a Directive]) -> Headers<'a> {
    let dir = dir_of(file.path);
    for a in stack.iter().rev() {
        let h = headers_in(all, dir, a.children(), 0);
        if h.is_set() {
            return h;
        }
    }
    top_headers(all, file, 0)
}

/// Whether a header list has `name` (case-insensitive) with a non-empty value.
pub(crate) fn has_header(headers: &[&Directive], name: &str) -> bool {
    headers
        .iter()
        .any(|h| h.arg(0).is_some_and(|n| n.eq_ignore_ascii_case(name)) && h.arg(1).is_some_and(|v| !v.is_empty()))
}

/// What a `listen` directive says: TLS, and the port.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Listen {
    pub tls: bool,
    pub port: Option<u16>,
    /// Bound to a loopback address (`127.0.0.1:8080`, `localhost`, `[::1]`): not reachable from
    /// other machines.
    pub local: bool,
}

pub(crate) fn listen(d: &Directive) -> Listen {
    let tls = d.args.iter().skip(1).any(|a| a.text == "ssl" || a.text == "quic");
    let addr = d.arg(0).unwrap_or("");
    let port = if addr.starts_with("unix:") {
        None
    } else {
        let p = addr.rsplit(':').next().unwrap_or(addr);
        let p = if p.contains(']') { "80" } else { p };
        if p.chars().all(|c| c.is_ascii_digit()) && !p.is_empty() {
            p.parse().ok()
        } else if addr.contains('.') || addr == "localhost" || addr.starts_with('[') {
            Some(80)
        } else {
            None
        }
    };
    let lower = addr.to_ascii_lowercase();
    let local = lower.starts_with("127.") || lower.starts_with("localhost") || lower.starts_with("[::1]");
    Listen { tls, port, local }
}

/// The listens of a server block (a server without `listen` listens on port 80).
pub(crate) fn listens(server: &Directive) -> Vec<(Listen, Span)> {
    let v: Vec<(Listen, Span)> =
        server.children().iter().filter(|c| c.name() == "listen").map(|c| (listen(c), c.span)).collect();
    if v.is_empty() {
        return vec![(Listen { tls: false, port: Some(80), local: false }, server.span)];
    }
    v
}

/// Whether a server block terminates TLS.
pub(crate) fn serves_tls(server: &Directive) -> bool {
    listens(server).iter().any(|(l, _)| l.tls || l.port == Some(443))
}

/// Every server block with its ancestors.
pub(crate) fn servers(conf: &NginxConf) -> Vec<(&Directive, Vec<&Directive>)> {
    let mut out = Vec::new();
    conf.walk(&mut |d, stack| {
        if d.name() == "server"
            && d.block.is_some()
            && !stack.iter().any(|a| matches!(a.name(), "upstream" | "stream" | "mail"))
        {
            out.push((d, stack.to_vec()));
        }
    });
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use infra_lint_core::parse::nginx::parse_text;
    use infra_lint_core::FileId;

    #[test]
    fn listen_forms() {
        let (c, _) = parse_text(
            FileId(0),
            "listen 80; listen 443 ssl http2; listen [::]:443 ssl; listen 127.0.0.1; listen unix:/s; listen 8443 quic;",
        );
        let got: Vec<Listen> = c.directives.iter().map(listen).collect();
        assert_eq!(got[0], Listen { tls: false, port: Some(80), local: false });
        assert_eq!(got[1], Listen { tls: true, port: Some(443), local: false });
        assert_eq!(got[2], Listen { tls: true, port: Some(443), local: false });
        assert_eq!(got[3], Listen { tls: false, port: Some(80), local: true });
        assert_eq!(got[4], Listen { tls: false, port: None, local: false });
        assert!(got[5].tls);
    }
}
