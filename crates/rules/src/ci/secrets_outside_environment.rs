//! `secrets-outside-environment` (pedantic): a job reads repository secrets without a deployment environment.

use infra_lint_core::parse::workflow::WorkflowKind;
use infra_lint_core::{Finding, Model, Severity};

use crate::ci::workflows;
use crate::declare_rule;
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Pedantic, off by default (enable with `[ci] pedantic = true`). Flags each
    /// `${{ secrets.NAME }}` (or the whole context, `toJSON(secrets)`) read by a job that has no
    /// `environment:`, other than
    /// `secrets.GITHUB_TOKEN`: in its `env:`, its steps' `env:`, `with:` and `run:`. The finding
    /// is at the expression.
    ///
    /// ## Why is this bad?
    /// Repository and organization secrets are readable by every job of every workflow, on any
    /// branch a writer pushes. Secrets stored in a deployment environment are released only to
    /// jobs that name it, after its protection rules (required reviewers, allowed branches and
    /// tags, wait timers) pass, so a modified workflow on a feature branch cannot read them.
    ///
    /// ## How to fix
    /// Move the secret into a GitHub environment with protection rules and set
    /// `environment: <name>` on the job that needs it.
    ///
    /// ## Example
    /// ```yaml
    /// # bad
    /// jobs:
    ///   deploy:
    ///     runs-on: ubuntu-latest
    ///     steps:
    ///       - run: ./deploy.sh
    ///         env:
    ///           TOKEN: ${{ secrets.DEPLOY_TOKEN }}
    /// ```
    /// ```yaml
    /// # good
    /// jobs:
    ///   deploy:
    ///     runs-on: ubuntu-latest
    ///     environment: production
    ///     steps:
    ///       - run: ./deploy.sh
    ///         env:
    ///           TOKEN: ${{ secrets.DEPLOY_TOKEN }}
    /// ```
    ///
    /// ## References
    /// - <https://docs.github.com/en/actions/managing-workflow-runs-and-deployments/managing-deployments/managing-environments-for-deployment#environment-secrets>
    pub struct SecretsOutsideEnvironment {
        id: "secrets-outside-environment",
        severity: Low,
        formats: [Workflow],
        tags: ["security", "ci", "secrets", "pedantic"],
        precision: "low",
        summary: "Secret read by a job without a deployment environment (pedantic)",
        aliases: ["secrets-outside-env"],
    }
}

/// The secret names an expression reads (`secrets.NAME`, `secrets['NAME']`), with their byte
/// offsets in the expression text.
fn secret_reads(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let lower = text.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower.get(from..).and_then(|t| t.find("secrets")) {
        let at = from + i;
        from = at + 7;
        let before_ok = at == 0
            || !lower.as_bytes()[at - 1].is_ascii_alphanumeric()
                && lower.as_bytes()[at - 1] != b'.'
                && lower.as_bytes()[at - 1] != b'_';
        if !before_ok {
            continue;
        }
        let rest = &text[from..];
        let name: String = if let Some(r) = rest.strip_prefix('.') {
            r.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-').collect()
        } else if let Some(r) = rest.strip_prefix('[') {
            r.trim_start_matches(['\'', '"'])
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                .collect()
        } else if rest.chars().next().is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '_' || c == '-')) {
            // the whole context (`toJSON(secrets)`): every secret
            "*".to_owned()
        } else {
            continue;
        };
        if !name.is_empty() {
            out.push((at, name));
        }
    }
    out
}

impl Rule for SecretsOutsideEnvironment {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        if !crate::ci::pedantic(model) {
            return;
        }
        for (_, wf) in workflows(model) {
            if wf.kind != WorkflowKind::Workflow {
                continue;
            }
            for job in &wf.jobs {
                if job.environment.is_some() || job.uses.is_some() {
                    continue;
                }
                let mut exprs: Vec<&infra_lint_core::parse::workflow::Expr> =
                    job.env.iter().flat_map(|e| e.expressions.iter()).collect();
                for step in &job.steps {
                    exprs.extend(step.env.iter().chain(step.with.iter()).flat_map(|e| e.expressions.iter()));
                    if let Some(run) = &step.run {
                        exprs.extend(run.expressions.iter());
                    }
                }
                for e in exprs {
                    for (_, name) in secret_reads(&e.text) {
                        if name.eq_ignore_ascii_case("GITHUB_TOKEN") {
                            continue;
                        }
                        let (what, they) = if name == "*" {
                            ("the whole `secrets` context".to_owned(), "the secrets are")
                        } else {
                            (format!("`secrets.{name}`"), "the secret is")
                        };
                        out.push(
                            Finding::new(
                                Self::META.id,
                                Severity::Low,
                                e.span,
                                format!(
                                    "Job `{}` reads {what} without an `environment:`, so {they} not behind an environment's protection rules and any workflow on any branch can read it",
                                    job.id
                                ),
                            )
                            .fix("Store the secret in a protected GitHub environment and set `environment:` on the job")
                            .key(format!("jobs.{}:secrets.{name}", job.id))
                            .env(model.env_of(e.span)),
                        );
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::secret_reads;

    #[test]
    fn names_read_from_secrets() {
        let names = |t: &str| secret_reads(t).into_iter().map(|(_, n)| n).collect::<Vec<_>>();
        assert_eq!(names("secrets.FOO"), vec!["FOO"]);
        assert_eq!(names("secrets['BAR'] || secrets.BAZ"), vec!["BAR", "BAZ"]);
        assert_eq!(names("toJSON(secrets)"), vec!["*"]);
        assert!(names("mysecrets_file").is_empty());
        assert!(names("inputs.secrets_file").is_empty());
        assert!(names("github.event.mysecrets.x").is_empty());
    }
}
