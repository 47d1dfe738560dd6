//! `nginx-return-bypasses-allow-deny`: `return` answers before `allow`/`deny` is checked.

use infra_lint_core::{Finding, Model};

use crate::declare_rule;
use crate::nginx::{confs, weigh};
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Flags a `return` in a block that also restricts access with `allow`/`deny` (or
    /// `auth_basic`, `auth_request`). nginx runs `return` in its rewrite phase, before the access
    /// phase, so the response is sent without the restriction being checked. A `return` of an
    /// error status (4xx/5xx), and a redirect of the same request to HTTPS
    /// (`https://$host$request_uri`, where the HTTPS server checks access), are not reported.
    /// The finding points at the `return`.
    ///
    /// ## Why is this bad?
    /// The block reads as "only these addresses (or logged-in users) get this answer", but every
    /// client gets it: a redirect to an internal tool, a token or a status text meant for a few
    /// machines is served to anyone.
    ///
    /// Severity is medium, one step lower in staging; development and test files are not
    /// reported.
    ///
    /// ## How to fix
    /// Serve the response from a location the access rules actually guard (for example with
    /// `try_files` or `proxy_pass`), or enforce the restriction before nginx (a firewall, a
    /// `geo`/`map` on `$remote_addr` checked with `if` before the `return`).
    ///
    /// ## Example
    /// ```nginx
    /// # Bad
    /// location /internal-status {
    ///     allow 10.0.0.0/8;
    ///     deny all;
    ///     return 200 "ok";
    /// }
    /// ```
    /// ```nginx
    /// # Good
    /// location /internal-status {
    ///     allow 10.0.0.0/8;
    ///     deny all;
    ///     stub_status;
    /// }
    /// ```
    ///
    /// ## References
    /// - nginx request processing phases: <https://nginx.org/en/docs/dev/development_guide.html#http_phases>
    /// - nginx `return`: <https://nginx.org/en/docs/http/ngx_http_rewrite_module.html#return>
    pub struct NginxReturnBypassesAllowDeny {
        id: "nginx-return-bypasses-allow-deny",
        severity: Medium,
        formats: [Nginx],
        tags: ["security", "access-control", "nginx"],
        precision: "high",
        summary: "nginx return answers before allow/deny or auth is checked",
        aliases: ["return_bypasses_allow_deny"],
    }
}

impl Rule for NginxReturnBypassesAllowDeny {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for conf in confs(model) {
            conf.walk(&mut |d, _| {
                if d.block.is_none() {
                    return;
                }
                let guard = d.children().iter().find(|c| {
                    matches!(c.name(), "allow" | "deny" | "auth_request")
                        || (c.name() == "auth_basic" && c.arg(0).is_some_and(|a| a != "off"))
                });
                let Some(guard) = guard else { return };
                for r in d.children().iter().filter(|c| c.name() == "return") {
                    let code = r.arg(0).and_then(|c| c.parse::<u16>().ok());
                    if code.is_some_and(|c| c >= 400) {
                        continue;
                    }
                    // An upgrade to HTTPS on the same site: the HTTPS server checks access.
                    let target = r.args.last().map_or("", |a| a.text.as_str());
                    if ["https://$host", "https://$server_name", "https://$http_host"].iter().any(|p| target.starts_with(p)) {
                        continue;
                    }
                    let Some((sev, env)) = weigh(model, r.span, Self::META.severity) else { continue };
                    let place = if d.name() == "location" {
                        format!("location {}", d.args.last().map_or("", |a| a.text.as_str()))
                    } else {
                        d.name().to_owned()
                    };
                    out.push(
                        Finding::new(
                            Self::META.id,
                            sev,
                            r.span,
                            format!("`return` in {place} answers in the rewrite phase, before `{}` is checked, so every client gets this response", guard.name()),
                        )
                        .fix("serve the response with a handler the access rules guard (try_files, proxy_pass, stub_status), or check the client before the return")
                        .key(format!("return:{place}"))
                        .env(env),
                    );
                }
            });
        }
    }
}
