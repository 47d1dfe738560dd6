//! `deprecated-maintainer`: the deprecated `MAINTAINER` instruction.

use infra_lint_core::{Finding, Model};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};

use super::{dockerfiles, emit};

declare_rule! {
    /// ## What it does
    /// Finds `MAINTAINER` instructions, at the keyword.
    ///
    /// ## Why is this bad?
    /// `MAINTAINER` is deprecated: it sets a legacy `Author` field that registries, scanners and
    /// provenance tooling do not read, so the image has no usable owner or contact for
    /// vulnerability reports.
    ///
    /// ## How to fix
    /// Use the OCI label: `LABEL org.opencontainers.image.authors="team@example.com"`.
    ///
    /// ## Example
    /// ```dockerfile
    /// # bad
    /// MAINTAINER team@example.com
    /// ```
    /// ```dockerfile
    /// # good
    /// LABEL org.opencontainers.image.authors="team@example.com"
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/dockerfile/#maintainer-deprecated>
    pub struct DeprecatedMaintainer {
        id: "deprecated-maintainer",
        severity: Low,
        formats: [Dockerfile],
        tags: ["containers", "best-practice"],
        precision: "very-high",
        summary: "A Dockerfile uses the deprecated MAINTAINER instruction",
        aliases: ["AVD-DS-0022", "DS022", "DL4000", "CKV_DOCKER_6"],
    }
}

impl Rule for DeprecatedMaintainer {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (file, doc) in dockerfiles(model) {
            for (n, instr) in doc.instructions.iter().filter(|i| i.keyword == "MAINTAINER").enumerate() {
                emit(
                    out,
                    model,
                    &Self::META,
                    instr.keyword_span,
                    "MAINTAINER is deprecated and not read by registries or scanners".to_owned(),
                    "Use `LABEL org.opencontainers.image.authors=\"…\"`",
                    format!("{}:MAINTAINER:{n}", file.path),
                );
            }
        }
    }
}
