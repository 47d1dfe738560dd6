//! `sensitive-columns-exposed`: a table with credential or PII columns readable through the API
//! without row-level security.

use infra_lint_core::model::pg::RelKind;
use infra_lint_core::{Model, Severity};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};
use crate::sql::pg::{api_relations, finding, supabase, with_grant};

declare_rule! {
    /// ## What it does
    /// Replays a Supabase project's migrations and flags a table in a schema the Data API
    /// exposes that `anon` or `authenticated` may select, has no row-level security, and has a
    /// column whose name says it holds credentials or personal data (`password`, `api_key`,
    /// `access_token`, `ssn`, `passport_number`, `credit_card`, `iban`, `medical_record` …;
    /// compared case-insensitively with `-` read as `_`). The finding points at the first such
    /// column.
    ///
    /// ## Why is this bad?
    /// Without RLS every row of the table — passwords, tokens, identity and card numbers — is
    /// returned to anyone holding the anon key.
    ///
    /// ## How to fix
    /// Enable row-level security with owner policies, move the secrets to a schema the API does
    /// not expose (or Supabase Vault), or revoke `SELECT` from `anon` and `authenticated`.
    ///
    /// ## Example
    /// ```sql
    /// -- Bad
    /// create table public.integrations (id bigint primary key, owner uuid, api_key text);
    /// ```
    ///
    /// ```sql
    /// -- Good
    /// create table public.integrations (id bigint primary key, owner uuid, api_key text);
    /// alter table public.integrations enable row level security;
    /// ```
    ///
    /// ## References
    /// - Supabase database linter, 0023 sensitive_columns_exposed: <https://supabase.com/docs/guides/database/database-linter?lint=0023_sensitive_columns_exposed>
    pub struct SensitiveColumnsExposed {
        id: "sensitive-columns-exposed",
        severity: Critical,
        formats: [Sql],
        tags: ["security", "sql", "rls", "supabase", "splinter", "pii"],
        precision: "high",
        summary: "A table with credential or personal-data columns is readable through the Supabase API without RLS",
        aliases: ["0023_sensitive_columns_exposed", "sensitive_columns_exposed"],
    }
}

/// Column names that hold credentials or personal data (exact, lower case, `-` as `_`).
const SENSITIVE: &[&str] = &[
    "password",
    "passwd",
    "pwd",
    "passphrase",
    "secret",
    "secret_key",
    "private_key",
    "api_key",
    "apikey",
    "auth_key",
    "token",
    "jwt",
    "access_token",
    "refresh_token",
    "oauth_token",
    "session_token",
    "bearer_token",
    "auth_code",
    "session_id",
    "session_key",
    "session_secret",
    "recovery_code",
    "backup_code",
    "verification_code",
    "otp",
    "two_factor",
    "2fa_secret",
    "2fa_code",
    "ssn",
    "social_security",
    "social_security_number",
    "driver_license",
    "drivers_license",
    "license_number",
    "passport_number",
    "passport_id",
    "national_id",
    "tax_id",
    "credit_card",
    "card_number",
    "cvv",
    "cvc",
    "cvn",
    "bank_account",
    "account_number",
    "routing_number",
    "iban",
    "swift_code",
    "bic",
    "health_record",
    "medical_record",
    "patient_id",
    "insurance_number",
    "health_insurance",
    "medical_insurance",
    "treatment",
    "mac_address",
    "macaddr",
    "imei",
    "device_uuid",
    "pgp_key",
    "gpg_key",
    "ssh_key",
    "certificate",
    "license_key",
    "activation_key",
    "facial_recognition",
];

impl Rule for SensitiveColumnsExposed {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<infra_lint_core::Finding>) {
        for p in supabase(model) {
            for r in api_relations(p).filter(|r| r.kind == RelKind::Table && r.rls.is_none()) {
                let Some((role, granted)) = r.api_select() else { continue };
                let cols: Vec<_> = r
                    .columns
                    .iter()
                    .filter(|c| SENSITIVE.contains(&c.name.to_lowercase().replace('-', "_").as_str()))
                    .collect();
                let Some(first) = cols.first() else { continue };
                let names: Vec<&str> = cols.iter().map(|c| c.name.as_str()).collect();
                let f = finding(
                    model,
                    Self::META.id,
                    Severity::Critical,
                    first.span,
                    format!("{}:{}.{}", p.project, r.schema, r.name),
                    format!(
                        "table {} has sensitive column(s) ({}) and is readable by `{role}` through the Data API \
                         without row-level security: every row is exposed to anyone holding the anon key",
                        r.display(),
                        names.join(", ")
                    ),
                    "enable row-level security with owner policies, or move the secrets out of the exposed schemas",
                )
                .related(r.span, "table created here");
                out.push(with_grant(f, r, role, granted));
            }
        }
    }
}
