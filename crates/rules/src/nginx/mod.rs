//! Rules of the `nginx` family, with gixy's checks as the reference (their names are aliases).
//! Shared here: the nginx documents of a model, the environment weighting (development and test
//! configurations are not reported), the effective `add_header` set of a block, and listen
//! parsing.

pub mod nginx_add_header_redefinition;
pub mod nginx_alias_traversal;
pub mod nginx_autoindex;
pub mod nginx_host_spoofing;
pub mod nginx_http_splitting;
pub mod nginx_http_without_https_redirect;
pub mod nginx_missing_hsts;
pub mod nginx_origin_regex_bypass;
pub mod nginx_server_tokens;
pub mod nginx_weak_tls;

use infra_lint_core::discover::FileKind;
use infra_lint_core::parse::nginx::{Directive, NginxConf};
use infra_lint_core::parse::Document;
use infra_lint_core::{Environment, Model, Severity, Span};

use crate::rule::Rule;

/// Every rule of this family.
#[must_use]
pub fn rules() -> Vec<Box<dyn Rule>> {
    vec![
        Box::new(nginx_add_header_redefinition::NginxAddHeaderRedefinition),
        Box::new(nginx_alias_traversal::NginxAliasTraversal),
        Box::new(nginx_autoindex::NginxAutoindex),
        Box::new(nginx_host_spoofing::NginxHostSpoofing),
        Box::new(nginx_http_splitting::NginxHttpSplitting),
        Box::new(nginx_http_without_https_redirect::NginxHttpWithoutHttpsRedirect),
        Box::new(nginx_missing_hsts::NginxMissingHsts),
        Box::new(nginx_origin_regex_bypass::NginxOriginRegexBypass),
        Box::new(nginx_server_tokens::NginxServerTokens),
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

/// The `add_header` directives directly in a block.
pub(crate) fn own_headers(d: &Directive) -> Vec<&Directive> {
    d.children().iter().filter(|c| c.name() == "add_header" && !c.args.is_empty()).collect()
}

/// The headers in effect in the block `d` with ancestors `stack` (outermost first): nginx
/// inherits `add_header` from the nearest level that has any, and only when the current level
/// has none. Top-level directives (outside `http`) count as the outermost level.
pub(crate) fn effective_headers<'a>(
    top: &'a [Directive],
    stack: &[&'a Directive],
    d: &'a Directive,
) -> Vec<&'a Directive> {
    let own = own_headers(d);
    if !own.is_empty() {
        return own;
    }
    for a in stack.iter().rev() {
        let h = own_headers(a);
        if !h.is_empty() {
            return h;
        }
    }
    top.iter().filter(|c| c.name() == "add_header" && !c.args.is_empty()).collect()
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
    Listen { tls, port }
}

/// The listens of a server block (a server without `listen` listens on port 80).
pub(crate) fn listens(server: &Directive) -> Vec<(Listen, Span)> {
    let v: Vec<(Listen, Span)> =
        server.children().iter().filter(|c| c.name() == "listen").map(|c| (listen(c), c.span)).collect();
    if v.is_empty() {
        return vec![(Listen { tls: false, port: Some(80) }, server.span)];
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
        assert_eq!(got[0], Listen { tls: false, port: Some(80) });
        assert_eq!(got[1], Listen { tls: true, port: Some(443) });
        assert_eq!(got[2], Listen { tls: true, port: Some(443) });
        assert_eq!(got[3], Listen { tls: false, port: Some(80) });
        assert_eq!(got[4], Listen { tls: false, port: None });
        assert!(got[5].tls);
    }
}
