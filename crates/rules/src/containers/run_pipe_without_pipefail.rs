//! `run-pipe-without-pipefail`: a `RUN` pipeline whose failures the shell ignores.

use infra_lint_core::{Finding, Model};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};

use super::{dockerfiles, emit, shell};

declare_rule! {
    /// ## What it does
    /// Finds shell-form `RUN` steps (heredoc scripts included) that pipe one command into
    /// another (`curl … | sh`, `wget -O- … | tar x`) while the shell does not fail on a failed
    /// pipeline stage: no `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` earlier in the stage and
    /// no `set -o pipefail` in the step. Reported at the first `|`. Steps run by a shell that is
    /// not POSIX-like (`SHELL ["pwsh", …]`, `cmd`) are not judged, nor pipes fed by commands that
    /// cannot fail in practice (`echo`, `printf`, `yes`).
    ///
    /// ## Why is this bad?
    /// A POSIX shell returns the status of a pipeline's last command only. When the download in
    /// `curl -fsSL https://… | sh` fails (a network error, a 404, a TLS failure), `sh` reads an
    /// empty or partial script, succeeds, and the image builds without what the step was meant
    /// to install — or with half of it. The build looks green and the gap surfaces in production.
    ///
    /// ## How to fix
    /// Set the shell once per stage, before the first such `RUN`:
    /// `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` (for `ash`/`dash`-based images:
    /// `SHELL ["/bin/sh", "-o", "pipefail", "-c"]` where supported), or begin the step with
    /// `set -o pipefail &&`. Better still for downloads: fetch to a file, verify its checksum,
    /// then run it.
    ///
    /// ## Example
    /// ```dockerfile
    /// # bad
    /// RUN wget -O - https://example.com/tool.tar.gz | tar xz -C /opt
    /// ```
    /// ```dockerfile
    /// # good
    /// SHELL ["/bin/bash", "-o", "pipefail", "-c"]
    /// RUN wget -O - https://example.com/tool.tar.gz | tar xz -C /opt
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/build/building/best-practices/#using-pipes>
    pub struct RunPipeWithoutPipefail {
        id: "run-pipe-without-pipefail",
        severity: Low,
        formats: [Dockerfile],
        tags: ["containers", "supply-chain", "best-practice"],
        precision: "high",
        summary: "A RUN pipeline whose failed stages the shell ignores (no pipefail)",
        aliases: ["DL4006"],
    }
}

/// Whether a command turns pipefail on (`set -o pipefail`, `set -euo pipefail`).
fn sets_pipefail(c: &shell::ShCommand) -> bool {
    c.program() == Some("set") && c.args().iter().any(|w| w.value == "pipefail")
}

impl Rule for RunPipeWithoutPipefail {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (file, doc) in dockerfiles(model) {
            // The stage's shell: Some(true) a POSIX shell without pipefail (the default
            // `/bin/sh -c`), Some(false) with it, None not a POSIX shell.
            let mut stage = None;
            let mut posix_without_pipefail = Some(true);
            for (n, instr) in doc.instructions.iter().enumerate() {
                if instr.stage != stage {
                    stage = instr.stage;
                    posix_without_pipefail = Some(true);
                }
                match instr.keyword.as_str() {
                    "SHELL" => {
                        let words: Vec<&str> = instr.args.iter().map(|w| w.value.as_str()).collect();
                        let program = words.first().map_or("", |p| shell::base(p)).to_ascii_lowercase();
                        posix_without_pipefail =
                            if matches!(program.as_str(), "sh" | "bash" | "ash" | "dash" | "zsh" | "ksh") {
                                Some(!words.iter().any(|w| w.contains("pipefail")))
                            } else {
                                None
                            };
                    }
                    // An exec-form step is one command (no pipe) unless it has heredoc scripts.
                    "RUN" if posix_without_pipefail == Some(true) => {
                        let cmds = shell::commands(model, instr);
                        if cmds.iter().any(sets_pipefail) {
                            continue;
                        }
                        // Producers that cannot fail in practice (`echo x | debconf-set-selections`)
                        // lose nothing to a pipe.
                        let Some((c, pipe)) = cmds.iter().find_map(|c| {
                            c.pipe
                                .filter(|_| !matches!(c.program(), Some("echo" | "printf" | "yes" | "true")))
                                .map(|p| (c, p))
                        }) else {
                            continue;
                        };
                        let what = c.program().unwrap_or("the command");
                        emit(
                            out,
                            model,
                            &Self::META,
                            pipe,
                            format!(
                                "`{what} | …` without pipefail: the step succeeds even when `{what}` fails, since the shell keeps only the last command's status"
                            ),
                            "Add `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` before this step, or start it with `set -o pipefail &&`",
                            format!("{}:RUN:{n}:pipefail", file.path),
                        );
                    }
                    _ => {}
                }
            }
        }
    }
}
