//! `compose-root-user`: a compose service that explicitly runs as root.

use infra_lint_core::{Finding, Model};

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
        for (_, s, _) in services(model) {
            let Some(user) = &s.user else { continue };
            if user.value.contains('$') || !is_root_user(&user.value) {
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
