//! `nginx-autoindex`: `autoindex on` lists directory contents.

use infra_lint_core::{Finding, Model};

use crate::declare_rule;
use crate::nginx::{confs, weigh};
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Flags `autoindex on`, which makes nginx answer a request for a directory without an
    /// index file with a listing of every file in it. The finding points at the value.
    ///
    /// ## Why is this bad?
    /// Listings expose files nobody meant to publish: backups, dumps, `.env` copies, build
    /// artefacts, uploads of other users. An attacker no longer has to guess names.
    ///
    /// Severity is medium, one step lower in staging; development and test files are not
    /// reported.
    ///
    /// ## How to fix
    /// Remove the directive (the default is `off`), or keep it only in a `location` that is
    /// meant to be browsed and protect it with authentication.
    ///
    /// ## Example
    /// ```nginx
    /// # Bad
    /// location /files/ { autoindex on; }
    /// ```
    /// ```nginx
    /// # Good
    /// location /files/ { autoindex off; }
    /// ```
    ///
    /// ## References
    /// - nginx `autoindex`: <https://nginx.org/en/docs/http/ngx_http_autoindex_module.html>
    /// - CWE-548, Exposure of Information Through Directory Listing: <https://cwe.mitre.org/data/definitions/548.html>
    pub struct NginxAutoindex {
        id: "nginx-autoindex",
        severity: Medium,
        formats: [Nginx],
        tags: ["security", "disclosure", "nginx"],
        precision: "very-high",
        summary: "nginx autoindex on lists directory contents",
    }
}

impl Rule for NginxAutoindex {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for conf in confs(model) {
            conf.walk(&mut |d, stack| {
                if d.name() != "autoindex" {
                    return;
                }
                let Some(a) = d.args.first().filter(|a| a.text == "on") else { return };
                let Some((sev, env)) = weigh(model, a.span, Self::META.severity) else { return };
                let place = stack
                    .iter()
                    .rev()
                    .find(|s| s.name() == "location")
                    .and_then(|l| l.args.last())
                    .map_or_else(|| "this block".to_owned(), |p| format!("location {}", p.text));
                out.push(
                    Finding::new(
                        Self::META.id,
                        sev,
                        a.span,
                        format!("`autoindex on` lists every file of the directories under {place} to anyone who asks"),
                    )
                    .fix("remove `autoindex on` (the default is off) or protect the location with authentication")
                    .key(format!("autoindex:{place}"))
                    .env(env),
                );
            });
        }
    }
}
