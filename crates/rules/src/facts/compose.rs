//! Cross-format facts from compose documents (see [`crate::facts`]).

use crate::facts::Facts;
use crate::facts::{
    Datastore, DatastoreKind, Mount, PortBinding, SecretCandidate, SecretContext, Service, ServiceOrigin,
};
use infra_lint_core::model::ParsedFile;
use infra_lint_core::syntax::compose::*;

/// The datastore engine an image runs, if it is a database image.
#[must_use]
pub fn datastore_kind(image: &str) -> Option<DatastoreKind> {
    let image = with_defaults(image.trim()).to_ascii_lowercase();
    // strip digest and tag
    let no_digest = image.split('@').next().unwrap_or("");
    let last_slash = no_digest.rfind('/').map_or(0, |i| i + 1);
    let (path, name_tag) = no_digest.split_at(last_slash);
    let name = name_tag.split(':').next().unwrap_or("");
    let kind = match name {
        "postgres" | "postgresql" | "postgis" | "pgvector" | "timescaledb" | "timescaledb-ha" | "postgresql-repmgr" => {
            DatastoreKind::Postgres
        }
        "mysql" | "mysql-server" | "mariadb" | "percona" | "percona-server" => DatastoreKind::Mysql,
        "mongo" | "mongodb" | "mongodb-community-server" => DatastoreKind::Mongo,
        "redis" | "redis-stack" | "redis-stack-server" | "valkey" | "keydb" | "dragonfly" => DatastoreKind::Redis,
        "elasticsearch" | "opensearch" => DatastoreKind::Elasticsearch,
        "couchdb" => DatastoreKind::Couchdb,
        "azure-sql-edge" | "mssql-server-linux" => DatastoreKind::SqlServer,
        "server" if path.contains("mssql") => DatastoreKind::SqlServer,
        "oracle-xe" | "oracle-free" => DatastoreKind::Oracle,
        "enterprise" | "free" | "express" if path.contains("database") && image.contains("oracle") => {
            DatastoreKind::Oracle
        }
        "memcached" | "cassandra" | "scylla" | "clickhouse-server" | "neo4j" | "influxdb" | "cockroach"
        | "arangodb" | "couchbase" | "rethinkdb" => DatastoreKind::Other,
        _ => return None,
    };
    Some(kind)
}

/// Add this document's cross-format facts: services, database datastores, secret candidates.
pub fn collect_facts(file: &ParsedFile, doc: &Compose, facts: &mut Facts) {
    for s in &doc.services {
        let ports: Vec<PortBinding> = s
            .ports
            .iter()
            .map(|p| PortBinding {
                host_ip: p.host_ip.clone(),
                host_port: p.host_port(),
                container_port: p.container_port(),
                span: p.span,
            })
            .collect();
        let mounts: Vec<Mount> = s
            .volumes
            .iter()
            .filter_map(|v| {
                Some(Mount { source: v.source.clone().unwrap_or_default(), target: v.target.clone()?, span: v.span })
            })
            .collect();
        let host_network = s.network_mode.as_ref().filter(|m| m.value.trim() == "host").map(|m| m.span);
        facts.services.push(Service {
            name: s.name.clone(),
            origin: ServiceOrigin::Compose,
            span: s.name_span,
            image: s.image.as_ref().map(|i| (i.value.clone(), i.span)),
            user: s.user.as_ref().map(|u| (u.value.clone(), u.span)),
            ports,
            privileged: s.privileged.as_ref().filter(|p| p.value).map(|p| p.span),
            cap_add: s.cap_add.iter().map(|c| (c.value.clone(), c.span)).collect(),
            mounts,
            host_network,
        });
        if let Some(kind) = s.image.as_ref().and_then(|i| datastore_kind(&i.value)) {
            let mut public_exposure = Vec::new();
            for p in s.ports.iter().filter(|p| p.public()) {
                let shown = p
                    .raw
                    .clone()
                    .unwrap_or_else(|| format!("published: {}", p.published.as_deref().unwrap_or_default()));
                public_exposure.push((format!("port \"{shown}\" is published on all host interfaces"), p.span));
            }
            if let Some(span) = host_network {
                public_exposure.push(("network_mode: host exposes its ports on every host interface".to_owned(), span));
            }
            facts.datastores.push(Datastore {
                root: None,
                name: format!("services.{}", s.name),
                kind,
                origin: ServiceOrigin::Compose,
                span: s.name_span,
                public_exposure,
                provenance: Vec::new(),
            });
        }
        for (entries, context, section) in [
            (&s.environment, SecretContext::ComposeEnvironment, "environment"),
            (&s.build_args, SecretContext::ComposeBuildArg, "build.args"),
        ] {
            for e in entries {
                let (Some(value), Some(value_span)) = (&e.value, e.value_span) else { continue };
                facts.secrets.push(SecretCandidate {
                    key: e.key.clone(),
                    key_span: e.key_span,
                    value: value.clone(),
                    value_span,
                    context,
                    example: file.example,
                    is_reference: is_interpolation(value),
                    path: format!("services.{}.{section}.{}", s.name, e.key),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::facts::DatastoreKind;

    #[test]
    fn datastore_images() {
        assert_eq!(datastore_kind("postgres:16-alpine"), Some(DatastoreKind::Postgres));
        assert_eq!(datastore_kind("docker.io/bitnami/postgresql:15"), Some(DatastoreKind::Postgres));
        assert_eq!(datastore_kind("postgis/postgis@sha256:abc"), Some(DatastoreKind::Postgres));
        assert_eq!(datastore_kind("${DB_IMAGE:-mysql:8}"), Some(DatastoreKind::Mysql));
        assert_eq!(datastore_kind("mcr.microsoft.com/mssql/server:2022-latest"), Some(DatastoreKind::SqlServer));
        assert_eq!(datastore_kind("container-registry.oracle.com/database/free:latest"), Some(DatastoreKind::Oracle));
        assert_eq!(datastore_kind("valkey/valkey:8"), Some(DatastoreKind::Redis));
        assert_eq!(datastore_kind("postgrest/postgrest"), None);
        assert_eq!(datastore_kind("redis-commander"), None);
        assert_eq!(datastore_kind("mongo-express"), None);
        assert_eq!(datastore_kind("dpage/pgadmin4"), None);
    }
}
