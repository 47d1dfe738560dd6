//! `auth-rls-initplan`: `auth.<fn>()` in a policy is evaluated for every row.

use infra_lint_core::{Model, Severity};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};
use crate::sql::pg::{finding, supabase};

declare_rule! {
    /// ## What it does
    /// Replays a Supabase project's migrations and flags a policy, on a table with row-level
    /// security enabled, whose `USING` or `WITH CHECK` calls `auth.uid()`, `auth.jwt()`,
    /// `auth.role()` or `auth.email()` without wrapping it in a sub-select
    /// (`(select auth.uid())`). Low severity: it is a performance finding.
    ///
    /// ## Why is this bad?
    /// A bare call is re-evaluated for each row the query scans; wrapped in `(select …)` Postgres
    /// computes it once per statement (an init plan). On large tables the difference is orders
    /// of magnitude, and slow policies push teams towards the service-role key.
    ///
    /// ## How to fix
    /// Write `(select auth.uid())` instead of `auth.uid()` in the policy.
    ///
    /// ## Example
    /// ```sql
    /// -- Bad
    /// create policy "own" on public.notes using (auth.uid() = owner);
    /// ```
    ///
    /// ```sql
    /// -- Good
    /// create policy "own" on public.notes using ((select auth.uid()) = owner);
    /// ```
    ///
    /// ## References
    /// - Supabase database linter, 0003 auth_rls_initplan: <https://supabase.com/docs/guides/database/database-linter?lint=0003_auth_rls_initplan>
    /// - Supabase, RLS performance: <https://supabase.com/docs/guides/database/postgres/row-level-security#call-functions-with-select>
    pub struct AuthRlsInitplan {
        id: "auth-rls-initplan",
        severity: Low,
        formats: [Sql],
        tags: ["performance", "sql", "rls", "supabase", "splinter"],
        precision: "high",
        summary: "A policy calls auth.<function>() per row instead of once (select auth.<function>())",
        aliases: ["0003_auth_rls_initplan", "auth_rls_initplan"],
    }
}

/// Whether an expression calls an auth function bare (and never wrapped in a sub-select).
fn bare_auth_call(text: &str) -> bool {
    let lower = text.to_lowercase();
    let squashed: String = lower.split_whitespace().collect::<Vec<_>>().join(" ");
    let fns = ["auth.uid()", "auth.jwt()", "auth.role()", "auth.email()"];
    fns.iter().any(|f| squashed.replace(" (", "(").replace("( ", "(").contains(f))
        && !fns.iter().any(|f| squashed.contains(&format!("select {f}")))
}

impl Rule for AuthRlsInitplan {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<infra_lint_core::Finding>) {
        for p in supabase(model) {
            for r in p.live_relations().filter(|r| r.rls.is_some()) {
                for pol in &r.policies {
                    let Some(e) = [&pol.clauses.using, &pol.clauses.with_check]
                        .into_iter()
                        .flatten()
                        .find(|e| bare_auth_call(&e.text))
                    else {
                        continue;
                    };
                    out.push(finding(
                        model,
                        Self::META.id,
                        Severity::Low,
                        e.span,
                        format!("{}:{}.{}:policy:{}", p.project, r.schema, r.name, pol.name),
                        format!(
                            "policy \"{}\" on {} calls an auth function per row: wrap it as `(select auth.uid())` so it \
                             is evaluated once per query",
                            pol.name,
                            r.display()
                        ),
                        "replace `auth.uid()` (and jwt/role/email) with `(select auth.uid())` in the policy",
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::bare_auth_call;

    #[test]
    fn wrapped_or_bare() {
        assert!(bare_auth_call("auth.uid() = owner"));
        assert!(!bare_auth_call("(select auth.uid()) = owner"));
        assert!(!bare_auth_call("owner = current_user"));
    }
}
