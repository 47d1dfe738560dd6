//! `nginx-host-spoofing`: `$http_host` (the raw Host header) used to build a redirect or the
//! Host sent upstream.

use infra_lint_core::{Finding, Model};

use crate::declare_rule;
use crate::nginx::{confs, weigh};
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Flags `$http_host` in a redirect (`return 3xx …`, `rewrite … redirect|permanent`, a
    /// `Location` header) or in `proxy_set_header Host`. The finding points at the argument.
    ///
    /// ## Why is this bad?
    /// `$http_host` is the client's `Host` header, unchecked: nginx picks a server by it (or
    /// falls back to the default server) but passes any value on. A redirect built from it sends
    /// users to a host the attacker chose (cache poisoning, password-reset links to an attacker's
    /// domain), and an upstream that trusts `Host` builds absolute URLs from it. `$host` is the
    /// server name nginx matched (or the header, lower-cased and stripped of the port), and
    /// `$server_name` is the configured name.
    ///
    /// Severity is medium, one step lower in staging; development and test files are not
    /// reported.
    ///
    /// ## How to fix
    /// Use `$host` (or better a fixed name / `$server_name`) and give every public server an
    /// explicit `server_name`, with a default server that rejects unknown hosts (`return 444`).
    ///
    /// ## Example
    /// ```nginx
    /// # Bad
    /// return 301 https://$http_host$request_uri;
    /// ```
    /// ```nginx
    /// # Good
    /// return 301 https://$server_name$request_uri;
    /// ```
    ///
    /// ## References
    /// - gixy, host_spoofing: <https://github.com/yandex/gixy/blob/master/docs/en/plugins/hostspoofing.md>
    /// - PortSwigger, HTTP Host header attacks: <https://portswigger.net/web-security/host-header>
    pub struct NginxHostSpoofing {
        id: "nginx-host-spoofing",
        severity: Medium,
        formats: [Nginx],
        tags: ["security", "redirect", "nginx"],
        precision: "high",
        summary: "nginx builds a redirect or the upstream Host from the client's raw Host header",
        aliases: ["host_spoofing"],
    }
}

fn uses_http_host(s: &str) -> bool {
    s.contains("$http_host") || s.contains("${http_host}")
}

impl Rule for NginxHostSpoofing {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for conf in confs(model) {
            conf.walk(&mut |d, _| {
                let arg = match d.name() {
                    "return"
                        if d.args.len() >= 2
                            && d.arg(0).is_some_and(|c| matches!(c, "301" | "302" | "303" | "307" | "308")) =>
                    {
                        d.args.get(1)
                    }
                    "return" if d.args.len() == 1 => d.args.first(),
                    "rewrite" => d.args.get(1).filter(|_| {
                        d.arg(2).is_some_and(|f| f == "redirect" || f == "permanent")
                            || d.arg(1).is_some_and(|r| {
                                r.starts_with("http://") || r.starts_with("https://") || r.starts_with("$scheme")
                            })
                    }),
                    "proxy_set_header" if d.arg(0).is_some_and(|h| h.eq_ignore_ascii_case("host")) => d.args.get(1),
                    "add_header" if d.arg(0).is_some_and(|h| h.eq_ignore_ascii_case("location")) => d.args.get(1),
                    _ => None,
                };
                let Some(a) = arg.filter(|a| uses_http_host(&a.text)) else { return };
                let Some((sev, env)) = weigh(model, a.span, Self::META.severity) else { return };
                let what =
                    if d.name() == "proxy_set_header" { "the Host header sent upstream" } else { "a redirect target" };
                out.push(
                    Finding::new(
                        Self::META.id,
                        sev,
                        a.span,
                        format!("`{}` builds {what} from $http_host, the client's unchecked Host header", d.name()),
                    )
                    .fix("use `$host` or a fixed `$server_name`, and reject unknown hosts in a default server")
                    .key(format!("{}:{}", d.name(), a.text))
                    .env(env),
                );
            });
        }
    }
}
