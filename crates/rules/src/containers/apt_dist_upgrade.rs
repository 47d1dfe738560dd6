//! `apt-dist-upgrade`: `apt-get dist-upgrade` in a Dockerfile.

use infra_lint_core::{Finding, Model};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};

use super::{dockerfiles, emit, runs};

declare_rule! {
    /// ## What it does
    /// Finds `apt-get dist-upgrade` and `apt full-upgrade` in Dockerfile `RUN` steps, at the
    /// sub-command.
    ///
    /// ## Why is this bad?
    /// A distribution upgrade may install, remove and replace packages (kernels, libc, init
    /// systems) inside the image, so the result differs from the base image the tag promises,
    /// changes from build to build, and can break in ways no one reviewed. Security updates
    /// belong in a newer base image.
    ///
    /// ## How to fix
    /// Use a current base image tag (rebuilt regularly), and install the specific packages you
    /// need; `apt-get upgrade -y` at most, for pending security fixes.
    ///
    /// ## Example
    /// ```dockerfile
    /// # bad
    /// RUN apt-get update && apt-get dist-upgrade -y
    /// ```
    /// ```dockerfile
    /// # good
    /// FROM debian:12.7-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/build/building/best-practices/#apt-get>
    pub struct AptDistUpgrade {
        id: "apt-dist-upgrade",
        severity: Low,
        formats: [Dockerfile],
        tags: ["containers", "best-practice"],
        precision: "very-high",
        summary: "apt-get dist-upgrade in a Dockerfile",
        aliases: ["AVD-DS-0024", "DS024", "DL3005"],
    }
}

impl Rule for AptDistUpgrade {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (file, doc) in dockerfiles(model) {
            for (n, (_, cmds)) in runs(model, doc).enumerate() {
                for c in cmds.iter().filter(|c| matches!(c.program(), Some("apt-get" | "apt" | "aptitude"))) {
                    let Some(sub) =
                        c.subcommand().filter(|s| matches!(s.value.as_str(), "dist-upgrade" | "full-upgrade"))
                    else {
                        continue;
                    };
                    emit(
                        out,
                        model,
                        &Self::META,
                        sub.span,
                        format!("`{}` upgrades the whole distribution inside the image: unreviewed, non-reproducible changes", sub.value),
                        "Use a newer base image instead; install only the packages you need",
                        format!("{}:RUN:{n}:dist-upgrade", file.path),
                    );
                }
            }
        }
    }
}
