//! `rls-policy-always-true`: a Supabase row-level-security policy that lets the API roles write
//! (or read tenants') rows with a condition that is always true.

use std::collections::BTreeMap;

use infra_lint_core::discover::FileKind;
use infra_lint_core::parse::sql::{Flavour, PolicyClauses, PolicyExpr, StatementKind};
use infra_lint_core::parse::Document;
use infra_lint_core::{Finding, Model, Severity};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// In Supabase migrations, flags a permissive `CREATE POLICY` for a role the Data API uses
    /// (`public` — the default —, `anon` or `authenticated`) whose `USING` or `WITH CHECK`
    /// expression is constant true, when it grants:
    ///
    /// - `ALL`, `INSERT`, `UPDATE` or `DELETE`: anyone holding the anon key (or any signed-up
    ///   user) can change or delete every row;
    /// - `SELECT` on a table with a tenancy column (`org_id`, `tenant_id`, `account_id` …):
    ///   every tenant's rows are readable by everyone.
    ///
    /// On a table with a tenancy column, a condition that only checks that the caller is signed
    /// in (`auth.role() = 'authenticated'`, `auth.jwt() ->> 'role' = 'authenticated'`,
    /// `auth.uid() is not null`) is reported the same way: it is true for every user of every
    /// tenant.
    ///
    /// Public read policies (`FOR SELECT USING (true)` on a table without a tenancy column, such
    /// as a product catalogue) are fine and not reported. Policies dropped by a later migration
    /// (`DROP POLICY`) are not reported. The finding points at the `true` expression.
    ///
    /// ## Why is this bad?
    /// Row-level security only protects what its policies say. A policy whose condition is
    /// `true` turns RLS on in name only: the table looks protected in review while the API lets
    /// any client rewrite or wipe it.
    ///
    /// ## How to fix
    /// Replace `true` with a condition tying the row to the caller, e.g.
    /// `auth.uid() = user_id`, or restrict the policy `TO service_role`.
    ///
    /// ## Example
    /// ```sql
    /// -- Bad
    /// create policy "anyone can edit" on public.profiles for update using (true);
    /// ```
    ///
    /// ```sql
    /// -- Good
    /// create policy "users edit their profile" on public.profiles
    ///   for update using (auth.uid() = id) with check (auth.uid() = id);
    /// ```
    ///
    /// ## References
    /// - Supabase, Row Level Security: <https://supabase.com/docs/guides/database/postgres/row-level-security>
    /// - PostgreSQL, CREATE POLICY: <https://www.postgresql.org/docs/current/sql-createpolicy.html>
    pub struct RlsPolicyAlwaysTrue {
        id: "rls-policy-always-true",
        severity: High,
        formats: [Sql],
        tags: ["security", "sql", "rls", "supabase"],
        precision: "high",
        summary: "A Supabase RLS policy lets the API roles write (or read tenants') rows with a condition that is always true",
        aliases: ["0024_permissive_rls_policy", "permissive_rls_policy", "0024_rls_policy_always_true", "rls_policy_always_true"],
    }
}

/// Roles the Supabase Data API acts as.
fn api_roles(clauses: &PolicyClauses) -> bool {
    clauses.roles.is_empty() || clauses.roles.iter().any(|r| matches!(r.as_str(), "public" | "anon" | "authenticated"))
}

/// A live policy: its name and clauses.
struct Policy<'a> {
    name: &'a str,
    clauses: &'a PolicyClauses,
}

impl Rule for RlsPolicyAlwaysTrue {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        // Live policies per (project, schema, table, policy name), in migration order.
        let mut live: BTreeMap<(&str, String, String, &str), Policy<'_>> = BTreeMap::new();
        for f in model.files_of(FileKind::Sql) {
            let Some(Document::Sql(doc)) = &f.doc else { continue };
            if doc.flavour != Flavour::Supabase || doc.down {
                continue;
            }
            for st in &doc.statements {
                match &st.kind {
                    StatementKind::CreatePolicy { name, table, clauses } => {
                        let key = (
                            doc.project.as_str(),
                            table.schema_or_public().to_owned(),
                            table.name.clone(),
                            name.name.as_str(),
                        );
                        live.insert(key, Policy { name: &name.name, clauses });
                    }
                    StatementKind::DropPolicy { name, table } => {
                        let key = (
                            doc.project.as_str(),
                            table.schema_or_public().to_owned(),
                            table.name.clone(),
                            name.name.as_str(),
                        );
                        live.remove(&key);
                    }
                    _ => {}
                }
            }
        }
        // The latest table of each (project, schema, name), dropped or not.
        let tables: std::collections::HashMap<(&str, &str, &str), &crate::facts::SqlTable> =
            crate::facts::Facts::of(model)
                .tables
                .iter()
                .map(|t| ((t.project.as_str(), t.schema.as_str(), t.name.as_str()), t))
                .collect();
        for ((project, schema, table_name, _), p) in &live {
            let c = p.clauses;
            if c.restrictive || !api_roles(c) {
                continue;
            }
            let facts_table = tables.get(&(*project, schema.as_str(), table_name.as_str()));
            if facts_table.is_some_and(|t| t.dropped) {
                continue;
            }
            let always = |e: &Option<PolicyExpr>| e.as_ref().filter(|e| e.is_always_true()).map(|e| e.span);
            let tenancy = facts_table.and_then(|t| t.tenancy_columns.first());
            let signed_in = [&c.using, &c.with_check].into_iter().flatten().find(|e| signed_in_check(&e.text));
            let (span, what) = match (tenancy, signed_in) {
                (Some(col), Some(e)) => (
                    e.span,
                    format!(
                        "{} every tenant's rows as any signed-in user (the table has the tenancy column \"{}\" but the \
                         condition only checks that the caller is signed in)",
                        if c.command == "select" { "read" } else { "reach" },
                        col.0
                    ),
                ),
                _ => match c.command.as_str() {
                    "all" | "update" => match (always(&c.using), always(&c.with_check)) {
                        (Some(s), _) | (None, Some(s)) if c.command == "all" => {
                            (s, "read, insert, change and delete every row".to_owned())
                        }
                        (Some(s), _) | (None, Some(s)) => (s, "change every row".to_owned()),
                        _ => continue,
                    },
                    "delete" => match always(&c.using) {
                        Some(s) => (s, "delete every row".to_owned()),
                        None => continue,
                    },
                    "insert" => match always(&c.with_check) {
                        Some(s) => (s, "insert any row".to_owned()),
                        None => continue,
                    },
                    "select" => {
                        let Some(col) = facts_table.and_then(|t| t.tenancy_columns.first()) else { continue };
                        match always(&c.using) {
                            Some(s) => (
                                s,
                                format!("read every tenant's rows (the table has the tenancy column \"{}\")", col.0),
                            ),
                            None => continue,
                        }
                    }
                    _ => continue,
                },
            };
            let roles = if c.roles.is_empty() { "public".to_owned() } else { c.roles.join(", ") };
            let table = format!("{schema}.{table_name}");
            let env = model.env_of(span);
            let mut finding = Finding::new(
                Self::META.id,
                Severity::High.weigh(env),
                span,
                format!(
                    "policy \"{}\" on {table} lets the role(s) {roles}, which the Supabase Data API uses, {what}: \
                     its condition is always true",
                    p.name
                ),
            )
            .fix("replace `true` with a condition tying the row to the caller (e.g. `auth.uid() = user_id`) or restrict the policy `TO service_role`")
            .key(format!("{project}:{table}:policy:{}", p.name))
            .env(env);
            if let Some(t) = facts_table {
                finding = finding.related(t.span, "table created here");
            }
            out.push(finding);
        }
    }
}

/// Whether a condition only checks that the caller is signed in (true for every user of every
/// tenant).
fn signed_in_check(text: &str) -> bool {
    let s = crate::sql::pg::squash(crate::sql::rls_policy_null_auth_disjunct::strip_outer(text));
    let s = crate::sql::rls_policy_null_auth_disjunct::strip_outer(&s).to_owned();
    let s = s.replace("(selectauth.role())", "auth.role()").replace("(selectauth.uid())", "auth.uid()");
    let s = s.replace("::text", "");
    matches!(
        s.as_str(),
        "auth.role()='authenticated'"
            | "'authenticated'=auth.role()"
            | "(auth.jwt()->>'role')='authenticated'"
            | "auth.jwt()->>'role'='authenticated'"
            | "auth.uid()isnotnull"
            | "(auth.uid())isnotnull"
    )
}

#[cfg(test)]
mod tests {
    use super::signed_in_check;

    #[test]
    fn signed_in_checks() {
        assert!(signed_in_check("auth.role() = 'authenticated'"));
        assert!(signed_in_check("( (select auth.role()) = 'authenticated'::text )"));
        assert!(signed_in_check("auth.uid() IS NOT NULL"));
        assert!(!signed_in_check("auth.uid() = user_id"));
        assert!(!signed_in_check("auth.role() = 'authenticated' and org_id = my_org()"));
    }
}
