//! `nginx-alias-traversal`: `alias` in a prefix `location` whose path does not end with `/`.

use infra_lint_core::{Finding, Model, Severity};

use crate::declare_rule;
use crate::nginx::{confs, weigh};
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Flags an `alias` inside a prefix `location` (no modifier, or `^~`) whose path does not end
    /// with `/`, such as `location /static { alias /srv/app/static/; }`. The finding points at the
    /// `alias` directive. Regular-expression and exact (`=`) locations are not reported.
    ///
    /// ## Why is this bad?
    /// nginx replaces the matched prefix with the alias path. With `location /static` and
    /// `alias /srv/app/static/`, a request for `/static../settings.py` becomes
    /// `/srv/app/static/../settings.py`: one level up, outside the published directory (source
    /// code, configuration, secrets). Without the trailing slash on the alias either, sibling
    /// directories sharing the prefix (`/srv/app/static_private`) are still reachable.
    ///
    /// Severity is high when the alias ends with `/` (parent directory traversal), medium
    /// otherwise; one step lower in staging; development and test files are not reported.
    ///
    /// ## How to fix
    /// End the location with `/` whenever the alias does (`location /static/ { alias
    /// /srv/app/static/; }`), or use `root` instead of `alias` when the paths line up.
    ///
    /// ## Example
    /// ```nginx
    /// # Bad
    /// location /static { alias /srv/app/static/; }
    /// ```
    /// ```nginx
    /// # Good
    /// location /static/ { alias /srv/app/static/; }
    /// ```
    ///
    /// ## References
    /// - nginx `alias`: <https://nginx.org/en/docs/http/ngx_http_core_module.html#alias>
    /// - gixy, alias_traversal: <https://github.com/yandex/gixy/blob/master/docs/en/plugins/aliastraversal.md>
    pub struct NginxAliasTraversal {
        id: "nginx-alias-traversal",
        severity: High,
        formats: [Nginx],
        tags: ["security", "path-traversal", "nginx"],
        precision: "high",
        summary: "nginx alias in a location without a trailing slash allows path traversal",
        aliases: ["alias_traversal"],
    }
}

impl Rule for NginxAliasTraversal {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for conf in confs(model) {
            conf.walk(&mut |d, stack| {
                if d.name() != "alias" {
                    return;
                }
                let Some(loc) = stack.last().filter(|l| l.name() == "location") else { return };
                let path = match (loc.arg(0), loc.arg(1)) {
                    (Some("^~"), Some(p)) => p,
                    (Some(m), _) if matches!(m, "=" | "~" | "~*") || m.starts_with('@') => return,
                    (Some(p), None) => p,
                    _ => return,
                };
                if path.ends_with('/') || path.contains('$') {
                    return;
                }
                let Some(target) = d.args.first() else { return };
                let base = if target.text.ends_with('/') { Severity::High } else { Severity::Medium };
                let Some((sev, env)) = weigh(model, d.span, base) else { return };
                let what = if target.text.ends_with('/') {
                    format!("`{path}../x` resolves to `{}../x`, one directory above the alias", target.text)
                } else {
                    format!("`{path}_other/x` resolves to `{}_other/x`, a sibling directory", target.text)
                };
                out.push(
                    Finding::new(
                        Self::META.id,
                        sev,
                        d.span,
                        format!("location {path} has no trailing slash but uses alias {}: {what}", target.text),
                    )
                    .fix(format!("end the location with a slash (`location {path}/`) to match the alias"))
                    .key(format!("location:{path}"))
                    .env(env),
                );
            });
        }
    }
}
