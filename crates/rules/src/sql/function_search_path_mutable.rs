//! `function-search-path-mutable`: a function whose `search_path` is not pinned.

use infra_lint_core::model::pg::is_system_schema;
use infra_lint_core::{Model, Severity};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};
use crate::sql::pg::{finding, supabase};

declare_rule! {
    /// ## What it does
    /// Replays a Supabase project's migrations and flags each function or procedure outside the
    /// schemas Supabase manages whose definition (or a later `ALTER FUNCTION`) does not set
    /// `search_path` (`SET search_path = ''`). `SECURITY DEFINER` functions are reported at
    /// medium severity, others at low. The finding points at the function's name in its last
    /// `CREATE [OR REPLACE] FUNCTION`.
    ///
    /// ## Why is this bad?
    /// Unqualified names in the body resolve through the caller's `search_path`. A caller who can
    /// create objects in a schema early on that path can substitute their own table, operator or
    /// function; in a `SECURITY DEFINER` function that code then runs with the owner's rights.
    ///
    /// ## How to fix
    /// Add `SET search_path = ''` to the function and schema-qualify the names in its body (or
    /// pin a fixed list such as `SET search_path = public, pg_temp`).
    ///
    /// ## Example
    /// ```sql
    /// -- Bad
    /// create function public.owner_of(doc bigint) returns uuid language sql
    ///   as $$ select owner from documents where id = doc $$;
    /// ```
    ///
    /// ```sql
    /// -- Good
    /// create function public.owner_of(doc bigint) returns uuid language sql set search_path = ''
    ///   as $$ select owner from public.documents where id = doc $$;
    /// ```
    ///
    /// ## References
    /// - Supabase database linter, 0011 function_search_path_mutable: <https://supabase.com/docs/guides/database/database-linter?lint=0011_function_search_path_mutable>
    /// - PostgreSQL, writing SECURITY DEFINER functions safely: <https://www.postgresql.org/docs/current/sql-createfunction.html#SQL-CREATEFUNCTION-SECURITY>
    pub struct FunctionSearchPathMutable {
        id: "function-search-path-mutable",
        severity: Medium,
        formats: [Sql],
        tags: ["security", "sql", "supabase", "splinter"],
        precision: "high",
        summary: "A function does not pin its search_path",
        aliases: ["0011_function_search_path_mutable", "function_search_path_mutable"],
    }
}

impl Rule for FunctionSearchPathMutable {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<infra_lint_core::Finding>) {
        for p in supabase(model) {
            for f in p.live_functions().filter(|f| !f.search_path && !is_system_schema(&f.schema)) {
                let (sev, what) = if f.security_definer {
                    (Severity::Medium, "SECURITY DEFINER function")
                } else {
                    (Severity::Low, "function")
                };
                let mut fi = finding(
                    model,
                    Self::META.id,
                    sev,
                    f.span,
                    format!("{}:{}.{}({})", p.project, f.schema, f.name, f.args),
                    format!(
                        "{what} {}.{}({}) does not set search_path: unqualified names in its body resolve through \
                         the caller's search_path",
                        f.schema, f.name, f.args
                    ),
                    "add `SET search_path = ''` to the function and schema-qualify the names in its body",
                );
                for s in &f.altered {
                    fi = fi.related(*s, "altered here");
                }
                out.push(fi);
            }
        }
    }
}
