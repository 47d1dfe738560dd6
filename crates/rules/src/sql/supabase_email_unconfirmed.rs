//! `supabase-email-unconfirmed`: e-mail sign-ups without confirmation.

use infra_lint_core::{Model, Severity};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};
use crate::sql::pg::{finding, supabase_configs};

declare_rule! {
    /// ## What it does
    /// Flags `enable_confirmations = false` in `[auth.email]` of `supabase/config.toml` while
    /// e-mail sign-up is enabled (`[auth.email] enable_signup`, default true, and
    /// `[auth] enable_signup`, default true). Severity is low (the CLI template writes it for
    /// local development), weighted by the file's environment.
    ///
    /// ## Why is this bad?
    /// Without confirmation anyone can register with someone else's address and is signed in at
    /// once; policies or invitations that trust the e-mail claim (`auth.jwt() ->> 'email'`, a
    /// company domain) then admit them.
    ///
    /// ## How to fix
    /// `enable_confirmations = true` for any configuration pushed to a hosted project.
    ///
    /// ## Example
    /// ```toml
    /// # Bad
    /// [auth.email]
    /// enable_confirmations = false
    /// ```
    ///
    /// ```toml
    /// # Good
    /// [auth.email]
    /// enable_confirmations = true
    /// ```
    ///
    /// ## References
    /// - Supabase CLI configuration, auth.email.enable_confirmations: <https://supabase.com/docs/guides/local-development/cli/config#auth.email.enable_confirmations>
    pub struct SupabaseEmailUnconfirmed {
        id: "supabase-email-unconfirmed",
        severity: Low,
        formats: [SupabaseConfig],
        tags: ["security", "supabase", "auth"],
        precision: "medium",
        summary: "supabase/config.toml lets e-mail sign-ups in without confirming the address",
    }
}

impl Rule for SupabaseEmailUnconfirmed {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<infra_lint_core::Finding>) {
        for (f, doc) in supabase_configs(model) {
            let on = |path: &[&str]| doc.root.path(path).and_then(|v| v.as_bool()).unwrap_or(true);
            if !on(&["auth", "enable_signup"]) || !on(&["auth", "email", "enable_signup"]) {
                continue;
            }
            let Some(v) = doc.root.path(&["auth", "email", "enable_confirmations"]) else { continue };
            if v.as_bool() != Some(false) {
                continue;
            }
            out.push(finding(
                model,
                Self::META.id,
                Severity::Low,
                v.span,
                format!("{}:auth.email.enable_confirmations", f.path),
                "e-mail sign-ups are not confirmed: anyone can register with someone else's address and is signed in \
                 at once"
                    .to_owned(),
                "set `enable_confirmations = true` in [auth.email] for any configuration used beyond local development",
            ));
        }
    }
}
