//! `apt-in-dockerfile`: the interactive `apt` front-end used in a Dockerfile.

use infra_lint_core::{Finding, Model};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};

use super::{dockerfiles, emit, runs};

declare_rule! {
    /// ## What it does
    /// Finds `apt` (not `apt-get` / `apt-cache`) used as a command in Dockerfile `RUN` steps,
    /// at the `apt` word.
    ///
    /// ## Why is this bad?
    /// `apt` is the interactive front-end: its command-line interface is explicitly not
    /// stable ("use with caution in scripts"), it prints progress bars and warnings meant for
    /// terminals, and its behaviour changes between releases — builds break or silently
    /// change when the base image is updated.
    ///
    /// ## How to fix
    /// Use `apt-get` (and `apt-cache`), whose interface is stable for scripts.
    ///
    /// ## Example
    /// ```dockerfile
    /// # bad
    /// RUN apt update && apt install -y curl
    /// ```
    /// ```dockerfile
    /// # good
    /// RUN apt-get update && apt-get install -y curl
    /// ```
    ///
    /// ## References
    /// - <https://manpages.debian.org/bookworm/apt/apt.8.en.html>
    pub struct AptInDockerfile {
        id: "apt-in-dockerfile",
        severity: Low,
        formats: [Dockerfile],
        tags: ["containers", "best-practice"],
        precision: "very-high",
        summary: "A Dockerfile uses apt instead of apt-get",
        aliases: ["DL3027", "CKV_DOCKER_9"],
    }
}

impl Rule for AptInDockerfile {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (file, doc) in dockerfiles(model) {
            for (n, (_, cmds)) in runs(model, doc).enumerate() {
                for c in cmds.iter().filter(|c| c.program() == Some("apt")) {
                    let Some(w) = c.program_index(true).and_then(|i| c.words.get(i)) else { continue };
                    emit(
                        out,
                        model,
                        &Self::META,
                        w.span,
                        "`apt` is the interactive front-end, its interface is not stable for scripts".to_owned(),
                        "Use `apt-get` (or `apt-cache`) in Dockerfiles",
                        format!("{}:RUN:{n}:apt", file.path),
                    );
                    break;
                }
            }
        }
    }
}
