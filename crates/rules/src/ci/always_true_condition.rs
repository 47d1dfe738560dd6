//! `always-true-condition`: an `if:` whose `${{ }}` sits inside other text is always true.

use infra_lint_core::{Finding, Model};

use crate::ci::{conditions, workflows};
use crate::declare_rule;
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Flags `if:` values that hold a `${{ … }}` expression together with any other text —
    /// words, spaces inside quotes, or the trailing newline that a `|` or `>` block scalar
    /// keeps (`|-` and `>-` strip it). GitHub then evaluates the value as a string template,
    /// and a non-empty string is true.
    ///
    /// ## Why is this bad?
    /// The condition looks like a guard but never stops the job or step: whatever it was meant
    /// to protect (a deployment, a secret-using step) runs on every event.
    ///
    /// ## How to fix
    /// Make the whole value a single expression: `if: ${{ cond }}` or `if: cond`; for block
    /// scalars use `|-` / `>-`, or drop the `${{ }}` fence.
    ///
    /// ## Example
    /// ```yaml
    /// # bad
    /// if: |
    ///   ${{ github.ref == 'refs/heads/main' }}
    /// ```
    /// ```yaml
    /// # good
    /// if: github.ref == 'refs/heads/main'
    /// ```
    ///
    /// ## References
    /// - <https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions#jobsjob_idif>
    pub struct AlwaysTrueCondition {
        id: "always-true-condition",
        severity: High,
        formats: [Workflow, Action],
        tags: ["security", "ci", "correctness"],
        precision: "very-high",
        summary: "`if:` mixes a ${{ }} expression with other text, so it is always true",
        aliases: ["unsound-condition"],
    }
}

/// Whether an `if:` value is a string template (always true) rather than one expression.
fn always_true(value: &str) -> bool {
    let Some(open) = value.find("${{") else { return false };
    let single = value.starts_with("${{")
        && value.ends_with("}}")
        && value.matches("${{").count() == 1
        && value.get(3..value.len() - 2).is_some_and(|inner| !inner.contains("}}"));
    open != 0 || !single
}

impl Rule for AlwaysTrueCondition {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (_, wf) in workflows(model) {
            for (path, cond) in conditions(wf) {
                if !always_true(&cond.value) {
                    continue;
                }
                let why = if cond.value.trim() == cond.value.trim_end_matches('\n') && cond.value.ends_with('\n') {
                    "the block scalar keeps a trailing newline"
                } else {
                    "it holds text besides the expression"
                };
                out.push(
                    Finding::new(
                        Self::META.id,
                        Self::META.severity,
                        cond.span,
                        format!("This `if:` is always true: {why}, so GitHub evaluates it as a non-empty string"),
                    )
                    .fix("Make the value a single expression (`if: ${{ cond }}` or `if: cond`; `|-` for block scalars)")
                    .key(format!("{path}.if"))
                    .env(model.env_of(cond.span)),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates() {
        assert!(always_true("${{ x }}\n"));
        assert!(always_true("true && ${{ false }}"));
        assert!(always_true("${{ false }} "));
        assert!(always_true("${{ a }} && ${{ b }}"));
        assert!(!always_true("${{ x }}"));
        assert!(!always_true("x\n"));
        assert!(!always_true("github.ref == 'x'"));
    }
}
