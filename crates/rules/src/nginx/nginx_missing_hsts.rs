//! `nginx-missing-hsts`: a server that terminates TLS without a `Strict-Transport-Security`
//! header.

use infra_lint_core::{Finding, Model};

use crate::declare_rule;
use crate::nginx::{effective_headers, files, has_header, servers, serves_tls, weigh};
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Flags a `server` block that listens with TLS (`listen 443 ssl`, `listen … quic`, or port
    /// 443) and has no `Strict-Transport-Security` header in effect: neither its own
    /// `add_header` list nor the one it inherits (nginx inherits `add_header` only when the
    /// server sets none of its own). `include`d files found in the scan are read where they are
    /// included (in both directions: a snippet with headers included into the server, and a
    /// `conf.d/*.conf` server included into an `http` block that sets headers); a server whose
    /// headers may come from an include that is not in the scan is not reported (stock files such as
    /// `mime.types`, `proxy_params` or certbot's `options-ssl-nginx.conf` set no headers). The finding points
    /// at the `server {` line.
    ///
    /// ## Why is this bad?
    /// Without HSTS, a browser that is sent to `http://` (a typed domain, an old link, an
    /// attacker on the network) makes a clear-text request first, and an attacker in the
    /// middle can keep the whole session on plain HTTP (SSL stripping).
    ///
    /// Severity is medium, one step lower in staging; development and test files are not
    /// reported.
    ///
    /// ## How to fix
    /// Add `add_header Strict-Transport-Security "max-age=63072000; includeSubDomains" always;`
    /// to the server (and repeat it in every `location` that sets headers of its own).
    ///
    /// ## Example
    /// ```nginx
    /// # Bad
    /// server {
    ///     listen 443 ssl;
    ///     server_name app.example.com;
    /// }
    /// ```
    /// ```nginx
    /// # Good
    /// server {
    ///     listen 443 ssl;
    ///     server_name app.example.com;
    ///     add_header Strict-Transport-Security "max-age=63072000; includeSubDomains" always;
    /// }
    /// ```
    ///
    /// ## References
    /// - RFC 6797, HTTP Strict Transport Security: <https://www.rfc-editor.org/rfc/rfc6797>
    /// - OWASP HSTS Cheat Sheet: <https://cheatsheetseries.owasp.org/cheatsheets/HTTP_Strict_Transport_Security_Cheat_Sheet.html>
    /// - nginx `add_header` inheritance: <https://nginx.org/en/docs/http/ngx_http_headers_module.html#add_header>
    pub struct NginxMissingHsts {
        id: "nginx-missing-hsts",
        severity: Medium,
        formats: [Nginx],
        tags: ["security", "network", "tls", "headers", "nginx"],
        precision: "medium",
        summary: "An nginx server terminates TLS without a Strict-Transport-Security header",
        aliases: ["hsts_header"],
    }
}

impl Rule for NginxMissingHsts {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        let all = files(model);
        for file in &all {
            for (server, stack) in servers(file.conf) {
                if !serves_tls(server) {
                    continue;
                }
                let headers = effective_headers(&all, *file, &stack, server);
                // An include that is not among the scanned files may set it.
                if headers.unknown || has_header(&headers.list, "strict-transport-security") {
                    continue;
                }
                let Some((sev, env)) = weigh(model, server.span, Self::META.severity) else { continue };
                let name = server.child("server_name").and_then(|s| s.arg(0)).unwrap_or("(no server_name)");
                out.push(
                    Finding::new(
                        Self::META.id,
                        sev,
                        server.span,
                        format!(
                            "server {name} serves HTTPS without a Strict-Transport-Security header, so browsers keep trying plain HTTP first and can be kept on it by an attacker"
                        ),
                    )
                    .fix("add `add_header Strict-Transport-Security \"max-age=63072000; includeSubDomains\" always;` to the server block")
                    .key(format!("server:{name}"))
                    .env(env),
                );
            }
        }
    }
}
