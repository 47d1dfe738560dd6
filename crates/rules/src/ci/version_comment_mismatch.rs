//! `action-version-comment-mismatch`: the repository labels one pinned commit of an action with
//! versions that cannot all be true, or one release of it with two different commits.

use std::collections::BTreeMap;

use infra_lint_core::{Finding, Model, Span};

use crate::ci::{action_name, comment_after, version_in, workflows};
use crate::declare_rule;
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Compares the version comments of every `uses:` pinned to a full commit SHA across the
    /// repository's workflows and actions, and flags those that contradict each other:
    /// - the same commit of an action labelled with two releases that cannot both point at it
    ///   (`# v3.8.1` here, `# v3.8.2` there; `# v4` and `# v4.2.1` are compatible, a major tag
    ///   moves along its releases);
    /// - the same full release (`# v4.2.1`) of an action pinned to two different commits.
    ///
    /// Each use in the contradiction is reported at its version comment, with the others as
    /// related locations. Which one is wrong cannot be known without asking GitHub; that one of
    /// them is, can.
    ///
    /// ## Why is this bad?
    /// Reviewers and update bots read the comment, the runner runs the SHA. A comment that lies
    /// hides what really runs: an update pull request that "bumps v3.8.1 to v3.8.2" may pin a
    /// commit of no release at all, or an old vulnerable one. Pinning by SHA is only as good as
    /// the label a reviewer can check.
    ///
    /// ## How to fix
    /// Look up which release the SHA belongs to (`git ls-remote --tags https://github.com/<owner>/<repo>`)
    /// and correct the comment, or pin the SHA the comment names; let Dependabot or Renovate keep
    /// both in step.
    ///
    /// ## Example
    /// ```yaml
    /// # bad: one commit, two releases
    /// - uses: actions/setup-node@1a4442cacd436585916779262731d5b162bc6ec7 # v3.8.2
    /// - uses: actions/setup-node@1a4442cacd436585916779262731d5b162bc6ec7 # v3.8.1
    /// ```
    /// ```yaml
    /// # good
    /// - uses: actions/setup-node@1a4442cacd436585916779262731d5b162bc6ec7 # v3.8.2
    /// - uses: actions/setup-node@1a4442cacd436585916779262731d5b162bc6ec7 # v3
    /// ```
    ///
    /// ## References
    /// - <https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#using-third-party-actions>
    pub struct ActionVersionCommentMismatch {
        id: "action-version-comment-mismatch",
        severity: Low,
        formats: [Workflow, Action],
        tags: ["ci", "supply-chain"],
        precision: "high",
        summary: "Version comments of pinned actions contradict each other",
        aliases: ["ref-version-mismatch"],
    }
}

/// One `uses:` pinned by SHA with a version comment.
struct Pin {
    action: String,
    sha: String,
    /// The version without its prefix (`3.8.1`).
    version: String,
    /// The version text in the comment (`v3.8.1`).
    at: Span,
    shown: String,
}

/// Whether two versions can name one commit: equal, or one is the other's leading components
/// (`4` and `4.2.1`, a major tag moving along its releases).
fn compatible(a: &str, b: &str) -> bool {
    let (a, b): (Vec<&str>, Vec<&str>) = (a.split('.').collect(), b.split('.').collect());
    let n = a.len().min(b.len());
    a[..n] == b[..n]
}

/// A release that names one commit for good: three numeric components (`4.2.1`), not a
/// moving major or minor tag.
fn exact_release(v: &str) -> bool {
    let parts: Vec<&str> = v.split('.').collect();
    parts.len() >= 3 && parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

impl Rule for ActionVersionCommentMismatch {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        let mut pins: Vec<Pin> = Vec::new();
        for (file, wf) in workflows(model) {
            for u in wf.all_uses() {
                let value = u.value.trim();
                let Some(sha) = crate::ci::pinned_sha(value) else { continue };
                let Some((offset, comment)) = comment_after(&file.source.text, u.span.end as usize) else { continue };
                let Some((range, version)) = version_in(comment) else { continue };
                pins.push(Pin {
                    action: action_name(value),
                    sha: sha.to_ascii_lowercase(),
                    version: version.to_owned(),
                    at: file.source.span(offset + range.start, offset + range.end),
                    shown: comment[range].to_owned(),
                });
            }
        }
        // The distinct labels of each commit and the distinct commits of each release (the first
        // use of each, at most MAX_DISTINCT, so a hostile file of thousands of labels stays linear).
        const MAX_DISTINCT: usize = 64;
        let mut labels: BTreeMap<(&str, &str), BTreeMap<&str, &Pin>> = BTreeMap::new();
        let mut commits: BTreeMap<(&str, &str), BTreeMap<&str, &Pin>> = BTreeMap::new();
        for p in &pins {
            let l = labels.entry((p.action.as_str(), p.sha.as_str())).or_default();
            if l.len() < MAX_DISTINCT {
                l.entry(p.version.as_str()).or_insert(p);
            }
            if exact_release(&p.version) {
                let c = commits.entry((p.action.as_str(), p.version.as_str())).or_default();
                if c.len() < MAX_DISTINCT {
                    c.entry(p.sha.as_str()).or_insert(p);
                }
            }
        }
        for p in &pins {
            let key = (p.action.as_str(), p.sha.as_str());
            let mut clashes: Vec<(&Pin, &str)> = labels
                .get(&key)
                .into_iter()
                .flat_map(|l| l.values())
                .filter(|q| !compatible(&q.version, &p.version))
                .map(|q| (*q, "the same commit"))
                .collect();
            if exact_release(&p.version) {
                clashes.extend(
                    commits
                        .get(&(p.action.as_str(), p.version.as_str()))
                        .into_iter()
                        .flat_map(|c| c.values())
                        .filter(|q| q.sha != p.sha)
                        .map(|q| (*q, "the same release")),
                );
            }
            let Some((first, why)) = clashes.first() else { continue };
            let short = &p.sha[..12];
            let message = if *why == "the same commit" {
                format!(
                    "`{}@{short}…` is labelled `{}` here but `{}` elsewhere: one commit is not both releases, so a version comment is wrong",
                    p.action, p.shown, first.shown
                )
            } else {
                format!(
                    "`{}` `{}` is pinned to `{short}…` here but to `{}…` elsewhere: one release is one commit, so a SHA or its comment is wrong (or the tag was moved)",
                    p.action,
                    p.shown,
                    &first.sha[..12]
                )
            };
            let mut f = Finding::new(Self::META.id, Self::META.severity, p.at, message)
                .fix("Look up the release the SHA belongs to and correct the comment, or pin the SHA the comment names")
                .key(format!("uses:{}@{}#{}", p.action, p.sha, p.version))
                .env(model.env_of(p.at));
            for (q, why) in clashes.iter().take(3) {
                f = f.related(q.at, format!("`{}` on {why} (`{}…`)", q.shown, &q.sha[..12]));
            }
            out.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{compatible, exact_release};

    #[test]
    fn versions() {
        assert!(compatible("4", "4.2.1"));
        assert!(compatible("3.8.2", "3.8.2"));
        assert!(!compatible("3.8.1", "3.8.2"));
        assert!(!compatible("300000.8.1", "3.8.2"));
        assert!(exact_release("4.2.1"));
        assert!(!exact_release("4"));
        assert!(!exact_release("4.2"));
        assert!(!exact_release("4.2.x"));
    }
}
