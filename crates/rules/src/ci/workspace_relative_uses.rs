//! `workspace-relative-uses`: a same-repository action or reusable workflow referenced with
//! `./`, which resolves in the workspace, instead of `$/`, the workflow's own commit.

use infra_lint_core::parse::workflow::Step;
use infra_lint_core::{Finding, Model};

use crate::ci::workflows;
use crate::declare_rule;
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Flags `uses: ./path` of a local action in a step (of a workflow or a composite action)
    /// and recommends GitHub's self-repository reference `uses: $/path`. A step that comes after
    /// a checkout of the workflow's own commit into the workspace (no other `ref:` or
    /// `repository:`, no script switching the work tree since) runs the same code either way:
    /// it is reported only with `[ci] pedantic = true`. A local reusable
    /// workflow (`uses: ./…` of a job) is taken from the caller's commit either way: it is
    /// reported only with `[ci] pedantic = true`, as a consistency finding.
    ///
    /// ## Why is this bad?
    /// `./path` is resolved in the job's workspace: the action that runs is whatever a
    /// checkout put there, and without a checkout the step fails. When a job checks out
    /// another ref first (a pull request's head in a `pull_request_target` or `workflow_run`
    /// workflow, a tag, another repository), `./path` runs *that* code with the job's token and
    /// secrets. `$/path` always resolves to the workflow's own repository at the commit that is
    /// running, needs no checkout, and stays consistent when callers pin the workflow by SHA.
    /// GitHub recommends `$/` for same-repository composition since July 2026.
    ///
    /// GitHub Enterprise Server does not support `$/`: disable this rule there
    /// (`ignore = ["workspace-relative-uses"]`).
    ///
    /// ## How to fix
    /// Replace the leading `./` with `$/`, and drop checkouts that existed only to make the
    /// action available.
    ///
    /// ## Example
    /// ```yaml
    /// # bad
    /// - uses: ./.github/actions/setup
    /// ```
    /// ```yaml
    /// # good
    /// - uses: $/.github/actions/setup
    /// ```
    ///
    /// ## References
    /// - <https://github.blog/changelog/2026-07-30-reference-same-repository-actions-with-self-repository-syntax/>
    /// - <https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idstepsuses>
    pub struct WorkspaceRelativeUses {
        id: "workspace-relative-uses",
        severity: Low,
        formats: [Workflow, Action],
        tags: ["ci", "supply-chain"],
        precision: "high",
        summary: "Same-repository action or workflow referenced with `./` instead of `$/`",
        aliases: ["self-repository"],
    }
}

impl Rule for WorkspaceRelativeUses {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        let pedantic = crate::ci::pedantic(model);
        for (_, wf) in workflows(model) {
            let steps = wf.all_steps().filter_map(|(job, s)| {
                let own = job.is_some_and(|j| own_commit_checked_out(&j.steps[..s.index.min(j.steps.len())]));
                s.uses.as_ref().map(|u| (u, if own { Place::OwnCheckout } else { Place::Step }))
            });
            let jobs = wf.jobs.iter().filter_map(|j| j.uses.as_ref()).map(|u| (u, Place::Job));
            for (u, place) in steps.chain(jobs) {
                let Some(path) = u.value.trim().strip_prefix("./") else { continue };
                let msg = match place {
                    Place::Step => format!(
                        "`./{path}` is resolved in the workspace, so it runs whatever was checked out there; `$/{path}` runs this workflow's own commit"
                    ),
                    Place::OwnCheckout if pedantic => format!(
                        "`./{path}` is resolved in the workspace, which holds this workflow's own commit here; `$/{path}` does not depend on that checkout"
                    ),
                    Place::Job if pedantic => format!(
                        "`./{path}` names a reusable workflow of this repository, taken from the caller's commit; `$/{path}` says so explicitly, the same way local actions are written"
                    ),
                    _ => continue,
                };
                out.push(
                    Finding::new(Self::META.id, Self::META.severity, u.span, msg)
                        .fix(format!("Write `uses: $/{path}` (not available on GitHub Enterprise Server)"))
                        .key(format!("uses:./{path}"))
                        .env(model.env_of(u.span)),
                );
            }
        }
    }
}

/// Where a `./` reference sits.
#[derive(Clone, Copy)]
enum Place {
    /// A step whose workspace may hold other code (another ref, another repository, nothing).
    Step,
    /// A step after a checkout of the workflow's own commit into the workspace root, with
    /// nothing switching it since: `./` and `$/` name the same code.
    OwnCheckout,
    /// A job calling a reusable workflow (taken from the caller's commit either way).
    Job,
}

/// Whether the steps before a step leave the workflow's own commit in the workspace root: the
/// last checkout into the root names no other `ref:` or `repository:`, and no script switches
/// the work tree after it.
fn own_commit_checked_out(before: &[Step]) -> bool {
    let mut own = false;
    for s in before {
        if let Some(u) = &s.uses {
            let root = matches!(crate::ci::checkout_path(s).as_str(), "" | ".");
            if crate::ci::action_name(&u.value) == "actions/checkout" && root {
                let other = |k: &str| {
                    crate::ci::step_input(s, k).is_some_and(|e| {
                        let v = e.value.as_deref().unwrap_or("").trim();
                        !(v.is_empty() || (k == "repository" && v.replace(' ', "") == "${{github.repository}}"))
                    })
                };
                own = !other("ref") && !other("repository");
            }
        }
        if let Some(run) = &s.run {
            if ["git checkout", "git switch", "gh pr checkout", "git reset", "git pull"]
                .iter()
                .any(|c| run.value.contains(c))
            {
                own = false;
            }
        }
    }
    own
}
