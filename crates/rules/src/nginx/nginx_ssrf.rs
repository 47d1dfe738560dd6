//! `nginx-ssrf`: `proxy_pass` sends requests to a host the client chooses.

use std::collections::BTreeSet;

use infra_lint_core::parse::nginx::{Directive, NginxConf};
use infra_lint_core::{Finding, Model};

use crate::declare_rule;
use crate::nginx::nginx_http_splitting::{captures_where, class_end, variables};
use crate::nginx::{confs, weigh};
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Flags a `proxy_pass` (or `grpc_pass`) whose scheme or host comes from the request: a
    /// query argument (`$arg_*`), a request header (`$http_*`, `$http_host`), a cookie
    /// (`$cookie_*`), the path (`$uri`, `$request_uri`, `$args` …), a capture of the
    /// location's regex that can hold `/`, `@` or any character, `$host` in a server that
    /// answers every name, or a variable `set`/`map`ped from one of them. Locations marked
    /// `internal` (reachable only through `X-Accel-Redirect`, `error_page` or `try_files`) are
    /// not reported. The finding points at the `proxy_pass` target.
    ///
    /// ## Why is this bad?
    /// The client decides where nginx connects: cloud metadata endpoints
    /// (`169.254.169.254`), admin interfaces on the private network, databases speaking HTTP,
    /// or any site on the internet using the server's address and credentials. This is
    /// server-side request forgery, and nginx sends the request from inside the perimeter.
    ///
    /// Severity is high, one step lower in staging; development and test files are not reported.
    ///
    /// ## How to fix
    /// Proxy to fixed upstreams. When the target really depends on the request, `map` the
    /// request value to a closed list of upstream names (with a `default` that is one of them),
    /// or mark the location `internal` and let the application choose with `X-Accel-Redirect`.
    ///
    /// ## Example
    /// ```nginx
    /// # Bad
    /// location /fetch {
    ///     proxy_pass http://$arg_host$request_uri;
    /// }
    /// ```
    /// ```nginx
    /// # Good
    /// map $arg_region $backend { default eu; us us; }
    /// upstream eu { server eu.internal:8080; }
    /// upstream us { server us.internal:8080; }
    /// location /fetch { proxy_pass http://$backend; }
    /// ```
    ///
    /// ## References
    /// - nginx `proxy_pass` with variables: <https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_pass>
    /// - OWASP Server-Side Request Forgery Prevention Cheat Sheet: <https://cheatsheetseries.owasp.org/cheatsheets/Server_Side_Request_Forgery_Prevention_Cheat_Sheet.html>
    /// - CWE-918, Server-Side Request Forgery: <https://cwe.mitre.org/data/definitions/918.html>
    pub struct NginxSsrf {
        id: "nginx-ssrf",
        severity: High,
        formats: [Nginx],
        tags: ["security", "ssrf", "nginx"],
        precision: "high",
        summary: "nginx proxy_pass connects to a host taken from the request",
        aliases: ["ssrf"],
    }
}

/// Request values a client fully controls (names without the `$`).
fn request_controlled(v: &str) -> bool {
    v.starts_with("arg_")
        || v.starts_with("http_")
        || v.starts_with("cookie_")
        || matches!(v, "uri" | "document_uri" | "request_uri" | "args" | "query_string" | "request" | "request_body")
}

/// Whether a capture group's body can hold characters that change a URL's authority: any
/// character (`.`), a negated class that does not exclude `/` and `@`, or `\S`/`\W`/`\D`.
fn broad(body: &str) -> bool {
    let b = body.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => {
                if matches!(b.get(i + 1), Some(b'S' | b'W' | b'D')) {
                    return true;
                }
                i += 2;
            }
            b'[' => {
                let end = class_end(b, i);
                let class = &body[i..end.min(body.len())];
                if class.starts_with("[^") && !(class.contains('/') && class.contains('@')) {
                    return true;
                }
                i = end;
            }
            b'.' => return true,
            _ => i += 1,
        }
    }
    false
}

/// The scheme and host part of a pass target (`http://$x:8080/p` → `http://$x:8080`).
fn authority(target: &str) -> &str {
    let after = target.find("://").map_or(0, |i| i + 3);
    let end = target[after..].find('/').map_or(target.len(), |i| after + i);
    &target[..end]
}

/// Whether the server answers any Host (no `server_name`, `_`, a regex or a wildcard, or a
/// `default_server`), so `$host` is the client's choice.
fn any_host(server: Option<&Directive>) -> bool {
    let Some(s) = server else { return true };
    let names: Vec<&str> = s
        .children()
        .iter()
        .filter(|c| c.name() == "server_name")
        .flat_map(|c| c.args.iter().map(|a| a.text.as_str()))
        .collect();
    let default = s
        .children()
        .iter()
        .filter(|c| c.name() == "listen")
        .any(|l| l.args.iter().any(|a| a.text == "default_server" || a.text == "default"));
    default
        || names.is_empty()
        || names.iter().any(|n| *n == "_" || n.is_empty() || n.starts_with('~') || n.contains('*'))
}

/// Variables `set` or `map`ped (anywhere in the file) from request values.
fn tainted_names(conf: &NginxConf) -> BTreeSet<String> {
    let mut sets: Vec<(String, String)> = Vec::new();
    conf.walk(&mut |d, _| match d.name() {
        "set" => {
            if let (Some(n), Some(v)) = (d.arg(0), d.arg(1)) {
                sets.push((n.trim_start_matches('$').to_owned(), v.to_owned()));
            }
        }
        "map" => {
            if let Some(n) = d.arg(1) {
                for e in d.children() {
                    for a in &e.args {
                        sets.push((n.trim_start_matches('$').to_owned(), a.text.clone()));
                    }
                }
            }
        }
        _ => {}
    });
    let mut tainted = BTreeSet::new();
    // Two rounds follow one variable set from another.
    for _ in 0..2 {
        for (n, v) in &sets {
            if variables(v).iter().any(|x| request_controlled(x) || tainted.contains(x)) {
                tainted.insert(n.clone());
            }
        }
    }
    tainted
}

impl Rule for NginxSsrf {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for conf in confs(model) {
            let tainted = tainted_names(conf);
            conf.walk(&mut |d, stack| {
                if !matches!(d.name(), "proxy_pass" | "grpc_pass") {
                    return;
                }
                let Some(a) = d.args.first() else { return };
                let loc = stack.iter().rev().find(|s| s.name() == "location");
                if loc.is_some_and(|l| l.child("internal").is_some()) {
                    return;
                }
                let mut captures = BTreeSet::new();
                if let Some(l) = loc {
                    if matches!(l.arg(0), Some("~" | "~*")) {
                        if let Some(re) = l.arg(1) {
                            captures = captures_where(re, broad);
                        }
                    }
                }
                let server = stack.iter().rev().find(|s| s.name() == "server").copied();
                let auth = authority(&a.text);
                let bad = variables(auth).into_iter().find(|v| {
                    request_controlled(v)
                        || tainted.contains(v)
                        || captures.contains(v)
                        || (v == "host" && any_host(server))
                });
                let Some(var) = bad else { return };
                let Some((sev, env)) = weigh(model, a.span, Self::META.severity) else { return };
                let why = if captures.contains(&var) {
                    format!("${var} is a capture of the location's regex, which can hold any host")
                } else if var == "host" {
                    "$host is the client's Host header in a server that answers every name".to_owned()
                } else if tainted.contains(&var) {
                    format!("${var} is set from a request value")
                } else {
                    format!("${var} comes straight from the request")
                };
                out.push(
                    Finding::new(
                        Self::META.id,
                        sev,
                        a.span,
                        format!(
                            "`{} {}` lets the client choose where nginx connects: {why} (server-side request forgery)",
                            d.name(),
                            a.text
                        ),
                    )
                    .fix("proxy to a fixed upstream, `map` request values to a closed list of upstreams, or mark the location `internal`")
                    .key(format!("{}:{}", d.name(), a.text))
                    .env(env),
                );
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authority_and_breadth() {
        assert_eq!(authority("http://$arg_h:8080/x/$uri"), "http://$arg_h:8080");
        assert_eq!(authority("$scheme://$host"), "$scheme://$host");
        assert!(broad(".+"));
        assert!(broad("[^/]+"));
        assert!(!broad("[^/@]+"));
        assert!(!broad("[a-z0-9-]+"));
    }
}
