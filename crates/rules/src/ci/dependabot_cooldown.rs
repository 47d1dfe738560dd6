//! `dependabot-update-cooldown`: a Dependabot version update without a cooldown (or with one
//! shorter than a week) proposes a release the day it is published.

use infra_lint_core::kind::FileKind;
use infra_lint_core::parse::dependabot::Update;
use infra_lint_core::parse::Document;
use infra_lint_core::{Finding, Model, Severity};

use crate::declare_rule;
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Flags each `updates:` entry of `.github/dependabot.yml` that has no `cooldown:` block
    /// (reported at its `package-ecosystem`), a `cooldown:` without `default-days` (at
    /// `cooldown`), or a `default-days` below the minimum (at the value; 7 days unless
    /// `[ci] dependabot-cooldown-days` says otherwise).
    ///
    /// ## Why is this bad?
    /// Without a cooldown Dependabot opens a pull request for a new release as soon as it is
    /// published. Compromised releases of popular packages and actions are usually found and
    /// yanked within days; a project that merges Dependabot's pull requests promptly pulls the
    /// malicious version into its builds before anyone noticed. `default-days` is what applies
    /// to every update: a `cooldown:` block without it (or with only per-semver settings) leaves
    /// updates without a delay, as Dependabot treats a missing `default-days` as zero.
    ///
    /// ## How to fix
    /// Give every update entry a `cooldown:` with `default-days` of at least a week. The
    /// cooldown only delays version updates; security updates are still opened at once.
    ///
    /// ## Example
    /// ```yaml
    /// # bad
    /// updates:
    ///   - package-ecosystem: npm
    ///     directory: /
    ///     schedule:
    ///       interval: daily
    /// ```
    /// ```yaml
    /// # good
    /// updates:
    ///   - package-ecosystem: npm
    ///     directory: /
    ///     schedule:
    ///       interval: daily
    ///     cooldown:
    ///       default-days: 7
    /// ```
    ///
    /// ## References
    /// - <https://docs.github.com/en/code-security/dependabot/working-with-dependabot/dependabot-options-reference#cooldown->
    pub struct DependabotUpdateCooldown {
        id: "dependabot-update-cooldown",
        severity: Medium,
        formats: [Dependabot],
        tags: ["security", "ci", "supply-chain"],
        precision: "high",
        summary: "Dependabot updates without a cooldown of at least a week",
        aliases: ["dependabot-cooldown"],
    }
}

/// The cooldown below which an update is reported, in days.
const DEFAULT_MIN_DAYS: u32 = 7;

fn ecosystem(u: &Update) -> String {
    u.ecosystem.as_ref().map_or_else(|| "this".to_owned(), |e| format!("the `{}`", e.value))
}

impl Rule for DependabotUpdateCooldown {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        let min = <crate::settings::Ci as crate::settings::Family>::of(model)
            .dependabot_cooldown_days
            .unwrap_or(DEFAULT_MIN_DAYS);
        for f in model.files_of(FileKind::Dependabot) {
            let Some(Document::Dependabot(doc)) = &f.doc else { continue };
            for (i, u) in doc.updates.iter().enumerate() {
                let key = format!("updates[{i}].cooldown");
                let finding = match &u.cooldown {
                    None => Finding::new(
                        Self::META.id,
                        Severity::Medium,
                        u.header,
                        format!(
                            "{} update has no `cooldown`: Dependabot proposes new releases the day they are published",
                            ecosystem(u)
                        ),
                    )
                    .fix(format!("Add `cooldown:` with `default-days: {min}` (or more) to this update")),
                    Some(c) => match (&c.default_days, c.default_days_value()) {
                        (None, _) => Finding::new(
                            Self::META.id,
                            Severity::Medium,
                            c.key,
                            format!(
                                "the `cooldown` of {} update sets no `default-days`: updates without a per-semver setting are not delayed",
                                ecosystem(u)
                            ),
                        )
                        .fix(format!("Add `default-days: {min}` (or more) to `cooldown`")),
                        (Some(d), Some(days)) if days < i64::from(min) => Finding::new(
                            Self::META.id,
                            Severity::Low,
                            d.span,
                            format!(
                                "`default-days: {days}` is a cooldown shorter than {min} days for {} update: a compromised release may not be found and yanked by then",
                                ecosystem(u)
                            ),
                        )
                        .fix(format!("Raise `default-days` to {min} or more")),
                        _ => continue,
                    },
                };
                out.push(finding.key(key).env(model.env_of(u.header)));
            }
        }
    }
}
