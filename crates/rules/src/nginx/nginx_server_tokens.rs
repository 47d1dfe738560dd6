//! `nginx-server-tokens`: `server_tokens on` discloses the nginx version.

use infra_lint_core::{Finding, Model};

use crate::declare_rule;
use crate::nginx::{confs, weigh};
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Flags `server_tokens on` (and `server_tokens build`), which puts the exact nginx version
    /// in the `Server` header and on error pages. The finding points at the value.
    ///
    /// ## Why is this bad?
    /// The version tells an attacker which known vulnerabilities to try without probing, and
    /// marks the host in mass scans for a vulnerable release.
    ///
    /// Severity is low; development and test files are not reported.
    ///
    /// ## How to fix
    /// Set `server_tokens off;` in the `http` block.
    ///
    /// ## Example
    /// ```nginx
    /// # Bad
    /// server_tokens on;
    /// ```
    /// ```nginx
    /// # Good
    /// server_tokens off;
    /// ```
    ///
    /// ## References
    /// - nginx `server_tokens`: <https://nginx.org/en/docs/http/ngx_http_core_module.html#server_tokens>
    pub struct NginxServerTokens {
        id: "nginx-server-tokens",
        severity: Low,
        formats: [Nginx],
        tags: ["security", "disclosure", "nginx"],
        precision: "very-high",
        summary: "nginx server_tokens on discloses the server version",
        aliases: ["version_disclosure"],
    }
}

impl Rule for NginxServerTokens {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for conf in confs(model) {
            conf.walk(&mut |d, _| {
                if d.name() != "server_tokens" {
                    return;
                }
                let Some(a) = d.args.first().filter(|a| matches!(a.text.as_str(), "on" | "build")) else { return };
                let Some((sev, env)) = weigh(model, a.span, Self::META.severity) else { return };
                out.push(
                    Finding::new(
                        Self::META.id,
                        sev,
                        a.span,
                        format!(
                            "`server_tokens {}` sends the nginx version in every Server header and error page",
                            a.text
                        ),
                    )
                    .fix("set `server_tokens off;`")
                    .key("server_tokens")
                    .env(env),
                );
            });
        }
    }
}
