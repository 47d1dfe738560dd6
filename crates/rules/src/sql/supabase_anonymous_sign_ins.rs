//! `supabase-anonymous-sign-ins`: `supabase/config.toml` turns on anonymous sign-ins.

use infra_lint_core::{Model, Severity};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};
use crate::sql::pg::{finding, supabase_configs};

declare_rule! {
    /// ## What it does
    /// Flags `enable_anonymous_sign_ins = true` in the `[auth]` table of `supabase/config.toml`.
    /// Severity is medium, weighted by the file's environment.
    ///
    /// ## Why is this bad?
    /// Anonymous users get real sessions with the `authenticated` role. Every policy written
    /// `TO authenticated` — the usual way to say "signed-in users" — now admits anyone who calls
    /// `signInAnonymously()`, without an e-mail or a captcha unless one is configured.
    ///
    /// ## How to fix
    /// Leave anonymous sign-ins off, or check `(auth.jwt() ->> 'is_anonymous')::boolean is false`
    /// in the policies that must exclude them, and enable a captcha.
    ///
    /// ## Example
    /// ```toml
    /// # Bad
    /// [auth]
    /// enable_anonymous_sign_ins = true
    /// ```
    ///
    /// ```toml
    /// # Good
    /// [auth]
    /// enable_anonymous_sign_ins = false
    /// ```
    ///
    /// ## References
    /// - Supabase database linter, auth_allow_anonymous_sign_ins: <https://supabase.com/docs/guides/database/database-linter?lint=0012_auth_allow_anonymous_sign_ins>
    /// - Supabase, anonymous sign-ins: <https://supabase.com/docs/guides/auth/auth-anonymous>
    pub struct SupabaseAnonymousSignIns {
        id: "supabase-anonymous-sign-ins",
        severity: Medium,
        formats: [SupabaseConfig],
        tags: ["security", "supabase", "auth", "splinter"],
        precision: "high",
        summary: "supabase/config.toml enables anonymous sign-ins, which get the authenticated role",
        aliases: ["0012_auth_allow_anonymous_sign_ins", "auth_allow_anonymous_sign_ins"],
    }
}

impl Rule for SupabaseAnonymousSignIns {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<infra_lint_core::Finding>) {
        for (f, doc) in supabase_configs(model) {
            let Some(auth) = doc.root.get("auth") else { continue };
            let Some((_, v)) = auth.entry("enable_anonymous_sign_ins") else { continue };
            if v.as_bool() != Some(true) {
                continue;
            }
            out.push(finding(
                model,
                Self::META.id,
                Severity::Medium,
                v.span,
                format!("{}:auth.enable_anonymous_sign_ins", f.path),
                "anonymous sign-ins are enabled: anonymous users get the `authenticated` role, so every policy written \
                 `TO authenticated` also admits anyone who signs in anonymously"
                    .to_owned(),
                "turn anonymous sign-ins off, or exclude `is_anonymous` users in the policies that need a real account",
            ));
        }
    }
}
