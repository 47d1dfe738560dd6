//! Cross-format facts from fly documents (see [`crate::facts`]).

use crate::facts::Facts;
use crate::facts::{
    Datastore, DatastoreKind, Mount, PortBinding, SecretCandidate, SecretContext, Service, ServiceOrigin,
};
use infra_lint_core::model::ParsedFile;
use infra_lint_core::syntax::fly::*;

/// The datastore engine an image reference runs, if it is a database image.
#[must_use]
pub fn datastore_kind_of_image(image: &str) -> Option<DatastoreKind> {
    let lower = image.to_ascii_lowercase();
    // Drop the registry host and the tag/digest: `ghcr.io/org/postgres:16@sha256:…` → `org/postgres`.
    let no_digest = lower.split('@').next().unwrap_or("");
    let mut parts: Vec<&str> = no_digest.split('/').collect();
    if parts.len() > 1 && parts.first().is_some_and(|p| p.contains('.') || p.contains(':') || *p == "localhost") {
        parts.remove(0);
    }
    let last = parts.last().copied().unwrap_or("");
    let name = last.split(':').next().unwrap_or("");
    let kind = match name {
        n if n.starts_with("postgres") || n.starts_with("postgis") || n.starts_with("timescaledb") => {
            DatastoreKind::Postgres
        }
        n if n.starts_with("supabase-postgres") || n == "pgvector" || n.starts_with("stolon") => {
            DatastoreKind::Postgres
        }
        n if n.starts_with("mysql") || n.starts_with("mariadb") || n.starts_with("percona") => DatastoreKind::Mysql,
        n if n.starts_with("redis") || n.starts_with("valkey") || n.starts_with("keydb") || n == "dragonfly" => {
            DatastoreKind::Redis
        }
        n if n.starts_with("mongo") => DatastoreKind::Mongo,
        n if n.starts_with("elasticsearch") || n.starts_with("opensearch") => DatastoreKind::Elasticsearch,
        n if n.starts_with("couchdb") => DatastoreKind::Couchdb,
        n if n.starts_with("mssql") => DatastoreKind::SqlServer,
        n if n.starts_with("oracle") && n.contains("database") => DatastoreKind::Oracle,
        _ => return None,
    };
    Some(kind)
}

/// Add this document's cross-format facts: the app as a [`Service`] (image, public ports, mounts),
/// a [`Datastore`] when the image is a database with a public service, and a
/// [`SecretCandidate`] for every `[env]` entry.
pub fn collect_facts(file: &ParsedFile, doc: &Fly, facts: &mut Facts) {
    let name = doc.app_name().map_or_else(|| file.path.clone(), str::to_owned);
    let def_span = doc.app.as_ref().map_or_else(|| file.source.span(0, 0), |a| a.key_span.cover(a.value.span));
    let image = doc.image().and_then(|i| Some((i.as_str()?.to_owned(), i.value.span)));

    // Public ports and the evidence that the app is reachable from the internet.
    let mut ports = Vec::new();
    let mut exposure = Vec::new();
    if let Some(h) = &doc.http_service {
        let internal = h.internal_port.as_ref().and_then(|p| p.value.as_i64()).and_then(|p| u16::try_from(p).ok());
        for public in [80u16, 443] {
            ports.push(PortBinding { host_ip: None, host_port: Some(public), container_port: internal, span: h.span });
        }
        exposure.push(("fly [http_service] serves the app on public ports 80 and 443".to_owned(), h.span));
    }
    for svc in &doc.services {
        let internal = svc.internal_port.as_ref().and_then(|p| p.value.as_i64()).and_then(|p| u16::try_from(p).ok());
        for port in &svc.ports {
            let span = port.port.as_ref().map_or(port.span, |p| p.value.span);
            ports.push(PortBinding { host_ip: None, host_port: port.port_number(), container_port: internal, span });
            let what = match (port.port_number(), &port.start_port, &port.end_port) {
                (Some(p), _, _) => format!("port {p}"),
                (None, Some(s), Some(e)) => format!(
                    "ports {}-{}",
                    s.value.scalar_text().unwrap_or_default(),
                    e.value.scalar_text().unwrap_or_default()
                ),
                _ => "a port".to_owned(),
            };
            exposure.push((format!("fly [[services.ports]] exposes {what} on the app's public address"), span));
        }
    }
    let mounts = doc
        .mounts
        .iter()
        .map(|m| Mount {
            source: m.source.as_ref().and_then(|s| s.value.scalar_text()).unwrap_or_default(),
            target: m.destination.as_ref().and_then(|s| s.value.scalar_text()).unwrap_or_default(),
            span: m.span,
        })
        .collect();
    if let Some((img, img_span)) = &image {
        if let Some(kind) = datastore_kind_of_image(img) {
            facts.datastores.push(Datastore {
                root: None,
                name: name.clone(),
                kind,
                origin: ServiceOrigin::Fly,
                span: def_span,
                public_exposure: exposure.clone(),
                provenance: vec![(format!("database image \"{img}\""), *img_span)],
            });
        }
    }
    facts.services.push(Service {
        name,
        origin: ServiceOrigin::Fly,
        span: def_span,
        image,
        user: None,
        ports,
        privileged: None,
        cap_add: Vec::new(),
        mounts,
        host_network: None,
    });
    for e in &doc.env {
        let Some(value) = e.value.scalar_text() else { continue };
        facts.secrets.push(SecretCandidate {
            key: e.key.clone(),
            key_span: e.key_span,
            is_reference: value.contains("${"),
            value,
            value_span: e.value.span,
            context: SecretContext::FlyEnv,
            example: file.example,
            path: format!("env.{}", e.key),
        });
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::facts::DatastoreKind;

    #[test]
    fn database_images() {
        assert_eq!(datastore_kind_of_image("flyio/postgres-flex:15.3"), Some(DatastoreKind::Postgres));
        assert_eq!(datastore_kind_of_image("postgres"), Some(DatastoreKind::Postgres));
        assert_eq!(datastore_kind_of_image("docker.io/library/redis:7"), Some(DatastoreKind::Redis));
        assert_eq!(datastore_kind_of_image("ghcr.io/acme/mysql@sha256:abc"), Some(DatastoreKind::Mysql));
        assert_eq!(datastore_kind_of_image("ghcr.io/superfly/fly-log-shipper:latest"), None);
        assert_eq!(datastore_kind_of_image("localhost:5000/api"), None);
    }
}
