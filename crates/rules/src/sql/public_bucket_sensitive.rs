//! `public-bucket-sensitive`: a public storage bucket named for private documents.

use infra_lint_core::{Model, Severity};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};
use crate::sql::pg::{finding, supabase};

declare_rule! {
    /// ## What it does
    /// Replays a Supabase project's migrations and flags a storage bucket made public
    /// (`insert into storage.buckets … public = true`, or a later `update … set public = true`)
    /// whose id or name says it holds private documents: identity documents (`id-documents`,
    /// `passports`, `kyc`, `licenses`, `verification`), financial papers (`invoices`,
    /// `receipts`, `statements`, `tax`, `payslips`), contracts, medical or health records,
    /// backups, or anything called `private`/`secret`/`confidential`. The finding points at the
    /// bucket's row (or the `update`).
    ///
    /// ## Why is this bad?
    /// Every object of a public bucket is served to anyone who has (or guesses) its URL, with no
    /// policy checked and no expiry; URLs leak through logs, referrers and shared links. Files
    /// like identity documents must be served with signed URLs from a private bucket.
    ///
    /// ## How to fix
    /// Make the bucket private (`public = false`) and hand out short-lived signed URLs
    /// (`createSignedUrl`) after checking the caller with `storage.objects` policies.
    ///
    /// ## Example
    /// ```sql
    /// -- Bad
    /// insert into storage.buckets (id, name, public) values ('id-documents', 'id-documents', true);
    /// ```
    ///
    /// ```sql
    /// -- Good
    /// insert into storage.buckets (id, name, public) values ('id-documents', 'id-documents', false);
    /// ```
    ///
    /// ## References
    /// - Supabase Storage, public and private buckets: <https://supabase.com/docs/guides/storage/buckets/fundamentals>
    pub struct PublicBucketSensitive {
        id: "public-bucket-sensitive",
        severity: High,
        formats: [Sql],
        tags: ["security", "sql", "storage", "supabase", "pii"],
        precision: "medium",
        summary: "A public Supabase storage bucket is named for private documents (identity, financial, medical)",
    }
}

/// Words (whole `-`/`_`-separated parts of a bucket id or name) that say the files are private.
const SENSITIVE: &[&str] = &[
    "id",
    "ids",
    "identity",
    "identities",
    "passport",
    "passports",
    "kyc",
    "license",
    "licenses",
    "licence",
    "licences",
    "verification",
    "verifications",
    "invoice",
    "invoices",
    "receipt",
    "receipts",
    "statement",
    "statements",
    "tax",
    "taxes",
    "payslip",
    "payslips",
    "payroll",
    "contract",
    "contracts",
    "medical",
    "health",
    "patient",
    "patients",
    "prescription",
    "prescriptions",
    "backup",
    "backups",
    "private",
    "secret",
    "secrets",
    "confidential",
    "ssn",
    "insurance",
    "bank",
];

/// The sensitive word of a bucket id or name, if any (`id-documents` → `id`).
fn sensitive_word(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    lower.split(|c: char| !c.is_ascii_alphanumeric()).find_map(|w| SENSITIVE.iter().find(|s| **s == w).copied())
}

impl Rule for PublicBucketSensitive {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<infra_lint_core::Finding>) {
        for p in supabase(model) {
            for b in p.buckets.iter().filter(|b| b.public) {
                let Some(word) = sensitive_word(&b.id).or_else(|| sensitive_word(&b.name)) else { continue };
                out.push(finding(
                    model,
                    Self::META.id,
                    Severity::High,
                    b.span,
                    format!("{}:bucket:{}", p.project, b.id),
                    format!(
                        "bucket \"{}\" is public but its name (\"{word}\") says it holds private documents: every file \
                         is served to anyone with its URL, without any policy or expiry",
                        b.name
                    ),
                    "make the bucket private and serve files with short-lived signed URLs after checking the caller",
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::sensitive_word;

    #[test]
    fn words() {
        assert_eq!(sensitive_word("id-documents"), Some("id"));
        assert_eq!(sensitive_word("user_invoices"), Some("invoices"));
        assert_eq!(sensitive_word("avatars"), None);
        assert_eq!(sensitive_word("videos"), None);
    }
}
