//! `unindexed-foreign-keys`: a foreign key whose columns no index leads with.

use infra_lint_core::{Model, Severity};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};
use crate::sql::pg::{finding, supabase, user_relations};

declare_rule! {
    /// ## What it does
    /// Replays a Supabase project's migrations and flags a foreign key when no index of the
    /// table (`CREATE INDEX`, primary key or unique constraint) starts with the foreign key's
    /// columns. Low severity: it is a performance finding.
    ///
    /// ## Why is this bad?
    /// Joins on the key and row-level-security policies that follow it scan the whole table, and
    /// every delete or key update in the referenced table scans it too (to check or cascade).
    ///
    /// ## How to fix
    /// `CREATE INDEX ON table (fk_column);`
    ///
    /// ## Example
    /// ```sql
    /// -- Bad
    /// create table public.comments (id bigint primary key, post_id bigint references public.posts (id));
    /// ```
    ///
    /// ```sql
    /// -- Good
    /// create table public.comments (id bigint primary key, post_id bigint references public.posts (id));
    /// create index on public.comments (post_id);
    /// ```
    ///
    /// ## References
    /// - Supabase database linter, 0001 unindexed_foreign_keys: <https://supabase.com/docs/guides/database/database-linter?lint=0001_unindexed_foreign_keys>
    pub struct UnindexedForeignKeys {
        id: "unindexed-foreign-keys",
        severity: Low,
        formats: [Sql],
        tags: ["performance", "sql", "supabase", "splinter"],
        precision: "high",
        summary: "A foreign key has no covering index",
        aliases: ["0001_unindexed_foreign_keys", "unindexed_foreign_keys"],
    }
}

impl Rule for UnindexedForeignKeys {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<infra_lint_core::Finding>) {
        for p in supabase(model) {
            for r in user_relations(p) {
                for fk in &r.foreign_keys {
                    let n = fk.columns.len();
                    let covered = r.indexes.iter().any(|i| {
                        i.columns.len() >= n && {
                            let mut lead: Vec<&String> = i.columns.iter().take(n).collect();
                            let mut cols: Vec<&String> = fk.columns.iter().collect();
                            lead.sort();
                            cols.sort();
                            lead == cols
                        }
                    });
                    if covered || n == 0 {
                        continue;
                    }
                    out.push(finding(
                        model,
                        Self::META.id,
                        Severity::Low,
                        fk.span,
                        format!("{}:{}.{}:fk:{}", p.project, r.schema, r.name, fk.columns.join(",")),
                        format!(
                            "foreign key {} ({}) → {}.{} has no index starting with its columns: joins, policies and \
                             deletes in the referenced table scan {}",
                            r.display(),
                            fk.columns.join(", "),
                            fk.ref_schema,
                            fk.ref_table,
                            r.display()
                        ),
                        "create an index on the foreign key's columns",
                    ));
                }
            }
        }
    }
}
