//! `rls-enabled-no-policy`: row-level security on, but no policy, on a table the API exposes.

use infra_lint_core::model::pg::RelKind;
use infra_lint_core::{Model, Severity};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};
use crate::sql::pg::{api_relations, finding, supabase};

declare_rule! {
    /// ## What it does
    /// Replays a Supabase project's migrations and notes a table in a schema the Data API
    /// exposes (`public` by default) that has row-level security enabled and no policy left
    /// (none created, or all dropped). Low severity: it is safe — every API role is denied —
    /// and it is how private tables are written, but an app that reads the table through the
    /// API gets nothing back. (Multi-tenant tables in this state are reported by `missing-rls`.)
    ///
    /// ## Why is this bad?
    /// Either the table is meant to be private, and then it is better kept out of the exposed
    /// schemas, or the app reads it, and then someone will "fix" the empty results with the
    /// service-role key or a `using (true)` policy.
    ///
    /// ## How to fix
    /// Add the policies the app needs, or move a private table to a schema the API does not
    /// expose.
    ///
    /// ## Example
    /// ```sql
    /// -- Reported
    /// create table public.notes (id bigint primary key, owner uuid);
    /// alter table public.notes enable row level security;
    /// ```
    ///
    /// ```sql
    /// -- Not reported
    /// create table public.notes (id bigint primary key, owner uuid);
    /// alter table public.notes enable row level security;
    /// create policy "own notes" on public.notes using ((select auth.uid()) = owner);
    /// ```
    ///
    /// ## References
    /// - Supabase database linter, 0008 rls_enabled_no_policy: <https://supabase.com/docs/guides/database/database-linter?lint=0008_rls_enabled_no_policy>
    pub struct RlsEnabledNoPolicy {
        id: "rls-enabled-no-policy",
        severity: Low,
        formats: [Sql],
        tags: ["sql", "rls", "supabase", "splinter"],
        precision: "high",
        summary: "A table the Supabase API exposes has row-level security enabled but no policy",
        aliases: ["0008_rls_enabled_no_policy", "rls_enabled_no_policy"],
    }
}

impl Rule for RlsEnabledNoPolicy {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<infra_lint_core::Finding>) {
        for p in supabase(model) {
            for r in api_relations(p).filter(|r| r.kind == RelKind::Table && !r.queue && r.policies.is_empty()) {
                let Some(enabled) = r.rls else { continue };
                out.push(
                    finding(
                        model,
                        Self::META.id,
                        Severity::Low,
                        r.span,
                        format!("{}:{}.{}", p.project, r.schema, r.name),
                        format!(
                            "table {} has row-level security enabled but no policy: every API role is denied (fine for \
                             a private table, which is better kept out of the exposed schemas)",
                            r.display()
                        ),
                        "add the policies the app needs, or move a private table out of the exposed schemas",
                    )
                    .related(enabled, "row-level security enabled here"),
                );
            }
        }
    }
}
