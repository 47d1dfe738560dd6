//! `run-cd`: `cd` inside a Dockerfile `RUN` step instead of `WORKDIR`.

use infra_lint_core::{Finding, Model};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};

use super::{dockerfiles, emit, runs};

declare_rule! {
    /// ## What it does
    /// Finds `cd` commands in Dockerfile `RUN` steps (at the `cd` word). A `cd` inside a
    /// heredoc script or a subshell counts the same.
    ///
    /// ## Why is this bad?
    /// A `cd` lasts for one `RUN` only, so later instructions silently run elsewhere; paths get
    /// repeated and drift apart, and a step that fails to `cd` (a typo, a missing directory)
    /// runs its commands in the wrong place — for `rm` or `chmod` that can be destructive.
    ///
    /// ## How to fix
    /// Use `WORKDIR /path` (absolute), which also creates the directory.
    ///
    /// ## Example
    /// ```dockerfile
    /// # bad
    /// RUN cd /usr/src/app && make
    /// ```
    /// ```dockerfile
    /// # good
    /// WORKDIR /usr/src/app
    /// RUN make
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/dockerfile/#workdir>
    pub struct RunCd {
        id: "run-cd",
        severity: Low,
        formats: [Dockerfile],
        tags: ["containers", "best-practice"],
        precision: "very-high",
        summary: "A Dockerfile RUN step changes directory with cd instead of WORKDIR",
        aliases: ["AVD-DS-0013", "DS013", "DL3003"],
    }
}

impl Rule for RunCd {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (file, doc) in dockerfiles(model) {
            for (n, (_, cmds)) in runs(model, doc).enumerate() {
                if let Some(w) = cmds
                    .iter()
                    .find_map(|c| c.program_index(false).and_then(|i| c.words.get(i)).filter(|w| w.value == "cd"))
                {
                    emit(
                        out,
                        model,
                        &Self::META,
                        w.span,
                        "RUN changes directory with `cd`, which lasts for this step only".to_owned(),
                        "Use `WORKDIR <absolute path>` instead of `cd`",
                        format!("{}:RUN:{n}:cd", file.path),
                    );
                }
            }
        }
    }
}
