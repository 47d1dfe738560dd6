//! `rls-not-forced`: row-level security enabled but not forced in a Prisma project.

use infra_lint_core::{Finding, Model, Severity};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};
use crate::sql::missing_rls::{by_project, display_table};

declare_rule! {
    /// ## What it does
    /// In a Prisma migrations project, flags a table on which a migration runs
    /// `ENABLE ROW LEVEL SECURITY` but no migration runs `FORCE ROW LEVEL SECURITY`
    /// (and the table is not dropped later). It reports at the `ALTER TABLE … ENABLE` statement,
    /// with the `CREATE TABLE` as a related location.
    ///
    /// This is the medium-severity companion of `missing-rls`, kept as its own rule so it can be
    /// configured and suppressed on its own: the table does have RLS, but the usual Prisma
    /// set-up makes it ineffective.
    ///
    /// ## Why is this bad?
    /// PostgreSQL does not apply row-level security to a table's owner unless RLS is forced.
    /// Prisma applications usually connect with the same role that ran the migrations, which
    /// owns every table, so the policies are silently skipped for every query the application
    /// makes and tenants are not isolated after all.
    ///
    /// ## How to fix
    /// Add `ALTER TABLE … FORCE ROW LEVEL SECURITY;` in a migration (or connect the application
    /// with a role that does not own the tables and has no `BYPASSRLS`).
    ///
    /// ## Example
    /// ```sql
    /// -- Bad: prisma/migrations/20240101000000_rls/migration.sql
    /// ALTER TABLE "Document" ENABLE ROW LEVEL SECURITY;
    /// CREATE POLICY tenant_isolation ON "Document" USING ("teamId" = current_setting('app.team_id')::int);
    /// ```
    ///
    /// ```sql
    /// -- Good
    /// ALTER TABLE "Document" ENABLE ROW LEVEL SECURITY;
    /// ALTER TABLE "Document" FORCE ROW LEVEL SECURITY;
    /// CREATE POLICY tenant_isolation ON "Document" USING ("teamId" = current_setting('app.team_id')::int);
    /// ```
    ///
    /// ## References
    /// - PostgreSQL, ALTER TABLE … FORCE ROW LEVEL SECURITY: <https://www.postgresql.org/docs/current/sql-altertable.html>
    /// - PostgreSQL, Row Security Policies (table owners bypass RLS): <https://www.postgresql.org/docs/current/ddl-rowsecurity.html>
    pub struct RlsNotForced {
        id: "rls-not-forced",
        severity: Medium,
        formats: [Sql],
        tags: ["security", "sql", "rls", "prisma"],
        precision: "medium",
        summary: "Row-level security enabled without FORCE in a Prisma project (the table owner bypasses it)",
    }
}

impl Rule for RlsNotForced {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (project, tables) in by_project(model) {
            for t in tables.into_iter().filter(|t| t.flavour == "prisma" && !t.dropped) {
                let Some(enabled) = t.rls_enabled.last() else { continue };
                if !t.rls_forced.is_empty() {
                    continue;
                }
                let name = display_table(t);
                let env = model.env_of(*enabled);
                out.push(
                    Finding::new(
                        Self::META.id,
                        Severity::Medium.weigh(env),
                        *enabled,
                        format!(
                            "row-level security on table {name} is enabled but not forced: Prisma usually connects as \
                             the table owner, and PostgreSQL skips RLS policies for the owner unless FORCE ROW LEVEL \
                             SECURITY is set"
                        ),
                    )
                    .related(t.span, "table created here")
                    .fix(format!("add `ALTER TABLE {name} FORCE ROW LEVEL SECURITY;` in a migration"))
                    .key(format!("{project}:{}.{}", t.schema, t.name))
                    .env(env),
                );
            }
        }
    }
}
