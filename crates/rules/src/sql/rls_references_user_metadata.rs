//! `rls-references-user-metadata`: a policy trusts `user_metadata`, which users edit themselves.

use infra_lint_core::model::pg::is_system_schema;
use infra_lint_core::{Model, Severity};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};
use crate::sql::pg::{finding, squash, supabase};

declare_rule! {
    /// ## What it does
    /// Replays a Supabase project's migrations and flags a live policy whose `USING` or
    /// `WITH CHECK` reads `user_metadata` from the JWT (`auth.jwt() -> 'user_metadata'`, or the
    /// `request.jwt.claims` setting). The finding points at the expression.
    ///
    /// ## Why is this bad?
    /// `user_metadata` is written by the signed-in user (`supabase.auth.updateUser({ data })`).
    /// A policy like `auth.jwt() -> 'user_metadata' ->> 'role' = 'admin'` lets any user make
    /// themselves admin.
    ///
    /// ## How to fix
    /// Decide on `app_metadata` (only the service role writes it), or on a table the user cannot
    /// write (e.g. `public.memberships`).
    ///
    /// ## Example
    /// ```sql
    /// -- Bad
    /// create policy "admins" on public.reports using ((auth.jwt() -> 'user_metadata' ->> 'role') = 'admin');
    /// ```
    ///
    /// ```sql
    /// -- Good
    /// create policy "admins" on public.reports using ((auth.jwt() -> 'app_metadata' ->> 'role') = 'admin');
    /// ```
    ///
    /// ## References
    /// - Supabase database linter, 0015 rls_references_user_metadata: <https://supabase.com/docs/guides/database/database-linter?lint=0015_rls_references_user_metadata>
    pub struct RlsReferencesUserMetadata {
        id: "rls-references-user-metadata",
        severity: High,
        formats: [Sql],
        tags: ["security", "sql", "rls", "supabase", "splinter"],
        precision: "high",
        summary: "A row-level-security policy trusts user_metadata, which users can edit themselves",
        aliases: ["0015_rls_references_user_metadata", "rls_references_user_metadata"],
    }
}

/// Whether an expression reads `user_metadata` from the JWT.
fn reads_user_metadata(text: &str) -> bool {
    let s = squash(text);
    let Some(meta) = s.find("user_metadata") else { return false };
    let head = &s[..meta];
    head.contains("auth.jwt()") || (head.contains("current_setting(") && head.contains("request.jwt.claim"))
}

impl Rule for RlsReferencesUserMetadata {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<infra_lint_core::Finding>) {
        for p in supabase(model) {
            for r in p.live_relations().filter(|r| !is_system_schema(&r.schema) || r.schema == "storage") {
                for pol in &r.policies {
                    let hit = [&pol.clauses.using, &pol.clauses.with_check]
                        .into_iter()
                        .flatten()
                        .find(|e| reads_user_metadata(&e.text));
                    let Some(e) = hit else { continue };
                    out.push(
                        finding(
                            model,
                            Self::META.id,
                            Severity::High,
                            e.span,
                            format!("{}:{}.{}:policy:{}", p.project, r.schema, r.name, pol.name),
                            format!(
                                "policy \"{}\" on {} decides on the JWT's user_metadata, which every user can edit \
                                 about themselves",
                                pol.name,
                                r.display()
                            ),
                            "decide on app_metadata (set only by the service role) or on a table users cannot write",
                        )
                        .related(r.span, "table created here"),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::reads_user_metadata;

    #[test]
    fn user_metadata_reads() {
        assert!(reads_user_metadata("(auth.jwt() -> 'user_metadata' ->> 'role') = 'admin'"));
        assert!(reads_user_metadata("current_setting('request.jwt.claims', true)::json -> 'user_metadata'"));
        assert!(!reads_user_metadata("(auth.jwt() -> 'app_metadata' ->> 'role') = 'admin'"));
    }
}
