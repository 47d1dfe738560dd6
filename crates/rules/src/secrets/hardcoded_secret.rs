//! `hardcoded-secret`: a literal secret in configuration that is committed.

use infra_lint_core::model::facts::SecretContext;
use infra_lint_core::secrets::{classify, mask};
use infra_lint_core::{Finding, Model, Severity};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};

use super::{context_fix, context_label};

declare_rule! {
    /// ## What it does
    /// Finds literal secrets in committed configuration: `.tf` attributes, Dockerfile `ENV` values
    /// and `ARG` defaults, compose `environment:` and build args, fly.toml `[env]`, workflow
    /// `env:`/`with:` values and real (non-example) `.env` files.
    ///
    /// A value is a secret when it has a known token shape (AWS access key ids, GitHub, GitLab,
    /// Slack, Stripe live keys, Resend, npm, SendGrid, Twilio, Google, OpenAI, Anthropic, webhook
    /// signing secrets, private-key blocks, JWTs, URLs with an embedded password …), or when its
    /// key names a secret (`password`, `secret`, `token`, `api_key` …) and the value looks
    /// generated (length, character classes and entropy).
    ///
    /// Stays quiet on references (`${VAR}`, `${{ secrets.X }}`, `var.x`), placeholders
    /// (`change-me`, `your-…`, `xxx`, `<…>`), well-known local defaults (`postgres`,
    /// `minioadmin`, URLs to `localhost`), public keys and certificates, Stripe test keys and
    /// Supabase anon/demo JWTs. Example files are left to `env-example-secret` and tfvars files to
    /// `tfvars-secret`.
    ///
    /// Severity: `high`. Known token shapes stay `high` everywhere; the heuristic (secret-named
    /// key with a random-looking value) is weighted by environment (development and test files
    /// get `low`).
    ///
    /// ## Why is this bad?
    /// Anything committed is readable by everyone with access to the repository, its forks, CI
    /// logs and every image built from it, forever (history keeps it after deletion). Leaked keys
    /// are found by scanners within minutes of a push.
    ///
    /// ## How to fix
    /// Rotate the credential first (assume it is compromised), then load it at run time from a
    /// secret store: CI secrets, `fly secrets`, compose `${VAR}` from an uncommitted `.env`,
    /// BuildKit secret mounts, Terraform `TF_VAR_*` or a secret manager data source.
    ///
    /// ## Example
    /// ```dockerfile
    /// # bad
    /// ENV STRIPE_SECRET_KEY=sk_live_<24 random characters>
    /// ```
    /// ```dockerfile
    /// # good: the value is provided when the container starts
    /// ENV STRIPE_SECRET_KEY=""
    /// ```
    ///
    /// ## References
    /// - <https://cwe.mitre.org/data/definitions/798.html>
    /// - <https://docs.docker.com/build/building/secrets/>
    /// - <https://docs.github.com/en/actions/security-guides/using-secrets-in-github-actions>
    pub struct HardcodedSecret {
        id: "hardcoded-secret",
        severity: High,
        formats: [Terraform, TerraformJson, Dockerfile, Compose, Fly, Workflow, Action, Env],
        tags: ["security", "secrets"],
        precision: "high",
        summary: "A literal secret committed in configuration",
    }
}

impl Rule for HardcodedSecret {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for c in &model.facts.secrets {
            if c.context == SecretContext::Tfvars || c.example || c.is_reference {
                continue;
            }
            let Some(m) = classify(&c.key, &c.value) else { continue };
            let env = model.env_of(c.value_span);
            let severity = if m.known_shape { Severity::High } else { Severity::High.weigh(env) };
            let message = format!(
                "{} hardcoded in {} `{}` (value {}): anyone who can read the repository can use it",
                capitalize(&m.kind),
                context_label(c.context),
                c.key,
                mask(&c.value)
            );
            out.push(
                Finding::new(Self::META.id, severity, c.value_span, message)
                    .fix(context_fix(c.context))
                    .key(c.path.clone())
                    .env(env)
                    .secret(c.value_span),
            );
        }
    }
}

/// Upper-case the first letter.
pub(crate) fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(f) => f.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
