//! `env-example-secret`: an example env file holding a real-looking secret.

use crate::facts::SecretContext;
use crate::secret_detect::{classify, mask};
use infra_lint_core::{Finding, Model, Severity};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};

use super::hardcoded_secret::capitalize;

declare_rule! {
    /// ## What it does
    /// Finds values in example env files (`.env.example`, `.env.sample`, `.env.template`,
    /// `.env.dist` …) that look like real secrets rather than placeholders: known token shapes
    /// (GitHub, Stripe live, AWS, Slack, private keys, JWTs …), URLs with a real password, and
    /// random-looking values for secret-named keys.
    ///
    /// Placeholders (`change-me`, `your-…`, `xxx`, `<…>`, `${…}`, empty values), well-known
    /// local defaults (`postgres`, `minioadmin`, `postgres://postgres:postgres@localhost/…`),
    /// Stripe test keys, public keys and Supabase's published local-development keys are fine.
    /// So is a random-looking value for a secret-named key when a comment on its line or in the
    /// paragraph above it tells the reader to generate, replace or change it (`# generate your
    /// own with openssl rand -hex 16`): the file documents it as a stand-in. A known token shape
    /// (a `ghp_…` GitHub token, a live Stripe key) is reported whatever the comment says.
    ///
    /// ## Why is this bad?
    /// Example files are committed on purpose and copied by every developer. A real value in
    /// one is usually someone's working credential pasted by accident — leaked to everyone with
    /// read access — or a shared credential that every copy of the project now uses.
    ///
    /// ## How to fix
    /// Rotate the credential, and replace the value with an obvious placeholder such as
    /// `your-api-key` or an empty value, with a comment saying where to get one.
    ///
    /// ## Example
    /// ```sh
    /// # bad: .env.example
    /// GITHUB_TOKEN=ghp_<36 random characters>
    /// ```
    /// ```sh
    /// # good: .env.example
    /// GITHUB_TOKEN=your-github-token
    /// ```
    ///
    /// ## References
    /// - <https://cwe.mitre.org/data/definitions/798.html>
    pub struct EnvExampleSecret {
        id: "env-example-secret",
        severity: High,
        formats: [Env],
        tags: ["security", "secrets"],
        precision: "high",
        summary: "An example env file holds a real-looking secret instead of a placeholder",
    }
}

impl Rule for EnvExampleSecret {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for c in &crate::facts::Facts::of(model).secrets {
            if c.context != SecretContext::EnvFile || !c.example || c.is_reference {
                continue;
            }
            let Some(m) = classify(&c.key, &c.value) else { continue };
            // A heuristic match that a comment beside or above it asks the reader to replace
            // (`# generate your own with openssl rand -hex 16`) is a documented stand-in. A
            // provider-issued token shape stays a finding: no comment makes it harmless.
            if !m.known_shape
                && model.file(c.value_span.file).is_some_and(|f| {
                    super::comment_says_replace(&f.source.text, c.value_span.start as usize, c.value_span.end as usize)
                })
            {
                continue;
            }
            let message = format!(
                "{} in example env file for `{}` (value {}): example files are shared, use a placeholder",
                capitalize(&m.kind),
                c.key,
                mask(&c.value)
            );
            out.push(
                Finding::new(Self::META.id, Severity::High, c.value_span, message)
                    .fix("Rotate the credential and replace the value with a placeholder such as `your-api-key`")
                    .key(c.path.clone())
                    .env(model.env_of(c.value_span))
                    .secret(c.value_span),
            );
        }
    }
}
