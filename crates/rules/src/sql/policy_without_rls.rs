//! `policy-without-rls`: policies exist on a table whose row-level security is off.

use infra_lint_core::{Model, Severity};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};
use crate::sql::pg::{finding, supabase, user_relations};

declare_rule! {
    /// ## What it does
    /// Replays a Supabase project's migrations and flags a table that has row-level-security
    /// policies while RLS is not enabled on it (never enabled, or disabled by a later
    /// `DISABLE ROW LEVEL SECURITY`). The finding points at the `CREATE TABLE` (or at the
    /// `DISABLE`), with the policies as related locations.
    ///
    /// ## Why is this bad?
    /// Policies do nothing until RLS is enabled: the table looks protected in review while every
    /// role with table privileges — in Supabase, `anon` and `authenticated` — reads and writes
    /// every row.
    ///
    /// ## How to fix
    /// `ALTER TABLE … ENABLE ROW LEVEL SECURITY;` in a new migration.
    ///
    /// ## Example
    /// ```sql
    /// -- Bad
    /// create table public.notes (id bigint primary key, owner uuid);
    /// create policy "own notes" on public.notes using (auth.uid() = owner);
    /// ```
    ///
    /// ```sql
    /// -- Good
    /// create table public.notes (id bigint primary key, owner uuid);
    /// alter table public.notes enable row level security;
    /// create policy "own notes" on public.notes using (auth.uid() = owner);
    /// ```
    ///
    /// ## References
    /// - Supabase database linter, 0007 policy_exists_rls_disabled: <https://supabase.com/docs/guides/database/database-linter?lint=0007_policy_exists_rls_disabled>
    pub struct PolicyWithoutRls {
        id: "policy-without-rls",
        severity: High,
        formats: [Sql],
        tags: ["security", "sql", "rls", "supabase", "splinter"],
        precision: "high",
        summary: "A table has row-level-security policies but RLS is not enabled, so they do nothing",
        aliases: ["0007_policy_exists_rls_disabled", "policy_exists_rls_disabled"],
    }
}

impl Rule for PolicyWithoutRls {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<infra_lint_core::Finding>) {
        for p in supabase(model) {
            for r in user_relations(p).filter(|r| r.rls.is_none() && !r.policies.is_empty()) {
                let at = r.rls_disabled.unwrap_or(r.span);
                let names: Vec<String> = r.policies.iter().map(|p| format!("\"{}\"", p.name)).collect();
                let mut f = finding(
                    model,
                    Self::META.id,
                    Severity::High,
                    at,
                    format!("{}:{}.{}", p.project, r.schema, r.name),
                    format!(
                        "table {} has policies ({}) but row-level security is {}: the policies are not applied and \
                         every role with table privileges sees every row",
                        r.display(),
                        names.join(", "),
                        if r.rls_disabled.is_some() { "disabled here" } else { "never enabled" }
                    ),
                    "enable row-level security on the table in a new migration",
                );
                if at != r.span {
                    f = f.related(r.span, "table created here");
                }
                for pol in &r.policies {
                    f = f.related(pol.span, format!("policy \"{}\"", pol.name));
                }
                out.push(f);
            }
        }
    }
}
