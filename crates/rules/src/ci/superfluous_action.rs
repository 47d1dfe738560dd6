//! `superfluous-action` (pedantic): a third-party action for what a preinstalled tool does.

use infra_lint_core::{Finding, Model, Severity};

use crate::ci::archived_action::owner_repo;
use crate::ci::{never_runs, workflows};
use crate::declare_rule;
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Pedantic, off by default (enable with `[ci] pedantic = true`). Flags `uses:` of
    /// third-party actions whose job a tool preinstalled on GitHub-hosted runners does in one
    /// command (a shipped table): `dtolnay/rust-toolchain` (`rustup`), comment and release
    /// actions such as `peter-evans/create-or-update-comment` or `softprops/action-gh-release`
    /// (the `gh` CLI), `dcarbone/install-jq-action` (`jq`). The finding is at the `uses:` and
    /// names the command.
    ///
    /// ## Why is this bad?
    /// Every third-party action is code from another publisher that runs with the job's token
    /// and secrets, and a dependency to pin, review and update. When the runner already has a
    /// tool that does the same, the action adds supply-chain risk for no gain.
    ///
    /// ## How to fix
    /// Replace the step with a `run:` step calling the preinstalled tool.
    ///
    /// ## Example
    /// ```yaml
    /// # bad
    /// - uses: peter-evans/create-or-update-comment@e8674b075228eee787fea43ef493e45ece1004c9 # v5.0.0
    ///   with:
    ///     issue-number: ${{ github.event.pull_request.number }}
    ///     body: Thanks!
    /// ```
    /// ```yaml
    /// # good
    /// - run: gh pr comment "$PR" --body "Thanks!"
    ///   env:
    ///     GH_TOKEN: ${{ github.token }}
    ///     PR: ${{ github.event.pull_request.number }}
    /// ```
    ///
    /// ## References
    /// - <https://cli.github.com/manual/>
    /// - <https://github.com/actions/runner-images>
    pub struct SuperfluousAction {
        id: "superfluous-action",
        severity: Low,
        formats: [Workflow, Action],
        tags: ["security", "ci", "supply-chain", "pedantic"],
        precision: "medium",
        summary: "Third-party action for what a tool preinstalled on the runner does (pedantic)",
        aliases: ["superfluous-actions"],
    }
}

/// Actions (`owner/repo`, lower case) and the preinstalled command that does their job.
const SUPERFLUOUS: &[(&str, &str)] = &[
    ("dtolnay/rust-toolchain", "`rustup toolchain install`"),
    ("actions-rs/toolchain", "`rustup toolchain install`"),
    ("peter-evans/create-or-update-comment", "`gh issue comment` / `gh pr comment`"),
    ("thollander/actions-comment-pull-request", "`gh pr comment`"),
    ("softprops/action-gh-release", "`gh release create` / `gh release upload`"),
    ("ncipollo/release-action", "`gh release create`"),
    ("actions/create-release", "`gh release create`"),
    ("actions/upload-release-asset", "`gh release upload`"),
    ("actions-ecosystem/action-add-labels", "`gh issue edit --add-label` / `gh pr edit --add-label`"),
    ("actions-ecosystem/action-remove-labels", "`gh issue edit --remove-label` / `gh pr edit --remove-label`"),
    ("dcarbone/install-jq-action", "the preinstalled `jq`"),
];

impl Rule for SuperfluousAction {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        if !crate::ci::pedantic(model) {
            return;
        }
        for (_, wf) in workflows(model) {
            for (_, step) in wf.all_steps() {
                let Some(u) = &step.uses else { continue };
                if never_runs(step.if_cond.as_ref()) {
                    continue;
                }
                let Some(repo) = owner_repo(&u.value) else { continue };
                let Some((_, instead)) = SUPERFLUOUS.iter().find(|(a, _)| *a == repo) else { continue };
                out.push(
                    Finding::new(
                        Self::META.id,
                        Severity::Low,
                        u.span,
                        format!("Step \"{}\" runs the third-party action `{repo}` for what {instead} on the runner already does", step.label()),
                    )
                    .fix(format!("Replace the step with a `run:` step using {instead}"))
                    .key(format!("uses:{repo}"))
                    .env(model.env_of(u.span)),
                );
            }
        }
    }
}
