//! `compose-root-user`: a compose service that explicitly runs as root.

use infra_lint_core::parse::node::Node;
use infra_lint_core::{Finding, Model};

use crate::containers::shell::{base, script_commands};

use crate::declare_rule;
use crate::rule::Rule;

use super::services;

declare_rule! {
    /// ## What it does
    /// Flags docker compose services whose `user:` is root: `root`, `0`, or a `user:group` pair
    /// whose user part is `root` or `0` (`"0:0"`, `root:docker`). The finding points at the
    /// value. A `user:` given by interpolation (`${UID}:${GID}`) is not judged. Severity is
    /// weighted by the file's environment (`low` in development and test compose files).
    ///
    /// A one-shot permission-setup service is not reported: one whose `command`/`entrypoint`
    /// (a list, a string, or the script of `sh -c`) only prepares files — `chown`, `chmod`,
    /// `chgrp`, `setfacl`, with `mkdir`/`touch`/`echo` around them, at least one changing
    /// ownership or modes. Such a service (typically a `busybox` job other services wait for
    /// with `condition: service_completed_successfully`) needs root to hand a volume to a
    /// non-root uid and exits; nothing long-lived runs as root. A command that goes on to
    /// start the application (`chown … && exec ./server`) is still reported.
    ///
    /// ## Why is this bad?
    /// `user:` overrides the image's `USER`: an image built to run unprivileged is started as
    /// root again. A process running as root in a container owns the container's filesystem and
    /// every mounted volume, and is one kernel or runtime escape away from root on the host.
    ///
    /// ## How to fix
    /// Remove `user: root` (let the image's own non-root user apply) or set a non-root uid,
    /// e.g. `user: "10001:10001"`; fix file ownership in the image or with an init step instead.
    ///
    /// ## Example
    /// ```yaml
    /// # bad
    /// services:
    ///   web:
    ///     image: example/web:2.1
    ///     user: root
    /// ```
    /// ```yaml
    /// # good
    /// services:
    ///   web:
    ///     image: example/web:2.1
    ///     user: "10001:10001"
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/compose-file/services/#user>
    /// - <https://cwe.mitre.org/data/definitions/250.html>
    pub struct ComposeRootUser {
        id: "compose-root-user",
        severity: Medium,
        formats: [Compose],
        tags: ["security", "containers"],
        precision: "very-high",
        summary: "A compose service runs as root (`user: root` / `user: \"0\"`)",
    }
}

/// Programs of a one-shot permission-setup job (see the rule's documentation).
const SETUP_PROGRAMS: &[&str] =
    &["chown", "chmod", "chgrp", "setfacl", "mkdir", "touch", "echo", "printf", "true", "ls", "id", "stat", "set"];

/// The service's `command` and `entrypoint` only prepare file ownership and modes.
fn permission_setup_only(def: Option<&Node>) -> bool {
    let mut scripts: Vec<String> = Vec::new();
    for key in ["entrypoint", "command"] {
        let Some(n) = def.and_then(|d| d.get(key)) else { continue };
        if let Some(items) = n.as_seq() {
            let words: Vec<String> = items.iter().filter_map(Node::scalar_text).collect();
            let shell = words.first().is_some_and(|w| matches!(base(w), "sh" | "bash" | "ash" | "dash"));
            match words.iter().position(|w| w == "-c") {
                Some(i) if shell => scripts.extend(words.get(i + 1).cloned()),
                _ => scripts.push(words.join(" ")),
            }
        } else if let Some(t) = n.scalar_text() {
            scripts.push(t);
        }
    }
    let mut programs = Vec::new();
    for script in &scripts {
        for cmd in script_commands(script) {
            let Some(p) = cmd.program() else { continue };
            if matches!(p, "sh" | "bash" | "ash" | "dash") && cmd.words.len() > 1 {
                // `sh -c "…"` given as one string: judge the inner script too.
                if let Some(inner) = cmd.words.iter().position(|w| w.value == "-c").and_then(|i| cmd.words.get(i + 1)) {
                    for c in script_commands(&inner.value) {
                        programs.extend(c.program().map(str::to_owned));
                    }
                    continue;
                }
            }
            programs.push(p.to_owned());
        }
    }
    !programs.is_empty()
        && programs.iter().all(|p| SETUP_PROGRAMS.contains(&p.as_str()))
        && programs.iter().any(|p| matches!(p.as_str(), "chown" | "chmod" | "chgrp" | "setfacl"))
}

/// `root`, `0`, `root:x`, `0:x`.
pub(crate) fn is_root_user(user: &str) -> bool {
    let name = user.trim().split(':').next().unwrap_or("").trim();
    name == "root" || name == "0"
}

impl Rule for ComposeRootUser {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (_, s, def) in services(model) {
            let Some(user) = &s.user else { continue };
            if user.value.contains('$') || !is_root_user(&user.value) || permission_setup_only(def) {
                continue;
            }
            let env = model.env_of(user.span);
            out.push(
                Finding::new(
                    Self::META.id,
                    Self::META.severity.weigh(env),
                    user.span,
                    format!(
                        "Service `{}` runs as root (`user: {}`), overriding any non-root USER of its image",
                        s.name, user.value
                    ),
                )
                .fix("Remove `user:` to keep the image's non-root user, or set a non-root uid such as `user: \"10001:10001\"`")
                .key(format!("services.{}.user", s.name))
                .env(env),
            );
        }
    }
}
