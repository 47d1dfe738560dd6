//! `workflow-misfeature`: GitHub Actions features that work but undermine a workflow's safety.

use infra_lint_core::parse::node::Node;
use infra_lint_core::parse::workflow::{WorkflowDoc, WorkflowKind};
use infra_lint_core::{Finding, Model, Severity};

use crate::ci::{action_name, step_input, step_path, workflows};
use crate::declare_rule;
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Flags features of GitHub Actions that work but make a workflow harder to reason about or
    /// easier to subvert:
    /// - a `shell:` that is neither a shell GitHub knows (`bash`, `sh`, `pwsh`, `powershell`,
    ///   `python`, `cmd`) nor a custom template around one of them, e.g. `shell: tcc -run {0}`:
    ///   the script is run by an arbitrary program with semantics no reviewer or tool checks;
    /// - `shell: cmd`: Windows `cmd.exe` has no reliable quoting, expands `%VAR%` and `!VAR!`
    ///   inside values, and does not stop on errors;
    /// - the `pip-install` input of `actions/setup-python`: it installs packages ad hoc, outside
    ///   any lockfile, hidden inside the setup step.
    ///
    /// A `shell:` set as a default (`defaults: run: shell:` of the workflow or of a job) is
    /// judged like a step's when some `run:` step of the workflow (of that job) takes it, i.e.
    /// sets no `shell:` of its own and is not covered by a closer default.
    ///
    /// The finding is at the offending value. `shell:` given by an expression is not judged.
    ///
    /// ## Why is this bad?
    /// Each makes the code a step really runs depend on behaviour reviewers do not expect: an
    /// unusual interpreter, `cmd.exe`'s expansion rules, or unpinned packages installed as a side
    /// effect of a setup action.
    ///
    /// ## How to fix
    /// Use `bash` or `pwsh` (and call other interpreters from them explicitly), and install
    /// Python dependencies in a `run:` step from a lock or hashed requirements file.
    ///
    /// ## Example
    /// ```yaml
    /// # bad
    /// - run: make test
    ///   shell: cmd
    /// ```
    /// ```yaml
    /// # good
    /// - run: make test
    ///   shell: pwsh
    /// ```
    ///
    /// ## References
    /// - <https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions#jobsjob_idstepsshell>
    /// - <https://github.com/actions/setup-python#inputs>
    pub struct WorkflowMisfeature {
        id: "workflow-misfeature",
        severity: Low,
        formats: [Workflow, Action],
        tags: ["security", "ci", "hygiene"],
        precision: "high",
        summary: "Unusual `shell:`, `cmd` shell, or `setup-python` `pip-install` in a workflow step",
        aliases: ["misfeature"],
    }
}

const KNOWN_SHELLS: &[&str] = &["bash", "sh", "pwsh", "powershell", "python", "cmd"];

/// What is wrong with a `shell:` value, if anything.
fn shell_problem(shell: &str) -> Option<&'static str> {
    let s = shell.trim();
    if s.is_empty() || s.contains("${{") {
        return None;
    }
    if s.eq_ignore_ascii_case("cmd") {
        return Some("runs the script with Windows `cmd.exe`, which expands `%VAR%` inside values, has no reliable quoting and does not stop on errors");
    }
    let program = s.split_whitespace().next().unwrap_or("");
    let program = program.rsplit(['/', '\\']).next().unwrap_or(program).trim_end_matches(".exe").to_ascii_lowercase();
    let known = KNOWN_SHELLS.contains(&program.as_str()) || program.starts_with("python");
    (!known)
        .then_some("runs the script with a program that is not a shell GitHub knows, so its semantics are unchecked")
}

impl Rule for WorkflowMisfeature {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (_, wf) in workflows(model) {
            default_shells(model, wf, out);
            for (job, step) in wf.all_steps() {
                let key = step_path(job, &step.label());
                if let (Some(shell), Some(_)) = (&step.shell, &step.run) {
                    if let Some(problem) = shell_problem(&shell.value) {
                        out.push(
                            Finding::new(
                                Self::META.id,
                                Severity::Low,
                                shell.span,
                                format!(
                                    "Step \"{}\" sets `shell: {}`, which {problem}",
                                    step.label(),
                                    shell.value.trim()
                                ),
                            )
                            .fix("Use `bash` or `pwsh`, and call any other interpreter explicitly from the script")
                            .key(format!("{key}:shell"))
                            .env(model.env_of(shell.span)),
                        );
                    }
                }
                let is_setup_python =
                    step.uses.as_ref().is_some_and(|u| action_name(&u.value) == "actions/setup-python");
                if let Some(pip) = step_input(step, "pip-install").filter(|_| is_setup_python) {
                    out.push(
                        Finding::new(
                            Self::META.id,
                            Severity::Low,
                            pip.value_span,
                            format!("Step \"{}\" installs Python packages through `setup-python`'s `pip-install` input, outside any lockfile and hidden in a setup step", step.label()),
                        )
                        .fix("Install dependencies in a `run:` step from a lock or hashed requirements file (`pip install --require-hashes -r …`)")
                        .key(format!("{key}:pip-install"))
                        .env(model.env_of(pip.value_span)),
                    );
                }
            }
        }
    }
}

/// The `defaults: run: shell:` value under `node`, when it is a plain string.
fn default_shell(node: Option<&Node>) -> Option<&Node> {
    node?.path(&["defaults", "run", "shell"]).filter(|n| n.as_str().is_some())
}

/// Default shells (workflow- or job-level) that some `run:` step inherits.
fn default_shells(model: &Model, wf: &WorkflowDoc, out: &mut Vec<Finding>) {
    if wf.kind != WorkflowKind::Workflow {
        return;
    }
    let root = wf.root.as_ref();
    let jobs = root.and_then(|r| r.get("jobs"));
    let workflow_default = default_shell(root);
    let mut workflow_default_used = false;
    for job in &wf.jobs {
        // A step with its own `shell:` does not take any default.
        let inherits = job.steps.iter().any(|s| s.run.is_some() && s.shell.is_none());
        if !inherits {
            continue;
        }
        match default_shell(jobs.and_then(|j| j.get(&job.id))) {
            Some(shell) => report_default(model, shell, &format!("job `{}`", job.id), out),
            None => workflow_default_used = true,
        }
    }
    if let Some(shell) = workflow_default.filter(|_| workflow_default_used) {
        report_default(model, shell, "the workflow", out);
    }
}

fn report_default(model: &Model, shell: &Node, scope: &str, out: &mut Vec<Finding>) {
    let value = shell.as_str().unwrap_or_default();
    let Some(problem) = shell_problem(value) else { return };
    out.push(
        Finding::new(
            WorkflowMisfeature::META.id,
            Severity::Low,
            shell.span,
            format!(
                "The default shell of {scope} is `{}`, and its `run:` steps without a `shell:` of their own take it: it {problem}",
                value.trim()
            ),
        )
        .fix("Make `bash` or `pwsh` the default shell, and call any other interpreter explicitly from the script")
        .key(format!("{scope}:defaults.run.shell"))
        .env(model.env_of(shell.span)),
    );
}

#[cfg(test)]
mod tests {
    use super::shell_problem;

    #[test]
    fn known_and_unknown_shells() {
        assert!(shell_problem("bash").is_none());
        assert!(shell_problem("bash -euo pipefail {0}").is_none());
        assert!(shell_problem("python3 {0}").is_none());
        assert!(shell_problem("${{ inputs.shell }}").is_none());
        assert!(shell_problem("cmd").is_some());
        assert!(shell_problem("tcc -run {0}").is_some());
        assert!(shell_problem("perl {0}").is_some());
    }
}
