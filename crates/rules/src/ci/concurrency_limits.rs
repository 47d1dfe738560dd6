//! `workflow-concurrency-unlimited` (pedantic): workflows that let runs of the same ref pile up.

use infra_lint_core::parse::workflow::WorkflowKind;
use infra_lint_core::{Finding, Model};

use crate::ci::workflows;
use crate::declare_rule;
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// With `[ci] pedantic = true`, flags workflows without a top-level `concurrency:` (at
    /// `on:`), and a top-level `concurrency:` that does not say whether a newer run cancels the
    /// one in progress (no `cancel-in-progress`, e.g. `concurrency: group-name`; at the key).
    /// An explicit `cancel-in-progress: false` is a decision and is fine, and so are workflows
    /// only triggered by `workflow_call` (their caller's concurrency applies). Off by default.
    ///
    /// ## Why is this bad?
    /// Without a concurrency group every push or pull-request update starts another run of the
    /// whole workflow next to the ones still running: runner minutes are wasted, and
    /// deployments or releases of the same ref can run at the same time and finish out of
    /// order, leaving an older build deployed.
    ///
    /// ## How to fix
    /// Add a `concurrency:` group per workflow and ref, and decide `cancel-in-progress`.
    ///
    /// ## Example
    /// ```yaml
    /// # bad
    /// on: push
    /// ```
    /// ```yaml
    /// # good
    /// on: push
    /// concurrency:
    ///   group: ${{ github.workflow }}-${{ github.ref }}
    ///   cancel-in-progress: true
    /// ```
    ///
    /// ## References
    /// - <https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/control-the-concurrency-of-workflows-and-jobs>
    pub struct WorkflowConcurrencyUnlimited {
        id: "workflow-concurrency-unlimited",
        severity: Low,
        formats: [Workflow],
        tags: ["ci", "hygiene", "pedantic"],
        precision: "high",
        summary: "Workflow without a concurrency group that cancels superseded runs (pedantic)",
        aliases: ["concurrency-limits"],
    }
}

impl Rule for WorkflowConcurrencyUnlimited {
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
            let (Some(root), Some(on)) = (wf.root.as_ref(), wf.on_span) else { continue };
            if !wf.triggers.is_empty() && wf.triggers.iter().all(|t| t.value == "workflow_call") {
                continue;
            }
            let finding = match root.entry("concurrency") {
                None => Finding::new(
                    Self::META.id,
                    Self::META.severity,
                    on,
                    "This workflow sets no `concurrency:`: runs of the same ref pile up and can finish out of order",
                )
                .fix("Add `concurrency:` with a group per workflow and ref, and `cancel-in-progress`"),
                Some((k, v)) if v.get("cancel-in-progress").is_none() => Finding::new(
                    Self::META.id,
                    Self::META.severity,
                    k.span,
                    "`concurrency:` does not set `cancel-in-progress`: a superseded run keeps going while the next one waits",
                )
                .fix("Set `cancel-in-progress: true` (or `false` when runs must finish)"),
                Some(_) => continue,
            };
            out.push(finding.key("concurrency").env(model.env_of(on)));
        }
    }
}
