//! `fkey-to-auth-unique`: a foreign key to a unique (not primary key) column of the auth schema.

use infra_lint_core::{Model, Severity};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};
use crate::sql::pg::{finding, supabase, user_relations};

declare_rule! {
    /// ## What it does
    /// Replays a Supabase project's migrations and flags a foreign key from an application table
    /// to a table of the `auth` schema that references columns other than its primary key
    /// (`references auth.users (email)`, `(phone)` …) — a unique constraint Supabase Auth owns.
    ///
    /// ## Why is this bad?
    /// Supabase Auth manages its tables and their constraints; it may drop or change a unique
    /// constraint in an upgrade, which the foreign key then blocks (or breaks), and sign-ups or
    /// e-mail changes start failing on the application's constraint.
    ///
    /// ## How to fix
    /// Reference the primary key: `references auth.users (id)`.
    ///
    /// ## Example
    /// ```sql
    /// -- Bad
    /// create table public.profiles (id uuid primary key, phone text references auth.users (phone));
    /// ```
    ///
    /// ```sql
    /// -- Good
    /// create table public.profiles (id uuid primary key references auth.users (id));
    /// ```
    ///
    /// ## References
    /// - Supabase database linter, 0021 fkey_to_auth_unique: <https://supabase.com/docs/guides/database/database-linter?lint=0021_fkey_to_auth_unique>
    pub struct FkeyToAuthUnique {
        id: "fkey-to-auth-unique",
        severity: Medium,
        formats: [Sql],
        tags: ["sql", "supabase", "splinter"],
        precision: "high",
        summary: "A foreign key references a unique constraint that Supabase Auth owns",
        aliases: ["0021_fkey_to_auth_unique", "fkey_to_auth_unique"],
    }
}

impl Rule for FkeyToAuthUnique {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<infra_lint_core::Finding>) {
        for p in supabase(model) {
            for r in user_relations(p) {
                for fk in r.foreign_keys.iter().filter(|fk| {
                    fk.ref_schema == "auth" && !fk.ref_columns.is_empty() && fk.ref_columns.iter().any(|c| c != "id")
                }) {
                    out.push(finding(
                        model,
                        Self::META.id,
                        Severity::Medium,
                        fk.span,
                        format!("{}:{}.{}:fk:{}", p.project, r.schema, r.name, fk.columns.join(",")),
                        format!(
                            "table {} has a foreign key to auth.{} ({}), a unique constraint Supabase Auth owns and may \
                             change in an upgrade",
                            r.display(),
                            fk.ref_table,
                            fk.ref_columns.join(", ")
                        ),
                        "reference the auth table's primary key (`references auth.users (id)`)",
                    ));
                }
            }
        }
    }
}
