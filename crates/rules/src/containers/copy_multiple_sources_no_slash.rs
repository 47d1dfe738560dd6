//! `copy-multiple-sources-no-slash`: `COPY a b dest` where `dest` does not end with `/`.

use infra_lint_core::parse::dockerfile::Form;
use infra_lint_core::{Finding, Model};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};

use super::{dockerfiles, emit};

declare_rule! {
    /// ## What it does
    /// Finds `COPY` and `ADD` instructions with more than one source whose destination does
    /// not end with `/` (exec form too), at the destination.
    ///
    /// ## Why is this bad?
    /// With several sources Docker requires a directory destination; without the trailing
    /// slash the build fails, or (with a wildcard that happens to match one file) copies to a
    /// file of that name, so the image layout depends on what the build context holds.
    ///
    /// ## How to fix
    /// End the destination with `/`: `COPY package.json yarn.lock /app/`.
    ///
    /// ## Example
    /// ```dockerfile
    /// # bad
    /// COPY package.json yarn.lock /app
    /// ```
    /// ```dockerfile
    /// # good
    /// COPY package.json yarn.lock /app/
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/dockerfile/#copy>
    pub struct CopyMultipleSourcesNoSlash {
        id: "copy-multiple-sources-no-slash",
        severity: Low,
        formats: [Dockerfile],
        tags: ["containers", "correctness"],
        precision: "very-high",
        summary: "COPY with several sources to a destination that does not end with /",
        aliases: ["AVD-DS-0011", "DS011", "DL3021"],
    }
}

impl Rule for CopyMultipleSourcesNoSlash {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (file, doc) in dockerfiles(model) {
            for (n, instr) in doc.instructions.iter().filter(|i| i.keyword == "COPY" || i.keyword == "ADD").enumerate()
            {
                if !instr.heredocs.is_empty() || instr.args.len() < 3 {
                    continue;
                }
                let Some(dest) = instr.args.last() else { continue };
                let d = dest.value.trim_matches(['"', '\'']);
                if d.ends_with('/')
                    || d.ends_with('\\')
                    || d == "."
                    || (d.starts_with('$') && instr.form == Form::Shell)
                {
                    continue;
                }
                emit(
                    out,
                    model,
                    &Self::META,
                    dest.span,
                    format!(
                        "{} has {} sources but the destination `{d}` does not end with `/`",
                        instr.keyword,
                        instr.args.len() - 1
                    ),
                    "End the destination with `/` so it is a directory",
                    format!("{}:{}:{n}:dest", file.path, instr.keyword),
                );
            }
        }
    }
}
