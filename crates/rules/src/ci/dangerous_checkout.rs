//! `dangerous-checkout`: a privileged workflow checking out untrusted pull-request code.

use infra_lint_core::{Finding, Model};

use crate::ci::{step_path, workflows};
use crate::declare_rule;
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Flags `actions/checkout` steps in workflows triggered by `pull_request_target` or
    /// `workflow_run` whose `ref:` (or `repository:`) points at the pull request's head —
    /// `github.event.pull_request.head.sha`, `github.event.pull_request.head.ref`,
    /// `github.head_ref`, `refs/pull/<n>/merge`, `github.event.workflow_run.head_sha` … The
    /// finding points at the `ref:` value.
    ///
    /// ## Why is this bad?
    /// `pull_request_target` and `workflow_run` run in the context of the base repository, with
    /// its secrets and a token that can write. Checking out the contributor's code there, and then
    /// building, testing or even just installing it (`npm install` runs scripts), hands that code
    /// the secrets: the "pwn request".
    ///
    /// ## How to fix
    /// Run untrusted code in a `pull_request` workflow (no secrets, read-only token). If results
    /// must be published with privileges, upload them as an artifact and consume them from a
    /// separate `workflow_run` workflow that never executes the pull request's code.
    ///
    /// ## Example
    /// ```yaml
    /// # bad
    /// on: pull_request_target
    /// jobs:
    ///   test:
    ///     steps:
    ///       - uses: actions/checkout@v4
    ///         with:
    ///           ref: ${{ github.event.pull_request.head.sha }}
    ///       - run: npm ci && npm test
    /// ```
    /// ```yaml
    /// # good
    /// on: pull_request
    /// jobs:
    ///   test:
    ///     steps:
    ///       - uses: actions/checkout@v4
    ///       - run: npm ci && npm test
    /// ```
    ///
    /// ## References
    /// - <https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/>
    pub struct DangerousCheckout {
        id: "dangerous-checkout",
        severity: High,
        formats: [Workflow],
        tags: ["security", "ci"],
        precision: "high",
        summary: "pull_request_target / workflow_run workflow checks out the pull request's code",
        aliases: ["dangerous-triggers"],
    }
}

/// Expression contexts that name the untrusted head of a pull request.
const HEAD_REFS: &[&str] = &[
    "github.event.pull_request.head.sha",
    "github.event.pull_request.head.ref",
    "github.event.pull_request.head.repo.full_name",
    "github.event.pull_request.merge_commit_sha",
    "github.head_ref",
    "github.event.number",
    "github.event.pull_request.number",
    "github.event.workflow_run.head_sha",
    "github.event.workflow_run.head_branch",
    "github.event.workflow_run.head_repository.full_name",
];

fn names_head(value: &str) -> Option<&'static str> {
    let v = value.to_ascii_lowercase().replace(' ', "");
    HEAD_REFS.iter().copied().find(|r| v.contains(r))
}

impl Rule for DangerousCheckout {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (_, wf) in workflows(model) {
            let Some(trigger) =
                wf.triggers.iter().find(|t| t.value == "pull_request_target" || t.value == "workflow_run")
            else {
                continue;
            };
            for (job, step) in wf.all_steps() {
                if step.action().as_deref() != Some("actions/checkout") {
                    continue;
                }
                let hit = ["ref", "repository"]
                    .iter()
                    .filter_map(|k| step.input(k))
                    .find_map(|e| Some((e, names_head(e.value.as_deref()?)?)));
                let Some((entry, ctx)) = hit else { continue };
                out.push(
                    Finding::new(
                        Self::META.id,
                        Self::META.severity,
                        entry.value_span,
                        format!(
                            "Workflow triggered by `{}` checks out the pull request's own code (`{}: …{ctx}…`); any later step that builds or runs it gives that code this workflow's secrets and write token",
                            trigger.value, entry.key
                        ),
                    )
                    .fix("Test pull requests in a `pull_request` workflow; never check out their head in a privileged one")
                    .key(format!("{}.with.{}", step_path(job, &step.label()), entry.key))
                    .related(trigger.span, format!("`{}` runs with the base repository's secrets", trigger.value))
                    .env(model.env_of(entry.value_span)),
                );
            }
        }
    }
}
