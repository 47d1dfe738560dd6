//! `extension-in-public`: an extension installed into the `public` schema.

use infra_lint_core::{Model, Severity};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};
use crate::sql::pg::{finding, supabase};

declare_rule! {
    /// ## What it does
    /// Replays a Supabase project's migrations and flags `CREATE EXTENSION` that installs an
    /// extension into `public` — with `SCHEMA public`, or without a `SCHEMA` clause (the
    /// migration role's `search_path` starts with `public`) — unless a later
    /// `ALTER EXTENSION … SET SCHEMA` moves it. Extensions whose control file pins their own
    /// schema (`plpgsql`, `pg_cron`, `pg_graphql`, `pgsodium`, `supabase_vault`, `pgmq`, `pg_net`)
    /// are not reported.
    ///
    /// ## Why is this bad?
    /// Everything the extension defines lands in the schema the Data API exposes: its functions
    /// become callable RPC endpoints and its tables readable objects, and its objects mix with
    /// the application's (name clashes, `search_path` tricks).
    ///
    /// ## How to fix
    /// `CREATE EXTENSION … WITH SCHEMA extensions;` (or `ALTER EXTENSION … SET SCHEMA extensions;`).
    ///
    /// ## Example
    /// ```sql
    /// -- Bad
    /// create extension pg_trgm;
    /// ```
    ///
    /// ```sql
    /// -- Good
    /// create extension pg_trgm with schema extensions;
    /// ```
    ///
    /// ## References
    /// - Supabase database linter, 0014 extension_in_public: <https://supabase.com/docs/guides/database/database-linter?lint=0014_extension_in_public>
    pub struct ExtensionInPublic {
        id: "extension-in-public",
        severity: Low,
        formats: [Sql],
        tags: ["security", "sql", "supabase", "splinter"],
        precision: "high",
        summary: "An extension is installed into the public schema the API exposes",
        aliases: ["0014_extension_in_public", "extension_in_public"],
    }
}

impl Rule for ExtensionInPublic {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<infra_lint_core::Finding>) {
        for p in supabase(model) {
            for e in p.extensions.iter().filter(|e| !e.dropped && e.schema == "public" && e.name != "plpgsql") {
                out.push(finding(
                    model,
                    Self::META.id,
                    Severity::Low,
                    e.span,
                    format!("{}:extension:{}", p.project, e.name),
                    format!(
                        "extension {} is installed in the public schema: its functions and tables are exposed with \
                         the application's through the Data API",
                        e.name
                    ),
                    "install it with `WITH SCHEMA extensions` (or move it with `ALTER EXTENSION … SET SCHEMA extensions`)",
                ));
            }
        }
    }
}
