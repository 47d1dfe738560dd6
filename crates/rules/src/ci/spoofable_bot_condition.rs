//! `spoofable-bot-condition`: `if: github.actor == 'dependabot[bot]'` as a trust check.

use infra_lint_core::{Finding, Model, Severity};

use crate::ci::expr::equality_tests;
use crate::ci::{condition_expr, conditions, workflows};
use crate::declare_rule;
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Flags `if:` conditions that decide whether to trust a run by comparing `github.actor`,
    /// `github.triggering_actor` or `github.actor_id` with a bot (`…[bot]`, or the account id
    /// of Dependabot, Renovate or github-actions), in workflows that run for pull requests,
    /// comments or other workflows' runs.
    ///
    /// ## Why is this bad?
    /// The actor is whoever caused the *latest* event, not who wrote the code: an attacker can
    /// open a pull request and get the bot to act on it (a rebase, `@dependabot recreate`), or
    /// update a branch the bot created; the run then has the bot as actor and passes the check
    /// with the attacker's code.
    ///
    /// ## How to fix
    /// Check the author of the pull request instead
    /// (`github.event.pull_request.user.login == 'dependabot[bot]'`), and do not grant secrets
    /// or write access on that basis alone.
    ///
    /// ## Example
    /// ```yaml
    /// # bad
    /// if: github.actor == 'dependabot[bot]'
    /// ```
    /// ```yaml
    /// # good
    /// if: github.event.pull_request.user.login == 'dependabot[bot]'
    /// ```
    ///
    /// ## References
    /// - <https://www.synacktiv.com/publications/github-actions-exploitation-dependabot>
    /// - <https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/accessing-contextual-information-about-workflow-runs#github-context>
    pub struct SpoofableBotCondition {
        id: "spoofable-bot-condition",
        severity: High,
        formats: [Workflow],
        tags: ["security", "ci"],
        precision: "high",
        summary: "`if:` trusts a run because github.actor is a bot, which anyone can make it be",
        aliases: ["bot-conditions"],
    }
}

/// Triggers where someone else's change can run with a bot as the actor.
const TRIGGERS: &[&str] = &[
    "pull_request",
    "pull_request_target",
    "pull_request_review",
    "pull_request_review_comment",
    "issue_comment",
    "workflow_run",
];

/// Account ids of well-known bots: Dependabot, Renovate, github-actions.
const BOT_IDS: &[&str] = &["49699333", "29139614", "41898282"];

impl Rule for SpoofableBotCondition {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (_, wf) in workflows(model) {
            let Some(trigger) = wf.triggers.iter().find(|t| TRIGGERS.contains(&t.value.as_str())) else { continue };
            let severity = if trigger.value == "pull_request" { Severity::Medium } else { Self::META.severity };
            for (path, cond) in conditions(wf) {
                let tests = equality_tests(condition_expr(&cond.value));
                let Some((ctx, bot)) = tests.iter().find(|(ctx, lit)| {
                    matches!(ctx.as_str(), "github.actor" | "github.triggering_actor" | "github.actor_id")
                        && (lit.to_ascii_lowercase().ends_with("[bot]") || BOT_IDS.contains(&lit.trim()))
                }) else {
                    continue;
                };
                out.push(
                    Finding::new(
                        Self::META.id,
                        severity,
                        cond.span,
                        format!(
                            "`if:` trusts the run because `{ctx}` is `{bot}`, but on `{}` the actor is whoever caused the latest event: an attacker can get the bot to act on their pull request and pass this check",
                            trigger.value
                        ),
                    )
                    .fix("Compare the pull request's author (`github.event.pull_request.user.login`) instead of the actor")
                    .key(format!("{path}.if"))
                    .related(trigger.span, format!("the workflow runs on `{}`", trigger.value))
                    .env(model.env_of(cond.span)),
                );
            }
        }
    }
}
