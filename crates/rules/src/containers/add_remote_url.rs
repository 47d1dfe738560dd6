//! `add-remote-url`: `ADD` of an http(s) URL without a checksum.

use infra_lint_core::{Finding, Model, Severity};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};

use super::dockerfiles;

declare_rule! {
    /// ## What it does
    /// Finds `ADD https://…` (and `http://`) sources in Dockerfiles that have no `--checksum=`
    /// flag. Git sources (`ADD https://github.com/org/repo.git#ref`) count as remote too.
    ///
    /// ## Why is this bad?
    /// `ADD` downloads the URL at build time and trusts whatever the server returns: a changed
    /// or compromised file goes straight into the image, unverified, and the build is not
    /// reproducible. Plain `http://` can also be tampered with in transit.
    ///
    /// ## How to fix
    /// Pin the content with `ADD --checksum=sha256:<digest> <url> <dest>`, or download in a `RUN`
    /// step with `curl -fsSLo` and verify the file (`sha256sum -c`, a signature) before using it.
    ///
    /// ## Example
    /// ```dockerfile
    /// # bad
    /// ADD https://example.com/tool.tar.gz /opt/
    /// ```
    /// ```dockerfile
    /// # good
    /// ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool.tar.gz /opt/
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/dockerfile/#add---checksum>
    /// - <https://docs.docker.com/build/building/best-practices/#add-or-copy>
    pub struct AddRemoteUrl {
        id: "add-remote-url",
        severity: Medium,
        formats: [Dockerfile],
        tags: ["security", "containers", "supply-chain"],
        precision: "very-high",
        summary: "ADD of a remote URL without a checksum",
        aliases: ["CKV_DOCKER_4"],
    }
}

impl Rule for AddRemoteUrl {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (file, doc) in dockerfiles(model) {
            for instr in doc.instructions.iter().filter(|i| i.keyword == "ADD") {
                if instr.flag("checksum").is_some() || !instr.heredocs.is_empty() {
                    continue;
                }
                let n = instr.args.len();
                for w in instr.args.iter().take(n.saturating_sub(1)) {
                    let lower = w.value.to_ascii_lowercase();
                    if !(lower.starts_with("https://") || lower.starts_with("http://")) {
                        continue;
                    }
                    let plain = if lower.starts_with("http://") { " over plain HTTP" } else { "" };
                    let msg = format!(
                        "ADD downloads `{}`{plain} at build time without a checksum: the image trusts whatever the server returns",
                        w.value
                    );
                    out.push(
                        Finding::new(Self::META.id, Severity::Medium, w.span, msg)
                            .fix("Add `--checksum=sha256:<digest>` or download with curl in RUN and verify the file")
                            .key(format!("{}:ADD:{}", file.path, w.value))
                            .env(model.env_of(w.span)),
                    );
                }
            }
        }
    }
}
