//! `rls-policy-null-auth-disjunct`: `auth.uid() is null or …` lets every anonymous request in.

use infra_lint_core::model::pg::is_system_schema;
use infra_lint_core::{Model, Severity};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};
use crate::sql::pg::{finding, squash, supabase};

declare_rule! {
    /// ## What it does
    /// Replays a Supabase project's migrations and flags a permissive `SELECT` (or `ALL`)
    /// policy for `public`, `anon` or `authenticated`, on a table with row-level security
    /// enabled, whose `USING` is an `OR` at the top level with one branch that is true when an
    /// auth function returns NULL: `auth.uid() is null`, `auth.jwt() is null`,
    /// `auth.role() is null`, `current_setting('…', true) is null`, or
    /// `not (auth.uid() is not null)`. An `OR` nested under an `AND` is not reported.
    ///
    /// ## Why is this bad?
    /// For a request without a session (the anon key) `auth.uid()` is NULL, so that branch is
    /// true and the policy returns every row — the opposite of what was meant (`is not null
    /// and …`).
    ///
    /// ## How to fix
    /// Remove the `is null` branch, or turn it into a guard: `auth.uid() is not null and owner = auth.uid()`.
    ///
    /// ## Example
    /// ```sql
    /// -- Bad
    /// create policy "own rows" on public.notes for select using (auth.uid() is null or owner = auth.uid());
    /// ```
    ///
    /// ```sql
    /// -- Good
    /// create policy "own rows" on public.notes for select using (owner = (select auth.uid()));
    /// ```
    ///
    /// ## References
    /// - Supabase database linter, 0030 rls_policy_null_auth_disjunct: <https://supabase.com/docs/guides/database/database-linter?lint=0030_rls_policy_null_auth_disjunct>
    pub struct RlsPolicyNullAuthDisjunct {
        id: "rls-policy-null-auth-disjunct",
        severity: High,
        formats: [Sql],
        tags: ["security", "sql", "rls", "supabase", "splinter"],
        precision: "high",
        summary: "A read policy is true for every request without a session (auth.uid() is null or …)",
        aliases: ["0030_rls_policy_null_auth_disjunct", "rls_policy_null_auth_disjunct"],
    }
}

/// Strip one pair of parentheses around the whole text when they match each other.
pub(crate) fn strip_outer(s: &str) -> &str {
    let mut s = s.trim();
    loop {
        let Some(inner) = s.strip_prefix('(').and_then(|i| i.strip_suffix(')')) else { return s };
        let mut depth = 0i32;
        let balanced = inner.chars().all(|c| {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                _ => {}
            }
            depth >= 0
        });
        if !balanced || depth != 0 {
            return s;
        }
        s = inner.trim();
    }
}

/// Top-level parts of `s` split at the word `sep` (outside parentheses and quotes).
fn split_top<'a>(s: &'a str, sep: &str) -> Vec<&'a str> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let (mut depth, mut quote, mut start, mut i) = (0i32, false, 0usize, 0usize);
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c == b'.';
    while i < b.len() {
        let c = b.get(i).copied().unwrap_or(0);
        if c == b'\'' {
            quote = !quote;
        } else if !quote {
            if c == b'(' {
                depth += 1;
            } else if c == b')' {
                depth -= 1;
            } else if depth == 0
                && s.get(i..i + sep.len()).is_some_and(|w| w.eq_ignore_ascii_case(sep))
                && (i == 0 || !word(b.get(i - 1).copied().unwrap_or(0)))
                && !word(b.get(i + sep.len()).copied().unwrap_or(0))
            {
                out.push(s.get(start..i).unwrap_or(""));
                i += sep.len();
                start = i;
                continue;
            }
        }
        i += 1;
    }
    out.push(s.get(start..).unwrap_or(""));
    out
}

/// Whether a disjunct is exactly a null check of an auth function.
fn is_null_check(d: &str) -> bool {
    let s = squash(strip_outer(d));
    let fns = ["auth.uid()", "auth.jwt()", "auth.role()"];
    if fns.iter().any(|f| s == format!("{f}isnull") || s == format!("not({f}isnotnull)")) {
        return true;
    }
    s.starts_with("current_setting(") && (s.ends_with(",true)isnull") || s.ends_with(",'true')isnull"))
}

/// Whether a `USING` expression has a top-level `OR` with a null-auth branch.
pub(crate) fn null_auth_disjunct(expr: &str) -> bool {
    let s = strip_outer(expr);
    if split_top(s, "and").len() > 1 {
        return false;
    }
    let parts = split_top(s, "or");
    parts.len() > 1 && parts.iter().any(|d| is_null_check(d))
}

impl Rule for RlsPolicyNullAuthDisjunct {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<infra_lint_core::Finding>) {
        for p in supabase(model) {
            for r in p.live_relations().filter(|r| r.rls.is_some() && !is_system_schema(&r.schema)) {
                for pol in &r.policies {
                    let c = &pol.clauses;
                    if c.restrictive || !matches!(c.command.as_str(), "select" | "all") || !pol.for_api_roles() {
                        continue;
                    }
                    let Some(u) = c.using.as_ref().filter(|u| null_auth_disjunct(&u.text)) else { continue };
                    out.push(
                        finding(
                            model,
                            Self::META.id,
                            Severity::High,
                            u.span,
                            format!("{}:{}.{}:policy:{}", p.project, r.schema, r.name, pol.name),
                            format!(
                                "policy \"{}\" on {} has an `… is null OR …` branch on an auth function: for every \
                                 request without a session it is true, so it returns every row",
                                pol.name,
                                r.display()
                            ),
                            "remove the `is null` branch or make it a guard (`auth.uid() is not null and …`)",
                        )
                        .related(r.span, "table created here"),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::null_auth_disjunct;

    #[test]
    fn shapes() {
        assert!(null_auth_disjunct("auth.uid() IS NULL OR owner_id = auth.uid()"));
        assert!(null_auth_disjunct("(owner = auth.uid()) or (not (auth.uid() is not null))"));
        assert!(null_auth_disjunct("current_setting('request.jwt.claim.sub', true) is null or x = 1"));
        assert!(!null_auth_disjunct("auth.uid() is not null and (auth.uid() is null or owner = auth.uid())"));
        assert!(!null_auth_disjunct("author_id = auth.uid() or is_public"));
        assert!(!null_auth_disjunct("owner is null or owner = auth.uid()"));
    }
}
