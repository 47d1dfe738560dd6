//! `run-cd`: `cd` inside a Dockerfile `RUN` step instead of `WORKDIR`.

use infra_lint_core::{Finding, Model};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};

use super::{dockerfiles, emit, runs};

declare_rule! {
    /// ## What it does
    /// Finds `cd` commands in Dockerfile `RUN` steps (at the `cd` word), a `cd` in a subshell
    /// included.
    ///
    /// A `cd` inside a heredoc script (`RUN <<EOF … EOF`) is not reported: the heredoc body
    /// is a script, run by one shell from top to bottom, and changing directory between its
    /// commands is ordinary scripting there — the step is written as a script precisely so
    /// its commands share that state, and `WORKDIR` cannot be placed between its lines.
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
            for (n, (instr, cmds)) in runs(model, doc).enumerate() {
                let in_heredoc = |span: infra_lint_core::Span| {
                    instr.heredocs.iter().any(|h| h.body_span.start <= span.start && span.end <= h.body_span.end)
                };
                if let Some(w) = cmds.iter().find_map(|c| {
                    c.program_index(false)
                        .and_then(|i| c.words.get(i))
                        .filter(|w| w.value == "cd" && !in_heredoc(w.span))
                }) {
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
