//! `workdir-not-absolute`: `WORKDIR` with a relative path.

use infra_lint_core::{Finding, Model};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};

use super::{dockerfiles, emit};

declare_rule! {
    /// ## What it does
    /// Finds `WORKDIR` instructions whose path is relative (not starting with `/`, a Windows
    /// drive such as `C:\`, or a variable such as `$HOME`), at the path.
    ///
    /// ## Why is this bad?
    /// A relative `WORKDIR` resolves against the previous working directory, which depends on
    /// the base image and on earlier instructions: changing the base image moves every later
    /// `COPY` and `RUN` somewhere else, including where secrets or permissions are applied.
    ///
    /// ## How to fix
    /// Use an absolute path: `WORKDIR /app`.
    ///
    /// ## Example
    /// ```dockerfile
    /// # bad
    /// WORKDIR app
    /// ```
    /// ```dockerfile
    /// # good
    /// WORKDIR /app
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/dockerfile/#workdir>
    pub struct WorkdirNotAbsolute {
        id: "workdir-not-absolute",
        severity: Low,
        formats: [Dockerfile],
        tags: ["containers", "correctness"],
        precision: "very-high",
        summary: "A Dockerfile WORKDIR path is relative",
        aliases: ["AVD-DS-0009", "DS009", "DL3000", "CKV_DOCKER_10"],
    }
}

fn is_absolute(p: &str) -> bool {
    let p = p.trim_matches(['"', '\'']);
    let b = p.as_bytes();
    p.starts_with('/')
        || p.starts_with('$')
        || p.starts_with('\\')
        || (b.len() >= 2 && b.first().is_some_and(u8::is_ascii_alphabetic) && b.get(1) == Some(&b':'))
}

impl Rule for WorkdirNotAbsolute {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (file, doc) in dockerfiles(model) {
            for (n, instr) in doc.instructions.iter().filter(|i| i.keyword == "WORKDIR").enumerate() {
                let Some(w) = instr.args.first() else { continue };
                if !is_absolute(&w.value) {
                    emit(
                        out,
                        model,
                        &Self::META,
                        w.span,
                        format!(
                            "`WORKDIR {}` is relative: it resolves against whatever the previous working directory was",
                            w.value
                        ),
                        "Use an absolute path, e.g. `WORKDIR /app`",
                        format!("{}:WORKDIR:{n}", file.path),
                    );
                }
            }
        }
    }
}
