//! `privileged-container`: a container with `privileged: true` or all/admin capabilities.

use crate::facts::ServiceOrigin;
use infra_lint_core::{Finding, Model};

use crate::declare_rule;
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Flags docker compose services that run with `privileged: true`, or that add the `ALL` or
    /// `SYS_ADMIN` capability (`cap_add`). The finding points at the `true` value or at the
    /// capability. Severity is weighted by the file's environment (`low` in development and test
    /// compose files).
    ///
    /// ## Why is this bad?
    /// A privileged container has every capability and access to all host devices; `SYS_ADMIN`
    /// alone allows mounting filesystems and most of what root can do. Anyone who gets code
    /// execution in such a container (a vulnerable dependency, an exposed debug endpoint) can
    /// take over the host and every other container on it.
    ///
    /// ## How to fix
    /// Remove `privileged: true`; add only the narrow capabilities the service needs (for example
    /// `NET_BIND_SERVICE`) and pass single devices with `devices:`.
    ///
    /// ## Example
    /// ```yaml
    /// # bad
    /// services:
    ///   agent:
    ///     image: example/agent:1.4
    ///     privileged: true
    /// ```
    /// ```yaml
    /// # good
    /// services:
    ///   agent:
    ///     image: example/agent:1.4
    ///     cap_drop: [ALL]
    ///     cap_add: [NET_BIND_SERVICE]
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities>
    /// - <https://man7.org/linux/man-pages/man7/capabilities.7.html>
    pub struct PrivilegedContainer {
        id: "privileged-container",
        severity: High,
        formats: [Compose],
        tags: ["security", "containers"],
        precision: "very-high",
        summary: "Container runs privileged or with ALL / SYS_ADMIN capabilities",
    }
}

impl Rule for PrivilegedContainer {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for s in crate::facts::Facts::of(model).services.iter().filter(|s| s.origin == ServiceOrigin::Compose) {
            if let Some(span) = s.privileged {
                let env = model.env_of(span);
                out.push(
                    Finding::new(
                        Self::META.id,
                        Self::META.severity.weigh(env),
                        span,
                        format!("Service `{}` runs privileged: it has every capability and all host devices, so escaping to the host is trivial", s.name),
                    )
                    .fix("Remove `privileged: true` and add only the specific capabilities or devices needed")
                    .key(format!("services.{}.privileged", s.name))
                    .env(env),
                );
            }
            for (cap, span) in &s.cap_add {
                let c = cap.trim().to_ascii_uppercase();
                let c = c.strip_prefix("CAP_").unwrap_or(&c);
                if c != "ALL" && c != "SYS_ADMIN" {
                    continue;
                }
                let env = model.env_of(*span);
                out.push(
                    Finding::new(
                        Self::META.id,
                        Self::META.severity.weigh(env),
                        *span,
                        format!(
                            "Service `{}` adds the `{cap}` capability, which gives the container near-root power over the host",
                            s.name
                        ),
                    )
                    .fix("Drop this capability and add only the narrow ones the service needs")
                    .key(format!("services.{}.cap_add.{c}", s.name))
                    .env(env),
                );
            }
        }
    }
}
