//! `unpinned-action`: a `uses:` reference that is not pinned to a full commit SHA.

use infra_lint_core::parse::yaml::Spanned;
use infra_lint_core::{Finding, Model, Span};

use crate::ci::{step_path, workflows};
use crate::declare_rule;
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Flags `uses:` references to actions and reusable workflows that are pinned to a tag or a
    /// branch (`actions/checkout@v4`, `org/repo/.github/workflows/deploy.yml@main`) instead of a
    /// full 40-character commit SHA, in workflows and in composite actions. `docker://` images
    /// without an `@sha256:` digest are flagged too. Local references (`./…`) are fine.
    ///
    /// With `[ci] pedantic = true`, the hook repositories of `.pre-commit-config.yaml` are held
    /// to the same standard: a `rev:` that is a tag or a branch rather than a full commit SHA is
    /// flagged at the `rev:` value (`local` and `meta` hooks have none). This part is pedantic
    /// because pinning hooks by tag is what `pre-commit autoupdate` writes by default; zizmor
    /// does not flag it either.
    ///
    /// ## Why is this bad?
    /// Tags and branches are mutable: whoever controls the action's repository (its maintainer,
    /// or an attacker who compromised it, as in the `tj-actions/changed-files` incident) can
    /// point the tag at new code, which then runs in your workflow with your secrets and token.
    /// A commit SHA cannot be moved.
    ///
    /// ## How to fix
    /// Pin to the commit SHA of the release you reviewed and keep the tag as a comment, so that
    /// Dependabot or Renovate can still propose updates. For pre-commit hooks,
    /// `pre-commit autoupdate --freeze` writes each `rev:` as a SHA with a `# frozen: <tag>`
    /// comment.
    ///
    /// ## Example
    /// ```yaml
    /// # bad
    /// - uses: actions/checkout@v4
    /// ```
    /// ```yaml
    /// # good
    /// - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
    /// ```
    ///
    /// ## References
    /// - <https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#using-third-party-actions>
    pub struct UnpinnedAction {
        id: "unpinned-action",
        severity: Medium,
        formats: [Workflow, Action, PreCommit],
        tags: ["security", "ci", "supply-chain"],
        precision: "very-high",
        summary: "An action or reusable workflow referenced by a tag or branch instead of a commit SHA",
        aliases: ["unpinned-uses"],
    }
}

/// Why a `uses:` value is not pinned, or `None` when it is (or is local).
fn problem(uses: &str) -> Option<String> {
    let uses = uses.trim();
    if crate::ci::local_target(uses).is_some() || uses.starts_with(".\\") || uses.contains("${{") || uses.is_empty() {
        return None;
    }
    if let Some(image) = uses.strip_prefix("docker://") {
        return if image.contains("@sha256:") {
            None
        } else {
            Some(format!("Docker image `{image}` is referenced by tag, not by `@sha256:` digest"))
        };
    }
    // `owner/repo…`: anything else (an unexpanded template, a typo) is not a resolvable remote reference
    let owner = uses.split('/').next().unwrap_or("");
    if owner.is_empty() || !owner.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.') {
        return None;
    }
    let Some((target, git_ref)) = uses.rsplit_once('@') else {
        return Some(format!("`{uses}` names no version at all (it follows the default branch)"));
    };
    if crate::ci::is_full_sha(git_ref) {
        return None;
    }
    let what = if target.contains("/.github/workflows/") { "Reusable workflow" } else { "Action" };
    Some(format!("{what} `{target}` is pinned to the mutable ref `{git_ref}`, not to a full commit SHA"))
}

impl Rule for UnpinnedAction {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (_, wf) in workflows(model) {
            let mut refs: Vec<(String, &Spanned<String>)> = Vec::new();
            for j in &wf.jobs {
                if let Some(u) = &j.uses {
                    refs.push((format!("jobs.{}.uses", j.id), u));
                }
            }
            for (job, step) in wf.all_steps() {
                if let Some(u) = &step.uses {
                    let target = u.value.split('@').next().unwrap_or("");
                    refs.push((format!("{}.uses:{target}", step_path(job, &step.index.to_string())), u));
                }
            }
            for (key, uses) in refs {
                let Some(msg) = problem(&uses.value) else { continue };
                // point at the reference itself (inside a block scalar or quotes)
                let raw = model.text(uses.span);
                let value = uses.value.trim();
                let span = raw.find(value).map_or(uses.span, |i| {
                    let start = uses.span.start as usize + i;
                    Span::new(uses.span.file, start, start + value.len())
                });
                out.push(
                    Finding::new(Self::META.id, Self::META.severity, span, msg)
                        .fix("Pin to the full 40-character commit SHA and keep the tag in a comment (`@<sha> # v4`)")
                        .key(key)
                        .env(model.env_of(uses.span)),
                );
            }
        }
        if crate::ci::pedantic(model) {
            check_hook_revs(model, out);
        }
    }
}

/// pre-commit hook repositories whose `rev:` is not a full commit SHA (pedantic).
fn check_hook_revs(model: &Model, out: &mut Vec<Finding>) {
    for (_, r) in crate::ci::hook_repos::remote_repos(model) {
        let (Some(url), Some(rev)) = (r.remote(), &r.rev) else { continue };
        let value = rev.value.trim();
        if value.is_empty() || crate::ci::is_full_sha(value) {
            continue;
        }
        let abbreviated = value.len() >= 7 && value.bytes().all(|b| b.is_ascii_hexdigit());
        let what = if abbreviated {
            format!("the abbreviated commit SHA `{value}`, which a branch or tag of that name can shadow")
        } else {
            format!("the mutable ref `{value}`, not to a full commit SHA: whoever controls the repository can move it")
        };
        out.push(
            Finding::new(
                UnpinnedAction::META.id,
                UnpinnedAction::META.severity,
                rev.span,
                format!("pre-commit hook repository `{}` is pinned to {what}", url.value.trim()),
            )
            .fix("Pin `rev:` to the full commit SHA of the tag and keep the tag in a comment (`pre-commit autoupdate --freeze` does both)")
            .key(format!("repo:{}", url.value.trim()))
            .env(model.env_of(rev.span)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::problem;

    #[test]
    fn pinned_and_unpinned() {
        assert!(problem("actions/checkout@v4").is_some());
        assert!(problem("actions/checkout@main").is_some());
        assert!(problem("actions/checkout").is_some());
        assert!(problem("github/codeql-action/init@v3").is_some());
        assert!(problem("actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683").is_none());
        assert!(problem("actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af68").is_some());
        assert!(problem("./.github/actions/setup").is_none());
        assert!(problem("$/.github/workflows/reusable.yml@tag").is_none());
        assert!(problem("$/.github/workflows/reusable.yml").is_none());
        assert!(problem("docker://alpine:3.20").is_some());
        assert!(problem("docker://alpine@sha256:0123").is_none());
        assert!(problem("org/repo/.github/workflows/x.yml@main").unwrap().starts_with("Reusable workflow"));
    }
}
