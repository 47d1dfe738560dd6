//! `copy-from-own-stage`: `COPY --from=<the stage it is in>`.

use infra_lint_core::{Finding, Model};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};

use super::{dockerfiles, emit};

declare_rule! {
    /// ## What it does
    /// Finds `COPY --from=<name>` where `<name>` is the stage the `COPY` itself belongs to (by
    /// its `AS` name or its index), at the flag.
    ///
    /// ## Why is this bad?
    /// A stage cannot copy from itself: the build fails, or — when an image of the same name
    /// exists in a registry — BuildKit silently pulls that image instead, copying files from an
    /// unexpected, possibly attacker-controlled source.
    ///
    /// ## How to fix
    /// Point `--from` at an earlier stage (or a pinned image), or copy from the build context.
    ///
    /// ## Example
    /// ```dockerfile
    /// # bad
    /// FROM golang:1.22 AS build
    /// COPY --from=build /out/app /app
    /// ```
    /// ```dockerfile
    /// # good
    /// FROM golang:1.22 AS build
    /// RUN go build -o /out/app ./cmd/app
    /// FROM gcr.io/distroless/static-debian12:nonroot
    /// COPY --from=build /out/app /app
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/build/building/multi-stage/>
    pub struct CopyFromOwnStage {
        id: "copy-from-own-stage",
        severity: Medium,
        formats: [Dockerfile],
        tags: ["containers", "correctness"],
        precision: "very-high",
        summary: "COPY --from refers to the stage it is in",
        aliases: ["AVD-DS-0006", "DS006", "DL3023"],
    }
}

impl Rule for CopyFromOwnStage {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (file, doc) in dockerfiles(model) {
            for (n, instr) in doc.instructions.iter().enumerate().filter(|(_, i)| i.keyword == "COPY") {
                let Some(flag) = instr.flag("from") else { continue };
                let Some(from) = flag.value.as_deref() else { continue };
                let Some(stage) = instr.stage.and_then(|s| doc.stages.get(s)) else { continue };
                let own = stage.name.as_ref().is_some_and(|nm| nm.value.eq_ignore_ascii_case(from))
                    || stage.index.to_string() == from;
                if own {
                    emit(
                        out,
                        model,
                        &Self::META,
                        flag.span,
                        format!("`COPY --from={from}` refers to the stage it is in: the build fails or pulls an image named `{from}` instead"),
                        "Copy from an earlier stage or from the build context",
                        format!("{}:COPY:{n}:from", file.path),
                    );
                }
            }
        }
    }
}
