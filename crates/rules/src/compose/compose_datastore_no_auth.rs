//! `compose-datastore-no-auth`: a database or cache service that accepts clients without a password.

use crate::facts::datastore_kind;
use crate::facts::DatastoreKind;
use infra_lint_core::model::Environment;
use infra_lint_core::parse::compose::ComposeService;
use infra_lint_core::parse::node::Node;
use infra_lint_core::{Finding, Model, Severity, Span};

use crate::declare_rule;
use crate::rule::Rule;

use super::services;

declare_rule! {
    /// ## What it does
    /// Flags docker compose database and cache services that let clients in without a password:
    /// - authentication switched off explicitly, in any environment (severity weighted by the
    ///   file's environment): `POSTGRES_HOST_AUTH_METHOD=trust`, `MYSQL_ALLOW_EMPTY_PASSWORD` /
    ///   `MARIADB_ALLOW_EMPTY_ROOT_PASSWORD`, Bitnami's `ALLOW_EMPTY_PASSWORD=yes`,
    ///   Elasticsearch's `xpack.security.enabled=false`, OpenSearch's
    ///   `DISABLE_SECURITY_PLUGIN=true`;
    /// - in production and staging compose files only: Redis/Valkey/KeyDB started without
    ///   `--requirepass` (in `command`), a password variable (`REDIS_PASSWORD`) or a mounted
    ///   configuration file, and MongoDB without a root user (`MONGO_INITDB_ROOT_PASSWORD`) or
    ///   `--auth`. Official Redis and MongoDB images start with no authentication at all.
    ///
    /// The finding points at the offending variable, or at the service's `image` when the
    /// password is missing.
    ///
    /// ## Why is this bad?
    /// Anything that can reach the port — another container on the network, a compromised
    /// dependency, the internet when the port is published — can read and change every record.
    /// An unauthenticated Redis is also a known path to remote code execution (writing cron
    /// files or SSH keys through `CONFIG SET dir`, or loading modules).
    ///
    /// ## How to fix
    /// Set a password from a secret (`POSTGRES_PASSWORD_FILE`, `command: redis-server
    /// --requirepass "$${REDIS_PASSWORD}"`, `MONGO_INITDB_ROOT_PASSWORD_FILE`) and remove the
    /// options that disable authentication.
    ///
    /// ## Example
    /// ```yaml
    /// # bad
    /// services:
    ///   db:
    ///     image: postgres:16
    ///     environment:
    ///       POSTGRES_HOST_AUTH_METHOD: trust
    /// ```
    /// ```yaml
    /// # good
    /// services:
    ///   db:
    ///     image: postgres:16
    ///     environment:
    ///       POSTGRES_PASSWORD_FILE: /run/secrets/db_password
    ///     secrets: [db_password]
    /// ```
    ///
    /// ## References
    /// - <https://hub.docker.com/_/postgres> (`POSTGRES_HOST_AUTH_METHOD`)
    /// - <https://redis.io/docs/latest/operate/oss_and_stack/management/security/>
    /// - <https://cwe.mitre.org/data/definitions/306.html>
    pub struct ComposeDatastoreNoAuth {
        id: "compose-datastore-no-auth",
        severity: High,
        formats: [Compose],
        tags: ["security", "containers", "datastores"],
        precision: "high",
        summary: "A compose database or cache accepts clients without a password",
    }
}

fn truthy(v: &str) -> bool {
    matches!(v.trim().trim_matches(['"', '\'']).to_ascii_lowercase().as_str(), "yes" | "true" | "1" | "on")
}

fn env_value<'a>(s: &'a ComposeService, key: &str) -> Option<(&'a str, Span)> {
    s.environment
        .iter()
        .find(|e| e.key.eq_ignore_ascii_case(key))
        .map(|e| (e.value.as_deref().unwrap_or(""), e.value_span.unwrap_or(e.span)))
}

fn has_env(s: &ComposeService, keys: &[&str]) -> bool {
    keys.iter().any(|k| env_value(s, k).is_some_and(|(v, _)| !v.trim().is_empty()))
}

/// The service's `command` (string or list) as one text.
fn command_text(def: Option<&Node>) -> String {
    let Some(c) = def.and_then(|d| d.get("command")) else { return String::new() };
    match c.as_seq() {
        Some(items) => items.iter().filter_map(Node::scalar_text).collect::<Vec<_>>().join(" "),
        None => c.scalar_text().unwrap_or_default(),
    }
}

/// Explicit "no authentication" settings: (span, what).
fn explicit_off(s: &ComposeService, kind: DatastoreKind) -> Option<(Span, String)> {
    let checks: &[(&str, &str)] = match kind {
        DatastoreKind::Postgres => &[("POSTGRES_HOST_AUTH_METHOD", "trust")],
        DatastoreKind::Mysql => &[
            ("MYSQL_ALLOW_EMPTY_PASSWORD", ""),
            ("MARIADB_ALLOW_EMPTY_ROOT_PASSWORD", ""),
            ("MARIADB_ALLOW_EMPTY_PASSWORD", ""),
            ("ALLOW_EMPTY_PASSWORD", ""),
        ],
        DatastoreKind::Redis | DatastoreKind::Mongo => &[("ALLOW_EMPTY_PASSWORD", "")],
        DatastoreKind::Elasticsearch => {
            &[("xpack.security.enabled", "false"), ("DISABLE_SECURITY_PLUGIN", ""), ("plugins.security.disabled", "")]
        }
        _ => &[],
    };
    for (key, want) in checks {
        let Some((v, span)) = env_value(s, key) else { continue };
        let hit = if want.is_empty() { truthy(v) } else { v.trim().eq_ignore_ascii_case(want) };
        if hit {
            return Some((span, format!("`{key}={}` turns authentication off", v.trim())));
        }
    }
    None
}

/// A Redis or MongoDB service with no sign of a password (production files only).
fn missing_password(s: &ComposeService, def: Option<&Node>, kind: DatastoreKind, image: &str) -> Option<String> {
    let cmd = command_text(def);
    let conf_mounted = s.volumes.iter().any(|v| {
        let t = v.target.as_deref().unwrap_or("");
        t.ends_with(".conf") || t.ends_with("/conf") || t.contains("/etc/redis") || t.ends_with("mongod.conf")
    });
    if conf_mounted || cmd.contains(".conf") {
        return None;
    }
    // Bitnami images refuse to start without a password unless ALLOW_EMPTY_PASSWORD is set.
    if image.contains("bitnami/") {
        return None;
    }
    match kind {
        DatastoreKind::Redis => {
            let ok = cmd.contains("requirepass")
                || cmd.contains("--aclfile")
                || has_env(s, &["REDIS_PASSWORD", "REDIS_PASSWORD_FILE", "VALKEY_PASSWORD", "KEYDB_PASSWORD"])
                || env_value(s, "REDIS_ARGS").is_some_and(|(v, _)| v.contains("requirepass"));
            (!ok).then(|| {
                "Redis starts with no password: anyone who reaches the port can read, write and run commands".to_owned()
            })
        }
        DatastoreKind::Mongo => {
            let ok = cmd.contains("--auth")
                || cmd.contains("--keyFile")
                || has_env(
                    s,
                    &[
                        "MONGO_INITDB_ROOT_PASSWORD",
                        "MONGO_INITDB_ROOT_PASSWORD_FILE",
                        "MONGODB_ROOT_PASSWORD",
                        "MONGODB_PASSWORD",
                    ],
                );
            (!ok).then(|| "MongoDB starts with no root user, so without authentication".to_owned())
        }
        _ => None,
    }
}

impl Rule for ComposeDatastoreNoAuth {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (_, s, def) in services(model) {
            let Some(image) = &s.image else { continue };
            let Some(kind) = datastore_kind(&image.value) else { continue };
            if let Some((span, what)) = explicit_off(s, kind) {
                let env = model.env_of(span);
                out.push(
                    Finding::new(
                        Self::META.id,
                        Self::META.severity.weigh(env),
                        span,
                        format!("Service `{}`: {what}", s.name),
                    )
                    .fix("Remove this setting and give the datastore a password from a secret (`*_PASSWORD_FILE`)")
                    .key(format!("services.{}.auth", s.name))
                    .env(env),
                );
                continue;
            }
            let env = model.env_of(image.span);
            if !matches!(env, Environment::Production | Environment::Staging) {
                continue;
            }
            if let Some(what) = missing_password(s, def, kind, &image.value) {
                let sev: Severity = Self::META.severity.weigh(env);
                out.push(
                    Finding::new(Self::META.id, sev, image.span, format!("Service `{}` ({} file): {what}", s.name, env.as_str()))
                        .fix("Require a password: `command: redis-server --requirepass \"$${REDIS_PASSWORD}\"`, or MONGO_INITDB_ROOT_USERNAME/MONGO_INITDB_ROOT_PASSWORD_FILE")
                        .key(format!("services.{}.auth", s.name))
                        .env(env),
                );
            }
        }
    }
}
