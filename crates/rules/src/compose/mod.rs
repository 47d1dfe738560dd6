//! Rules of the `compose` family: docker compose services.

pub mod compose_admin_port;
pub mod compose_datastore_no_auth;
pub mod compose_host_network;
pub mod compose_missing_hardening;
pub mod compose_root_user;
pub mod compose_weakened_isolation;
pub mod docker_socket_mount;
pub mod privileged_container;

use infra_lint_core::discover::FileKind;
use infra_lint_core::model::ParsedFile;
use infra_lint_core::parse::compose::{Compose, ComposeService};
use infra_lint_core::parse::node::Node;
use infra_lint_core::parse::Document;
use infra_lint_core::Model;

use crate::rule::Rule;

/// Every rule of this family.
#[must_use]
pub fn rules() -> Vec<Box<dyn Rule>> {
    vec![
        Box::new(compose_host_network::ComposeHostNetwork),
        Box::new(docker_socket_mount::DockerSocketMount),
        Box::new(privileged_container::PrivilegedContainer),
        Box::new(compose_root_user::ComposeRootUser),
        Box::new(compose_weakened_isolation::ComposeWeakenedIsolation),
        Box::new(compose_datastore_no_auth::ComposeDatastoreNoAuth),
        Box::new(compose_admin_port::ComposeAdminPort),
        Box::new(compose_missing_hardening::ComposeMissingHardening),
    ]
}

/// Every service of every parsed compose file, with its definition node (for keys the parsed
/// service does not carry: `security_opt`, `ipc`, `devices`, `command` …).
pub(crate) fn services(model: &Model) -> impl Iterator<Item = (&ParsedFile, &ComposeService, Option<&Node>)> {
    model.files_of(FileKind::Compose).flat_map(|f| {
        let doc: Option<&Compose> = match &f.doc {
            Some(Document::Compose(c)) => Some(c),
            _ => None,
        };
        let defs = doc.and_then(|d| d.root.as_ref()).and_then(|r| r.get("services"));
        doc.into_iter().flat_map(|d| d.services.iter()).map(move |s| (f, s, defs.and_then(|d| d.get(&s.name))))
    })
}

/// A list-valued key as (text, node) pairs; a single scalar counts as a one-item list.
pub(crate) fn list<'a>(def: Option<&'a Node>, key: &str) -> Vec<(String, &'a Node)> {
    let Some(n) = def.and_then(|d| d.get(key)) else { return Vec::new() };
    match n.as_seq() {
        Some(items) => items.iter().filter_map(|i| i.scalar_text().map(|t| (t, i))).collect(),
        None => n.scalar_text().map(|t| (t, n)).into_iter().collect(),
    }
}
