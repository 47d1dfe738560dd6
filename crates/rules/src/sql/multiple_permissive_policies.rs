//! `multiple-permissive-policies`: several permissive policies for one role and action.

use infra_lint_core::{Model, Severity};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};
use crate::sql::pg::{finding, supabase, user_relations};

declare_rule! {
    /// ## What it does
    /// Replays a Supabase project's migrations and flags a table where more than one permissive
    /// policy applies to the same API role (`anon` or `authenticated`; a policy without `TO`
    /// applies to both) for the same action (`SELECT`, `INSERT`, `UPDATE`, `DELETE`; `FOR ALL`
    /// counts for each). One finding per table and action, at the last of those policies. Low
    /// severity: it is a performance finding.
    ///
    /// ## Why is this bad?
    /// Permissive policies are OR-ed, and Postgres evaluates every one of them for every row.
    /// Merging them into one policy is faster and easier to review — overlapping permissive
    /// policies also make it easy to widen access by accident.
    ///
    /// ## How to fix
    /// Merge the policies into one (`using (a or b)`), or make the extra ones `AS RESTRICTIVE`
    /// when they are meant to narrow access.
    ///
    /// ## Example
    /// ```sql
    /// -- Bad
    /// create policy "own" on public.notes for select to authenticated using ((select auth.uid()) = owner);
    /// create policy "shared" on public.notes for select to authenticated using (shared);
    /// ```
    ///
    /// ```sql
    /// -- Good
    /// create policy "own or shared" on public.notes for select to authenticated
    ///   using ((select auth.uid()) = owner or shared);
    /// ```
    ///
    /// ## References
    /// - Supabase database linter, 0006 multiple_permissive_policies: <https://supabase.com/docs/guides/database/database-linter?lint=0006_multiple_permissive_policies>
    pub struct MultiplePermissivePolicies {
        id: "multiple-permissive-policies",
        severity: Low,
        formats: [Sql],
        tags: ["performance", "sql", "rls", "supabase", "splinter"],
        precision: "high",
        summary: "Several permissive policies apply to the same role and action on a table",
        aliases: ["0006_multiple_permissive_policies", "multiple_permissive_policies"],
    }
}

impl Rule for MultiplePermissivePolicies {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<infra_lint_core::Finding>) {
        for p in supabase(model) {
            for r in user_relations(p).filter(|r| r.rls.is_some()) {
                for action in ["select", "insert", "update", "delete"] {
                    let mut roles_hit = Vec::new();
                    let mut last = None;
                    let mut names = std::collections::BTreeSet::new();
                    for role in ["anon", "authenticated"] {
                        let pols: Vec<_> = r
                            .policies
                            .iter()
                            .filter(|pol| {
                                let c = &pol.clauses;
                                !c.restrictive
                                    && (c.command == action || c.command == "all")
                                    && (c.roles.is_empty() || c.roles.iter().any(|x| x == role || x == "public"))
                            })
                            .collect();
                        if pols.len() > 1 {
                            roles_hit.push(role);
                            for pol in &pols {
                                names.insert(format!("\"{}\"", pol.name));
                            }
                            let l = pols.iter().map(|p| p.span).max_by_key(|s| (s.file, s.start));
                            last = last.max(l.map(|s| (s.file, s.start, s)));
                        }
                    }
                    let Some((_, _, span)) = last else { continue };
                    out.push(finding(
                        model,
                        Self::META.id,
                        Severity::Low,
                        span,
                        format!("{}:{}.{}:{action}", p.project, r.schema, r.name),
                        format!(
                            "table {} has several permissive {} policies for {} ({}): each is evaluated for every row; \
                             merge them into one",
                            r.display(),
                            action.to_uppercase(),
                            roles_hit.join(" and "),
                            names.into_iter().collect::<Vec<_>>().join(", ")
                        ),
                        "merge the policies into one permissive policy (or make the narrowing ones AS RESTRICTIVE)",
                    ));
                }
            }
        }
    }
}
