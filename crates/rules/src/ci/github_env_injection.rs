//! `github-env-injection`: dynamic values written to `$GITHUB_ENV` / `$GITHUB_PATH` where
//! attackers can control them.

use infra_lint_core::parse::workflow::WorkflowKind;
use infra_lint_core::{Finding, Model, Severity, Span};

use crate::ci::{step_path, workflows, EXPOSED_TRIGGERS};
use crate::declare_rule;
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Flags `run:` steps that write a non-constant value (one containing a shell, PowerShell or
    /// cmd variable, a command substitution, a heredoc or a `${{ }}` expression, or the output
    /// of a command that prints a file: `cat`, `jq`, `tr … < file` …) into `$GITHUB_ENV` or
    /// `$GITHUB_PATH`:
    ///
    /// - in workflows triggered by events that outsiders can cause and that run with the base
    ///   repository's secrets (`pull_request_target`, `workflow_run`, `issue_comment`, `issues`,
    ///   `discussion`, `discussion_comment`): `high`;
    /// - in composite actions, whose callers may be such workflows: `medium`.
    ///
    /// The finding points at the line of the script that writes the file. Writes of constant
    /// text (`echo "CI=true" >> "$GITHUB_ENV"`) are fine.
    ///
    /// ## Why is this bad?
    /// Every later step of the job starts with the variables from `$GITHUB_ENV` and the
    /// directories from `$GITHUB_PATH`. If an attacker controls the written value (a branch
    /// name, an artifact's content, a pull-request title passed through `env:`), a newline lets
    /// them set `LD_PRELOAD`, `NODE_OPTIONS`, `BASH_ENV` or `PATH`, and run code in the privileged
    /// steps that follow.
    ///
    /// ## How to fix
    /// Do not pass untrusted data between steps through `$GITHUB_ENV`/`$GITHUB_PATH`: use step
    /// outputs (`$GITHUB_OUTPUT`) read through `env:` in the consuming step, and validate the
    /// value (reject newlines) before using it.
    ///
    /// ## Example
    /// ```yaml
    /// # bad
    /// on: pull_request_target
    /// steps:
    ///   - env:
    ///       TITLE: ${{ github.event.pull_request.title }}
    ///     run: echo "PR_TITLE=$TITLE" >> "$GITHUB_ENV"
    /// ```
    /// ```yaml
    /// # good
    /// on: pull_request_target
    /// steps:
    ///   - id: title
    ///     env:
    ///       TITLE: ${{ github.event.pull_request.title }}
    ///     run: printf 'value=%s\n' "${TITLE//$'\n'/ }" >> "$GITHUB_OUTPUT"
    /// ```
    ///
    /// ## References
    /// - <https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#understanding-the-risk-of-script-injections>
    /// - <https://www.legitsecurity.com/blog/github-privilege-escalation-vulnerability>
    pub struct GithubEnvInjection {
        id: "github-env-injection",
        severity: High,
        formats: [Workflow, Action],
        tags: ["security", "ci", "injection"],
        precision: "medium",
        summary: "Dynamic value written to $GITHUB_ENV / $GITHUB_PATH in a privileged context",
        aliases: ["github-env"],
    }
}

/// References to the two files, in sh, PowerShell and cmd spellings.
const FILE_REFS: &[&str] = &[
    "\"$GITHUB_ENV\"",
    "\"${GITHUB_ENV}\"",
    "${GITHUB_ENV}",
    "$GITHUB_ENV",
    "$env:GITHUB_ENV",
    "%GITHUB_ENV%",
    "\"$GITHUB_PATH\"",
    "\"${GITHUB_PATH}\"",
    "${GITHUB_PATH}",
    "$GITHUB_PATH",
    "$env:GITHUB_PATH",
    "%GITHUB_PATH%",
];

/// Commands that print what they read from files or the network.
const READERS: &[&str] = &[
    "cat",
    "jq",
    "yq",
    "head",
    "tail",
    "sed",
    "awk",
    "cut",
    "grep",
    "tr",
    "sort",
    "base64",
    "unzip",
    "curl",
    "wget",
    "xargs",
    "envsubst",
    "gh",
    "Get-Content",
];

/// Which file a script line writes to, if it writes a non-constant value to one.
fn dynamic_write(line: &str) -> Option<&'static str> {
    let target = if line.contains("GITHUB_ENV") {
        "$GITHUB_ENV"
    } else if line.contains("GITHUB_PATH") {
        "$GITHUB_PATH"
    } else {
        return None;
    };
    let writes = line.contains(">>")
        || line.contains("> ")
        || line.contains("Out-File")
        || line.contains("Add-Content")
        || line.contains("Set-Content")
        || line.contains("tee ");
    if !writes {
        return None;
    }
    let mut rest = line.to_owned();
    for r in FILE_REFS {
        rest = rest.replace(r, "");
    }
    let dynamic = rest.contains('$') || rest.contains('%') || rest.contains('`') || rest.contains("<<");
    // `cat env.txt >> "$GITHUB_ENV"`, `jq -r … vars.json | tee -a "$GITHUB_ENV"`: a file's
    // contents (an artifact, a checked-out file) are written.
    let first = rest.split_whitespace().next().unwrap_or("");
    let reads = READERS.contains(&first.rsplit('/').next().unwrap_or(first)) || rest.contains(" < ");
    (dynamic || reads).then_some(target)
}

impl Rule for GithubEnvInjection {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (_, wf) in workflows(model) {
            let exposed = wf.triggers.iter().find(|t| EXPOSED_TRIGGERS.contains(&t.value.as_str()));
            let severity = match (exposed, wf.kind) {
                (Some(_), _) => Severity::High,
                (None, WorkflowKind::Action) => Severity::Medium,
                (None, WorkflowKind::Workflow) => continue,
            };
            for (job, step) in wf.all_steps() {
                let Some(run) = &step.run else { continue };
                let text = model.text(run.span);
                let mut offset = 0;
                for line in text.split_inclusive('\n') {
                    let line_start = offset;
                    offset += line.len();
                    let Some(target) = dynamic_write(line) else { continue };
                    let first = line.split_whitespace().next().unwrap_or("");
                    let what = if READERS.contains(&first.rsplit('/').next().unwrap_or(first)) {
                        "a file's contents"
                    } else {
                        "a variable value"
                    };
                    let trimmed = line.trim();
                    let lead = line.len() - line.trim_start().len();
                    let start = run.span.start as usize + line_start + lead;
                    let span = Span::new(run.span.file, start, start + trimmed.len());
                    let context = match exposed {
                        Some(t) => format!("this workflow runs on `{}` with the base repository's secrets", t.value),
                        None => "a composite action can be called from privileged workflows".to_owned(),
                    };
                    let effect = if target == "$GITHUB_ENV" {
                        "a newline lets them set variables such as `LD_PRELOAD` or `NODE_OPTIONS`"
                    } else {
                        "they can put a directory of their choice first on `PATH`"
                    };
                    let mut f = Finding::new(
                        Self::META.id,
                        severity,
                        span,
                        format!(
                            "Step \"{}\" writes {what} into `{target}`; if an attacker controls it, {effect} for every later step ({context})",
                            step.label()
                        ),
                    )
                    .fix("Pass the value through `$GITHUB_OUTPUT` and `env:` instead, and reject newlines in it")
                    .key(format!("{}:{target}", step_path(job, &step.label())))
                    .env(model.env_of(span));
                    if let Some(t) = exposed {
                        f = f.related(t.span, format!("`{}` runs with the base repository's secrets", t.value));
                    }
                    out.push(f);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::dynamic_write;

    #[test]
    fn static_and_dynamic_writes() {
        assert_eq!(dynamic_write("echo \"foo=$(bar)\" >> $GITHUB_ENV"), Some("$GITHUB_ENV"));
        assert_eq!(dynamic_write("echo \"foo=$env:BAR\" >> $env:GITHUB_ENV"), Some("$GITHUB_ENV"));
        assert_eq!(dynamic_write("echo LIBRARY=%LIBRARY% >> %GITHUB_ENV%"), Some("$GITHUB_ENV"));
        assert_eq!(dynamic_write("echo \"$message\" >> $GITHUB_PATH"), Some("$GITHUB_PATH"));
        assert_eq!(dynamic_write("echo \"T=${{ github.head_ref }}\" >> \"$GITHUB_ENV\""), Some("$GITHUB_ENV"));
        assert_eq!(dynamic_write("printf \"A=b\\nC=d\\n\" >> \"$GITHUB_ENV\""), None);
        assert_eq!(dynamic_write("echo \"CI=true\" >> ${GITHUB_ENV}"), None);
        assert_eq!(dynamic_write("echo $GITHUB_ENV"), None);
        assert_eq!(dynamic_write("echo \"x=$y\" >> $GITHUB_OUTPUT"), None);
        assert_eq!(dynamic_write("cat artifact/env.txt >> \"$GITHUB_ENV\""), Some("$GITHUB_ENV"));
        assert_eq!(dynamic_write("jq -r '.path' meta.json >> $GITHUB_PATH"), Some("$GITHUB_PATH"));
        assert_eq!(dynamic_write("tr -d '\\r' < pr/vars >> $GITHUB_ENV"), Some("$GITHUB_ENV"));
    }
}
