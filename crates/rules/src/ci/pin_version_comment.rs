//! `action-pin-version-comment` (pedantic): a `uses:` pinned by commit SHA without a comment
//! naming the version it is.

use infra_lint_core::{Finding, Model};

use crate::ci::{comment_after, version_in, workflows};
use crate::declare_rule;
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// With `[ci] pedantic = true`, flags `uses:` references pinned to a full commit SHA whose
    /// line has no comment naming a version (`# v4.2.1`, `# 2.7.0`): no comment at all, or a
    /// comment without a version number. The `rev:` of a pre-commit hook repository pinned to a
    /// full commit SHA is held to the same standard (`pre-commit autoupdate --freeze` writes
    /// `# frozen: v1.2.3`). Off by default.
    ///
    /// ## Why is this bad?
    /// A bare SHA tells a reviewer nothing: whether an update pull request moves to a newer
    /// release, an older one, or a commit that is on no release at all cannot be seen without
    /// looking it up. Dependabot and Renovate keep a `# vX.Y.Z` comment next to the SHA up to
    /// date, and tools that compare the two can then catch a SHA that does not match.
    ///
    /// ## How to fix
    /// Add the release the SHA belongs to as a comment after it.
    ///
    /// ## Example
    /// ```yaml
    /// # bad
    /// - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8
    /// ```
    /// ```yaml
    /// # good
    /// - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0
    /// ```
    ///
    /// ## References
    /// - <https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#using-third-party-actions>
    pub struct ActionPinVersionComment {
        id: "action-pin-version-comment",
        severity: Low,
        formats: [Workflow, Action, PreCommit],
        tags: ["ci", "supply-chain", "pedantic"],
        precision: "high",
        summary: "Action pinned by SHA without a version comment (pedantic)",
        aliases: ["ref-version-mismatch"],
    }
}

/// Whether a comment names a version (`v4`, `v4.2.1`, `2.7.0`, `release-1.2`).
fn names_version(comment: &str) -> bool {
    version_in(comment).is_some()
}

impl Rule for ActionPinVersionComment {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        if !crate::ci::pedantic(model) {
            return;
        }
        for (file, wf) in workflows(model) {
            for u in wf.all_uses() {
                let value = u.value.trim();
                if crate::ci::pinned_sha(value).is_none() {
                    continue;
                }
                let comment = comment_after(&file.source.text, u.span.end as usize).map(|(_, c)| c.trim());
                if comment.is_some_and(names_version) {
                    continue;
                }
                let what =
                    if comment.is_some() { "its comment names no version" } else { "no comment names its version" };
                out.push(
                    Finding::new(
                        Self::META.id,
                        Self::META.severity,
                        u.span,
                        format!("`{value}` is pinned by commit SHA, but {what}: which release it is cannot be seen"),
                    )
                    .fix("Add the release the SHA belongs to as a comment (`# vX.Y.Z`)")
                    .key(format!("uses:{value}"))
                    .env(model.env_of(u.span)),
                );
            }
        }
        for (file, r) in crate::ci::hook_repos::remote_repos(model) {
            let (Some(url), Some(rev)) = (r.remote(), &r.rev) else { continue };
            let value = rev.value.trim();
            if !crate::ci::is_full_sha(value) {
                continue;
            }
            let comment = comment_after(&file.source.text, rev.span.end as usize).map(|(_, c)| c.trim());
            if comment.is_some_and(names_version) {
                continue;
            }
            let what = if comment.is_some() { "its comment names no version" } else { "no comment names its version" };
            out.push(
                Finding::new(
                    Self::META.id,
                    Self::META.severity,
                    rev.span,
                    format!("pre-commit hook repository `{}` is pinned by commit SHA, but {what}: which release it is cannot be seen", url.value.trim()),
                )
                .fix("Add the tag the SHA belongs to as a comment (`# frozen: vX.Y.Z`, as `pre-commit autoupdate --freeze` writes it)")
                .key(format!("repo:{}@{value}", url.value.trim()))
                .env(model.env_of(rev.span)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::names_version;
    use crate::ci::{comment_after, version_in};

    #[test]
    fn version_comments() {
        assert!(names_version("v4.2.1"));
        assert!(names_version("2.7.0"));
        assert!(names_version("tag=v3"));
        assert!(names_version("pin @v1.2"));
        assert!(names_version("create-github-app-token/v0.2.2"));
        assert!(!names_version("some comment"));
        assert!(!names_version("zizmor: ignore[unpinned-uses]"));
        assert_eq!(version_in(" v3.8.1 (latest)"), Some((1..7, "3.8.1")));
        assert_eq!(version_in("tag=v3"), Some((4..6, "3")));
        assert_eq!(version_in("\u{3000}v1.2\u{3000}x"), Some((3..7, "1.2")));
    }

    #[test]
    fn comments_after_a_value() {
        let text = "uses: a/b@c # v1\nuses: a/b@c#x\n";
        assert_eq!(comment_after(text, 11), Some((13, " v1")));
        assert_eq!(comment_after(text, 30), None);
    }
}
