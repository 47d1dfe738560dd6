//! `typosquat-action`: a `uses:` whose owner is one typo away from a well-known action publisher.

use infra_lint_core::{Finding, Model, Severity};

use crate::ci::archived_action::owner_repo;
use crate::ci::workflows;
use crate::declare_rule;
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Flags `uses:` references whose owner differs by one edit (a letter left out, doubled,
    /// swapped with its neighbour, or replaced by a look-alike such as `0` for `o`) from the
    /// owner of a widely used action publisher in a table shipped with the binary (`actions`,
    /// `docker`, `github`, `aws-actions`, `azure`, `google-github-actions`, `hashicorp`, …).
    /// Owners of five letters or fewer are compared only for look-alike characters. The hook
    /// repositories of `.pre-commit-config.yaml` on github.com are compared the same way, also
    /// against the owners of widely used hooks (`pre-commit`, `psf`, `pycqa`, `astral-sh`,
    /// `asottile`, …). The finding is at the `uses:` or `repo:` value and names the owner it
    /// resembles.
    ///
    /// ## Why is this bad?
    /// Anyone can register `actoins` or `dokcer` and publish a copy of a popular action that also
    /// steals the job's secrets and token. A typo in `uses:` runs that code with the workflow's
    /// privileges, and reviews easily read past it.
    ///
    /// ## How to fix
    /// Correct the owner, and pin the action to a full commit SHA of the intended repository.
    ///
    /// ## Example
    /// ```yaml
    /// # bad
    /// - uses: actoins/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
    /// ```
    /// ```yaml
    /// # good
    /// - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
    /// ```
    ///
    /// ## References
    /// - <https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#using-third-party-actions>
    pub struct TyposquatAction {
        id: "typosquat-action",
        severity: High,
        formats: [Workflow, Action, PreCommit],
        tags: ["security", "ci", "supply-chain"],
        precision: "medium",
        summary: "Action owner one typo away from a well-known publisher",
        aliases: ["typosquat-uses"],
    }
}

/// Owners of widely used actions (lower case).
const POPULAR_OWNERS: &[&str] = &[
    "actions",
    "github",
    "docker",
    "aws-actions",
    "azure",
    "google-github-actions",
    "hashicorp",
    "pypa",
    "codecov",
    "softprops",
    "peter-evans",
    "dtolnay",
    "astral-sh",
    "golangci",
    "goreleaser",
    "sigstore",
    "slsa-framework",
    "aquasecurity",
    "anchore",
    "gradle",
    "shivammathur",
    "swatinem",
    "taiki-e",
    "dorny",
    "stefanzweifel",
    "jamesives",
    "peaceiris",
    "crazy-max",
    "pnpm",
    "oven-sh",
    "denoland",
    "cachix",
    "ruby",
    "erlef",
    "haskell-actions",
    "microsoft",
    "actions-rust-lang",
    "rust-lang",
    "ossf",
    "step-security",
    "tj-actions",
    "reviewdog",
    "mikepenz",
    "release-drafter",
    "dependabot",
    "codeql",
    "super-linter",
    "cloudflare",
    "vercel",
    "pulumi",
    "JetBrains",
];

/// Owners of widely used pre-commit hook repositories (lower case), besides the action owners.
const POPULAR_HOOK_OWNERS: &[&str] = &[
    "pre-commit",
    "psf",
    "pycqa",
    "asottile",
    "adrienverge",
    "codespell-project",
    "antonbabenko",
    "gitleaks",
    "hadolint",
    "shellcheck-py",
    "igorshubovych",
    "python-jsonschema",
    "commitizen-tools",
    "zizmorcore",
    "rhysd",
    "tekwizely",
    "yelp",
];

/// Characters that look alike in most fonts.
fn lookalike(a: char, b: char) -> bool {
    const PAIRS: &[(char, char)] = &[
        ('0', 'o'),
        ('1', 'l'),
        ('1', 'i'),
        ('l', 'i'),
        ('5', 's'),
        ('3', 'e'),
        ('4', 'a'),
        ('7', 't'),
        ('8', 'b'),
        ('9', 'g'),
    ];
    PAIRS.iter().any(|&(x, y)| (a == x && b == y) || (a == y && b == x))
}

/// Whether `cand` is one edit from `known`: a deletion, an insertion, a look-alike substitution,
/// or two neighbours swapped. For short names only look-alike substitutions count.
fn one_typo(cand: &str, known: &str) -> bool {
    if cand == known {
        return false;
    }
    let a: Vec<char> = cand.chars().collect();
    let b: Vec<char> = known.chars().collect();
    let short = b.len() <= 5;
    if a.len() == b.len() {
        let diff: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
        return match diff.as_slice() {
            [i] => lookalike(a[*i], b[*i]),
            [i, j] if !short => *j == i + 1 && a[*i] == b[*j] && a[*j] == b[*i],
            _ => false,
        };
    }
    if short {
        return false;
    }
    let (long, shorter) = if a.len() > b.len() { (&a, &b) } else { (&b, &a) };
    if long.len() != shorter.len() + 1 {
        return false;
    }
    (0..long.len()).any(|skip| long.iter().enumerate().filter(|(i, _)| *i != skip).map(|(_, c)| c).eq(shorter.iter()))
}

impl Rule for TyposquatAction {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (_, wf) in workflows(model) {
            for u in wf.all_uses() {
                let Some(repo) = owner_repo(&u.value) else { continue };
                let owner = repo.split('/').next().unwrap_or("");
                if POPULAR_OWNERS.iter().any(|k| k.eq_ignore_ascii_case(owner)) {
                    continue;
                }
                let Some(known) = POPULAR_OWNERS.iter().map(|k| k.to_ascii_lowercase()).find(|k| one_typo(owner, k))
                else {
                    continue;
                };
                out.push(
                    Finding::new(
                        Self::META.id,
                        Severity::High,
                        u.span,
                        format!("`{}` is published by `{owner}`, one typo away from the well-known `{known}`: a look-alike owner can ship a copy of the action that steals secrets", u.value),
                    )
                    .fix(format!("Check the owner; if `{known}` was meant, correct it and pin a commit SHA of that repository"))
                    .key(format!("uses:{repo}"))
                    .env(model.env_of(u.span)),
                );
            }
        }
        for (_, r) in crate::ci::hook_repos::remote_repos(model) {
            let Some(url) = r.remote() else { continue };
            let Some(repo) = crate::ci::hook_repos::github_slug(&url.value) else { continue };
            let owner = repo.split('/').next().unwrap_or("");
            let known = || POPULAR_HOOK_OWNERS.iter().copied().chain(POPULAR_OWNERS.iter().copied());
            if known().any(|k| k.eq_ignore_ascii_case(owner)) {
                continue;
            }
            let Some(like) = known().map(str::to_ascii_lowercase).find(|k| one_typo(owner, k)) else { continue };
            out.push(
                Finding::new(
                    Self::META.id,
                    Severity::High,
                    url.span,
                    format!("pre-commit hook repository `{}` is owned by `{owner}`, one typo away from the well-known `{like}`: a look-alike owner can ship a copy of the hooks that runs its own code on every commit", url.value.trim()),
                )
                .fix(format!("Check the owner; if `{like}` was meant, correct it and pin `rev:` to a commit SHA of that repository"))
                .key(format!("repo:{repo}"))
                .env(model.env_of(url.span)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::one_typo;

    #[test]
    fn one_edit_from_a_known_owner() {
        assert!(one_typo("action", "actions"));
        assert!(one_typo("cations", "actions"));
        assert!(one_typo("acti0ns", "actions"));
        assert!(one_typo("actiions", "actions"));
        assert!(one_typo("dokcer", "docker"));
        assert!(!one_typo("actions", "actions"));
        assert!(!one_typo("example", "actions"));
        assert!(!one_typo("rubx", "ruby"));
        assert!(!one_typo("pnpn", "pnpm"));
    }
}
