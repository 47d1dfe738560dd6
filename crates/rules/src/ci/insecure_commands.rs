//! `insecure-workflow-commands`: `ACTIONS_ALLOW_UNSECURE_COMMANDS` turns the deprecated
//! `::set-env` and `::add-path` workflow commands back on.

use infra_lint_core::parse::node::Node;
use infra_lint_core::parse::workflow::WfEntry;
use infra_lint_core::{Edit, Finding, Fix, Model, Span};

use crate::ci::{step_path, workflows};
use crate::declare_rule;
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Flags `ACTIONS_ALLOW_UNSECURE_COMMANDS` set to `true` in an `env:` block of a workflow, a
    /// job, a step, or a composite action's step. The finding spans the `env:` block's key to the
    /// entry (the scope it applies to, and the variable); its value is compared
    /// case-insensitively, and a value computed by an expression is not reported. An `env:`
    /// written as one expression is reported when it is `${{ matrix.X }}` and a value of that
    /// dimension sets the variable to true, and (low) with `[ci] pedantic = true` otherwise.
    ///
    /// ## Why is this bad?
    /// The runner disabled the `::set-env::` and `::add-path::` log commands because any text a
    /// step prints could use them: a branch name, an issue title, a test's output or a
    /// dependency's install log that contains `::set-env name=LD_PRELOAD::…` or
    /// `::set-env name=NODE_OPTIONS::…` changes the environment of every later step, which is
    /// code execution with the job's secrets and token. The variable switches that protection
    /// off for everything that runs under it.
    ///
    /// ## How to fix
    /// Remove the variable and move the step that needs it to the environment files
    /// (`echo "NAME=value" >> "$GITHUB_ENV"`, `echo "/some/bin" >> "$GITHUB_PATH"`), or upgrade the
    /// action that still prints the old commands.
    ///
    /// ## Example
    /// ```yaml
    /// # bad
    /// jobs:
    ///   build:
    ///     runs-on: ubuntu-latest
    ///     env:
    ///       ACTIONS_ALLOW_UNSECURE_COMMANDS: true
    ///     steps:
    ///       - run: echo "::add-path::$HOME/.tool/bin"
    /// ```
    /// ```yaml
    /// # good
    /// jobs:
    ///   build:
    ///     runs-on: ubuntu-latest
    ///     steps:
    ///       - run: echo "$HOME/.tool/bin" >> "$GITHUB_PATH"
    /// ```
    ///
    /// ## References
    /// - <https://github.blog/changelog/2020-10-01-github-actions-deprecating-set-env-and-add-path-commands/>
    /// - <https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/workflow-commands-for-github-actions#environment-files>
    pub struct InsecureWorkflowCommands {
        id: "insecure-workflow-commands",
        severity: High,
        formats: [Workflow],
        tags: ["security", "ci", "injection"],
        precision: "high",
        summary: "`ACTIONS_ALLOW_UNSECURE_COMMANDS` re-enables the `set-env`/`add-path` log commands",
        aliases: ["insecure-commands"],
    }
}

const VAR: &str = "ACTIONS_ALLOW_UNSECURE_COMMANDS";

/// The span of the `env:` key whose mapping holds the entry at `entry` (found in the document
/// tree; `None` when the tree does not show it).
fn env_key(root: Option<&Node>, entry: Span) -> Option<Span> {
    let mut stack: Vec<&Node> = root.into_iter().collect();
    while let Some(n) = stack.pop() {
        if let Some(m) = n.as_map() {
            for (k, v) in m {
                let (start, end) = v.extent();
                if entry.start < start || entry.end > end {
                    continue;
                }
                if k.as_str() == Some("env") && v.as_map().is_some() {
                    return Some(k.span);
                }
                stack.push(v);
            }
        } else if let Some(items) = n.as_seq() {
            stack.extend(items.iter().filter(|v| {
                let (start, end) = v.extent();
                entry.start >= start && entry.end <= end
            }));
        }
    }
    None
}

/// `env:` blocks written as one expression (`env: ${{ matrix.env }}`): the key, the value,
/// the job node (for its matrix) and a path for the finding's key.
fn computed_envs(root: Option<&Node>) -> Vec<(&Node, &Node, Option<&Node>, String)> {
    let Some(root) = root else { return Vec::new() };
    let computed = |n: &Node| n.as_str().is_some_and(|t| t.contains("${{"));
    let mut out = Vec::new();
    if let Some((k, v)) = root.entry("env").filter(|(_, v)| computed(v)) {
        out.push((k, v, None, "env".to_owned()));
    }
    for (id, job) in root.get("jobs").and_then(Node::as_map).unwrap_or(&[]) {
        let id = id.as_str().unwrap_or("");
        if let Some((k, v)) = job.entry("env").filter(|(_, v)| computed(v)) {
            out.push((k, v, Some(job), format!("jobs.{id}")));
        }
        for (i, st) in job.get("steps").and_then(Node::as_seq).unwrap_or(&[]).iter().enumerate() {
            if let Some((k, v)) = st.entry("env").filter(|(_, v)| computed(v)) {
                out.push((k, v, Some(job), format!("jobs.{id}.steps[{i}]")));
            }
        }
    }
    for (i, st) in root.path(&["runs", "steps"]).and_then(Node::as_seq).unwrap_or(&[]).iter().enumerate() {
        if let Some((k, v)) = st.entry("env").filter(|(_, v)| computed(v)) {
            out.push((k, v, None, format!("runs.steps[{i}]")));
        }
    }
    out
}

/// Where a value of the job's matrix dimension `dim` (listed or included) is a mapping that
/// sets the variable to true.
fn matrix_value_enabling(job: &Node, dim: &str) -> Option<Span> {
    let matrix = job.get("strategy")?.get("matrix")?;
    let listed = matrix.get(dim).and_then(Node::as_seq).unwrap_or(&[]).iter();
    let included = matrix.get("include").and_then(Node::as_seq).unwrap_or(&[]).iter().filter_map(|i| i.get(dim));
    listed.chain(included).find_map(|v| {
        let (k, val) = v.entry(VAR)?;
        val.scalar_text().is_some_and(|t| t.trim().eq_ignore_ascii_case("true")).then_some(k.span)
    })
}

fn enabling(e: &WfEntry) -> bool {
    e.key == VAR && e.value.as_deref().is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
}

impl Rule for InsecureWorkflowCommands {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (_, wf) in workflows(model) {
            let mut hits: Vec<(&WfEntry, String, String)> = Vec::new();
            for e in wf.env.iter().filter(|e| enabling(e)) {
                hits.push((e, "the whole workflow".to_owned(), "env".to_owned()));
            }
            for job in &wf.jobs {
                for e in job.env.iter().filter(|e| enabling(e)) {
                    hits.push((e, format!("every step of job `{}`", job.id), format!("jobs.{}.env", job.id)));
                }
            }
            for (job, step) in wf.all_steps() {
                for e in step.env.iter().filter(|e| enabling(e)) {
                    let label = step.label();
                    let path = step_path(job, &label);
                    let scope = if step.name.is_none() && step.id.is_none() && step.uses.is_none() {
                        label
                    } else {
                        format!("step `{label}`")
                    };
                    hits.push((e, scope, format!("{path}.env")));
                }
            }
            for (env_key, env_value, job, path) in computed_envs(wf.root.as_ref()) {
                let expr = env_value.as_str().unwrap_or("").trim();
                let matrix_dim = expr
                    .strip_prefix("${{")
                    .and_then(|x| x.strip_suffix("}}"))
                    .map(str::trim)
                    .and_then(|x| x.strip_prefix("matrix."));
                let from_matrix = matrix_dim.and_then(|dim| job.and_then(|j| matrix_value_enabling(j, dim)));
                let finding = match from_matrix {
                    Some(at) => Finding::new(
                        Self::META.id,
                        Self::META.severity,
                        Span::new(env_key.span.file, env_key.span.start as usize, env_value.span.end as usize),
                        format!("`env:` comes from the matrix, and one of its values sets `{VAR}: true`: it re-enables the `::set-env::` and `::add-path::` log commands for the runs with that value"),
                    )
                    .related(at, format!("`{VAR}: true` in the matrix")),
                    None if crate::ci::pedantic(model) => Finding::new(
                        Self::META.id,
                        infra_lint_core::Severity::Low,
                        Span::new(env_key.span.file, env_key.span.start as usize, env_value.span.end as usize),
                        format!("`env:` is computed by an expression: it may set `{VAR}` and re-enable the `::set-env::` and `::add-path::` log commands"),
                    ),
                    None => continue,
                };
                out.push(
                    finding
                        .fix("List the environment variables under `env:` one by one, without `ACTIONS_ALLOW_UNSECURE_COMMANDS`")
                        .key(format!("{path}.env"))
                        .env(model.env_of(env_key.span)),
                );
            }
            for (e, scope, key) in hits {
                // From the `env:` key that sets it (the block it applies through) to the value.
                let at = env_key(wf.root.as_ref(), e.key_span)
                    .map_or(e.span(), |k| Span::new(k.file, k.start as usize, e.span().end as usize));
                out.push(
                    Finding::new(
                        Self::META.id,
                        Self::META.severity,
                        at,
                        format!(
                            "`{VAR}: true` re-enables the `::set-env::` and `::add-path::` log commands for {scope}: anything it prints can change the environment of later steps"
                        ),
                    )
                    .fix("Remove the variable and write to `$GITHUB_ENV` / `$GITHUB_PATH` instead")
                    .autofix(Fix::safe(
                        format!("set {VAR} to false"),
                        vec![Edit::replace(e.value_span, "false")],
                    ))
                    .key(format!("{key}.{VAR}"))
                    .env(model.env_of(e.key_span)),
                );
            }
        }
    }
}
