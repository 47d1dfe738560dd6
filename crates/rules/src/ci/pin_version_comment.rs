//! `action-pin-version-comment` (pedantic): a `uses:` pinned by commit SHA without a comment
//! naming the version it is.

use infra_lint_core::{Finding, Model};

use crate::ci::workflows;
use crate::declare_rule;
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// With `[ci] pedantic = true`, flags `uses:` references pinned to a full commit SHA whose
    /// line has no comment naming a version (`# v4.2.1`, `# 2.7.0`): no comment at all, or a
    /// comment without a version number. Off by default.
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
        formats: [Workflow, Action],
        tags: ["ci", "supply-chain", "pedantic"],
        precision: "high",
        summary: "Action pinned by SHA without a version comment (pedantic)",
        aliases: ["ref-version-mismatch"],
    }
}

/// Whether a comment names a version (`v4`, `v4.2.1`, `2.7.0`, `release-1.2`).
fn names_version(comment: &str) -> bool {
    comment.split(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')' | '/' | '=' | ':')).any(|w| {
        let w = w.trim_start_matches(|c: char| c.is_ascii_alphabetic() || c == '-' || c == '_' || c == '@');
        w.chars().next().is_some_and(|c| c.is_ascii_digit())
            && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '+')
    })
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
                if value.starts_with("./") || value.starts_with("docker://") {
                    continue;
                }
                let Some((_, r)) = value.rsplit_once('@') else { continue };
                if r.len() != 40 || !r.chars().all(|c| c.is_ascii_hexdigit()) {
                    continue;
                }
                let text = &file.source.text;
                let end = (u.span.end as usize).min(text.len());
                let rest = text.get(end..).unwrap_or("");
                let line_rest = rest.split('\n').next().unwrap_or("");
                let comment = line_rest.split_once('#').map(|(_, c)| c.trim());
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
    }
}

#[cfg(test)]
mod tests {
    use super::names_version;

    #[test]
    fn version_comments() {
        assert!(names_version("v4.2.1"));
        assert!(names_version("2.7.0"));
        assert!(names_version("tag=v3"));
        assert!(names_version("pin @v1.2"));
        assert!(names_version("create-github-app-token/v0.2.2"));
        assert!(!names_version("some comment"));
        assert!(!names_version("zizmor: ignore[unpinned-uses]"));
    }
}
