//! `missing-rls`: a table that should be behind row-level security and is not.

use std::collections::BTreeMap;

use crate::facts::SqlTable;
use infra_lint_core::{Finding, Model, Severity};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Follows every table through all SQL migrations of a project (Prisma, Supabase or plain;
    /// a project is the directory holding `migrations/`), in migration order, with drops and
    /// renames followed, and flags the `CREATE TABLE` of a table that should be behind
    /// row-level security (RLS) and is not:
    ///
    /// - in a Supabase project, every table in the `public` schema (the Data API exposes it);
    /// - in a project whose migrations enable RLS on any table, every table with a tenancy
    ///   column (`tenant_id`, `tenantId`, `org_id`, `organization_id`, `account_id`,
    ///   `workspace_id`, `team_id`, in snake or camel case; configurable, see below).
    ///
    /// "Not behind RLS" means no migration runs `ENABLE ROW LEVEL SECURITY` on it (later
    /// migrations count), or RLS is enabled but no migration creates a policy for it. One
    /// exception: in Supabase, RLS enabled with no policy on a table without a tenancy column
    /// denies every API role, which is how private tables (e.g. a user → Stripe customer map)
    /// are meant to be written, so it is left to the low `rls-enabled-no-policy` note. With a tenancy column it stays
    /// high: a multi-tenant table nobody can read through the API is being read with the
    /// service-role key, which bypasses RLS.
    ///
    /// A non-Supabase project that uses no RLS at all gets no finding per table: it gets one
    /// `low` note, at its first tenancy table, saying that tenant isolation rests on
    /// application code alone. Supabase projects are the exception on purpose: their `public`
    /// tables are reachable with the public anon key whether or not the project uses RLS, so
    /// each one is reported.
    ///
    /// Severity is high (weighted by environment).
    ///
    /// The tenancy columns are configurable in `.infra-lint.toml` (names are compared in any
    /// case, with or without underscores; `rls-policy-always-true` uses the same list):
    ///
    /// ```toml
    /// [sql]
    /// extend-tenancy-columns = ["customer_id", "shop_id"]  # added to the built-in list
    /// # tenancy-columns = ["customer_id"]                  # replaces the built-in list
    /// ```
    ///
    /// ## Why is this bad?
    /// Without RLS the database returns every tenant's rows to any query that reaches the table.
    /// In Supabase that is anyone holding the anon key shipped in the front end; elsewhere, one
    /// missing `WHERE tenant_id = …` in application code leaks another customer's data, while the
    /// rest of the schema suggests the database enforces isolation.
    ///
    /// ## How to fix
    /// In a new migration, enable RLS on the table and create policies that restrict rows to
    /// their owner or tenant.
    ///
    /// ## Example
    /// ```sql
    /// -- Bad: supabase/migrations/20240101000000_init.sql
    /// create table public.notes (id uuid primary key, owner uuid, body text);
    /// ```
    ///
    /// ```sql
    /// -- Good
    /// create table public.notes (id uuid primary key, owner uuid, body text);
    /// alter table public.notes enable row level security;
    /// create policy "owners read their notes" on public.notes
    ///   for select using (auth.uid() = owner);
    /// ```
    ///
    /// ## References
    /// - PostgreSQL, Row Security Policies: <https://www.postgresql.org/docs/current/ddl-rowsecurity.html>
    /// - Supabase, Row Level Security: <https://supabase.com/docs/guides/database/postgres/row-level-security>
    pub struct MissingRls {
        id: "missing-rls",
        severity: High,
        formats: [Sql],
        tags: ["security", "sql", "rls", "multi-tenancy"],
        precision: "medium",
        summary: "A table that should be behind row-level security is not",
        aliases: ["0013_rls_disabled_in_public", "rls_disabled_in_public"],
    }
}

/// `schema.name`, quoting parts that need it.
pub(crate) fn display_table(t: &SqlTable) -> String {
    fn q(s: &str) -> String {
        let plain = s.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c == '_')
            && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if plain {
            s.to_owned()
        } else {
            format!("\"{}\"", s.replace('"', "\"\""))
        }
    }
    format!("{}.{}", q(&t.schema), q(&t.name))
}

/// Tables grouped by migrations project, in migration order.
pub(crate) fn by_project(model: &Model) -> BTreeMap<&str, Vec<&SqlTable>> {
    let mut map: BTreeMap<&str, Vec<&SqlTable>> = BTreeMap::new();
    for t in &crate::facts::Facts::of(model).tables {
        map.entry(t.project.as_str()).or_default().push(t);
    }
    map
}

impl Rule for MissingRls {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        let id = Self::META.id;
        for (project, tables) in by_project(model) {
            let uses_rls = tables.iter().any(|t| !t.rls_enabled.is_empty());
            let mut quiet_tenancy: Vec<&SqlTable> = Vec::new();
            for t in tables.iter().copied().filter(|t| !t.dropped) {
                let supabase_public = t.flavour == "supabase" && t.schema == "public";
                let tenancy = t.tenancy_columns.first();
                if !supabase_public && tenancy.is_some() && !uses_rls {
                    quiet_tenancy.push(t);
                    continue;
                }
                if !supabase_public && tenancy.is_none() {
                    continue;
                }
                let name = display_table(t);
                let why = if supabase_public {
                    "is in Supabase's public schema, which the Data API exposes to anyone holding the anon key"
                        .to_owned()
                } else {
                    let col = tenancy.map_or("", |(c, _)| c.as_str());
                    format!("has the tenancy column \"{col}\" and this project uses row-level security elsewhere")
                };
                let env = model.env_of(t.span);
                let finding = if t.rls_enabled.is_empty() {
                    Finding::new(
                        id,
                        Severity::High.weigh(env),
                        t.span,
                        format!(
                            "table {name} {why}, but no migration leaves row-level security enabled on it: every \
                             row is returned to any query that reaches the table"
                        ),
                    )
                    .fix(format!(
                        "add a migration with `ALTER TABLE {name} ENABLE ROW LEVEL SECURITY;` and policies that \
                         restrict rows to their owner or tenant"
                    ))
                } else if t.policies.is_empty() {
                    let (sev, what) = if t.flavour == "supabase" && tenancy.is_none() {
                        // A private table: `rls-enabled-no-policy` notes it.
                        continue;
                    } else if t.flavour == "supabase" {
                        (
                            Severity::High.weigh(env),
                            "so every API role is denied and the app can only read this multi-tenant table with \
                             the service-role key, which bypasses RLS: tenant isolation is not in the database",
                        )
                    } else {
                        (
                            Severity::High.weigh(env),
                            "so isolation depends on the connecting role (the owner and BYPASSRLS roles see every \
                             row, others see none) instead of on tenant rules",
                        )
                    };
                    let mut f = Finding::new(
                        id,
                        sev,
                        t.span,
                        format!("table {name} {why}; row-level security is enabled but no migration creates a policy for it, {what}"),
                    )
                    .fix(format!("add `CREATE POLICY … ON {name} USING (…)` restricting rows to their owner or tenant"));
                    for s in &t.rls_enabled {
                        f = f.related(*s, "row-level security enabled here");
                    }
                    f
                } else {
                    continue;
                };
                let mut finding = finding.key(format!("{project}:{}.{}", t.schema, t.name)).env(env);
                if let Some((c, s)) = tenancy {
                    finding = finding.related(*s, format!("tenancy column \"{c}\""));
                }
                out.push(finding);
            }
            // A project with no RLS at all: one low note, not one finding per table.
            if let Some(first) = quiet_tenancy.first() {
                let names: Vec<String> = quiet_tenancy.iter().take(5).map(|t| display_table(t)).collect();
                let more = quiet_tenancy.len().saturating_sub(names.len());
                let list = if more > 0 { format!("{} and {more} more", names.join(", ")) } else { names.join(", ") };
                let env = model.env_of(first.span);
                let mut f = Finding::new(
                    id,
                    Severity::Low,
                    first.span,
                    format!(
                        "migrations project \"{project}\" has {} table(s) with tenancy columns ({list}) and no \
                         migration enables row-level security: tenant isolation rests on application queries alone",
                        quiet_tenancy.len()
                    ),
                )
                .fix("consider enabling row-level security with tenant policies on the multi-tenant tables")
                .key(format!("{project}:no-rls"))
                .env(env);
                if let Some((c, s)) = first.tenancy_columns.first() {
                    f = f.related(*s, format!("tenancy column \"{c}\""));
                }
                out.push(f);
            }
        }
    }
}
