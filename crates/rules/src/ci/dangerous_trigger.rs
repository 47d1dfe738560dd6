//! `dangerous-trigger`: a workflow started by an event outsiders cause, with the base
//! repository's secrets and write token.

use infra_lint_core::parse::workflow::{Job, WorkflowDoc};
use infra_lint_core::{Finding, Model};

use crate::ci::expr::equality_tests;
use crate::ci::{condition_expr, workflows};
use crate::declare_rule;
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Flags the triggers that run a workflow with the base repository's secrets and a token
    /// that can write, on events that anyone on GitHub can cause:
    /// - `pull_request_target` (a pull request from any fork), unless every job only runs remote
    ///   actions (no `run:` script, no checkout, no local or Docker action, no artifact
    ///   download): then no step can execute the pull request's code (labelers, title linters,
    ///   comment bots);
    /// - `workflow_run` (runs after a workflow that a fork's pull request started, and often
    ///   consumes what that run produced), unless every workflow it follows is in the same
    ///   directory and none of them can be started by an outsider (only `push`, `schedule`,
    ///   `workflow_dispatch`, `release` …); a followed name that is no workflow of the directory
    ///   is named in the message;
    /// - `issue_comment` when a job has no author guard (even a job without permissions runs on
    ///   the default branch and can write the caches its release workflows restore): a job-level
    ///   `if:` that requires the
    ///   commenter to be an `OWNER`, `MEMBER` or `COLLABORATOR`
    ///   (`github.event.comment.author_association`), or a named actor. `CONTRIBUTOR` and
    ///   `FIRST_TIME_CONTRIBUTOR` are not guards (one merged typo fix makes anyone a contributor),
    ///   and a guard on a step leaves the rest of the job open. A job that runs no script and
    ///   hands the event to an action that checks the commenter's write access itself
    ///   (`anthropics/claude-code-action` without `allowed_non_write_users`) counts as guarded.
    ///   The unguarded jobs are related.
    ///
    /// The finding is at the trigger's name in `on:`. `dangerous-checkout` reports the worst
    /// misuse (checking out the pull request's code) and `workflow-injection` the event text
    /// pasted into scripts; this rule asks for the trigger itself to be justified.
    ///
    /// ## Why is this bad?
    /// These triggers are the entry point of most GitHub Actions compromises: the workflow
    /// definition comes from the default branch, but whatever the event carries (the pull
    /// request's code, branch name and title, a comment, another run's artifacts) is chosen by
    /// an outsider, and every step runs with secrets. A single careless step is enough.
    ///
    /// ## How to fix
    /// Use `pull_request` (no secrets, read-only token) unless the job needs them. If it does,
    /// never check out or run the pull request's code, pass event text through `env:`, keep
    /// `permissions:` minimal, and for `issue_comment` require
    /// `github.event.comment.author_association` to be `OWNER`, `MEMBER` or `COLLABORATOR` in
    /// the job's `if:`.
    ///
    /// ## Example
    /// ```yaml
    /// # bad
    /// on: issue_comment
    /// jobs:
    ///   deploy-preview:
    ///     runs-on: ubuntu-latest
    /// ```
    /// ```yaml
    /// # good
    /// on: issue_comment
    /// jobs:
    ///   deploy-preview:
    ///     if: contains(fromJSON('["OWNER", "MEMBER", "COLLABORATOR"]'), github.event.comment.author_association)
    ///     runs-on: ubuntu-latest
    /// ```
    ///
    /// ## References
    /// - <https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/>
    /// - <https://docs.github.com/en/actions/reference/events-that-trigger-workflows#pull_request_target>
    pub struct DangerousTrigger {
        id: "dangerous-trigger",
        severity: Medium,
        formats: [Workflow],
        tags: ["security", "ci"],
        precision: "medium",
        summary: "Workflow started by an event outsiders cause runs with secrets and a write token",
        aliases: ["dangerous-triggers"],
    }
}

/// Whether no step of the workflow can run the pull request's code: every job runs only remote
/// actions (no `run:` script, no checkout, no local or Docker action, no artifact download), so
/// what executes is the actions' own code, chosen by the base repository.
fn runs_no_pull_request_code(wf: &WorkflowDoc) -> bool {
    !wf.jobs.is_empty()
        && wf.jobs.iter().all(|j| {
            j.uses.is_none()
                && !j.steps.is_empty()
                && j.steps.iter().all(|s| {
                    let Some(u) = s.uses.as_ref().filter(|_| s.run.is_none()) else { return false };
                    let v = u.value.trim();
                    let action = crate::ci::action_name(v);
                    crate::ci::local_target(v).is_none()
                        && !v.starts_with("docker://")
                        && !matches!(
                            action.as_str(),
                            "actions/checkout" | "actions/download-artifact" | "dawidd6/action-download-artifact"
                        )
                })
        })
}

/// Triggers an outsider can cause (directly, or through the run a `workflow_run` follows).
const OUTSIDER_TRIGGERS: &[&str] = &[
    "pull_request",
    "pull_request_target",
    "pull_request_review",
    "pull_request_review_comment",
    "issue_comment",
    "issues",
    "discussion",
    "discussion_comment",
    "workflow_run",
];

/// What the workflows a `workflow_run` workflow follows (`workflows:` names) show.
#[derive(PartialEq)]
enum Upstream<'a> {
    /// Every one is a workflow of the same directory, and no outsider can start any.
    Trusted,
    /// One of them can be started by an outsider.
    Outsider,
    /// This name is not a workflow of the directory (renamed, removed, or not in the scan).
    Missing(&'a str),
    /// No `workflows:` list.
    Unknown,
}

fn upstream<'a>(model: &Model, path: &str, wf: &'a WorkflowDoc) -> Upstream<'a> {
    let Some(names) = wf.root.as_ref().and_then(|r| r.get("on")?.get("workflow_run")?.get("workflows")) else {
        return Upstream::Unknown;
    };
    let names: Vec<&str> = match names.as_seq() {
        Some(items) => items.iter().filter_map(|n| n.as_str()).collect(),
        None => names.as_str().into_iter().collect(),
    };
    if names.is_empty() {
        return Upstream::Unknown;
    }
    let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
    let mut outsiders = false;
    for name in names {
        let found = workflows(model).find(|(f, w)| {
            f.path.rsplit_once('/').map_or("", |(d, _)| d) == dir
                && w.name.as_ref().map_or(f.path.as_str(), |n| n.value.as_str()) == name
        });
        let Some((_, w)) = found else { return Upstream::Missing(name) };
        outsiders |= w.triggers.iter().any(|t| OUTSIDER_TRIGGERS.contains(&t.value.as_str()));
    }
    if outsiders {
        Upstream::Outsider
    } else {
        Upstream::Trusted
    }
}

/// Author associations that mean write access (or organisation membership).
const TRUSTED: &[&str] = &["owner", "member", "collaborator"];

/// Actions that check, before doing anything, that whoever triggered them has write access
/// to the repository (unless configured otherwise).
const SELF_GUARDED: &[&str] = &["anthropics/claude-code-action"];

/// Whether a job's `if:` lets only trusted commenters through (or the job hands the event only
/// to an action that checks the commenter's access itself, and runs no script).
fn author_guarded(job: &Job) -> bool {
    let self_guarded = job.steps.iter().all(|s| s.run.is_none())
        && job.steps.iter().any(|s| {
            s.uses.as_ref().is_some_and(|u| SELF_GUARDED.contains(&crate::ci::action_name(&u.value).as_str()))
                && crate::ci::step_input(s, "allowed_non_write_users").is_none()
        });
    if self_guarded {
        return true;
    }
    let Some(cond) = &job.if_cond else { return false };
    let expr = condition_expr(&cond.value);
    let tests = equality_tests(expr);
    let identity = tests.iter().any(|(ctx, lit)| {
        (ctx.ends_with("author_association") && TRUSTED.contains(&lit.to_ascii_lowercase().as_str()))
            || matches!(
                ctx.as_str(),
                "github.actor"
                    | "github.triggering_actor"
                    | "github.event.sender.login"
                    | "github.event.comment.user.login"
            )
    });
    // `contains(fromJSON('["OWNER", "MEMBER"]'), github.event.comment.author_association)`
    let lower = expr.to_ascii_lowercase();
    let listed = lower.contains("author_association")
        && lower.contains("contains(")
        && lower.split(['\'', '"']).any(|w| TRUSTED.contains(&w.trim()))
        && !["contributor", "first_time", "first_timer", "none", "mannequin"].iter().any(|w| lower.contains(w));
    identity || listed
}

impl Rule for DangerousTrigger {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (file, wf) in workflows(model) {
            for t in &wf.triggers {
                let (msg, open_jobs): (String, Vec<&Job>) = match t.value.as_str() {
                    "pull_request_target" if !runs_no_pull_request_code(wf) => (
                        "`pull_request_target` runs this workflow with the base repository's secrets and a write token for pull requests from any fork; everything the pull request carries (code, branch name, title) is attacker-controlled here".to_owned(),
                        Vec::new(),
                    ),
                    "workflow_run" => {
                        let up = upstream(model, &file.path, wf);
                        if up == Upstream::Trusted {
                            continue;
                        }
                        let missing = match up {
                            Upstream::Missing(n) => format!(
                                " (`{n}`, the workflow it follows, is not a workflow of this directory: nothing shows who can start it)"
                            ),
                            _ => String::new(),
                        };
                        (
                            format!("`workflow_run` runs this workflow with the base repository's secrets and a write token after a run that a fork's pull request can start; that run's artifacts, outputs and branch name are attacker-controlled here{missing}"),
                            Vec::new(),
                        )
                    }
                    "issue_comment" => {
                        let open: Vec<&Job> = wf.jobs.iter().filter(|j| !author_guarded(j)).collect();
                        if open.is_empty() {
                            continue;
                        }
                        (
                            format!(
                                "`issue_comment` runs this workflow on the default branch for a comment by anyone, with the repository's secrets, its token and write access to the default branch's caches; {} no guard requiring the commenter to be an owner, member or collaborator",
                                if open.len() == 1 { "1 job has".to_owned() } else { format!("{} jobs have", open.len()) }
                            ),
                            open,
                        )
                    }
                    _ => continue,
                };
                let mut f = Finding::new(Self::META.id, Self::META.severity, t.span, msg)
                    .fix("Use `pull_request` unless the job needs secrets; otherwise never run the event's code or paste its text into scripts, keep `permissions:` minimal, and guard `issue_comment` jobs on `github.event.comment.author_association`")
                    .key(format!("on.{}", t.value))
                    .env(model.env_of(t.span));
                for j in open_jobs {
                    f = f.related(j.id_span, format!("job `{}` runs for any commenter", j.id));
                }
                out.push(f);
            }
        }
    }
}
