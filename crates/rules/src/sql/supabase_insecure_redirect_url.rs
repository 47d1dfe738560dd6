//! `supabase-insecure-redirect-url`: auth redirects to plain-HTTP URLs.

use infra_lint_core::parse::node::Node;
use infra_lint_core::{Model, Severity};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};
use crate::sql::pg::{finding, supabase_configs};

declare_rule! {
    /// ## What it does
    /// Flags an `http://` URL that is not on a loopback host (`localhost`, `127.0.0.1`, `[::1]`,
    /// `*.localhost`) in `[auth] site_url` or `[auth] additional_redirect_urls` of
    /// `supabase/config.toml`. Severity is medium, weighted by the file's environment.
    ///
    /// ## Why is this bad?
    /// Supabase Auth sends the session (tokens in the URL fragment, or the PKCE code) to these
    /// URLs after sign-in, magic links and password resets. Over plain HTTP anyone on the network
    /// path reads them and takes over the account.
    ///
    /// ## How to fix
    /// Use `https://` URLs (plain HTTP only for loopback development hosts).
    ///
    /// ## Example
    /// ```toml
    /// # Bad
    /// [auth]
    /// site_url = "http://app.example.com"
    /// ```
    ///
    /// ```toml
    /// # Good
    /// [auth]
    /// site_url = "https://app.example.com"
    /// additional_redirect_urls = ["http://127.0.0.1:3000"]
    /// ```
    ///
    /// ## References
    /// - Supabase, redirect URLs: <https://supabase.com/docs/guides/auth/redirect-urls>
    pub struct SupabaseInsecureRedirectUrl {
        id: "supabase-insecure-redirect-url",
        severity: Medium,
        formats: [SupabaseConfig],
        tags: ["security", "supabase", "auth", "tls"],
        precision: "high",
        summary: "supabase/config.toml sends auth redirects to a plain-HTTP URL",
    }
}

/// Whether `url` is plain HTTP to a host other than loopback.
fn insecure(url: &str) -> bool {
    let Some(rest) = url.trim().strip_prefix("http://") else { return false };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or(host);
    let host = if host.starts_with('[') {
        host.split(']').next().map_or(host, |h| h.trim_start_matches('['))
    } else {
        host.split(':').next().unwrap_or(host)
    };
    let host = host.to_ascii_lowercase();
    !(host == "localhost"
        || host.ends_with(".localhost")
        || host.starts_with("127.")
        || host == "::1"
        || host == "0.0.0.0"
        || host.is_empty()
        || host.contains('*')
        || host.starts_with("env("))
}

impl Rule for SupabaseInsecureRedirectUrl {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<infra_lint_core::Finding>) {
        for (f, doc) in supabase_configs(model) {
            let Some(auth) = doc.root.get("auth") else { continue };
            let mut urls: Vec<(&str, &Node)> = Vec::new();
            if let Some(v) = auth.get("site_url") {
                urls.push(("site_url", v));
            }
            if let Some(list) = auth.get("additional_redirect_urls").and_then(Node::as_seq) {
                urls.extend(list.iter().map(|v| ("additional_redirect_urls", v)));
            }
            for (key, v) in urls {
                let Some(url) = v.as_str().filter(|u| insecure(u)) else { continue };
                out.push(finding(
                    model,
                    Self::META.id,
                    Severity::Medium,
                    v.span,
                    format!("{}:auth.{key}:{url}", f.path),
                    format!(
                        "auth {key} \"{url}\" is plain HTTP: sessions and codes sent there after sign-in, magic links \
                         and password resets can be read on the network"
                    ),
                    "use an https:// URL (plain HTTP only for loopback development hosts)",
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::insecure;

    #[test]
    fn loopback_is_fine() {
        assert!(insecure("http://app.example.com/callback"));
        assert!(!insecure("http://127.0.0.1:3000"));
        assert!(!insecure("http://localhost:3000/**"));
        assert!(!insecure("https://app.example.com"));
        assert!(!insecure("http://[::1]:3000"));
    }
}
