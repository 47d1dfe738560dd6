//! `workflow-permissions`: workflows and jobs running with default or `write-all` token permissions.

use infra_lint_core::parse::workflow::{Permissions, WorkflowDoc, WorkflowKind};
use infra_lint_core::{Edit, Finding, Fix, Model, Severity, Span};

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
    /// - `permissions: write-all`, at workflow or job level: a finding at the `write-all` value;
    /// - a `write` scope in the *top-level* block of a workflow with several jobs, some of which
    ///   have no `permissions:` of their own (it applies to all of them): a finding at the
    ///   scope's value. Write scopes in a job's own block, at the top of a single-job workflow,
    ///   or at the top of a workflow whose every job sets its own block (the top level then
    ///   applies to no job) are fine.
    ///
    /// A workflow whose every job sets its own `permissions:` is fine without a top-level block.
    /// In a workflow triggered only by `workflow_call` the caller's token applies, so only jobs
    /// that themselves call a reusable workflow without a `permissions:` block are flagged.
    /// `read-all` is not flagged (it grants no write access).
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
            let reusable_only = !wf.triggers.is_empty() && wf.triggers.iter().all(|t| t.value == "workflow_call");
            let prt = wf.triggered_by("pull_request_target");
            let severity = if prt { Severity::Medium } else { Self::META.severity };
            let suffix = if prt {
                " (the workflow runs on `pull_request_target`, with the base repository's token)"
            } else {
                ""
            };
            let name = wf.name.as_ref().map_or_else(String::new, |n| format!(" \"{}\"", n.value));
            let finding = |span: Span, msg: String, fix: &str, key: String| {
                Finding::new(Self::META.id, severity, span, msg).fix(fix).key(key).env(model.env_of(span))
            };
            let write_all = |p: &Permissions, what: &str, key: String, out: &mut Vec<Finding>| {
                if p.is_write_all() {
                    out.push(finding(
                        p.span,
                        format!("{what} grants the GITHUB_TOKEN `write-all`: every scope is writable{suffix}"),
                        "Replace `write-all` with only the scopes the jobs need, e.g. `contents: read`",
                        key,
                    ));
                }
            };
            match &wf.permissions {
                Some(p) => {
                    write_all(p, &format!("Workflow{name}"), "permissions".to_owned(), out);
                    // With a single job, top-level and job-level are the same thing; jobs with
                    // their own block do not get the top-level scopes at all.
                    let inheriting: Vec<String> =
                        wf.jobs.iter().filter(|j| j.permissions.is_none()).map(|j| format!("`{}`", j.id)).collect();
                    let shared = wf.jobs.len() > 1 && !inheriting.is_empty();
                    let who = if inheriting.len() == wf.jobs.len() {
                        "every job gets it".to_owned()
                    } else {
                        format!("it applies to the jobs without their own block ({})", inheriting.join(", "))
                    };
                    for sc in p.scopes.iter().filter(|sc| shared && sc.level == "write") {
                        out.push(finding(
                            sc.level_span,
                            format!("Workflow{name} grants `{}: write` at the top level, so {who}{suffix}", sc.scope),
                            "Grant write scopes only in the `permissions:` of the job that needs them",
                            format!("permissions.{}", sc.scope),
                        ));
                    }
                }
                None => {
                    // Jobs calling a reusable workflow always need their own block (the caller
                    // decides); other jobs of a reusable-only workflow get the caller's token.
                    let bare: Vec<_> = wf
                        .jobs
                        .iter()
                        .filter(|j| j.permissions.is_none() && (!reusable_only || j.uses.is_some()))
                        .collect();
                    let step_jobs: Vec<String> =
                        bare.iter().filter(|j| j.uses.is_none()).map(|j| format!("`{}`", j.id)).collect();
                    let top_fix = if reusable_only { None } else { top_permissions_fix(model, wf) };
                    let with_fix = |f: Finding| match &top_fix {
                        Some(fix) => f.autofix(fix.clone()),
                        None => f,
                    };
                    if !step_jobs.is_empty() {
                        let top = wf
                            .root
                            .as_ref()
                            .and_then(|r| r.as_map())
                            .and_then(|m| m.first())
                            .map_or(wf.on_span.unwrap_or_default(), |(k, _)| k.span);
                        out.push(with_fix(finding(
                            top,
                            format!(
                                "Workflow{name} sets no top-level `permissions:`, so jobs {} run with the repository's default GITHUB_TOKEN permissions{suffix}",
                                step_jobs.join(", ")
                            ),
                            "Add `permissions: {}` (or `contents: read`) at the top of the workflow",
                            "permissions".to_owned(),
                        )));
                    }
                    for j in bare {
                        let what = if j.uses.is_some() { "calls a reusable workflow but has" } else { "has" };
                        let job_finding = finding(
                            j.id_span,
                            format!(
                                "Job `{}` {what} no `permissions:` and the workflow sets none, so it runs with the repository's default GITHUB_TOKEN permissions{suffix}",
                                j.id
                            ),
                            "Add a `permissions:` block to the job with only the scopes it needs",
                            format!("jobs.{}.permissions", j.id),
                        );
                        // A top-level block covers a job that runs steps, not one that calls a
                        // reusable workflow (the caller's block decides there).
                        out.push(if j.uses.is_none() { with_fix(job_finding) } else { job_finding });
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

/// Least privilege for a workflow without `permissions:`: a top-level `contents: read` block
/// inserted above `jobs:`. Unsafe: a job that writes (pushes, comments, publishes) then needs its
/// own block, so `--fix` applies it only with `--unsafe-fixes`.
fn top_permissions_fix(model: &Model, wf: &WorkflowDoc) -> Option<Fix> {
    let (jobs_key, _) = wf.root.as_ref()?.entry("jobs")?;
    let file = model.file(jobs_key.span.file)?;
    let text: &str = &file.source.text;
    let key_start = jobs_key.span.start as usize;
    let line_start = text.get(..key_start)?.rfind('\n').map_or(0, |i| i + 1);
    let indent = text.get(line_start..key_start)?;
    if !indent.chars().all(|c| c == ' ') {
        return None;
    }
    let block = format!("{indent}permissions:\n{indent}  contents: read\n");
    let at = u32::try_from(line_start).ok()?;
    Some(Fix::unsafe_(
        "add a top-level `permissions: contents: read` block",
        vec![Edit::insert(jobs_key.span.file, at, block)],
    ))
}
