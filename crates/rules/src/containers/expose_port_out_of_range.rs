//! `expose-port-out-of-range`: `EXPOSE` of a port outside 0–65535.

use infra_lint_core::{Finding, Model};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};

use super::{dockerfiles, emit};

declare_rule! {
    /// ## What it does
    /// Finds `EXPOSE` ports (or port range ends) above 65535, at the port. Ports given by a
    /// variable (`EXPOSE $PORT`) are not judged.
    ///
    /// ## Why is this bad?
    /// TCP and UDP ports are 16-bit: such a port cannot be bound, so the image documents (and
    /// orchestration derived from it publishes) a port the service never listens on — usually
    /// a typo for the real one.
    ///
    /// ## How to fix
    /// Expose the port the service really listens on, between 1 and 65535.
    ///
    /// ## Example
    /// ```dockerfile
    /// # bad
    /// EXPOSE 80800
    /// ```
    /// ```dockerfile
    /// # good
    /// EXPOSE 8080
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/dockerfile/#expose>
    pub struct ExposePortOutOfRange {
        id: "expose-port-out-of-range",
        severity: Low,
        formats: [Dockerfile],
        tags: ["containers", "correctness"],
        precision: "very-high",
        summary: "A Dockerfile EXPOSEs a port outside 0-65535",
        aliases: ["AVD-DS-0008", "DS008", "DL3011"],
    }
}

fn out_of_range(word: &str) -> bool {
    let port = word.split('/').next().unwrap_or("");
    port.split('-')
        .any(|p| p.chars().all(|c| c.is_ascii_digit()) && !p.is_empty() && p.parse::<u64>().map_or(true, |n| n > 65535))
}

impl Rule for ExposePortOutOfRange {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (file, doc) in dockerfiles(model) {
            for (n, instr) in doc.instructions.iter().filter(|i| i.keyword == "EXPOSE").enumerate() {
                for w in instr.args.iter().filter(|w| out_of_range(&w.value)) {
                    emit(
                        out,
                        model,
                        &Self::META,
                        w.span,
                        format!("EXPOSE {}: ports go up to 65535, this one cannot be bound", w.value),
                        "Expose the port the service listens on (1-65535)",
                        format!("{}:EXPOSE:{n}:{}", file.path, w.value),
                    );
                }
            }
        }
    }
}
