//! `unsound-contains`: `contains('main,dev', github.ref_name)` is a substring test.

use infra_lint_core::{Finding, Model};

use crate::ci::expr::literal_haystack_contains;
use crate::ci::{condition_expr, conditions, workflows};
use crate::declare_rule;
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Flags `if:` conditions that call `contains()` with a fixed string as the first argument
    /// and a context as the second, e.g. `contains('refs/heads/main refs/heads/dev',
    /// github.ref)`. With a string haystack `contains` is a substring test, not a membership
    /// test.
    ///
    /// ## Why is this bad?
    /// Any value that is a substring of the list passes: a branch named `main refs` or `ai`,
    /// an actor named `longuser` for `longusername`. A gate meant to allow two branches allows
    /// many names that someone else can create.
    ///
    /// ## How to fix
    /// Compare with `==` for each allowed value, or test membership in an array:
    /// `contains(fromJSON('["main", "dev"]'), github.ref_name)`.
    ///
    /// ## Example
    /// ```yaml
    /// # bad
    /// if: contains('main,dev', github.ref_name)
    /// ```
    /// ```yaml
    /// # good
    /// if: contains(fromJSON('["main", "dev"]'), github.ref_name)
    /// ```
    ///
    /// ## References
    /// - <https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/evaluate-expressions-in-workflows-and-actions#contains>
    pub struct UnsoundContains {
        id: "unsound-contains",
        severity: Medium,
        formats: [Workflow, Action],
        tags: ["security", "ci"],
        precision: "high",
        summary: "contains() with a string haystack in `if:` is a substring test that other values pass",
        aliases: ["unsound-contains"],
    }
}

impl Rule for UnsoundContains {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (_, wf) in workflows(model) {
            for (path, cond) in conditions(wf) {
                for ctx in literal_haystack_contains(condition_expr(&cond.value)) {
                    out.push(
                        Finding::new(
                            Self::META.id,
                            Self::META.severity,
                            cond.span,
                            format!(
                                "`contains()` tests whether `{ctx}` is a substring of a fixed string: any value that is a part of it passes this `if:`"
                            ),
                        )
                        .fix("Use `contains(fromJSON('[\"a\", \"b\"]'), <context>)` or `==` comparisons")
                        .key(format!("{path}.if:{ctx}"))
                        .env(model.env_of(cond.span)),
                    );
                }
            }
        }
    }
}
