//! Supabase and Vercel provider checks: secrets written into the configuration, databases open
//! to every address, secret environment variables readable in the dashboard, public previews.

use infra_lint_core::terraform::Tri;

use super::engine::Cond::*;
use super::engine::{Ctx, Hit, Scope};

/// Whether an environment variable name looks like it holds a secret.
fn secret_name(key: &str) -> bool {
    let k = key.to_ascii_uppercase();
    if k.starts_with("NEXT_PUBLIC_") || k.starts_with("VITE_") || k.starts_with("PUBLIC_") {
        return false;
    }
    [
        "SECRET",
        "TOKEN",
        "PASSWORD",
        "PASSWD",
        "PRIVATE_KEY",
        "API_KEY",
        "APIKEY",
        "ACCESS_KEY",
        "DATABASE_URL",
        "CREDENTIAL",
        "SERVICE_ROLE",
    ]
    .iter()
    .any(|n| k.contains(n))
}

/// A Vercel environment variable (resource or `environment` entry of a project) with a
/// secret-looking name that is not marked sensitive.
fn vercel_secret_not_sensitive(_: &Ctx<'_>, s: &Scope<'_>) -> Hit {
    let mut unknown = false;
    let mut scopes = vec![s.clone()];
    scopes.extend(s.objects("environment"));
    scopes.extend(s.objects("variables"));
    for e in scopes {
        let Some((key, span)) = e.get("key") else { continue };
        let Some(k) = key.as_string() else {
            unknown = true;
            continue;
        };
        if !secret_name(&k) {
            continue;
        }
        match e.get("sensitive").map(|(v, _)| v.truth()) {
            Some(Tri::True) => {}
            Some(Tri::Unknown) => unknown = true,
            _ => return Hit::at(span, Some(key), Some(k)),
        }
    }
    Hit::tri(if unknown { Tri::Unknown } else { Tri::False })
}

crate::cloud_checks! { CHECKS; "saas";
    {
        id: "supabase-db-password-in-code",
        severity: High,
        types: ["supabase_project"],
        service: "supabase",
        summary: "A Supabase project whose database password is written in the configuration",
        why: "The `postgres` password of the project gives full access to the database, bypassing row-level security; a literal (or a variable default) is in the repository history for anyone with read access.",
        note: "A value from a variable without a default, `random_password` or a secret store is not reported.",
        fix: "Pass `database_password` from a secret store or `random_password`, and rotate the password that was committed",
        message: "database password is set from a literal",
        when: And(&[Set("database_password"), Not(&Empty("database_password"))]),
        aliases: [],
        bad: r#"resource "supabase_project" "prod" {
  organization_id   = "acme"
  name              = "prod"
  region            = "eu-central-1"
  database_password = "SuperSecret123"
}
"#,
        good: r#"resource "supabase_project" "prod" {
  organization_id   = "acme"
  name              = "prod"
  region            = "eu-central-1"
  database_password = random_password.db.result
}
"#,
    },
    {
        id: "supabase-network-open",
        severity: Medium,
        types: ["supabase_settings"],
        service: "supabase",
        summary: "Supabase network restrictions that admit every address",
        why: "Network restrictions decide which addresses may connect to the project's Postgres and pooler ports; `0.0.0.0/0` or `::/0` leaves the database open to password guessing from the whole internet.",
        fix: "List only the addresses that need direct database access in `network.restrictions` (the API over HTTPS is not affected)",
        message: "database network restrictions admit every address",
        when: Or(&[Contains("network", "0.0.0.0/0"), Contains("network", "::/0")]),
        aliases: [],
        bad: r#"resource "supabase_settings" "prod" {
  project_ref = "abcdefghijklmnop"
  network = jsonencode({
    restrictions = ["0.0.0.0/0", "::/0"]
  })
}
"#,
        good: r#"resource "supabase_settings" "prod" {
  project_ref = "abcdefghijklmnop"
  network = jsonencode({
    restrictions = ["203.0.113.0/24"]
  })
}
"#,
    },
    {
        id: "vercel-secret-env-not-sensitive",
        severity: Medium,
        types: ["vercel_project_environment_variable", "vercel_shared_environment_variable", "vercel_project_environment_variables", "vercel_project"],
        service: "vercel",
        summary: "A Vercel environment variable holding a secret that is not marked sensitive",
        why: "Values of non-sensitive environment variables can be read back in the dashboard and through the API by every team member; sensitive variables are write-only once set.",
        note: "Variables are judged by name (`*_SECRET`, `*_TOKEN`, `*_PASSWORD`, `*_API_KEY`, `DATABASE_URL` …); public build-time prefixes (`NEXT_PUBLIC_`, `VITE_`, `PUBLIC_`) are skipped.",
        fix: "Set `sensitive = true` on the variable (production and preview targets)",
        message: "secret environment variable is not marked sensitive",
        when: Code(vercel_secret_not_sensitive),
        aliases: [],
        bad: r#"resource "vercel_project_environment_variable" "stripe" {
  project_id = vercel_project.web.id
  key        = "STRIPE_SECRET_KEY"
  value      = var.stripe_secret_key
  targets    = ["production"]
}
"#,
        good: r#"resource "vercel_project_environment_variable" "stripe" {
  project_id = vercel_project.web.id
  key        = "STRIPE_SECRET_KEY"
  value      = var.stripe_secret_key
  targets    = ["production"]
  sensitive  = true
}
"#,
    },
    {
        id: "vercel-deployments-public",
        severity: Medium,
        types: ["vercel_project"],
        service: "vercel",
        summary: "A Vercel project whose deployments are reachable without Vercel Authentication",
        why: "With `deployment_type = \"none\"` every preview deployment URL (unreleased branches, often wired to staging data) is public to anyone who finds or guesses it.",
        fix: "Keep `vercel_authentication { deployment_type = \"standard_protection\" }` (the default) or stricter",
        message: "Vercel Authentication is off for deployments",
        when: Eq("vercel_authentication.deployment_type", "none"),
        aliases: [],
        bad: r#"resource "vercel_project" "web" {
  name = "web"
  vercel_authentication {
    deployment_type = "none"
  }
}
"#,
        good: r#"resource "vercel_project" "web" {
  name = "web"
  vercel_authentication {
    deployment_type = "standard_protection"
  }
}
"#,
    },
}
