//! Rules of the `compose` family: docker compose services.

pub mod compose_host_network;
pub mod docker_socket_mount;
pub mod privileged_container;

use crate::rule::Rule;

/// Every rule of this family.
#[must_use]
pub fn rules() -> Vec<Box<dyn Rule>> {
    vec![
        Box::new(compose_host_network::ComposeHostNetwork),
        Box::new(docker_socket_mount::DockerSocketMount),
        Box::new(privileged_container::PrivilegedContainer),
    ]
}
