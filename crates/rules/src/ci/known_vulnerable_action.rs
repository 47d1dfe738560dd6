//! `known-vulnerable-action`: a `uses:` of an action version with a published advisory.

use infra_lint_core::{Finding, Model, Severity};

use crate::ci::{action_name, step_path, uses_version, workflows};
use crate::declare_rule;
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Flags `uses:` references to action versions named in a GitHub security advisory, from a
    /// table shipped with the binary ([`ADVISORIES_AS_OF`]): compromised releases (the
    /// `tj-actions/changed-files` tag rewrite of March 2025, the `reviewdog/action-setup@v1`
    /// compromise) and vulnerable versions (command injection in `tj-actions/branch-names`,
    /// secrets in `gradle/gradle-build-action` caches, path traversal in
    /// `actions/download-artifact`, …). The version is read from the ref (`@v45.0.1`, `@v41`:
    /// a major tag counts as its newest release) or, for a commit SHA, from the version comment
    /// after it (`@<sha> # v45.0.1`). References whose version cannot be told offline are not
    /// judged. The finding is at the `uses:` value and names the advisory and the first fixed
    /// version.
    ///
    /// ## Why is this bad?
    /// These versions are known to leak secrets or to let an attacker run code in the job;
    /// exploits for them are public.
    ///
    /// ## How to fix
    /// Upgrade to the fixed version (pinned by commit SHA), and rotate secrets that a
    /// compromised version may have printed.
    ///
    /// ## Example
    /// ```yaml
    /// # bad
    /// - uses: tj-actions/changed-files@v45
    /// ```
    /// ```yaml
    /// # good
    /// - uses: tj-actions/changed-files@ed68ef82c095e0d48ec87eccea555d944a631a4c # v46.0.5
    /// ```
    ///
    /// ## References
    /// - <https://github.com/advisories?query=type%3Areviewed+ecosystem%3Aactions>
    /// - <https://github.com/advisories/GHSA-mrrh-fwg8-r2c3>
    pub struct KnownVulnerableAction {
        id: "known-vulnerable-action",
        severity: High,
        formats: [Workflow, Action],
        tags: ["security", "ci", "supply-chain"],
        precision: "high",
        summary: "Action version with a published security advisory (compromised or vulnerable)",
        aliases: ["known-vulnerable-actions"],
    }
}

/// When the advisory table was last compiled.
pub const ADVISORIES_AS_OF: &str = "2026-12-06";

/// An advisory: the action, its id, what it is, the first fixed version (`None`: only the
/// versions in `only` are affected), versions affected regardless, and its severity.
struct Advisory {
    action: &'static str,
    id: &'static str,
    what: &'static str,
    fixed: Option<&'static [u64]>,
    only: &'static [&'static [u64]],
    severity: Severity,
}

const ADVISORIES: &[Advisory] = &[
    Advisory {
        action: "tj-actions/changed-files",
        id: "GHSA-mrrh-fwg8-r2c3 (CVE-2025-30066)",
        what: "release tags were rewritten to a commit that prints the job's secrets into the log",
        fixed: Some(&[46, 0, 1]),
        only: &[],
        severity: Severity::Critical,
    },
    Advisory {
        action: "tj-actions/changed-files",
        id: "GHSA-mcph-m25j-8j63 (CVE-2023-51664)",
        what: "file names are expanded into shell commands (command injection)",
        fixed: Some(&[41]),
        only: &[],
        severity: Severity::High,
    },
    Advisory {
        action: "reviewdog/action-setup",
        id: "GHSA-qmg3-hpqr-gqvc (CVE-2025-30154)",
        what: "the `v1` tag pointed to a commit that dumped the job's secrets into the log (March 2025)",
        fixed: None,
        only: &[&[1]],
        severity: Severity::Critical,
    },
    Advisory {
        action: "tj-actions/branch-names",
        id: "GHSA-8v8w-v8xg-79rf (CVE-2023-49291)",
        what: "branch names are expanded into shell commands (command injection)",
        fixed: Some(&[7, 0, 7]),
        only: &[],
        severity: Severity::High,
    },
    Advisory {
        action: "tj-actions/verify-changed-files",
        id: "GHSA-ghm2-rq8q-wrhc (CVE-2023-52137)",
        what: "file names are expanded into shell commands (command injection)",
        fixed: Some(&[17]),
        only: &[],
        severity: Severity::High,
    },
    Advisory {
        action: "gradle/gradle-build-action",
        id: "GHSA-h3qr-39j9-4r5v (CVE-2023-30853)",
        what: "secrets can be saved into the Gradle User Home cache and read by other workflows",
        fixed: Some(&[2, 4, 2]),
        only: &[],
        severity: Severity::High,
    },
    Advisory {
        action: "actions/download-artifact",
        id: "GHSA-cxww-7g56-2vh6 (CVE-2024-42471)",
        what: "a crafted artifact can write files outside the target directory (path traversal)",
        fixed: Some(&[4, 1, 3]),
        only: &[],
        severity: Severity::High,
    },
    Advisory {
        action: "atlassian/gajira-create",
        id: "GHSA-4xqx-pqpj-9fqw (CVE-2020-14188)",
        what: "issue summaries are evaluated as templates (code execution)",
        fixed: Some(&[2, 0, 1]),
        only: &[],
        severity: Severity::High,
    },
    Advisory {
        action: "check-spelling/check-spelling",
        id: "GHSA-g86g-chm8-7r2p (CVE-2021-32724)",
        what: "a pull request can read the workflow's token on `pull_request_target`",
        fixed: Some(&[0, 0, 19]),
        only: &[],
        severity: Severity::High,
    },
    Advisory {
        action: "shivammathur/setup-php",
        id: "GHSA-5wxr-w449-57cm",
        what: "vulnerable versions before 2.37.1",
        fixed: Some(&[2, 37, 1]),
        only: &[],
        severity: Severity::Medium,
    },
    Advisory {
        action: "shivammathur/setup-php",
        id: "GHSA-pqwm-q9pv-ph8r",
        what: "vulnerable versions before 2.37.1",
        fixed: Some(&[2, 37, 1]),
        only: &[],
        severity: Severity::Medium,
    },
];

/// `a < b` for versions, where a version that gives only its major (`v45`) stands for its
/// newest release (missing components compare as unbounded).
fn below(v: &[u64], fixed: &[u64]) -> bool {
    for (i, f) in fixed.iter().enumerate() {
        let Some(x) = v.get(i) else { return false };
        if x != f {
            return x < f;
        }
    }
    false
}

fn affected(a: &Advisory, v: &[u64]) -> bool {
    a.only.contains(&v) || a.fixed.is_some_and(|f| below(v, f))
}

impl Rule for KnownVulnerableAction {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (file, wf) in workflows(model) {
            let text = &file.source.text;
            let mut refs: Vec<(String, &infra_lint_core::parse::yaml::Spanned<String>)> = Vec::new();
            for (job, step) in wf.all_steps() {
                if let Some(u) = &step.uses {
                    refs.push((step_path(job, &step.label()), u));
                }
            }
            for (path, uses) in refs {
                let name = action_name(&uses.value);
                let advisories: Vec<&Advisory> = ADVISORIES.iter().filter(|a| a.action == name).collect();
                if advisories.is_empty() {
                    continue;
                }
                let Some(version) = uses_version(text, uses) else { continue };
                for a in advisories.into_iter().filter(|a| affected(a, &version)) {
                    let shown: Vec<String> = version.iter().map(u64::to_string).collect();
                    let fix = a.fixed.map_or_else(
                        || "Pin a release published after the advisory by its commit SHA".to_owned(),
                        |f| {
                            let f: Vec<String> = f.iter().map(u64::to_string).collect();
                            format!("Upgrade to {} or later, pinned by commit SHA", f.join("."))
                        },
                    );
                    out.push(
                        Finding::new(
                            Self::META.id,
                            a.severity,
                            uses.span,
                            format!(
                                "`{}` (version {}) is affected by {}: {}",
                                uses.value,
                                shown.join("."),
                                a.id,
                                a.what
                            ),
                        )
                        .fix(fix)
                        .key(format!("{path}:{}", a.id))
                        .env(model.env_of(uses.span)),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_ranges() {
        assert!(below(&[45, 0, 7], &[46, 0, 1]));
        assert!(below(&[45], &[46, 0, 1]));
        assert!(!below(&[46], &[46, 0, 1]));
        assert!(!below(&[46, 0, 1], &[46, 0, 1]));
        assert!(!below(&[41], &[41]));
        assert!(below(&[40, 9], &[41]));
        assert!(below(&[2, 37, 0], &[2, 37, 1]));
        let rd = ADVISORIES.iter().find(|a| a.action == "reviewdog/action-setup").unwrap();
        assert!(affected(rd, &[1]));
        assert!(!affected(rd, &[1, 3, 2]));
    }
}
