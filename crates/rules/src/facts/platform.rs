//! Cross-format facts from Railway, Vercel and wrangler documents: their environment variables
//! become [`SecretCandidate`]s (the secret rules decide which are secrets); each file is a
//! [`Service`]; its public surface (Workers routes, a Vercel project's API, a Railway service's
//! public domain) an [`Entrypoint`] with what rate-limits it; a Railway database reached through
//! its public TCP proxy a public [`Datastore`].

use crate::facts::{
    Datastore, DatastoreKind, Entrypoint, Facts, SecretCandidate, SecretContext, Service, ServiceOrigin,
};
use infra_lint_core::base::source::Span;
use infra_lint_core::model::ParsedFile;
use infra_lint_core::syntax::node::Node;
use infra_lint_core::syntax::railway::Railway;
use infra_lint_core::syntax::vercel::Vercel;
use infra_lint_core::syntax::wrangler::Wrangler;

/// One candidate per scalar entry of a map node.
fn push_map(file: &ParsedFile, map: &Node, prefix: &str, context: SecretContext, facts: &mut Facts) {
    let Some(entries) = map.as_map() else { return };
    for (k, v) in entries {
        let (Some(key), Some(value)) = (k.as_str(), v.scalar_text()) else { continue };
        let reference = crate::secret_detect::is_reference(&value)
            // Vercel's legacy `@secret-name` points at a stored secret.
            || (context == SecretContext::VercelEnv && value.starts_with('@'));
        facts.secrets.push(SecretCandidate {
            key: key.to_owned(),
            key_span: k.span,
            value,
            value_span: v.span,
            context,
            example: file.example,
            is_reference: reference,
            path: format!("{prefix}.{key}"),
        });
    }
}

/// Railway: `variables`, `env` and `environmentVariables` at the top level, under `build` and
/// `deploy`, and in every `environments.<name>` override.
pub fn collect_railway(file: &ParsedFile, doc: &Railway, facts: &mut Facts) {
    for scope in doc.scopes() {
        let base = scope.name.map_or_else(String::new, |n| format!("environments.{n}."));
        for section in [None, Some("build"), Some("deploy")] {
            let node = match section {
                None => Some(scope.node),
                Some(s) => scope.node.get(s),
            };
            let Some(node) = node else { continue };
            for key in ["variables", "env", "environmentVariables"] {
                if let Some(m) = node.get(key) {
                    let prefix = match section {
                        None => format!("{base}{key}"),
                        Some(s) => format!("{base}{s}.{key}"),
                    };
                    push_map(file, m, &prefix, SecretContext::RailwayVariables, facts);
                }
            }
        }
    }
    railway_surface(file, doc, facts);
}

/// The engine a Railway database service or connection variable names (`Postgres`, `REDIS_URL`,
/// `mysql://…`).
fn railway_db_kind(words: &[&str]) -> Option<DatastoreKind> {
    for w in words {
        let w = w.to_ascii_lowercase();
        let kind = if w.contains("postgres") || w.contains("pgsql") || w.starts_with("pg") {
            DatastoreKind::Postgres
        } else if w.contains("mysql") || w.contains("mariadb") {
            DatastoreKind::Mysql
        } else if w.contains("redis") || w.contains("valkey") {
            DatastoreKind::Redis
        } else if w.contains("mongo") {
            DatastoreKind::Mongo
        } else {
            continue;
        };
        return Some(kind);
    }
    None
}

/// Railway's public surface, read from the service's variables: a reference to its own public
/// domain (`${{RAILWAY_PUBLIC_DOMAIN}}`, a literal `*.up.railway.app`) makes it a public
/// [`Entrypoint`]; a connection through a database's TCP proxy (`DATABASE_PUBLIC_URL`,
/// `RAILWAY_TCP_PROXY_DOMAIN`, a literal `*.proxy.rlwy.net`) shows that database listening on
/// the internet.
fn railway_surface(file: &ParsedFile, doc: &Railway, facts: &mut Facts) {
    let name = service_dir(file).to_owned();
    facts.services.push(service(name.clone(), ServiceOrigin::Railway, file.source.span(0, 0)));
    let mut public: Option<Span> = None;
    let mut hosts = Vec::new();
    for scope in doc.scopes() {
        for section in [None, Some("build"), Some("deploy")] {
            let node = match section {
                None => Some(scope.node),
                Some(s) => scope.node.get(s),
            };
            let Some(node) = node else { continue };
            for key in ["variables", "env", "environmentVariables"] {
                let Some(entries) = node.get(key).and_then(Node::as_map) else { continue };
                for (k, v) in entries {
                    let (Some(var), Some(value)) = (k.as_str(), v.scalar_text()) else { continue };
                    let lower = value.to_ascii_lowercase();
                    if lower.contains("railway_public_domain") || lower.contains(".up.railway.app") {
                        public.get_or_insert(v.span);
                        hosts.extend(host_of(&value).filter(|h| h.ends_with(".up.railway.app")));
                    }
                    let tcp_proxy = lower.contains("_public_url")
                        || lower.contains("railway_tcp_proxy_domain")
                        || lower.contains(".proxy.rlwy.net");
                    if !tcp_proxy {
                        continue;
                    }
                    // `${{Postgres.DATABASE_PUBLIC_URL}}` names the database service.
                    let target = referenced_service(&value);
                    let scheme = value.split_once("://").map(|(s, _)| s.to_owned());
                    let words: Vec<&str> =
                        [target.as_deref(), scheme.as_deref(), Some(var)].into_iter().flatten().collect();
                    let Some(kind) = railway_db_kind(&words) else { continue };
                    let db = target.clone().unwrap_or_else(|| format!("database of service {name}"));
                    let how = if lower.contains(".proxy.rlwy.net") {
                        format!("{var} connects through Railway's public TCP proxy (*.proxy.rlwy.net)")
                    } else {
                        format!("{var} uses the database's public TCP proxy address instead of its private one")
                    };
                    facts.datastores.push(Datastore {
                        root: None,
                        name: db,
                        kind,
                        origin: ServiceOrigin::Railway,
                        span: v.span,
                        public_exposure: vec![(how, v.span)],
                        provenance: vec![(format!("Railway service {name}"), k.span)],
                    });
                }
            }
        }
    }
    if let Some(span) = public {
        hosts.sort();
        hosts.dedup();
        facts.entrypoints.push(Entrypoint {
            root: None,
            address: format!("railway:{name}"),
            kind: "railway_service".to_owned(),
            origin: ServiceOrigin::Railway,
            span,
            rate_limited_by: Vec::new(),
            related: Vec::new(),
            hosts,
        });
    }
}

/// The directory a platform file configures (its service), or `.` at the root.
fn service_dir(file: &ParsedFile) -> &str {
    file.path.rsplit_once('/').map_or(file.path.as_str(), |(d, _)| d)
}

/// The service a Railway reference variable points at: `${{Postgres.DATABASE_URL}}` → `Postgres`
/// (a shared variable `${{shared.X}}` or a plain `${{X}}` names none).
fn referenced_service(value: &str) -> Option<String> {
    value.split("${{").skip(1).find_map(|r| {
        let inner = r.split("}}").next()?.trim();
        let (svc, _) = inner.split_once('.')?;
        (!svc.is_empty() && svc != "shared").then(|| svc.to_owned())
    })
}

/// A platform service with no container settings of its own.
fn service(name: String, origin: ServiceOrigin, span: Span) -> Service {
    Service {
        name,
        origin,
        span,
        image: None,
        user: None,
        ports: Vec::new(),
        privileged: None,
        cap_add: Vec::new(),
        mounts: Vec::new(),
        host_network: None,
    }
}

/// The host of a route pattern or URL (`*.example.com/api/*` → `example.com`), lower case.
#[must_use]
pub fn host_of(pattern: &str) -> Option<String> {
    let p = pattern.trim();
    let p = p.split_once("://").map_or(p, |(_, rest)| rest);
    let host = p.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = if host.starts_with('[') { host } else { host.split(':').next().unwrap_or("") };
    let host = host.trim_start_matches('*').trim_start_matches('.');
    (!host.is_empty() && !host.contains('$') && !host.contains('{')).then(|| host.to_ascii_lowercase())
}

/// Vercel: `env` and `build.env`.
pub fn collect_vercel(file: &ParsedFile, doc: &Vercel, facts: &mut Facts) {
    if let Some(m) = doc.root.get("env") {
        push_map(file, m, "env", SecretContext::VercelEnv, facts);
    }
    if let Some(m) = doc.root.path(&["build", "env"]) {
        push_map(file, m, "build.env", SecretContext::VercelEnv, facts);
    }
    let name = doc.root.get("name").and_then(Node::as_str).map_or_else(|| service_dir(file).to_owned(), str::to_owned);
    // The project's API surface: serverless `functions`, and routes/rewrites under `/api`.
    let mut surface: Vec<(String, Span)> = Vec::new();
    if let Some((k, v)) = doc.root.entry("functions") {
        if v.as_map().is_some_and(|m| !m.is_empty()) {
            surface.push(("serverless functions (`functions`)".to_owned(), k.span));
        }
    }
    for key in ["rewrites", "routes"] {
        for r in doc.list(key) {
            let Some(src) = r.get("source").or_else(|| r.get("src")) else { continue };
            let Some(text) = src.as_str() else { continue };
            let t = text.trim_start_matches('^');
            // A rewrite to another origin is a proxy: the rate limit belongs to that origin.
            let external = r
                .get("destination")
                .or_else(|| r.get("dest"))
                .and_then(Node::as_str)
                .is_some_and(|d| d.starts_with("http://") || d.starts_with("https://"));
            if (t.starts_with("/api/") || t == "/api" || t.starts_with("/api(")) && !external {
                surface.push((format!("{key} entry {text}"), src.span));
            }
        }
    }
    let hosts: Vec<String> = doc
        .root
        .get("alias")
        .map(|a| a.as_seq().map_or_else(|| vec![a], |s| s.iter().collect()))
        .unwrap_or_default()
        .into_iter()
        .filter_map(|n| n.as_str().and_then(host_of))
        .collect();
    let span = surface.first().map_or_else(|| file.source.span(0, 0), |(_, s)| *s);
    facts.services.push(service(name.clone(), ServiceOrigin::Vercel, span));
    if let Some(((_, span), others)) = surface.split_first() {
        facts.entrypoints.push(Entrypoint {
            root: None,
            address: format!("vercel:{name}"),
            kind: "vercel_project".to_owned(),
            origin: ServiceOrigin::Vercel,
            span: *span,
            rate_limited_by: Vec::new(),
            related: others.iter().map(|(w, s)| (format!("also public: {w}"), *s)).collect(),
            hosts,
        });
    }
}

/// wrangler: `vars` at the top level and in every `[env.<name>]`.
pub fn collect_wrangler(file: &ParsedFile, doc: &Wrangler, facts: &mut Facts) {
    for scope in doc.scopes() {
        if let Some(m) = scope.node.get("vars") {
            let prefix = scope.name.map_or_else(|| "vars".to_owned(), |n| format!("env.{n}.vars"));
            push_map(file, m, &prefix, SecretContext::WranglerVars, facts);
        }
    }
    let worker = doc.name().map_or_else(|| service_dir(file).to_owned(), str::to_owned);
    facts.services.push(service(worker.clone(), ServiceOrigin::Workers, file.source.span(0, 0)));
    for scope in doc.scopes() {
        let routes = scope.routes();
        let Some((first, others)) = routes.split_first() else { continue };
        let pattern = |n: &Node| n.as_str().or_else(|| n.get("pattern").and_then(Node::as_str)).map(str::to_owned);
        let mut by = Vec::new();
        if let Some((k, v)) = scope.node.entry("ratelimits") {
            if v.as_seq().is_some_and(|s| !s.is_empty()) {
                by.push(("Workers rate-limit binding (`ratelimits`)".to_owned(), k.span));
            }
        }
        if let Some(bs) = scope.node.path(&["unsafe", "bindings"]).and_then(Node::as_seq) {
            for b in bs {
                if b.get("type").and_then(Node::as_str).is_some_and(|t| t.eq_ignore_ascii_case("ratelimit")) {
                    by.push(("Workers rate-limit binding (`unsafe.bindings` type ratelimit)".to_owned(), b.span));
                }
            }
        }
        let address = match scope.name {
            Some(n) => format!("worker:{worker}:{n}"),
            None => format!("worker:{worker}"),
        };
        facts.entrypoints.push(Entrypoint {
            root: None,
            address,
            kind: "cloudflare_worker_route".to_owned(),
            origin: ServiceOrigin::Workers,
            span: first.span,
            rate_limited_by: by,
            related: others
                .iter()
                .map(|r| (format!("also routed: {}", pattern(r).unwrap_or_default()), r.span))
                .collect(),
            hosts: routes.iter().filter_map(|r| pattern(r)).filter_map(|p| host_of(&p)).collect(),
        });
    }
}
