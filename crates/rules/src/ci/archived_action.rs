//! `archived-action`: a `uses:` of an action whose repository is archived.

use infra_lint_core::{Finding, Model, Severity};

use crate::ci::{action_name, workflows};
use crate::declare_rule;
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Flags `uses:` references (steps and reusable-workflow jobs) to actions whose GitHub
    /// repository is archived, from a table shipped with the binary ([`ARCHIVED_AS_OF`]):
    /// `actions/setup-ruby`, `actions/create-release`, `actions/upload-release-asset`, the
    /// `actions-rs/*` family, … The hook repositories of `.pre-commit-config.yaml` (`repo:`
    /// URLs on github.com: `https://github.com/pre-commit/mirrors-prettier`,
    /// `dnephin/pre-commit-golang`, `PyCQA/pydocstyle`, …) are checked against the same table.
    /// Owner and repository are compared case-insensitively, as GitHub resolves them (a `.git`
    /// suffix ignored). The finding is at the `uses:` or `repo:` value and names the maintained
    /// replacement.
    ///
    /// ## Why is this bad?
    /// An archived action or hook gets no fixes: its vulnerabilities, deprecated runtimes (Node
    /// 12/16) and broken dependencies stay forever, and nobody watches the repository for
    /// takeover of its owner account or tags. A pre-commit hook runs on every developer's
    /// machine as well as in CI.
    ///
    /// ## How to fix
    /// Move to the maintained replacement the table names, or to a `run:` step.
    ///
    /// ## Example
    /// ```yaml
    /// # bad
    /// - uses: actions-rs/toolchain@16499b5e05bf2e26879000db0c1d13f7e13fa3af # v1
    /// ```
    /// ```yaml
    /// # good
    /// - run: rustup toolchain install stable --profile minimal
    /// ```
    ///
    /// ## References
    /// - <https://docs.github.com/en/repositories/archiving-a-github-repository/archiving-repositories>
    pub struct ArchivedAction {
        id: "archived-action",
        severity: Low,
        formats: [Workflow, Action, PreCommit],
        tags: ["security", "ci", "supply-chain"],
        precision: "high",
        summary: "Action or pre-commit hook from an archived repository that no longer gets fixes",
        aliases: ["archived-uses"],
    }
}

/// When the table below was last checked.
pub const ARCHIVED_AS_OF: &str = "2026-12-07";

/// Archived repositories (`owner/repo`, lower case) and what replaces them.
const ARCHIVED: &[(&str, &str)] = &[
    ("actions/setup-ruby", "`ruby/setup-ruby`"),
    ("actions/create-release", "`gh release create` or `softprops/action-gh-release`"),
    ("actions/upload-release-asset", "`gh release upload` or `softprops/action-gh-release`"),
    ("actions/setup-elixir", "`erlef/setup-beam`"),
    ("actions/setup-haskell", "`haskell-actions/setup`"),
    ("actions-rs/toolchain", "`rustup` in a `run:` step or `dtolnay/rust-toolchain`"),
    ("actions-rs/cargo", "`cargo` in a `run:` step"),
    ("actions-rs/clippy-check", "`cargo clippy` in a `run:` step"),
    ("actions-rs/audit-check", "`rustsec/audit-check`"),
    ("actions-rs/install", "`taiki-e/install-action`"),
    ("actions-rs/tarpaulin", "`cargo tarpaulin` in a `run:` step"),
    ("actions-rs/grcov", "`grcov` in a `run:` step"),
    ("actions-rs/components-nightly", "`rustup` in a `run:` step"),
    ("crazy-max/ghaction-docker-buildx", "`docker/setup-buildx-action`"),
    ("googlecloudplatform/github-actions", "the `google-github-actions/*` actions"),
    // pre-commit hook repositories
    ("pre-commit/mirrors-prettier", "`rbubley/mirrors-prettier`, or a `local` hook that runs prettier"),
    ("dnephin/pre-commit-golang", "`TekWizely/pre-commit-golang`, or `golangci/golangci-lint`'s own hook"),
    ("pycqa/pydocstyle", "ruff's `D` rules (`astral-sh/ruff-pre-commit`)"),
];

/// The `owner/repo` of a `uses:` value, lower case.
pub(crate) fn owner_repo(uses: &str) -> Option<String> {
    let name = action_name(uses);
    if crate::ci::local_target(uses).is_some() || uses.trim().starts_with("docker://") {
        return None;
    }
    let mut parts = name.split('/');
    let (owner, repo) = (parts.next()?, parts.next()?);
    Some(format!("{owner}/{repo}"))
}

impl Rule for ArchivedAction {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (_, wf) in workflows(model) {
            for u in wf.all_uses() {
                let Some(repo) = owner_repo(&u.value) else { continue };
                let Some((_, instead)) = ARCHIVED.iter().find(|(a, _)| *a == repo) else { continue };
                out.push(
                    Finding::new(
                        Self::META.id,
                        Severity::Low,
                        u.span,
                        format!("`{}` comes from the archived repository `{repo}`, which no longer gets security or runtime fixes", u.value),
                        )
                    .fix(format!("Replace it with {instead}"))
                    .key(format!("uses:{repo}"))
                    .env(model.env_of(u.span)),
                );
            }
        }
        for (_, r) in crate::ci::hook_repos::remote_repos(model) {
            let Some(url) = r.remote() else { continue };
            let Some(repo) = crate::ci::hook_repos::github_slug(&url.value) else { continue };
            let Some((_, instead)) = ARCHIVED.iter().find(|(a, _)| *a == repo) else { continue };
            out.push(
                Finding::new(
                    Self::META.id,
                    Severity::Low,
                    url.span,
                    format!("pre-commit hook repository `{}` is archived: its hooks no longer get security or runtime fixes", url.value.trim()),
                )
                .fix(format!("Replace it with {instead}"))
                .key(format!("repo:{repo}"))
                .env(model.env_of(url.span)),
            );
        }
    }
}
