//! `duplicate-stage-name`: two `FROM … AS <name>` with the same name.

use infra_lint_core::{Finding, Model};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};

use super::{dockerfiles, emit};

declare_rule! {
    /// ## What it does
    /// Finds build stages whose `AS` name (compared case-insensitively) was already used by an
    /// earlier stage of the same Dockerfile, at the repeated name.
    ///
    /// ## Why is this bad?
    /// `COPY --from=<name>` and `FROM <name>` resolve to one of the stages only, so files are
    /// copied from a different stage than the reader expects — for example a debug stage with
    /// tools and credentials instead of the clean build output. BuildKit rejects it outright.
    ///
    /// ## How to fix
    /// Give every stage a unique name.
    ///
    /// ## Example
    /// ```dockerfile
    /// # bad
    /// FROM node:20 AS build
    /// FROM node:20 AS build
    /// ```
    /// ```dockerfile
    /// # good
    /// FROM node:20 AS deps
    /// FROM node:20 AS build
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/build/building/multi-stage/#name-your-build-stages>
    pub struct DuplicateStageName {
        id: "duplicate-stage-name",
        severity: Low,
        formats: [Dockerfile],
        tags: ["containers", "correctness"],
        precision: "very-high",
        summary: "Two build stages share the same AS name",
        aliases: ["AVD-DS-0012", "DS012", "DL3024", "CKV_DOCKER_11"],
    }
}

impl Rule for DuplicateStageName {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (file, doc) in dockerfiles(model) {
            let mut seen: Vec<(String, u32)> = Vec::new();
            for stage in &doc.stages {
                let Some(name) = &stage.name else { continue };
                let lower = name.value.to_ascii_lowercase();
                if let Some((_, line)) = seen.iter().find(|(n, _)| *n == lower) {
                    emit(
                        out,
                        model,
                        &Self::META,
                        name.span,
                        format!("Stage name `{}` is already used by the stage on line {line}", name.value),
                        "Give every build stage a unique name",
                        format!("{}:stage:{}:{lower}", file.path, stage.index),
                    );
                } else {
                    seen.push((lower, model.locate(name.span).start_line));
                }
            }
        }
    }
}
