//! `security-definer-view`: a view the Data API exposes that runs with its owner's rights.

use infra_lint_core::model::pg::RelKind;
use infra_lint_core::{Model, Severity};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};
use crate::sql::pg::{api_relations, finding, supabase, with_grant};

declare_rule! {
    /// ## What it does
    /// Replays a Supabase project's migrations and flags each view in a schema the Data API
    /// exposes (`[api] schemas` of `supabase/config.toml`, `public` by default) that `anon` or
    /// `authenticated` may select and that is not created `WITH (security_invoker = true)` (nor
    /// switched on later with `ALTER VIEW … SET (security_invoker = …)`). The finding points at
    /// the view's name in the `CREATE VIEW` that made it so.
    ///
    /// ## Why is this bad?
    /// A Postgres view checks permissions and row-level security as the view's owner — the
    /// migration role, which bypasses RLS — unless it is a `security_invoker` view. Any client
    /// holding the anon key reads every row of the tables under the view, whatever their
    /// policies say.
    ///
    /// ## How to fix
    /// Create the view `WITH (security_invoker = true)` (Postgres 15+), or
    /// `ALTER VIEW … SET (security_invoker = true)`, or revoke `SELECT` on it from `anon` and
    /// `authenticated`.
    ///
    /// ## Example
    /// ```sql
    /// -- Bad
    /// create view public.order_totals as select user_id, sum(total) from public.orders group by 1;
    /// ```
    ///
    /// ```sql
    /// -- Good
    /// create view public.order_totals with (security_invoker = true) as
    ///   select user_id, sum(total) from public.orders group by 1;
    /// ```
    ///
    /// ## References
    /// - Supabase database linter, 0010 security_definer_view: <https://supabase.com/docs/guides/database/database-linter?lint=0010_security_definer_view>
    /// - PostgreSQL, CREATE VIEW: <https://www.postgresql.org/docs/current/sql-createview.html>
    pub struct SecurityDefinerView {
        id: "security-definer-view",
        severity: High,
        formats: [Sql],
        tags: ["security", "sql", "rls", "supabase", "splinter"],
        precision: "high",
        summary: "A view exposed through the Supabase Data API bypasses row-level security (no security_invoker)",
        aliases: ["0010_security_definer_view", "security_definer_view"],
    }
}

impl Rule for SecurityDefinerView {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<infra_lint_core::Finding>) {
        for p in supabase(model) {
            for r in api_relations(p).filter(|r| r.kind == RelKind::View && !r.security_invoker) {
                let Some((role, granted)) = r.api_select() else { continue };
                let name = r.display();
                let mut f = finding(
                    model,
                    Self::META.id,
                    Severity::High,
                    r.span,
                    format!("{}:{}.{}", p.project, r.schema, r.name),
                    format!(
                        "view {name} is exposed through the Data API to `{role}` and is not a security_invoker view: \
                         it reads its tables as its owner, bypassing their row-level security"
                    ),
                    "create the view `WITH (security_invoker = true)` or revoke `SELECT` on it from anon and authenticated",
                );
                f = with_grant(f, r, role, granted);
                if let Some(s) = r.invoker_span.filter(|s| *s != r.stmt) {
                    f = f.related(s, "security_invoker switched off here");
                }
                out.push(f);
            }
        }
    }
}
