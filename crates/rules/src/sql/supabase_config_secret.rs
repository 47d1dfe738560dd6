//! `supabase-config-secret`: a literal secret committed in `supabase/config.toml`.

use infra_lint_core::{Model, Severity};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};
use crate::sql::pg::{finding, supabase_configs, toml_entries};

declare_rule! {
    /// ## What it does
    /// Flags a secret written literally in `supabase/config.toml` — an OAuth provider's
    /// `secret`, the SMTP `pass`, an SMS provider's `auth_token`/`api_key`, an auth hook's
    /// `secrets`, `[studio] openai_api_key`, `jwt_secret` … — instead of the CLI's
    /// `env(NAME)` substitution. Empty values, `env(…)` references, placeholders and the CLI's
    /// local defaults are not reported. The value is never printed in full. Severity is high,
    /// weighted by the file's environment.
    ///
    /// ## Why is this bad?
    /// `config.toml` is committed with the project: everyone with read access to the repository
    /// (and its history, forks and CI logs) holds the credential, and `supabase config push`
    /// sends the same value to the hosted project.
    ///
    /// ## How to fix
    /// Rotate the credential and write `secret = "env(GITHUB_SECRET)"`, with the value in an
    /// untracked `.env` (or CI secrets).
    ///
    /// ## Example
    /// ```toml
    /// # Bad
    /// [auth.external.github]
    /// enabled = true
    /// client_id = "Iv1.0123456789abcdef"
    /// secret = "3f9c1e0a7b6d5c4e3f2a1b0c9d8e7f6a5b4c3d2e"
    /// ```
    ///
    /// ```toml
    /// # Good
    /// [auth.external.github]
    /// enabled = true
    /// client_id = "env(GITHUB_CLIENT_ID)"
    /// secret = "env(GITHUB_SECRET)"
    /// ```
    ///
    /// ## References
    /// - Supabase CLI configuration (env() substitution): <https://supabase.com/docs/guides/local-development/cli/config>
    pub struct SupabaseConfigSecret {
        id: "supabase-config-secret",
        severity: High,
        formats: [SupabaseConfig],
        tags: ["security", "supabase", "secrets"],
        precision: "high",
        summary: "A literal secret is committed in supabase/config.toml",
    }
}

/// Keys of `config.toml` that hold a secret.
fn secret_key(key: &str) -> bool {
    let leaf = key.rsplit('.').next().unwrap_or(key);
    matches!(
        leaf,
        "secret" | "pass" | "password" | "auth_token" | "api_key" | "secrets" | "openai_api_key" | "jwt_secret"
    ) || crate::secret_detect::is_secret_key_name(leaf)
}

impl Rule for SupabaseConfigSecret {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<infra_lint_core::Finding>) {
        use crate::secret_detect as secrets;
        for (f, doc) in supabase_configs(model) {
            let mut entries = Vec::new();
            toml_entries(&doc.root, "", &mut entries);
            for (key, _, v) in entries {
                if !secret_key(&key) {
                    continue;
                }
                let Some(val) = v.as_str() else { continue };
                let t = val.trim();
                if t.len() < 8
                    || t.starts_with("env(")
                    || secrets::is_reference(t)
                    || secrets::is_placeholder(t)
                    || secrets::is_local_default(t)
                    || t.starts_with("super-secret-jwt-token")
                {
                    continue;
                }
                out.push(
                    finding(
                        model,
                        Self::META.id,
                        Severity::High,
                        v.span,
                        format!("{}:{key}", f.path),
                        format!(
                        "{key} is written literally in supabase/config.toml ({}): the credential is committed with the \
                         repository",
                        secrets::mask(t)
                    ),
                        "rotate the credential and use the CLI's env() substitution (`secret = \"env(NAME)\"`)",
                    )
                    .secret(v.span),
                );
            }
        }
    }
}
