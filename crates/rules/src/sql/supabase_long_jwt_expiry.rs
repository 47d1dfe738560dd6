//! `supabase-long-jwt-expiry`: access tokens that live for more than a day.

use infra_lint_core::{Model, Severity};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};
use crate::sql::pg::{finding, supabase_configs};

declare_rule! {
    /// ## What it does
    /// Flags `[auth] jwt_expiry` above 86400 seconds (one day) in `supabase/config.toml`; the
    /// default is 3600. Severity is medium, weighted by the file's environment.
    ///
    /// ## Why is this bad?
    /// An access token cannot be revoked: signing out, banning a user or removing them from a
    /// team does not stop a stolen or leaked token until it expires, and row-level-security
    /// policies that read claims (`app_metadata` roles) keep seeing the old claims that long.
    ///
    /// ## How to fix
    /// Keep `jwt_expiry` at an hour or less and rely on refresh tokens for long sessions.
    ///
    /// ## Example
    /// ```toml
    /// # Bad
    /// [auth]
    /// jwt_expiry = 604800
    /// ```
    ///
    /// ```toml
    /// # Good
    /// [auth]
    /// jwt_expiry = 3600
    /// ```
    ///
    /// ## References
    /// - Supabase, JWTs and sessions: <https://supabase.com/docs/guides/auth/sessions>
    pub struct SupabaseLongJwtExpiry {
        id: "supabase-long-jwt-expiry",
        severity: Medium,
        formats: [SupabaseConfig],
        tags: ["security", "supabase", "auth"],
        precision: "high",
        summary: "supabase/config.toml lets access tokens live for more than a day",
    }
}

impl Rule for SupabaseLongJwtExpiry {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<infra_lint_core::Finding>) {
        for (f, doc) in supabase_configs(model) {
            let Some(v) = doc.root.path(&["auth", "jwt_expiry"]) else { continue };
            let Some(secs) = v.as_i64().filter(|s| *s > 86_400) else { continue };
            out.push(finding(
                model,
                Self::META.id,
                Severity::Medium,
                v.span,
                format!("{}:auth.jwt_expiry", f.path),
                format!(
                    "access tokens live {secs} seconds (about {} hours): a leaked token, or one of a user who was signed \
                     out or removed, stays valid that long",
                    secs / 3600
                ),
                "keep `jwt_expiry` at 3600 seconds or less; refresh tokens keep sessions alive",
            ));
        }
    }
}
