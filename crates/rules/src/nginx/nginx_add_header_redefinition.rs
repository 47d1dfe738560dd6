//! `nginx-add-header-redefinition`: a nested `add_header` silently drops the security headers
//! set at an outer level.

use infra_lint_core::{Finding, Model};

use crate::declare_rule;
use crate::nginx::{files, has_header, headers_in, outer_headers, weigh, SECURITY_HEADERS};
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Flags a `server`, `location` or `if` block that sets `add_header` of its own while an
    /// outer level (the nearest one with `add_header`: `location`, `server`, `http` or the top
    /// of the file) sets security headers (`Strict-Transport-Security`,
    /// `Content-Security-Policy`, `X-Frame-Options`, `X-Content-Type-Options`,
    /// `Referrer-Policy`, `Permissions-Policy`) that the block does not repeat. The finding points
    /// at the block's first `add_header` and names the dropped headers.
    ///
    /// ## Why is this bad?
    /// nginx inherits `add_header` only when a level has none of its own. Adding one header in
    /// a location (a `Cache-Control`, a CORS header) removes every header inherited from the
    /// server: responses of that location lose HSTS, the CSP or clickjacking protection, usually
    /// without anyone noticing.
    ///
    /// Severity is medium, one step lower in staging; development and test files are not
    /// reported.
    ///
    /// ## How to fix
    /// Repeat the security headers in the nested block (an `include` of a shared snippet keeps
    /// them in one place), or use `add_header_inherit merge;` (nginx 1.29.3+) / the
    /// headers-more module.
    ///
    /// ## Example
    /// ```nginx
    /// # Bad
    /// server {
    ///     add_header X-Frame-Options DENY always;
    ///     location /api/ { add_header Cache-Control no-store; }
    /// }
    /// ```
    /// ```nginx
    /// # Good
    /// server {
    ///     add_header X-Frame-Options DENY always;
    ///     location /api/ {
    ///         add_header X-Frame-Options DENY always;
    ///         add_header Cache-Control no-store;
    ///     }
    /// }
    /// ```
    ///
    /// ## References
    /// - nginx `add_header` (inheritance): <https://nginx.org/en/docs/http/ngx_http_headers_module.html#add_header>
    /// - gixy, add_header_redefinition: <https://github.com/yandex/gixy/blob/master/docs/en/plugins/addheaderredefinition.md>
    pub struct NginxAddHeaderRedefinition {
        id: "nginx-add-header-redefinition",
        severity: Medium,
        formats: [Nginx],
        tags: ["security", "headers", "nginx"],
        precision: "high",
        summary: "A nested nginx add_header drops the security headers set at an outer level",
        aliases: ["add_header_redefinition"],
    }
}

impl Rule for NginxAddHeaderRedefinition {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        let all = files(model);
        for file in &all {
            let dir = file.path.rsplit_once('/').map_or("", |(d, _)| d);
            file.conf.walk(&mut |d, stack| {
                if !matches!(d.name(), "server" | "location" | "if") || d.block.is_none() {
                    return;
                }
                let own = headers_in(&all, dir, d.children(), 0);
                // Unknown included headers may repeat the outer ones.
                if own.unknown {
                    return;
                }
                let Some(first) = own.list.first().copied() else { return };
                // `add_header_inherit merge` (nginx 1.29.3) keeps the outer headers.
                if d.children()
                    .iter()
                    .chain(stack.iter().flat_map(|a| a.children().iter()))
                    .any(|c| c.name() == "add_header_inherit" && c.arg(0) == Some("merge"))
                {
                    return;
                }
                let parent = outer_headers(&all, *file, stack).list;
                let own = own.list;
                let dropped: Vec<&str> = SECURITY_HEADERS
                    .iter()
                    .copied()
                    .filter(|h| has_header(&parent, h) && !has_header(&own, h))
                    .collect();
                if dropped.is_empty() {
                    return;
                }
                let names: Vec<String> = parent
                    .iter()
                    .filter_map(|h| h.arg(0))
                    .filter(|n| dropped.iter().any(|d| n.eq_ignore_ascii_case(d)))
                    .map(str::to_owned)
                    .collect();
                let Some((sev, env)) = weigh(model, first.span, Self::META.severity) else { return };
                let block = match d.name() {
                    "location" => {
                        format!("location {}", d.args.iter().map(|a| a.text.as_str()).collect::<Vec<_>>().join(" "))
                    }
                    other => other.to_owned(),
                };
                out.push(
                    Finding::new(
                        Self::META.id,
                        sev,
                        first.span,
                        format!(
                            "add_header in {block} replaces the outer add_header list, so its responses lose {}",
                            names.join(", ")
                        ),
                    )
                    .fix("repeat the security headers in this block (or include a shared snippet with all of them)")
                    .key(format!("{block}:add_header"))
                    .env(env),
                );
            });
        }
    }
}
