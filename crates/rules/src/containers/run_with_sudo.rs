//! `run-with-sudo`: a Dockerfile `RUN` command that calls `sudo`.

use infra_lint_core::{Finding, Model};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};

use super::{dockerfiles, emit, runs};

declare_rule! {
    /// ## What it does
    /// Finds `sudo` used as a command in Dockerfile `RUN` steps (shell form, exec form and
    /// heredoc scripts), at the `sudo` word.
    ///
    /// ## Why is this bad?
    /// Build steps already run as the current `USER`; needing `sudo` means the image ships the
    /// `sudo` binary and a sudoers rule, which lets any process of the container's user become
    /// root at run time. Its TTY and signal handling is also unpredictable in builds.
    ///
    /// ## How to fix
    /// Run the privileged steps before switching user (`USER root` … `USER app`), and do not
    /// install `sudo` in the image. To drop privileges in an entrypoint, use `gosu` or
    /// `su-exec`.
    ///
    /// ## Example
    /// ```dockerfile
    /// # bad
    /// RUN sudo apt-get install -y curl
    /// ```
    /// ```dockerfile
    /// # good
    /// USER root
    /// RUN apt-get install -y curl
    /// USER app
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/build/building/best-practices/#user>
    pub struct RunWithSudo {
        id: "run-with-sudo",
        severity: Medium,
        formats: [Dockerfile],
        tags: ["security", "containers"],
        precision: "very-high",
        summary: "A Dockerfile RUN step uses sudo",
        aliases: ["AVD-DS-0010", "DS010", "DL3004", "CKV2_DOCKER_1"],
    }
}

impl Rule for RunWithSudo {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (file, doc) in dockerfiles(model) {
            for (n, (_, cmds)) in runs(model, doc).enumerate() {
                for c in &cmds {
                    let Some(w) = c.program_index(false).and_then(|i| c.words.get(i)) else { continue };
                    if super::shell::base(&w.value) == "sudo" {
                        emit(
                            out,
                            model,
                            &Self::META,
                            w.span,
                            "RUN uses `sudo`: the image must ship sudo and a sudoers rule, which lets the container's user become root".to_owned(),
                            "Run privileged steps as `USER root` before switching to the app user; do not install sudo",
                            format!("{}:RUN:{n}:sudo", file.path),
                        );
                    }
                }
            }
        }
    }
}
