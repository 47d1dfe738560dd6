//! `workflow-permissions`: workflows and jobs running with default or `write-all` token permissions.

use infra_lint_core::parse::workflow::{Permissions, WorkflowKind};
use infra_lint_core::{Finding, Model, Severity};

use crate::ci::workflows;
use crate::declare_rule;
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Flags GitHub workflows whose `GITHUB_TOKEN` permissions are not made explicit, or are
    /// `write-all`:
    ///
    /// - a workflow with no top-level `permissions:` in which some job has no `permissions:`
    ///   either: one finding at the top of the workflow (its first key), and one at each such job;
    /// - `permissions: write-all`, at workflow or job level: a finding at the `write-all` value.
    ///
    /// A workflow whose every job sets its own `permissions:` is fine without a top-level block.
    /// Workflows triggered only by `workflow_call` are skipped (the caller's permissions apply).
    /// Severity is `low`, `medium` for workflows triggered by `pull_request_target`.
    ///
    /// ## Why is this bad?
    /// Without a `permissions:` block the token gets the repository's default permissions,
    /// which in many organisations (and in every repository created before February 2023) is
    /// read/write on contents, packages, pull requests, issues and more. Any step that is
    /// compromised — a hijacked action, an injected script — can then push code, publish
    /// packages or approve pull requests.
    ///
    /// ## How to fix
    /// Add `permissions: {}` (or `contents: read`) at the top of the workflow and grant each
    /// job only the scopes it needs.
    ///
    /// ## Example
    /// ```yaml
    /// # bad
    /// on: push
    /// jobs:
    ///   build:
    ///     runs-on: ubuntu-latest
    /// ```
    /// ```yaml
    /// # good
    /// on: push
    /// permissions:
    ///   contents: read
    /// jobs:
    ///   build:
    ///     runs-on: ubuntu-latest
    /// ```
    ///
    /// ## References
    /// - <https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/controlling-permissions-for-github_token>
    pub struct WorkflowPermissions {
        id: "workflow-permissions",
        severity: Low,
        formats: [Workflow],
        tags: ["security", "ci", "least-privilege"],
        precision: "high",
        summary: "Workflow or job without explicit token permissions, or with write-all",
    }
}

impl Rule for WorkflowPermissions {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (_, wf) in workflows(model) {
            if wf.kind != WorkflowKind::Workflow || wf.jobs.is_empty() {
                continue;
            }
            if !wf.triggers.is_empty() && wf.triggers.iter().all(|t| t.value == "workflow_call") {
                continue;
            }
            let prt = wf.triggered_by("pull_request_target");
            let severity = if prt { Severity::Medium } else { Self::META.severity };
            let suffix = if prt {
                " (the workflow runs on `pull_request_target`, with the base repository's token)"
            } else {
                ""
            };
            let name = wf.name.as_ref().map_or_else(String::new, |n| format!(" \"{}\"", n.value));
            let write_all = |p: &Permissions, what: &str, key: String, out: &mut Vec<Finding>| {
                if p.is_write_all() {
                    out.push(
                        Finding::new(
                            Self::META.id,
                            severity,
                            p.span,
                            format!("{what} grants the GITHUB_TOKEN `write-all`: every scope is writable{suffix}"),
                        )
                        .fix("Replace `write-all` with only the scopes the jobs need, e.g. `contents: read`")
                        .key(key)
                        .env(model.env_of(p.span)),
                    );
                }
            };
            match &wf.permissions {
                Some(p) => write_all(p, &format!("Workflow{name}"), "permissions".to_owned(), out),
                None => {
                    let bare: Vec<_> = wf.jobs.iter().filter(|j| j.permissions.is_none()).collect();
                    if !bare.is_empty() {
                        let top = wf
                            .root
                            .as_ref()
                            .and_then(|r| r.as_map())
                            .and_then(|m| m.first())
                            .map_or(wf.on_span.unwrap_or_default(), |(k, _)| k.span);
                        let ids: Vec<String> = bare.iter().map(|j| format!("`{}`", j.id)).collect();
                        out.push(
                            Finding::new(
                                Self::META.id,
                                severity,
                                top,
                                format!(
                                    "Workflow{name} sets no top-level `permissions:`, so jobs {} run with the repository's default GITHUB_TOKEN permissions{suffix}",
                                    ids.join(", ")
                                ),
                            )
                            .fix("Add `permissions: {}` (or `contents: read`) at the top of the workflow")
                            .key("permissions")
                            .env(model.env_of(top)),
                        );
                    }
                    for j in bare {
                        out.push(
                            Finding::new(
                                Self::META.id,
                                severity,
                                j.id_span,
                                format!(
                                    "Job `{}` has no `permissions:` and the workflow sets none, so it runs with the repository's default GITHUB_TOKEN permissions{suffix}",
                                    j.id
                                ),
                            )
                            .fix("Add a `permissions:` block to the job with only the scopes it needs")
                            .key(format!("jobs.{}.permissions", j.id))
                            .env(model.env_of(j.id_span)),
                        );
                    }
                }
            }
            for j in &wf.jobs {
                if let Some(p) = &j.permissions {
                    write_all(p, &format!("Job `{}`", j.id), format!("jobs.{}.permissions", j.id), out);
                }
            }
        }
    }
}
