//! `duplicate-index`: two identical indexes on one table.

use infra_lint_core::{Model, Severity};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};
use crate::sql::pg::{finding, supabase, user_relations};

declare_rule! {
    /// ## What it does
    /// Replays a Supabase project's migrations and flags an index that duplicates an earlier
    /// live index of the same table: same uniqueness, access method, key columns or
    /// expressions, and `INCLUDE`/`WHERE` clause (indexes behind primary keys and unique
    /// constraints count). The finding points at the later one. Low severity: it is a
    /// performance finding.
    ///
    /// ## Why is this bad?
    /// Every write maintains both indexes and both take space and cache, for no read benefit.
    ///
    /// ## How to fix
    /// Drop one of them (`DROP INDEX …`).
    ///
    /// ## Example
    /// ```sql
    /// -- Bad
    /// create index comments_post on public.comments (post_id);
    /// create index comments_post_id_idx on public.comments (post_id);
    /// ```
    ///
    /// ```sql
    /// -- Good
    /// create index comments_post on public.comments (post_id);
    /// ```
    ///
    /// ## References
    /// - Supabase database linter, 0009 duplicate_index: <https://supabase.com/docs/guides/database/database-linter?lint=0009_duplicate_index>
    pub struct DuplicateIndex {
        id: "duplicate-index",
        severity: Low,
        formats: [Sql],
        tags: ["performance", "sql", "supabase", "splinter"],
        precision: "high",
        summary: "An index duplicates another index of the same table",
        aliases: ["0009_duplicate_index", "duplicate_index"],
    }
}

impl Rule for DuplicateIndex {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<infra_lint_core::Finding>) {
        for p in supabase(model) {
            for r in user_relations(p) {
                for (i, ix) in r.indexes.iter().enumerate() {
                    let earlier = r.indexes.iter().take(i).find(|o| {
                        o.unique == ix.unique && o.method == ix.method && o.columns == ix.columns && o.tail == ix.tail
                    });
                    let Some(o) = earlier else { continue };
                    let name = ix.name.clone().unwrap_or_else(|| "(unnamed)".to_owned());
                    out.push(
                        finding(
                            model,
                            Self::META.id,
                            Severity::Low,
                            ix.span,
                            format!("{}:{}.{}:index:{name}:{i}", p.project, r.schema, r.name),
                            format!(
                                "index {name} on {} ({}) duplicates {}: both are maintained on every write",
                                r.display(),
                                ix.columns.join(", "),
                                o.name.clone().unwrap_or_else(|| "an earlier index".to_owned())
                            ),
                            "drop one of the two indexes",
                        )
                        .related(o.span, "the same index created here"),
                    );
                }
            }
        }
    }
}
