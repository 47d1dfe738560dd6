//! `exposed-ssh-port`: a Dockerfile `EXPOSE`s port 22.

use infra_lint_core::{Finding, Model};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};

use super::{dockerfiles, emit};

declare_rule! {
    /// ## What it does
    /// Finds `EXPOSE 22` (also `22/tcp`, `22/udp` and port ranges that include 22) in a
    /// Dockerfile, at the port.
    ///
    /// ## Why is this bad?
    /// Port 22 means an SSH server runs in the container: another long-running process with
    /// credentials or keys baked into the image, a brute-force target when the port is
    /// published, and a way around the container runtime's own access control.
    ///
    /// ## How to fix
    /// Remove the SSH server and the `EXPOSE`; get a shell with `docker exec` / `kubectl exec`
    /// when needed.
    ///
    /// ## Example
    /// ```dockerfile
    /// # bad
    /// EXPOSE 22 8080
    /// ```
    /// ```dockerfile
    /// # good
    /// EXPOSE 8080
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/dockerfile/#expose>
    pub struct ExposedSshPort {
        id: "exposed-ssh-port",
        severity: Medium,
        formats: [Dockerfile],
        tags: ["security", "containers", "network"],
        precision: "very-high",
        summary: "A Dockerfile exposes the SSH port 22",
        aliases: ["AVD-DS-0004", "DS004", "CKV_DOCKER_1"],
    }
}

/// Whether an `EXPOSE` word (`22`, `22/tcp`, `20-25`) covers port 22.
fn covers_22(word: &str) -> bool {
    let port = word.split('/').next().unwrap_or("");
    match port.split_once('-') {
        Some((a, b)) => matches!((a.parse::<u32>(), b.parse::<u32>()), (Ok(a), Ok(b)) if a <= 22 && 22 <= b),
        None => port == "22",
    }
}

impl Rule for ExposedSshPort {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (file, doc) in dockerfiles(model) {
            for (n, instr) in doc.instructions.iter().filter(|i| i.keyword == "EXPOSE").enumerate() {
                for w in instr.args.iter().filter(|w| covers_22(&w.value)) {
                    emit(
                        out,
                        model,
                        &Self::META,
                        w.span,
                        format!("EXPOSE {}: the image runs an SSH server", w.value),
                        "Remove the SSH server and the EXPOSE; use `docker exec` for a shell",
                        format!("{}:EXPOSE:{n}:22", file.path),
                    );
                }
            }
        }
    }
}
