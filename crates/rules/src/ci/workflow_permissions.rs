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
    /// - `permissions: write-all` or `read-all`, at workflow or job level: a finding at the value;
    /// - a `write` scope in the *top-level* block of a workflow with several jobs, some of which
    ///   have no `permissions:` of their own (it applies to all of them): a finding at the
    ///   scope's value. Write scopes in a job's own block, at the top of a single-job workflow,
    ///   or at the top of a workflow whose every job sets its own block (the top level then
    ///   applies to no job) are fine.
    ///
    /// A workflow whose every job sets its own `permissions:` is fine without a top-level block.
    /// A job that can never start (its `if:` is `false`, or requires a `github.event_name` that
    /// none of the workflow's triggers is) gets no token and is not counted.
    /// In a workflow triggered only by `workflow_call` the caller's token applies, so only jobs
    /// that themselves call a reusable workflow without a `permissions:` block are flagged.
    /// `read-all` (every scope readable, at workflow or job level) is flagged at `low`: it grants no
    /// write access, but a compromised step can read everything the token can see.
    /// Severity is `low`, `medium` for workflows triggered by `pull_request_target`.
    ///
    /// With `[ci] pedantic = true` it also reports a top-level write scope of a single-job
    /// workflow, and in each `permissions:` block every scope (other than `contents: read`)
    /// with no comment on its line saying why it is needed.
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
        aliases: ["excessive-permissions", "undocumented-permissions"],
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
            let pedantic = crate::ci::pedantic(model);
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
                } else if p.all.as_deref().is_some_and(|a| a.trim() == "read-all") {
                    out.push(finding(
                        p.span,
                        format!("{what} grants the GITHUB_TOKEN `read-all`: every scope is readable, including the contents of private repositories' issues, packages, security events and deployments{suffix}"),
                        "Replace `read-all` with only the scopes the jobs need, e.g. `contents: read`",
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
                    // Pedantic: a top-level write scope is reported even for a single job.
                    let shared = (wf.jobs.len() > 1 || pedantic) && !inheriting.is_empty();
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
                        // a job whose `if:` no trigger of this workflow satisfies gets no token
                        .filter(|j| !crate::ci::job_never_starts(wf, j))
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
            if pedantic {
                let blocks =
                    wf.permissions.iter().map(|p| (p, format!("Workflow{name}"), "permissions".to_owned())).chain(
                        wf.jobs.iter().filter_map(|j| {
                            j.permissions
                                .as_ref()
                                .map(|p| (p, format!("Job `{}`", j.id), format!("jobs.{}.permissions", j.id)))
                        }),
                    );
                for (p, what, key) in blocks {
                    for sc in undocumented_scopes(model, p) {
                        out.push(
                            Finding::new(
                                Self::META.id,
                                Severity::Low,
                                sc.scope_span,
                                format!(
                                    "{what} grants `{}: {}` without a comment saying why it is needed",
                                    sc.scope, sc.level
                                ),
                            )
                            .fix("Add a comment after each permission saying what needs it (`issues: write # comment on PRs`)")
                            .key(format!("{key}.{}:undocumented", sc.scope))
                            .env(model.env_of(sc.scope_span)),
                        );
                    }
                }
            }
        }
    }
}

/// Pedantic: the scopes of a block, other than the customary `contents: read` and `none`, with
/// no comment on their line saying why they are needed. A comment that is only a directive to a
/// tool (`infra-lint: ignore[…]`, `zizmor: ignore[…]`, a test's `expect: …`) explains nothing.
fn undocumented_scopes<'a>(
    model: &Model,
    p: &'a Permissions,
) -> Vec<&'a infra_lint_core::parse::workflow::PermissionScope> {
    const DIRECTIVES: &[&str] = &["infra-lint:", "zizmor:", "expect:", "checkov:", "trivy:", "tfsec:", "noqa"];
    let Some(file) = model.file(p.span.file) else { return Vec::new() };
    let text: &str = &file.source.text;
    p.scopes
        .iter()
        .filter(|sc| {
            if (sc.scope == "contents" && sc.level == "read") || sc.level == "none" {
                return false;
            }
            let end = (sc.level_span.end as usize).min(text.len());
            let rest = text.get(end..).unwrap_or("").split('\n').next().unwrap_or("");
            let mut comment = rest.split_once('#').map_or("", |(_, c)| c.trim());
            if DIRECTIVES.iter().any(|d| comment.starts_with(d)) {
                comment = comment.split_once(']').map_or("", |(_, after)| after.trim());
            }
            comment.is_empty()
        })
        .collect()
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
