//! `graphql-table-exposed`: with pg_graphql installed, relations the API roles may select are
//! visible in GraphQL introspection.

use infra_lint_core::{Model, Severity};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};
use crate::sql::pg::{finding, supabase, user_relations, with_grant};

declare_rule! {
    /// ## What it does
    /// Replays a Supabase project's migrations and, when they install `pg_graphql`
    /// (`create extension pg_graphql`), flags each table, view or materialized view outside the
    /// schemas Supabase manages that `anon` (or `authenticated`) may select. It is a low,
    /// informational finding: the object's name, columns and relationships are listed by
    /// `/graphql/v1` introspection, even when RLS hides its rows.
    ///
    /// ## Why is this bad?
    /// Introspection reflects the caller's privileges: anyone holding the anon key learns the
    /// shape of every object `anon` can select (and any signed-up user, of what
    /// `authenticated` can), which helps in probing for gaps in its policies.
    ///
    /// ## How to fix
    /// Revoke `SELECT` from the role on objects that need not be discoverable, or disable
    /// introspection/`pg_graphql` if GraphQL is unused (`drop extension pg_graphql`).
    ///
    /// ## Example
    /// ```sql
    /// -- Reported
    /// create extension pg_graphql;
    /// create table public.audit_log (id bigint primary key, detail jsonb);
    /// ```
    ///
    /// ```sql
    /// -- Not reported
    /// create extension pg_graphql;
    /// create table public.audit_log (id bigint primary key, detail jsonb);
    /// revoke select on public.audit_log from anon, authenticated;
    /// ```
    ///
    /// ## References
    /// - Supabase database linter, 0026 pg_graphql_anon_table_exposed: <https://supabase.com/docs/guides/database/database-linter?lint=0026_pg_graphql_anon_table_exposed>
    /// - Supabase database linter, 0027 pg_graphql_authenticated_table_exposed: <https://supabase.com/docs/guides/database/database-linter?lint=0027_pg_graphql_authenticated_table_exposed>
    pub struct GraphqlTableExposed {
        id: "graphql-table-exposed",
        severity: Low,
        formats: [Sql],
        tags: ["security", "sql", "supabase", "splinter", "graphql"],
        precision: "high",
        summary: "With pg_graphql installed, a relation the API roles may select is visible in GraphQL introspection",
        aliases: [
            "0026_pg_graphql_anon_table_exposed",
            "pg_graphql_anon_table_exposed",
            "0027_pg_graphql_authenticated_table_exposed",
            "pg_graphql_authenticated_table_exposed",
        ],
    }
}

impl Rule for GraphqlTableExposed {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<infra_lint_core::Finding>) {
        for p in supabase(model).filter(|p| p.has_extension("pg_graphql")) {
            let ext = p.extensions.iter().find(|e| !e.dropped && e.name == "pg_graphql").map(|e| e.span);
            for r in user_relations(p) {
                let Some((role, granted)) = r.api_select() else { continue };
                let mut f = finding(
                    model,
                    Self::META.id,
                    Severity::Low,
                    r.span,
                    format!("{}:{}.{}", p.project, r.schema, r.name),
                    format!(
                        "pg_graphql is installed and `{role}` may select {} {}: its name, columns and relationships \
                         are listed by /graphql/v1 introspection",
                        r.kind.as_str(),
                        r.display()
                    ),
                    "revoke SELECT from the role if the object need not be discoverable, or drop pg_graphql if unused",
                );
                f = with_grant(f, r, role, granted);
                if let Some(s) = ext {
                    f = f.related(s, "pg_graphql installed here");
                }
                out.push(f);
            }
        }
    }
}
