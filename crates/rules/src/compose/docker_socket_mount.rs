//! `docker-socket-mount`: the container engine's socket mounted into a container.

use infra_lint_core::{Finding, Model};

use crate::declare_rule;
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Flags compose services that mount the Docker daemon socket (`/var/run/docker.sock`,
    /// `/run/docker.sock`, also Podman's and containerd's sockets) from the host, in short
    /// (`/var/run/docker.sock:/var/run/docker.sock`) or long volume syntax. A read-only (`:ro`)
    /// mount is flagged too: it does not restrict the API. Socket-proxy images
    /// (`tecnativa/docker-socket-proxy` and the like) are exempt: they are the mitigation. Severity is weighted by the file's
    /// environment (`low` in development and test compose files).
    ///
    /// ## Why is this bad?
    /// Whoever can talk to the Docker socket can start a privileged container that mounts the
    /// host's root filesystem: it is root on the host. A compromise of the service (a reverse
    /// proxy, a CI agent, a dashboard) becomes a compromise of the machine.
    ///
    /// ## How to fix
    /// Avoid the mount. If a tool must watch containers, put a filtering proxy in front of the
    /// socket (for example `tecnativa/docker-socket-proxy` allowing only the read endpoints it
    /// needs), or use rootless Docker.
    ///
    /// ## Example
    /// ```yaml
    /// # bad
    /// services:
    ///   proxy:
    ///     image: traefik:v3.1
    ///     volumes:
    ///       - /var/run/docker.sock:/var/run/docker.sock:ro
    /// ```
    /// ```yaml
    /// # good
    /// services:
    ///   proxy:
    ///     image: traefik:v3.1
    ///     environment:
    ///       DOCKER_HOST: tcp://socket-proxy:2375
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/engine/security/#docker-daemon-attack-surface>
    /// - <https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html>
    pub struct DockerSocketMount {
        id: "docker-socket-mount",
        severity: High,
        formats: [Compose],
        tags: ["security", "containers"],
        precision: "very-high",
        summary: "The Docker daemon socket is mounted into a container",
    }
}

/// Whether a mount source is a container engine's API socket.
fn is_engine_socket(source: &str) -> bool {
    let s = source.trim().trim_end_matches('}');
    let last = s.rsplit(['/', '\\', '-', ':']).next().unwrap_or("");
    matches!(last, "docker.sock" | "podman.sock" | "containerd.sock")
}

impl Rule for DockerSocketMount {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for s in &crate::facts::Facts::of(model).services {
            // A socket proxy is the recommended way to share the socket; it has to mount it.
            let image = s.image.as_ref().map_or("", |(i, _)| i.as_str()).to_ascii_lowercase();
            if image.contains("socket-proxy") {
                continue;
            }
            for m in s.mounts.iter().filter(|m| is_engine_socket(&m.source)) {
                let env = model.env_of(m.span);
                out.push(
                    Finding::new(
                        Self::META.id,
                        Self::META.severity.weigh(env),
                        m.span,
                        format!(
                            "Service `{}` mounts the container engine socket `{}`: anything running in it can start privileged containers and control the host",
                            s.name, m.source
                        ),
                    )
                    .fix("Remove the socket mount, or put a filtering socket proxy in front of it")
                    .key(format!("services.{}.volumes.{}", s.name, m.target))
                    .env(env),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_engine_socket;

    #[test]
    fn sockets() {
        assert!(is_engine_socket("/var/run/docker.sock"));
        assert!(is_engine_socket("/run/docker.sock"));
        assert!(is_engine_socket("${DOCKER_SOCK:-/var/run/docker.sock}"));
        assert!(is_engine_socket("/run/user/1000/podman/podman.sock"));
        assert!(!is_engine_socket("/var/run/docker.sock.d/config"));
        assert!(!is_engine_socket("./data"));
    }
}
