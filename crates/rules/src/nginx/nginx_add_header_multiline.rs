//! `nginx-add-header-multiline`: a response header value spread over several lines.

use infra_lint_core::{Finding, Model};

use crate::declare_rule;
use crate::nginx::{confs, weigh};
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Flags an `add_header` (or headers-more `more_set_headers`) value that contains a line
    /// break, usually a long `Content-Security-Policy` written over several lines inside quotes.
    /// The finding points at the value.
    ///
    /// ## Why is this bad?
    /// nginx sends the value as written, so the header continues on the next line ("obsolete
    /// line folding"). RFC 7230 deprecated it: many clients reject the response or drop the
    /// header, so the policy it carries (CSP, Permissions-Policy …) is silently not applied,
    /// and proxies may split it into a separate, attacker-looking header line.
    ///
    /// Severity is low, one step lower in staging; development and test files are not reported.
    ///
    /// ## How to fix
    /// Write the value on one line; for a long policy, build it with a `map` or several `set`
    /// directives that concatenate variables.
    ///
    /// ## Example
    /// ```nginx
    /// # Bad
    /// add_header Content-Security-Policy "default-src 'self';
    ///     script-src 'self' https://cdn.example.com";
    /// ```
    /// ```nginx
    /// # Good
    /// add_header Content-Security-Policy "default-src 'self'; script-src 'self' https://cdn.example.com" always;
    /// ```
    ///
    /// ## References
    /// - RFC 7230 §3.2.4, obsolete line folding: <https://www.rfc-editor.org/rfc/rfc7230#section-3.2.4>
    /// - nginx `add_header`: <https://nginx.org/en/docs/http/ngx_http_headers_module.html#add_header>
    pub struct NginxAddHeaderMultiline {
        id: "nginx-add-header-multiline",
        severity: Low,
        formats: [Nginx],
        tags: ["security", "headers", "nginx"],
        precision: "very-high",
        summary: "nginx add_header value spans several lines",
        aliases: ["add_header_multiline"],
    }
}

impl Rule for NginxAddHeaderMultiline {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for conf in confs(model) {
            conf.walk(&mut |d, _| {
                let values: Vec<_> = match d.name() {
                    "add_header" => d.args.get(1).into_iter().collect(),
                    "more_set_headers" => d.args.iter().filter(|a| !a.text.starts_with('-')).collect(),
                    _ => return,
                };
                for a in values {
                    if !a.text.contains('\n') {
                        continue;
                    }
                    let Some((sev, env)) = weigh(model, a.span, Self::META.severity) else { continue };
                    let name = if d.name() == "add_header" {
                        d.arg(0).unwrap_or("header").to_owned()
                    } else {
                        a.text.split(':').next().unwrap_or("header").trim().to_owned()
                    };
                    out.push(
                        Finding::new(
                            Self::META.id,
                            sev,
                            a.span,
                            format!("the {name} header value spans several lines: folded header lines are deprecated and many clients drop or reject them, so the header may not apply"),
                        )
                        .fix("write the header value on a single line")
                        .key(format!("{}:{name}", d.name()))
                        .env(env),
                    );
                }
            });
        }
    }
}
