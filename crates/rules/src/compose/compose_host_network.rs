//! `compose-host-network`: a service sharing the host's network namespace.

use infra_lint_core::{Finding, Model, Severity};

use crate::declare_rule;
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Flags compose services with `network_mode: host`. The finding points at the `host` value.
    /// Severity is `medium`, weighted by the file's environment (`low` in development and test
    /// compose files).
    ///
    /// ## Why is this bad?
    /// With the host's network stack the container's ports are not published through Docker:
    /// every port it listens on is open on every host interface, `ports:` bindings to
    /// `127.0.0.1` are ignored, and the container can reach services bound to the host's
    /// loopback (databases, metadata endpoints, the Docker API over TCP).
    ///
    /// ## How to fix
    /// Use the default bridge network and publish only the ports that must be reachable,
    /// bound to the interface that needs them (`"127.0.0.1:8080:8080"`).
    ///
    /// ## Example
    /// ```yaml
    /// # bad
    /// services:
    ///   app:
    ///     image: example/app:2.0
    ///     network_mode: host
    /// ```
    /// ```yaml
    /// # good
    /// services:
    ///   app:
    ///     image: example/app:2.0
    ///     ports:
    ///       - "127.0.0.1:8080:8080"
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/engine/network/drivers/host/>
    pub struct ComposeHostNetwork {
        id: "compose-host-network",
        severity: Medium,
        formats: [Compose],
        tags: ["security", "containers", "network"],
        precision: "very-high",
        summary: "Compose service uses the host's network namespace",
    }
}

impl Rule for ComposeHostNetwork {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for s in &crate::facts::Facts::of(model).services {
            let Some(span) = s.host_network else { continue };
            let env = model.env_of(span);
            let sev: Severity = Self::META.severity.weigh(env);
            out.push(
                Finding::new(
                    Self::META.id,
                    sev,
                    span,
                    format!(
                        "Service `{}` uses `network_mode: host`: every port it listens on is open on all host interfaces and it can reach the host's loopback services",
                        s.name
                    ),
                )
                .fix("Use the default bridge network and publish only the needed ports, bound to a specific interface")
                .key(format!("services.{}.network_mode", s.name))
                .env(env),
            );
        }
    }
}
