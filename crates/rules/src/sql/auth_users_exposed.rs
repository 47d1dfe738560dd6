//! `auth-users-exposed`: a view over `auth.users` that the API roles may read.

use infra_lint_core::model::pg::RelKind;
use infra_lint_core::{Model, Severity};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};
use crate::sql::pg::{finding, supabase, with_grant};

declare_rule! {
    /// ## What it does
    /// Replays a Supabase project's migrations and flags a view or materialized view in the
    /// `public` schema whose query reads `auth.users` and that `anon` or `authenticated` may
    /// select (in `public` they may by Supabase's default privileges unless a migration revokes
    /// it). The finding points at the view's name in its `CREATE VIEW`.
    ///
    /// ## Why is this bad?
    /// `auth.users` holds every account's e-mail, phone, metadata and sign-in details; the auth
    /// schema is kept out of the API on purpose. A view in `public` publishes it to anyone
    /// holding the anon key — and a view reads as its owner, so `auth.users` is read in full.
    ///
    /// ## How to fix
    /// Keep the view out of the exposed schemas (e.g. a `private` schema), or revoke `SELECT`
    /// from `anon` and `authenticated`; copy the few public profile fields into a `public.profiles`
    /// table protected by RLS instead.
    ///
    /// ## Example
    /// ```sql
    /// -- Bad
    /// create view public.members as select id, email from auth.users;
    /// ```
    ///
    /// ```sql
    /// -- Good
    /// create view private.members as select id, email from auth.users;
    /// ```
    ///
    /// ## References
    /// - Supabase database linter, 0002 auth_users_exposed: <https://supabase.com/docs/guides/database/database-linter?lint=0002_auth_users_exposed>
    pub struct AuthUsersExposed {
        id: "auth-users-exposed",
        severity: High,
        formats: [Sql],
        tags: ["security", "sql", "supabase", "splinter", "pii"],
        precision: "high",
        summary: "A view in public exposes auth.users to the Supabase API roles",
        aliases: ["0002_auth_users_exposed", "auth_users_exposed"],
    }
}

impl Rule for AuthUsersExposed {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<infra_lint_core::Finding>) {
        for p in supabase(model) {
            // A security_invoker view reads auth.users as the caller: row-level security on
            // auth.users (enabled by a migration) then applies.
            let users_rls = p.relation("auth", "users").is_some_and(|u| u.rls.is_some());
            for r in p.live_relations().filter(|r| {
                r.schema == "public"
                    && matches!(r.kind, RelKind::View | RelKind::MaterializedView)
                    && r.reads.iter().any(|(s, n)| s == "auth" && n == "users")
                    && !(r.security_invoker && users_rls)
            }) {
                let Some((role, granted)) = r.api_select() else { continue };
                let f = finding(
                    model,
                    Self::META.id,
                    Severity::High,
                    r.span,
                    format!("{}:{}.{}", p.project, r.schema, r.name),
                    format!(
                        "{} {} reads auth.users and `{role}` may select it through the Data API: account e-mails, \
                         phones and metadata are exposed",
                        r.kind.as_str(),
                        r.display()
                    ),
                    "move the view out of the exposed schemas or revoke SELECT on it from anon and authenticated",
                );
                out.push(with_grant(f, r, role, granted));
            }
        }
    }
}
