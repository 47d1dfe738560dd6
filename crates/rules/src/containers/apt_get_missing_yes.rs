//! `apt-get-missing-yes`: `apt-get install` without `-y` in a Dockerfile.

use infra_lint_core::{Finding, Model};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};

use super::{dockerfiles, emit, runs};

declare_rule! {
    /// ## What it does
    /// Finds `apt-get install` / `apt install` (also `upgrade`, `dist-upgrade`, `remove`,
    /// `purge`) in Dockerfile `RUN` steps without an assume-yes option: `-y`, `--yes`,
    /// `--assume-yes`, `-qq`, `-q=2`, or a short-option cluster holding `y` (`-qy`). Reported
    /// at the sub-command.
    ///
    /// ## Why is this bad?
    /// Without it apt asks for confirmation; in a non-interactive build the prompt is answered
    /// "no" and the step fails, or (depending on the package and apt version) the build hangs.
    /// Builds that only work interactively get worked around by hand, outside review.
    ///
    /// ## How to fix
    /// Add `-y`: `apt-get install -y --no-install-recommends <packages>`.
    ///
    /// ## Example
    /// ```dockerfile
    /// # bad
    /// RUN apt-get update && apt-get install curl
    /// ```
    /// ```dockerfile
    /// # good
    /// RUN apt-get update && apt-get install -y curl
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/build/building/best-practices/#apt-get>
    pub struct AptGetMissingYes {
        id: "apt-get-missing-yes",
        severity: Low,
        formats: [Dockerfile],
        tags: ["containers", "best-practice"],
        precision: "very-high",
        summary: "apt-get install without -y in a Dockerfile",
        aliases: ["AVD-DS-0021", "DS021", "DL3014"],
    }
}

const PROMPTING: &[&str] = &["install", "upgrade", "dist-upgrade", "full-upgrade", "remove", "purge", "autoremove"];

impl Rule for AptGetMissingYes {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (file, doc) in dockerfiles(model) {
            for (n, (_, cmds)) in runs(model, doc).enumerate() {
                for c in cmds.iter().filter(|c| matches!(c.program(), Some("apt-get" | "apt"))) {
                    let Some(sub) = c.subcommand().filter(|s| PROMPTING.contains(&s.value.as_str())) else { continue };
                    let quiet2 = c.args().iter().any(|w| {
                        matches!(
                            w.value.as_str(),
                            "-qq" | "-q=2" | "--quiet=2" | "--assume-yes" | "--yes" | "--force-yes"
                        )
                    }) || c.args().iter().filter(|w| w.value == "-q").count() >= 2;
                    if quiet2 || c.has_flag(&["--yes", "--assume-yes"], Some('y')) {
                        continue;
                    }
                    emit(
                        out,
                        model,
                        &Self::META,
                        sub.span,
                        format!("`apt-get {}` without `-y` waits for a confirmation a build cannot give", sub.value),
                        "Add `-y` (assume yes)",
                        format!("{}:RUN:{n}:apt-yes", file.path),
                    );
                }
            }
        }
    }
}
