//! `apt-get-install-recommends`: `apt-get install` without `--no-install-recommends`.

use infra_lint_core::{Finding, Model};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};

use super::{dockerfiles, emit, runs};

declare_rule! {
    /// ## What it does
    /// Finds `apt-get install` / `apt install` in Dockerfile `RUN` steps without
    /// `--no-install-recommends` (or `-o APT::Install-Recommends=false`), at `install`.
    ///
    /// ## Why is this bad?
    /// Recommended packages are installed too: often dozens of tools, daemons and libraries
    /// the image never uses. Each is attack surface and a source of vulnerability reports, and
    /// the image grows.
    ///
    /// ## How to fix
    /// Add `--no-install-recommends` and list what is really needed.
    ///
    /// ## Example
    /// ```dockerfile
    /// # bad
    /// RUN apt-get update && apt-get install -y curl
    /// ```
    /// ```dockerfile
    /// # good
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/build/building/best-practices/#apt-get>
    pub struct AptGetInstallRecommends {
        id: "apt-get-install-recommends",
        severity: Low,
        formats: [Dockerfile],
        tags: ["containers", "best-practice"],
        precision: "very-high",
        summary: "apt-get install without --no-install-recommends",
        aliases: ["AVD-DS-0029", "DS029", "DL3015"],
    }
}

impl Rule for AptGetInstallRecommends {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (file, doc) in dockerfiles(model) {
            for (n, (_, cmds)) in runs(model, doc).enumerate() {
                for c in cmds.iter().filter(|c| matches!(c.program(), Some("apt-get" | "apt"))) {
                    let Some(sub) = c.subcommand().filter(|s| s.value == "install") else { continue };
                    let off = c.args().iter().any(|w| {
                        w.value == "--no-install-recommends"
                            || w.value.to_ascii_lowercase().replace(' ', "").contains("install-recommends=false")
                            || w.value.to_ascii_lowercase().contains("install-recommends=0")
                    });
                    if !off {
                        emit(
                            out,
                            model,
                            &Self::META,
                            sub.span,
                            "`apt-get install` also installs every recommended package: more attack surface than needed".to_owned(),
                            "Add `--no-install-recommends`",
                            format!("{}:RUN:{n}:apt-recommends", file.path),
                        );
                    }
                }
            }
        }
    }
}
