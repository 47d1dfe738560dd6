//! `workflow-anonymous-definition` (pedantic): workflows and jobs without a `name:`.

use infra_lint_core::parse::workflow::WorkflowKind;
use infra_lint_core::{Finding, Model};

use crate::ci::workflows;
use crate::declare_rule;
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// With `[ci] pedantic = true`, flags workflows without a top-level `name:` (at `on:`) and
    /// jobs without `name:` (at the job id). Off by default; action metadata files are not
    /// concerned (their `name:` is required).
    ///
    /// ## Why is this bad?
    /// Without a name GitHub shows the workflow by its file path and the job by its id (or, in
    /// a matrix, by generated names): runs, required checks and audit logs are harder to tell
    /// apart, and a required status check named after an id is easy to satisfy by another job
    /// with the same id in a different workflow.
    ///
    /// ## How to fix
    /// Give every workflow and job a descriptive `name:`.
    ///
    /// ## Example
    /// ```yaml
    /// # bad
    /// on: push
    /// jobs:
    ///   test:
    ///     runs-on: ubuntu-latest
    /// ```
    /// ```yaml
    /// # good
    /// name: tests
    /// on: push
    /// jobs:
    ///   test:
    ///     name: unit tests
    ///     runs-on: ubuntu-latest
    /// ```
    ///
    /// ## References
    /// - <https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions#name>
    /// - <https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions#jobsjob_idname>
    pub struct WorkflowAnonymousDefinition {
        id: "workflow-anonymous-definition",
        severity: Low,
        formats: [Workflow],
        tags: ["ci", "hygiene", "pedantic"],
        precision: "high",
        summary: "Workflow or job without a `name:` (pedantic)",
        aliases: ["anonymous-definition"],
    }
}

impl Rule for WorkflowAnonymousDefinition {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        if !crate::ci::pedantic(model) {
            return;
        }
        for (_, wf) in workflows(model) {
            if wf.kind != WorkflowKind::Workflow || wf.root.is_none() {
                continue;
            }
            if wf.name.is_none() {
                if let Some(on) = wf.on_span {
                    out.push(
                        Finding::new(
                            Self::META.id,
                            Self::META.severity,
                            on,
                            "This workflow has no `name:`: GitHub shows it by its file path",
                        )
                        .fix("Add a top-level `name:`")
                        .key("name")
                        .env(model.env_of(on)),
                    );
                }
            }
            for job in wf.jobs.iter().filter(|j| j.name.is_none()) {
                out.push(
                    Finding::new(
                        Self::META.id,
                        Self::META.severity,
                        job.id_span,
                        format!("Job `{}` has no `name:`: GitHub shows it by its id", job.id),
                    )
                    .fix("Add a `name:` to the job")
                    .key(format!("jobs.{}.name", job.id))
                    .env(model.env_of(job.id_span)),
                );
            }
        }
    }
}
