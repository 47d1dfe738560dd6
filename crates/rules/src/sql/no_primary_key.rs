//! `no-primary-key`: a table without a primary key.

use infra_lint_core::model::pg::RelKind;
use infra_lint_core::{Model, Severity};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};
use crate::sql::pg::{finding, supabase, user_relations};

declare_rule! {
    /// ## What it does
    /// Replays a Supabase project's migrations and flags a table, outside the schemas Supabase
    /// manages, that no migration gives a primary key (inline, as a table constraint, or by
    /// `ALTER TABLE … ADD PRIMARY KEY`). Low severity: it is a performance and operations finding.
    ///
    /// ## Why is this bad?
    /// Without a primary key rows cannot be addressed reliably: logical replication (and
    /// Supabase Realtime) cannot send updates and deletes, the API cannot update one row safely,
    /// and duplicate rows creep in.
    ///
    /// ## How to fix
    /// Add a primary key (`id bigint generated always as identity primary key`).
    ///
    /// ## Example
    /// ```sql
    /// -- Bad
    /// create table public.events (name text, at timestamptz);
    /// ```
    ///
    /// ```sql
    /// -- Good
    /// create table public.events (id bigint generated always as identity primary key, name text, at timestamptz);
    /// ```
    ///
    /// ## References
    /// - Supabase database linter, 0004 no_primary_key: <https://supabase.com/docs/guides/database/database-linter?lint=0004_no_primary_key>
    pub struct NoPrimaryKey {
        id: "no-primary-key",
        severity: Low,
        formats: [Sql],
        tags: ["performance", "sql", "supabase", "splinter"],
        precision: "high",
        summary: "A table has no primary key",
        aliases: ["0004_no_primary_key", "no_primary_key"],
    }
}

impl Rule for NoPrimaryKey {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<infra_lint_core::Finding>) {
        for p in supabase(model) {
            for r in user_relations(p).filter(|r| r.kind == RelKind::Table && r.primary_key.is_none() && !r.queue) {
                out.push(finding(
                    model,
                    Self::META.id,
                    Severity::Low,
                    r.span,
                    format!("{}:{}.{}", p.project, r.schema, r.name),
                    format!(
                        "table {} has no primary key: replication and Realtime cannot carry its updates and deletes, and \
                         rows cannot be addressed reliably",
                        r.display()
                    ),
                    "add a primary key (e.g. `id bigint generated always as identity primary key`)",
                ));
            }
        }
    }
}
