//! `public-bucket-allows-listing`: a public storage bucket whose objects anyone can list.

use infra_lint_core::model::pg::PgPolicy;
use infra_lint_core::{Model, Severity};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};
use crate::sql::pg::{finding, squash, supabase};

declare_rule! {
    /// ## What it does
    /// Replays a Supabase project's migrations and flags a public storage bucket
    /// (`insert into storage.buckets … public = true`, or an `update` that makes it public) when a
    /// permissive `SELECT` (or `ALL`) policy on `storage.objects` for `public`, `anon` or
    /// `authenticated` has no condition, an always-true one, or only `bucket_id = '<bucket>'`.
    /// The finding points at the bucket's row, with the policies as related locations.
    ///
    /// ## Why is this bad?
    /// A public bucket serves each object by its URL without any policy. A broad `SELECT` policy
    /// adds the listing API on top: any client holding the anon key enumerates every file in the
    /// bucket — other users' uploads included — instead of fetching only URLs it was given.
    ///
    /// ## How to fix
    /// Drop the broad `SELECT` policy (public URLs keep working), or scope it to the owner, e.g.
    /// `bucket_id = 'avatars' and owner_id = (select auth.uid())::text`.
    ///
    /// ## Example
    /// ```sql
    /// -- Bad
    /// insert into storage.buckets (id, name, public) values ('avatars', 'avatars', true);
    /// create policy "read avatars" on storage.objects for select using (bucket_id = 'avatars');
    /// ```
    ///
    /// ```sql
    /// -- Good
    /// insert into storage.buckets (id, name, public) values ('avatars', 'avatars', true);
    /// ```
    ///
    /// ## References
    /// - Supabase database linter, 0025 public_bucket_allows_listing: <https://supabase.com/docs/guides/database/database-linter?lint=0025_public_bucket_allows_listing>
    /// - Supabase Storage, public buckets: <https://supabase.com/docs/guides/storage/buckets/fundamentals>
    pub struct PublicBucketAllowsListing {
        id: "public-bucket-allows-listing",
        severity: Medium,
        formats: [Sql],
        tags: ["security", "sql", "storage", "supabase", "splinter"],
        precision: "high",
        summary: "A public Supabase storage bucket has a broad SELECT policy that lets anyone list its files",
        aliases: ["0025_public_bucket_allows_listing", "public_bucket_allows_listing"],
    }
}

/// Whether a policy on `storage.objects` lets the API roles list bucket `id`.
fn lists(p: &PgPolicy, id: &str) -> bool {
    let c = &p.clauses;
    if c.restrictive || !matches!(c.command.as_str(), "select" | "all") || !p.for_api_roles() {
        return false;
    }
    let Some(using) = &c.using else { return true };
    let mut s = squash(&using.text);
    while s.starts_with('(') && s.ends_with(')') {
        s = s[1..s.len() - 1].to_owned();
    }
    if matches!(s.as_str(), "true" | "1=1") {
        return true;
    }
    let lit = format!("'{}'", id.replace('\'', "''")).to_lowercase();
    let Some(rest) = s.strip_prefix("bucket_id=").or_else(|| s.strip_prefix("storage.objects.bucket_id=")) else {
        return false;
    };
    let rest = rest.split("::").next().unwrap_or(rest);
    rest == lit
}

impl Rule for PublicBucketAllowsListing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<infra_lint_core::Finding>) {
        for p in supabase(model) {
            let Some(objects) = p.relation("storage", "objects") else { continue };
            for b in p.buckets.iter().filter(|b| b.public) {
                let pols: Vec<&PgPolicy> = objects.policies.iter().filter(|pol| lists(pol, &b.id)).collect();
                if pols.is_empty() {
                    continue;
                }
                let names: Vec<String> = pols.iter().map(|p| format!("\"{}\"", p.name)).collect();
                let mut f = finding(
                    model,
                    Self::META.id,
                    Severity::Medium,
                    b.span,
                    format!("{}:bucket:{}", p.project, b.id),
                    format!(
                        "public bucket \"{}\" has a broad SELECT policy on storage.objects ({}): any client holding the \
                         anon key can list every file in it, not only open the URLs it was given",
                        b.name,
                        names.join(", ")
                    ),
                    "drop the broad SELECT policy (public URLs do not need it) or scope it to the file's owner",
                );
                for pol in pols {
                    f = f.related(pol.span, format!("policy \"{}\"", pol.name));
                }
                out.push(f);
            }
        }
    }
}
