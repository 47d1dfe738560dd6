//! `materialized-view-in-api` and `foreign-table-in-api`: relations RLS cannot protect, exposed
//! through the Data API.

use infra_lint_core::model::pg::RelKind;
use infra_lint_core::{Finding, Model, Severity};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};
use crate::sql::pg::{api_relations, finding, supabase, with_grant};

declare_rule! {
    /// ## What it does
    /// Replays a Supabase project's migrations and flags a materialized view in a schema the
    /// Data API exposes (`public` by default) that `anon` or `authenticated` may select. The
    /// finding points at its name in `CREATE MATERIALIZED VIEW`.
    ///
    /// ## Why is this bad?
    /// A materialized view is a snapshot without row-level security: it cannot have policies,
    /// and it was filled as its owner, so every row of the tables it reads is served to any
    /// client holding the anon key.
    ///
    /// ## How to fix
    /// Create it in a schema the API does not expose, or revoke `SELECT` on it from `anon` and
    /// `authenticated` and serve it through a function that checks the caller.
    ///
    /// ## Example
    /// ```sql
    /// -- Bad
    /// create materialized view public.sales_by_user as select user_id, sum(total) from public.orders group by 1;
    /// ```
    ///
    /// ```sql
    /// -- Good
    /// create materialized view private.sales_by_user as select user_id, sum(total) from public.orders group by 1;
    /// ```
    ///
    /// ## References
    /// - Supabase database linter, 0016 materialized_view_in_api: <https://supabase.com/docs/guides/database/database-linter?lint=0016_materialized_view_in_api>
    pub struct MaterializedViewInApi {
        id: "materialized-view-in-api",
        severity: Medium,
        formats: [Sql],
        tags: ["security", "sql", "rls", "supabase", "splinter"],
        precision: "high",
        summary: "A materialized view (no row-level security) is exposed through the Supabase Data API",
        aliases: ["0016_materialized_view_in_api", "materialized_view_in_api"],
    }
}

declare_rule! {
    /// ## What it does
    /// Replays a Supabase project's migrations and flags a foreign table (`CREATE FOREIGN TABLE`)
    /// in a schema the Data API exposes that `anon` or `authenticated` may select.
    ///
    /// ## Why is this bad?
    /// Foreign tables do not support row-level security: every row the remote server returns to
    /// the foreign server's user mapping is served to any client holding the anon key.
    ///
    /// ## How to fix
    /// Create foreign tables in a schema the API does not expose, or revoke `SELECT` on them
    /// from `anon` and `authenticated`.
    ///
    /// ## Example
    /// ```sql
    /// -- Bad
    /// create foreign table public.stripe_customers (id text, email text) server stripe_server;
    /// ```
    ///
    /// ```sql
    /// -- Good
    /// create foreign table private.stripe_customers (id text, email text) server stripe_server;
    /// ```
    ///
    /// ## References
    /// - Supabase database linter, 0017 foreign_table_in_api: <https://supabase.com/docs/guides/database/database-linter?lint=0017_foreign_table_in_api>
    pub struct ForeignTableInApi {
        id: "foreign-table-in-api",
        severity: Medium,
        formats: [Sql],
        tags: ["security", "sql", "rls", "supabase", "splinter"],
        precision: "high",
        summary: "A foreign table (no row-level security) is exposed through the Supabase Data API",
        aliases: ["0017_foreign_table_in_api", "foreign_table_in_api"],
    }
}

fn check_kind(model: &Model, id: &'static str, kind: RelKind, out: &mut Vec<Finding>) {
    for p in supabase(model) {
        for r in api_relations(p).filter(|r| r.kind == kind) {
            let Some((role, granted)) = r.api_select() else { continue };
            let f = finding(
                model,
                id,
                Severity::Medium,
                r.span,
                format!("{}:{}.{}", p.project, r.schema, r.name),
                format!(
                    "{} {} is exposed through the Data API to `{role}`: it cannot have row-level security, so every \
                     row is served to API clients",
                    r.kind.as_str(),
                    r.display()
                ),
                "move it to a schema the API does not expose or revoke SELECT on it from anon and authenticated",
            );
            out.push(with_grant(f, r, role, granted));
        }
    }
}

impl Rule for MaterializedViewInApi {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        check_kind(model, Self::META.id, RelKind::MaterializedView, out);
    }
}

impl Rule for ForeignTableInApi {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        check_kind(model, Self::META.id, RelKind::ForeignTable, out);
    }
}
