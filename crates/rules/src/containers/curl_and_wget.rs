//! `curl-and-wget`: a Dockerfile uses both curl and wget.

use infra_lint_core::{Finding, Model, Span};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};

use super::{dockerfiles, emit, runs};

declare_rule! {
    /// ## What it does
    /// Finds Dockerfiles whose `RUN` steps call both `curl` and `wget`; reported at the first
    /// call of the tool that is used second.
    ///
    /// ## Why is this bad?
    /// Two download tools in one image double the attack surface and the packages to patch,
    /// and downloads get verified (or not) in two different ways.
    ///
    /// ## How to fix
    /// Pick one tool for every download (and remove the other from the image).
    ///
    /// ## Example
    /// ```dockerfile
    /// # bad
    /// RUN wget -q https://example.com/a.tgz
    /// RUN curl -fsSLO https://example.com/b.tgz
    /// ```
    /// ```dockerfile
    /// # good
    /// RUN curl -fsSLO https://example.com/a.tgz && curl -fsSLO https://example.com/b.tgz
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/build/building/best-practices/#run>
    pub struct CurlAndWget {
        id: "curl-and-wget",
        severity: Low,
        formats: [Dockerfile],
        tags: ["containers", "best-practice"],
        precision: "very-high",
        summary: "A Dockerfile uses both curl and wget",
        aliases: ["AVD-DS-0014", "DS014", "DL4001"],
    }
}

impl Rule for CurlAndWget {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (file, doc) in dockerfiles(model) {
            let mut first: [Option<Span>; 2] = [None, None];
            for (_, cmds) in runs(model, doc) {
                for c in &cmds {
                    let slot = match c.program() {
                        Some("curl") => 0,
                        Some("wget") => 1,
                        _ => continue,
                    };
                    if first[slot].is_none() {
                        first[slot] = c.program_index(true).and_then(|i| c.words.get(i)).map(|w| w.span);
                    }
                }
            }
            let (Some(curl), Some(wget)) = (first[0], first[1]) else { continue };
            let (second, name, other) =
                if curl.start > wget.start { (curl, "curl", "wget") } else { (wget, "wget", "curl") };
            emit(
                out,
                model,
                &Self::META,
                second,
                format!(
                    "This Dockerfile already downloads with `{other}`; `{name}` is a second download tool in the image"
                ),
                "Use one download tool for every download",
                format!("{}:curl-and-wget", file.path),
            );
        }
    }
}
