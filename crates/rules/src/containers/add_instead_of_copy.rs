//! `add-instead-of-copy`: `ADD` used for plain local files.

use infra_lint_core::{Finding, Model};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};

use super::{dockerfiles, emit};

declare_rule! {
    /// ## What it does
    /// Finds Dockerfile `ADD` instructions whose sources are local files or directories that
    /// are not tar archives (at the instruction's first source). Local tar archives (`.tar`,
    /// `.tar.gz`, `.tgz`, `.tar.bz2`, `.tar.xz` …), which `ADD` unpacks, are accepted; remote
    /// URLs and Git repositories are `add-remote-url`'s.
    ///
    /// ## Why is this bad?
    /// `ADD` does more than copy: it unpacks archives and fetches URLs. Using it for plain files
    /// hides which of those happens — a file renamed to `.tar.gz` later is suddenly extracted
    /// into the image — and makes reviews harder. `COPY` does exactly one thing.
    ///
    /// ## How to fix
    /// Use `COPY` for local files and directories; keep `ADD` for unpacking a local tar archive.
    ///
    /// ## Example
    /// ```dockerfile
    /// # bad
    /// ADD target/app.jar /opt/app.jar
    /// ```
    /// ```dockerfile
    /// # good
    /// COPY target/app.jar /opt/app.jar
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/build/building/best-practices/#add-or-copy>
    pub struct AddInsteadOfCopy {
        id: "add-instead-of-copy",
        severity: Low,
        formats: [Dockerfile],
        tags: ["containers", "best-practice"],
        precision: "very-high",
        summary: "A Dockerfile uses ADD to copy local files (COPY is explicit)",
        aliases: ["AVD-DS-0005", "DS005", "DL3020", "CKV_DOCKER_4"],
    }
}

fn is_archive(src: &str) -> bool {
    let l = src.to_ascii_lowercase();
    [".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz", ".tbz2", ".tar.xz", ".txz", ".tar.zst", ".tar.lz", ".tar.z"]
        .iter()
        .any(|e| l.ends_with(e))
}

fn is_remote(src: &str) -> bool {
    let l = src.to_ascii_lowercase();
    l.contains("://") || l.starts_with("git@") || l.ends_with(".git")
}

impl Rule for AddInsteadOfCopy {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (file, doc) in dockerfiles(model) {
            for (n, instr) in doc.instructions.iter().filter(|i| i.keyword == "ADD").enumerate() {
                if !instr.heredocs.is_empty() || instr.args.len() < 2 {
                    continue;
                }
                let (srcs, _dest) = instr.args.split_at(instr.args.len() - 1);
                if srcs.iter().any(|w| is_remote(&w.value)) || srcs.iter().all(|w| is_archive(&w.value)) {
                    continue;
                }
                let Some(first) = srcs.iter().find(|w| !is_archive(&w.value)) else { continue };
                emit(
                    out,
                    model,
                    &Self::META,
                    first.span,
                    format!(
                        "ADD copies the local file `{}`: use COPY, which cannot unpack or download by surprise",
                        first.value
                    ),
                    "Replace ADD with COPY (keep ADD only to unpack a local tar archive)",
                    format!("{}:ADD:{n}", file.path),
                );
            }
        }
    }
}
