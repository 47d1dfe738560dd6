//! `obfuscated-workflow`: `uses:` paths and expressions written to hide what they do.

use infra_lint_core::parse::node::Node;
use infra_lint_core::parse::workflow::Expr;
use infra_lint_core::{Finding, Model, Severity, Span};

use crate::ci::expr::reducible;
use crate::ci::{step_path, workflows};
use crate::declare_rule;
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Flags workflow text that says something simple in a roundabout way, the way code hidden
    /// from review is written:
    ///
    /// - `uses:` paths with empty, `.` or `..` segments (`actions/checkout/@…`,
    ///   `github/codeql-action/./init@…`, `actions/cache/save/../save@…`), which GitHub
    ///   normalises to another action than the text suggests at a glance;
    /// - `${{ … }}` expressions (in `run:`, `with:`, `env:` and `if:`) that compute a constant:
    ///   no context at all (`${{ 'a' }}`, `${{ true || false }}`), a pure function of literals
    ///   (`format('{0}', 'abc')`, `startsWith('abc', 'a')`), or an operator between literals.
    ///   `fromJSON('[…]')` over a literal is the usual way to write an array and is fine;
    /// - with `[ci] pedantic = true`, a context indexed by a computed key
    ///   (`inputs[inputs.name]`): which value is read is decided at run time (low);
    /// - a `with:` written as one expression (`with: ${{ fromJSON(steps.x.outputs.opts) }}`)
    ///   instead of a mapping: the inputs are decided at run time (low severity).
    ///
    /// ## Why is this bad?
    /// Reviewers read workflows quickly; constructs that compute what could be written
    /// literally, or paths that resolve elsewhere than they read, are how malicious changes
    /// hide in plain sight, and they also defeat other checks that match on text.
    ///
    /// ## How to fix
    /// Write the action path in its plain form and replace constant expressions by their value.
    ///
    /// ## Example
    /// ```yaml
    /// # bad
    /// - uses: actions/checkout/./@v4
    /// - run: echo ${{ format('{0}', 'abc') }}
    /// ```
    /// ```yaml
    /// # good
    /// - uses: actions/checkout@v4
    /// - run: echo abc
    /// ```
    ///
    /// ## References
    /// - <https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/evaluate-expressions-in-workflows-and-actions>
    pub struct ObfuscatedWorkflow {
        id: "obfuscated-workflow",
        severity: Low,
        formats: [Workflow, Action],
        tags: ["security", "ci"],
        precision: "high",
        summary: "uses: path with ./, ../ or empty segments, or an expression that computes a constant",
        aliases: ["obfuscation"],
    }
}

/// What is odd about the path of a remote `uses:` reference.
fn odd_path(uses: &str) -> Option<&'static str> {
    let u = uses.trim();
    if crate::ci::local_target(u).is_some() || u.starts_with("docker://") || u.contains("${{") {
        return None;
    }
    let path = u.split('@').next().unwrap_or("");
    let segs: Vec<&str> = path.split('/').collect();
    if segs.contains(&"..") {
        Some("a `..` segment")
    } else if segs.contains(&".") {
        Some("a `.` segment")
    } else if segs.iter().any(|s| s.is_empty()) {
        Some("an empty segment (a doubled or trailing `/`)")
    } else {
        None
    }
}

/// Whether an expression indexes something with a computed key (`inputs[inputs.name]`,
/// `env[format('X_{0}', y)]`): an index that is not a string or number literal or `*`.
fn computed_index(expr: &str) -> bool {
    let b = expr.as_bytes();
    let mut in_str = false;
    let mut i = 0;
    while i < b.len() {
        match b.get(i) {
            Some(b'\'') => in_str = !in_str,
            Some(b'[') if !in_str => {
                let rest = expr.get(i + 1..).unwrap_or("").trim_start();
                let literal =
                    rest.starts_with('\'') || rest.starts_with('*') || rest.starts_with(|c: char| c.is_ascii_digit());
                // `fromJSON('[…]')` and other literals are skipped by `in_str`
                if !literal {
                    return true;
                }
            }
            _ => {}
        }
        i += 1;
    }
    false
}

/// `with:` values written as a single expression instead of a mapping (steps of jobs and of a
/// composite action, and reusable-workflow calls), with a key for each.
fn computed_inputs(wf: &infra_lint_core::parse::workflow::WorkflowDoc) -> Vec<(Span, String)> {
    let Some(root) = wf.root.as_ref() else { return Vec::new() };
    let expr = |n: &Node| n.as_str().is_some_and(|t| t.contains("${{"));
    let mut out = Vec::new();
    let steps_of = |steps: Option<&Node>, prefix: String, out: &mut Vec<(Span, String)>| {
        for (i, st) in steps.and_then(Node::as_seq).unwrap_or(&[]).iter().enumerate() {
            if let Some(w) = st.get("with").filter(|w| expr(w)) {
                out.push((w.span, format!("{prefix}.steps[{i}].with")));
            }
        }
    };
    for (k, job) in root.get("jobs").and_then(Node::as_map).unwrap_or(&[]) {
        let id = k.as_str().unwrap_or("");
        if let Some(w) = job.get("with").filter(|w| expr(w)) {
            out.push((w.span, format!("jobs.{id}.with")));
        }
        steps_of(job.get("steps"), format!("jobs.{id}"), &mut out);
    }
    steps_of(root.path(&["runs", "steps"]), "runs".to_owned(), &mut out);
    out
}

impl Rule for ObfuscatedWorkflow {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (file, wf) in workflows(model) {
            let mut exprs: Vec<(&Expr, String)> = Vec::new();
            let mut uses_refs: Vec<(Span, &str, String)> = Vec::new();
            for job in &wf.jobs {
                if let Some(u) = &job.uses {
                    uses_refs.push((u.span, &u.value, format!("jobs.{}.uses", job.id)));
                }
                for e in job.env.iter().chain(&job.with) {
                    exprs.extend(e.expressions.iter().map(|x| (x, format!("jobs.{}", job.id))));
                }
            }
            for e in &wf.env {
                exprs.extend(e.expressions.iter().map(|x| (x, "env".to_owned())));
            }
            for (job, step) in wf.all_steps() {
                let path = step_path(job, &step.label());
                if let Some(u) = &step.uses {
                    uses_refs.push((u.span, &u.value, format!("{path}.uses")));
                }
                if let Some(run) = &step.run {
                    exprs.extend(run.expressions.iter().map(|x| (x, path.clone())));
                }
                for e in step.env.iter().chain(&step.with) {
                    exprs.extend(e.expressions.iter().map(|x| (x, path.clone())));
                }
            }
            let conds: Vec<Expr> = crate::ci::conditions(wf)
                .into_iter()
                .flat_map(|(_, c)| infra_lint_core::parse::workflow::expressions(&file.source, c.span))
                .collect();
            for (span, uses, key) in uses_refs {
                let Some(what) = odd_path(uses) else { continue };
                out.push(
                    Finding::new(
                        Self::META.id,
                        Self::META.severity,
                        span,
                        format!("`uses: {uses}` has {what} in its path: it names a different-looking path than the action GitHub runs"),
                    )
                    .fix("Write the action path in its plain form (`owner/repo[/path]@ref`)")
                    .key(key)
                    .env(model.env_of(span)),
                );
            }
            for (span, key) in computed_inputs(wf) {
                out.push(
                    Finding::new(
                        Self::META.id,
                        Severity::Low,
                        span,
                        "`with:` is one expression: the inputs this step or call gets are computed when it runs, hidden from review and from checks of its inputs".to_owned(),
                    )
                    .fix("List the inputs under `with:` one by one, each with its own value or expression")
                    .key(key)
                    .env(model.env_of(span)),
                );
            }
            let all = exprs.iter().map(|(x, k)| (*x, k.clone())).chain(conds.iter().map(|x| (x, "if".to_owned())));
            let pedantic = crate::ci::pedantic(model);
            for (x, key) in all {
                if pedantic && computed_index(&x.text) {
                    out.push(
                        Finding::new(
                            Self::META.id,
                            Severity::Low,
                            x.span,
                            format!(
                                "`${{{{ {} }}}}` indexes a context with a computed key: which value it reads is decided at run time",
                                x.text.split_whitespace().collect::<Vec<_>>().join(" ")
                            ),
                        )
                        .fix("Index contexts with literal keys (`inputs.name`, `matrix['name']`)")
                        .key(format!("{key}:index:{}", x.text))
                        .env(model.env_of(x.span)),
                    );
                }
                // `if: ${{ false }}` switches a step off: a toggle, not a disguise
                let toggle = key == "if" && matches!(x.text.trim(), "true" | "false");
                if toggle || !reducible(&x.text) {
                    continue;
                }
                out.push(
                    Finding::new(
                        Self::META.id,
                        Self::META.severity,
                        x.span,
                        format!(
                            "`${{{{ {} }}}}` computes a constant: write its value instead",
                            x.text.split_whitespace().collect::<Vec<_>>().join(" ")
                        ),
                    )
                    .fix("Replace the expression (or the constant part of it) by its value")
                    .key(format!("{key}:{}", x.text))
                    .env(model.env_of(x.span)),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::computed_index;

    #[test]
    fn computed_indices() {
        assert!(computed_index("inputs[inputs.foo]"));
        assert!(computed_index("env[format('X_{0}', matrix.os)]"));
        assert!(!computed_index("matrix['os']"));
        assert!(!computed_index("github.event.commits[0].message"));
        assert!(!computed_index("fromJSON('[1, 2]')"));
        assert!(!computed_index("github.event.*.x[*]"));
    }
}
