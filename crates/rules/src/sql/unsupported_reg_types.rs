//! `unsupported-reg-types`: columns of `reg*` types that block `pg_upgrade`.

use infra_lint_core::{Model, Severity};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};
use crate::sql::pg::{finding, supabase};

declare_rule! {
    /// ## What it does
    /// Replays a Supabase project's migrations and flags a table column whose type is one of
    /// the `reg*` OID alias types `pg_upgrade` cannot carry over: `regcollation`, `regconfig`,
    /// `regdictionary`, `regnamespace`, `regoper`, `regoperator`, `regproc`, `regprocedure`
    /// (`regclass`, `regtype` and `regrole` are fine).
    ///
    /// ## Why is this bad?
    /// These columns store OIDs that differ in the upgraded cluster, so `pg_upgrade` refuses to
    /// run: the project cannot be moved to a new Postgres version (and its security fixes)
    /// until the column is changed.
    ///
    /// ## How to fix
    /// Store the object's name as `text` (and cast with `::regproc` etc. when reading).
    ///
    /// ## Example
    /// ```sql
    /// -- Bad
    /// create table public.hooks (id bigint primary key, handler regproc);
    /// ```
    ///
    /// ```sql
    /// -- Good
    /// create table public.hooks (id bigint primary key, handler text);
    /// ```
    ///
    /// ## References
    /// - Supabase database linter, 0018 unsupported_reg_types: <https://supabase.com/docs/guides/database/database-linter?lint=unsupported_reg_types>
    /// - PostgreSQL, pg_upgrade: <https://www.postgresql.org/docs/current/pgupgrade.html>
    pub struct UnsupportedRegTypes {
        id: "unsupported-reg-types",
        severity: Low,
        formats: [Sql],
        tags: ["sql", "supabase", "splinter", "operations"],
        precision: "high",
        summary: "A column uses a reg* type that blocks pg_upgrade",
        aliases: ["0018_unsupported_reg_types", "unsupported_reg_types"],
    }
}

const REG_TYPES: &[&str] = &[
    "regcollation",
    "regconfig",
    "regdictionary",
    "regnamespace",
    "regoper",
    "regoperator",
    "regproc",
    "regprocedure",
];

impl Rule for UnsupportedRegTypes {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<infra_lint_core::Finding>) {
        for p in supabase(model) {
            for r in p
                .live_relations()
                .filter(|r| !matches!(r.schema.as_str(), "pg_catalog" | "information_schema" | "pgsodium"))
            {
                for c in &r.columns {
                    let ty = c
                        .definition
                        .split(|ch: char| ch.is_whitespace() || ch == '[' || ch == '(')
                        .next()
                        .unwrap_or("");
                    let ty = ty.trim_start_matches("pg_catalog.").to_ascii_lowercase();
                    if !REG_TYPES.contains(&ty.as_str()) {
                        continue;
                    }
                    out.push(finding(
                        model,
                        Self::META.id,
                        Severity::Low,
                        c.span,
                        format!("{}:{}.{}.{}", p.project, r.schema, r.name, c.name),
                        format!(
                            "column {}.{} has the type {ty}, which pg_upgrade cannot carry over: the database cannot be \
                             upgraded to a new Postgres version while it exists",
                            r.display(),
                            c.name
                        ),
                        "store the object's name as text instead",
                    ));
                }
            }
        }
    }
}
