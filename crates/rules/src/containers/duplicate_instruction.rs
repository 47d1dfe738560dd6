//! `duplicate-instruction`: more than one `CMD`, `ENTRYPOINT` or `HEALTHCHECK` in a stage.

use infra_lint_core::{Finding, Model};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};

use super::{dockerfiles, emit, stage_label};

declare_rule! {
    /// ## What it does
    /// Finds a `CMD`, `ENTRYPOINT` or `HEALTHCHECK` that is overridden by a later instruction
    /// of the same kind in the same build stage; each overridden one is reported, with the
    /// line of the one that wins in the message.
    ///
    /// ## Why is this bad?
    /// Only the last of each takes effect. The earlier one reads as if it were in force: a
    /// health check or entrypoint that someone relies on (a wrapper that drops privileges,
    /// loads secrets or sets limits) silently does not run.
    ///
    /// ## How to fix
    /// Keep one `CMD`, one `ENTRYPOINT` and one `HEALTHCHECK` per stage; delete the others or
    /// merge them.
    ///
    /// ## Example
    /// ```dockerfile
    /// # bad
    /// ENTRYPOINT ["/usr/local/bin/drop-privileges"]
    /// ENTRYPOINT ["/app/server"]
    /// ```
    /// ```dockerfile
    /// # good
    /// ENTRYPOINT ["/usr/local/bin/drop-privileges", "/app/server"]
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/dockerfile/#cmd>
    /// - <https://docs.docker.com/reference/dockerfile/#healthcheck>
    pub struct DuplicateInstruction {
        id: "duplicate-instruction",
        severity: Low,
        formats: [Dockerfile],
        tags: ["containers", "correctness"],
        precision: "very-high",
        summary: "A stage has more than one CMD, ENTRYPOINT or HEALTHCHECK; only the last applies",
        aliases: [
            "AVD-DS-0007", "DS007", "AVD-DS-0016", "DS016", "AVD-DS-0023", "DS023", "DL4003", "DL4004", "DL3012",
        ],
    }
}

impl Rule for DuplicateInstruction {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (file, doc) in dockerfiles(model) {
            for stage in &doc.stages {
                for kw in ["CMD", "ENTRYPOINT", "HEALTHCHECK"] {
                    let of_kind: Vec<_> = stage
                        .instructions
                        .iter()
                        .filter_map(|&i| doc.instructions.get(i))
                        .filter(|i| i.keyword == kw)
                        .collect();
                    let Some((last, earlier)) = of_kind.split_last() else { continue };
                    let last_line = model.locate(last.keyword_span).start_line;
                    for (n, instr) in earlier.iter().enumerate() {
                        emit(
                            out,
                            model,
                            &Self::META,
                            instr.keyword_span,
                            format!("This {kw} is overridden by the {kw} on line {last_line} of the same stage and never applies"),
                            "Keep one instruction of this kind per stage",
                            format!("{}:{}:{kw}:{n}", file.path, stage_label(stage)),
                        );
                    }
                }
            }
        }
    }
}
