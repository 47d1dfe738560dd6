//! `nginx-allow-without-deny`: an `allow` list that restricts nothing.

use infra_lint_core::parse::nginx::Directive;
use infra_lint_core::{Finding, Model};

use crate::declare_rule;
use crate::nginx::{confs, weigh};
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Flags a block (`location`, `server`, `http`, `limit_except`) that has `allow` rules but no
    /// `deny` rule. nginx checks the access rules of a level in order and lets everything
    /// through when none matches; the rules of an outer level are not inherited by a level that
    /// has rules of its own. So `allow 10.0.0.0/8;` alone allows every address. A block that
    /// only says `allow all;` (to lift an outer restriction) is not reported. The finding points
    /// at the first `allow`.
    ///
    /// ## Why is this bad?
    /// The block looks restricted to an internal network or an office, but it is open to the
    /// internet: admin pages, metrics and status endpoints meant for a few addresses are
    /// reachable by anyone.
    ///
    /// Severity is medium, one step lower in staging; development and test files are not
    /// reported.
    ///
    /// ## How to fix
    /// End the list with `deny all;`.
    ///
    /// ## Example
    /// ```nginx
    /// # Bad
    /// location /admin/ {
    ///     allow 10.0.0.0/8;
    ///     proxy_pass http://admin;
    /// }
    /// ```
    /// ```nginx
    /// # Good
    /// location /admin/ {
    ///     allow 10.0.0.0/8;
    ///     deny all;
    ///     proxy_pass http://admin;
    /// }
    /// ```
    ///
    /// ## References
    /// - nginx access module: <https://nginx.org/en/docs/http/ngx_http_access_module.html>
    pub struct NginxAllowWithoutDeny {
        id: "nginx-allow-without-deny",
        severity: Medium,
        formats: [Nginx],
        tags: ["security", "access-control", "nginx"],
        precision: "high",
        summary: "nginx allow rules without deny restrict nothing",
        aliases: ["allow_without_deny"],
    }
}

fn check_block(model: &Model, name: &str, children: &[Directive], out: &mut Vec<Finding>) {
    let allows: Vec<&Directive> = children.iter().filter(|c| c.name() == "allow").collect();
    let Some(first) = allows.first() else { return };
    if children.iter().any(|c| c.name() == "deny") || allows.iter().all(|a| a.arg(0) == Some("all")) {
        return;
    }
    let Some((sev, env)) = weigh(model, first.span, NginxAllowWithoutDeny::META.severity) else { return };
    let addr = first.arg(0).unwrap_or("");
    out.push(
        Finding::new(
            NginxAllowWithoutDeny::META.id,
            sev,
            first.span,
            format!("`allow {addr}` in {name} has no `deny` after it, so every address is still allowed: the restriction does nothing"),
        )
        .fix("add `deny all;` after the allow rules")
        .key(format!("allow:{name}:{addr}"))
        .env(env),
    );
}

impl Rule for NginxAllowWithoutDeny {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for conf in confs(model) {
            check_block(model, "the top level", &conf.directives, out);
            conf.walk(&mut |d, _| {
                if d.block.is_none() {
                    return;
                }
                let name = match d.arg(0) {
                    Some(a) if d.name() == "location" => {
                        format!("location {}", d.args.last().map_or(a, |l| l.text.as_str()))
                    }
                    _ => d.name().to_owned(),
                };
                check_block(model, &name, d.children(), out);
            });
        }
    }
}
