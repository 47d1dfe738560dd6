//! `nginx-http-without-https-redirect`: nginx terminates TLS but also serves plain HTTP
//! without redirecting it.

use infra_lint_core::parse::nginx::Directive;
use infra_lint_core::{Finding, Model};

use crate::declare_rule;
use crate::nginx::{confs, listens, servers, serves_tls, weigh};
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// In a configuration where nginx terminates TLS (some `server` listens with `ssl` or on
    /// 443), flags a plain-HTTP `listen` (port 80 or another port without `ssl`) of a server
    /// that serves content instead of redirecting to HTTPS: no `return 301|302|307|308
    /// https://…` and no `rewrite … https://…` anywhere in the server. The finding points at the
    /// plain `listen`. A server that only answers `return 444`/`4xx` is not reported.
    ///
    /// ## Why is this bad?
    /// Users and links that reach `http://` get the application in clear text: cookies, tokens
    /// and form data can be read and changed on the network, and the HTTPS server's protections
    /// (HSTS, secure cookies) are bypassed by simply dropping the `s`.
    ///
    /// Severity is medium, one step lower in staging; development and test files are not
    /// reported. Configurations without any TLS server (TLS terminated by a load balancer in
    /// front) are not reported.
    ///
    /// ## How to fix
    /// Give port 80 its own server that only redirects:
    /// `server { listen 80; server_name example.com; return 301 https://$server_name$request_uri; }`.
    ///
    /// ## Example
    /// ```nginx
    /// # Bad
    /// server {
    ///     listen 80;
    ///     listen 443 ssl;
    ///     server_name example.com;
    ///     location / { proxy_pass http://app; }
    /// }
    /// ```
    /// ```nginx
    /// # Good
    /// server {
    ///     listen 80;
    ///     server_name example.com;
    ///     return 301 https://$server_name$request_uri;
    /// }
    /// ```
    ///
    /// ## References
    /// - nginx, configuring HTTPS servers: <https://nginx.org/en/docs/http/configuring_https_servers.html>
    /// - OWASP Transport Layer Security Cheat Sheet: <https://cheatsheetseries.owasp.org/cheatsheets/Transport_Layer_Security_Cheat_Sheet.html>
    pub struct NginxHttpWithoutHttpsRedirect {
        id: "nginx-http-without-https-redirect",
        severity: Medium,
        formats: [Nginx],
        tags: ["security", "network", "tls", "nginx"],
        precision: "medium",
        summary: "nginx serves plain HTTP next to HTTPS without redirecting to HTTPS",
    }
}

/// Whether a block (at any depth) redirects to HTTPS, or only refuses requests.
fn redirects_or_refuses(d: &Directive) -> bool {
    d.children().iter().any(|c| {
        let is_redirect = match c.name() {
            "return" => {
                let code = c.arg(0).and_then(|x| x.parse::<u16>().ok());
                let target = if c.args.len() >= 2 { c.arg(1) } else { c.arg(0) };
                let https = target.is_some_and(|t| t.starts_with("https://"));
                https || code.is_some_and(|c| c == 444 || (400..500).contains(&c))
            }
            "rewrite" => c.arg(1).is_some_and(|t| t.starts_with("https://")),
            _ => false,
        };
        is_redirect || redirects_or_refuses(c)
    })
}

impl Rule for NginxHttpWithoutHttpsRedirect {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for conf in confs(model) {
            let all = servers(conf);
            if !all.iter().any(|(s, _)| serves_tls(s)) {
                continue;
            }
            for (server, _) in &all {
                if redirects_or_refuses(server) {
                    continue;
                }
                for (l, span) in listens(server) {
                    // A loopback listen (a local health or status port) is not reachable from outside.
                    if l.tls || l.port == Some(443) || l.port.is_none() || l.local {
                        continue;
                    }
                    // Only an explicit `listen` is pointed at; a server without one is on 80.
                    let Some((sev, env)) = weigh(model, span, Self::META.severity) else { continue };
                    let name = server.child("server_name").and_then(|s| s.arg(0)).unwrap_or("(no server_name)");
                    let port = l.port.unwrap_or(80);
                    out.push(
                        Finding::new(
                            Self::META.id,
                            sev,
                            span,
                            format!("server {name} serves plain HTTP on port {port} without redirecting to HTTPS, although this nginx terminates TLS"),
                        )
                        .fix("answer plain HTTP with `return 301 https://$server_name$request_uri;` in a server of its own")
                        .key(format!("server:{name}:{port}"))
                        .env(env),
                    );
                }
            }
        }
    }
}
