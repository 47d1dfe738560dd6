//! `nginx-valid-referers-none`: `valid_referers none` lets requests without a Referer through.

use infra_lint_core::{Finding, Model};

use crate::declare_rule;
use crate::nginx::{confs, weigh};
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Flags `none` in a `valid_referers` list. `none` makes a request with no `Referer`
    /// header valid, so `$invalid_referer` is empty for it. The finding points at `none`.
    ///
    /// ## Why is this bad?
    /// A `valid_referers` check is used to allow a resource only from the site's own pages
    /// (hotlink protection, a poor man's CSRF or embedding check). Any client can send a request
    /// without a Referer: a script, `curl`, a page with `Referrer-Policy: no-referrer` or
    /// `<meta name="referrer" content="no-referrer">`, a link from HTTPS to HTTP. With `none`
    /// in the list, all of them pass the check.
    ///
    /// Severity is medium, one step lower in staging; development and test files are not
    /// reported.
    ///
    /// ## How to fix
    /// Remove `none` (and `blocked`, which accepts a Referer a proxy has masked) and list only
    /// the site's own names; do not rely on the Referer alone for access control.
    ///
    /// ## Example
    /// ```nginx
    /// # Bad
    /// valid_referers none server_names *.example.com;
    /// if ($invalid_referer) { return 403; }
    /// ```
    /// ```nginx
    /// # Good
    /// valid_referers server_names *.example.com;
    /// if ($invalid_referer) { return 403; }
    /// ```
    ///
    /// ## References
    /// - nginx `valid_referers`: <https://nginx.org/en/docs/http/ngx_http_referer_module.html#valid_referers>
    /// - MDN, Referrer-Policy: <https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Referrer-Policy>
    pub struct NginxValidReferersNone {
        id: "nginx-valid-referers-none",
        severity: Medium,
        formats: [Nginx],
        tags: ["security", "access-control", "nginx"],
        precision: "very-high",
        summary: "nginx valid_referers none accepts requests without a Referer",
        aliases: ["valid_referers"],
    }
}

impl Rule for NginxValidReferersNone {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for conf in confs(model) {
            conf.walk(&mut |d, _| {
                if d.name() != "valid_referers" {
                    return;
                }
                let Some(a) = d.args.iter().find(|a| a.text == "none") else { return };
                let Some((sev, env)) = weigh(model, a.span, Self::META.severity) else { return };
                out.push(
                    Finding::new(
                        Self::META.id,
                        sev,
                        a.span,
                        "`valid_referers none` treats a request without a Referer header as valid, and any client can leave the header out, so the referer check is bypassed",
                    )
                    .fix("remove `none` from valid_referers and list only your own server names")
                    .key("valid_referers:none")
                    .env(env),
                );
            });
        }
    }
}
