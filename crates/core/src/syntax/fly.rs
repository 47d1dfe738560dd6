//! fly.toml: the fly.io app configuration, parsed with `toml`'s spanned tables.
//!
//! The whole file becomes a generic [`Node`] tree (every key and value with its exact byte span,
//! tables in source order), and a typed view on top of it names what rules care about: the app
//! name, `[build]`, `[env]`, `[http_service]`, `[[services]]` with their `[[services.ports]]`,
//! `[[vm]]`, `[mounts]` and `[deploy]`. TOML syntax errors become diagnostics with line:column;
//! the parser recovers and the rest of the file is still read.

use serde::Serialize;

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::base::env::{EnvEvidence, Environment};
use crate::base::finding::Diagnostic;
use crate::base::source::{FileId, SourceFile, Span};
use crate::syntax::node::{Node, Value};

/// At most this many syntax diagnostics are reported per file (the rest are summarised).
const MAX_DIAGNOSTICS: usize = 20;

/// A `key = value` entry with the key's and the value's spans.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    /// The key (last segment for dotted keys).
    pub key: String,
    /// Span of the key.
    pub key_span: Span,
    /// The value with its span.
    pub value: Node,
}

impl Entry {
    /// The value as a string, if it is one.
    #[must_use]
    pub fn as_str(&self) -> Option<&str> {
        self.value.as_str()
    }
}

/// `[build]`.
#[derive(Debug, Clone, Serialize)]
pub struct FlyBuild {
    /// Span of the `[build]` header (or inline table).
    pub span: Span,
    /// `image = "…"`: a pre-built image to deploy.
    pub image: Option<Entry>,
    /// `dockerfile = "…"`.
    pub dockerfile: Option<Entry>,
}

/// `[http_service]`: fly's shorthand for an HTTP service on ports 80 and 443.
#[derive(Debug, Clone, Serialize)]
pub struct HttpService {
    /// Span of the `[http_service]` header (or inline table / dotted key).
    pub span: Span,
    /// `internal_port`.
    pub internal_port: Option<Entry>,
    /// `force_https`.
    pub force_https: Option<Entry>,
    /// `auto_stop_machines`.
    pub auto_stop_machines: Option<Entry>,
    /// `[http_service.concurrency]`.
    pub concurrency: Option<Node>,
    /// `processes`.
    pub processes: Option<Entry>,
}

/// One `[[services.ports]]` entry.
#[derive(Debug, Clone, Serialize)]
pub struct FlyPort {
    /// Span of the `[[services.ports]]` header (or inline table).
    pub span: Span,
    /// `port`.
    pub port: Option<Entry>,
    /// `start_port` (port ranges).
    pub start_port: Option<Entry>,
    /// `end_port` (port ranges).
    pub end_port: Option<Entry>,
    /// `handlers` entry (`["tls", "http"]`).
    pub handlers: Option<Entry>,
    /// `force_https`.
    pub force_https: Option<Entry>,
}

impl FlyPort {
    /// The handler names (`http`, `tls`, `pg_tls` …), lower-cased.
    #[must_use]
    pub fn handler_names(&self) -> Vec<String> {
        self.handlers
            .as_ref()
            .and_then(|h| h.value.as_seq())
            .map(|items| items.iter().filter_map(Node::as_str).map(str::to_ascii_lowercase).collect())
            .unwrap_or_default()
    }

    /// Whether this port speaks plain HTTP (an `http` handler without `tls`).
    #[must_use]
    pub fn is_plain_http(&self) -> bool {
        let h = self.handler_names();
        h.iter().any(|x| x == "http") && !h.iter().any(|x| x == "tls")
    }

    /// The public port number, if a single port.
    #[must_use]
    pub fn port_number(&self) -> Option<u16> {
        self.port.as_ref().and_then(|p| p.value.as_i64()).and_then(|p| u16::try_from(p).ok())
    }
}

/// One `[[services]]` entry.
#[derive(Debug, Clone, Serialize)]
pub struct FlyService {
    /// Span of the `[[services]]` header (or inline table).
    pub span: Span,
    /// `protocol` (`tcp` / `udp`).
    pub protocol: Option<Entry>,
    /// `internal_port`.
    pub internal_port: Option<Entry>,
    /// `[[services.ports]]`.
    pub ports: Vec<FlyPort>,
    /// `[services.concurrency]`.
    pub concurrency: Option<Node>,
}

/// One `[mounts]` / `[[mounts]]` entry.
#[derive(Debug, Clone, Serialize)]
pub struct FlyMount {
    /// Span of the header (or inline table).
    pub span: Span,
    /// `source` volume name.
    pub source: Option<Entry>,
    /// `destination` path.
    pub destination: Option<Entry>,
}

/// `[deploy]`.
#[derive(Debug, Clone, Serialize)]
pub struct FlyDeploy {
    /// Span of the `[deploy]` header.
    pub span: Span,
    /// `release_command`.
    pub release_command: Option<Entry>,
    /// `strategy`.
    pub strategy: Option<Entry>,
}

/// A parsed fly.toml (boxed, so the [`crate::syntax::Document`] enum stays small); derefs to
/// [`FlyDoc`].
#[derive(Debug, Clone, Serialize)]
#[serde(transparent)]
pub struct Fly(pub Box<FlyDoc>);

impl std::ops::Deref for Fly {
    type Target = FlyDoc;

    fn deref(&self) -> &FlyDoc {
        &self.0
    }
}

/// A parsed fly.toml: the typed view plus the full spanned tree (`root`).
#[derive(Debug, Clone, Serialize)]
pub struct FlyDoc {
    /// `app = "…"`.
    pub app: Option<Entry>,
    /// `primary_region = "…"`.
    pub primary_region: Option<Entry>,
    /// `[build]`.
    pub build: Option<FlyBuild>,
    /// `[env]` entries in source order.
    pub env: Vec<Entry>,
    /// `[http_service]`.
    pub http_service: Option<HttpService>,
    /// `[[services]]`.
    pub services: Vec<FlyService>,
    /// `[[vm]]` entries (raw nodes).
    pub vms: Vec<Node>,
    /// `[mounts]` / `[[mounts]]`.
    pub mounts: Vec<FlyMount>,
    /// `[deploy]`.
    pub deploy: Option<FlyDeploy>,
    /// The whole document as a spanned tree (tables in source order).
    pub root: Node,
}

impl FlyDoc {
    /// The app name, if set.
    #[must_use]
    pub fn app_name(&self) -> Option<&str> {
        self.app.as_ref().and_then(Entry::as_str)
    }

    /// The image deployed (`[build] image`), if set.
    #[must_use]
    pub fn image(&self) -> Option<&Entry> {
        self.build.as_ref().and_then(|b| b.image.as_ref())
    }
}

/// Parse a file. Never panics; syntax errors become diagnostics naming the file with line:col,
/// and the recovered rest of the document is still returned.
#[must_use]
pub fn parse(src: &SourceFile) -> (Option<Fly>, Vec<Diagnostic>) {
    let (root, diags) = toml_tree(src);
    (Some(typed(root)), diags)
}

/// Read any TOML file as a spanned [`Node`] tree (tables in source order). Never panics; syntax
/// errors become diagnostics with line:col and the recovered rest of the file is still returned.
/// Shared by every TOML-based format (fly.toml, railway.toml, wrangler.toml).
#[must_use]
pub fn toml_tree(src: &SourceFile) -> (Node, Vec<Diagnostic>) {
    let path = src.path_str();
    let (table, errors) = DeTable::parse_recoverable(&src.text);
    let mut diags = Vec::new();
    for e in errors.iter().take(MAX_DIAGNOSTICS) {
        let mut d = Diagnostic::warning("parse-error", &path, format!("TOML syntax error: {}", e.message().trim()));
        if let Some(r) = e.span() {
            let lc = src.start(src.span(r.start, r.end));
            d = d.at(lc.line, lc.col);
        }
        diags.push(d);
    }
    if errors.len() > MAX_DIAGNOSTICS {
        diags.push(Diagnostic::warning(
            "parse-error",
            &path,
            format!("{} more TOML syntax errors not shown", errors.len() - MAX_DIAGNOSTICS),
        ));
    }
    let span = table.span();
    let root_span = Span::new(src.id, span.start, span.end);
    (table_node(src.id, root_span, table.get_ref()), diags)
}

/// Parse any TOML file into a [`Node`] tree (as [`parse`] does for fly.toml), with its syntax
/// diagnostics.
#[must_use]
pub fn parse_toml(src: &SourceFile) -> (Node, Vec<Diagnostic>) {
    let (fly, diags) = parse(src);
    let root = fly.map_or_else(|| Node::new(Span::new(src.id, 0, 0), Value::Map(Vec::new())), |f| f.0.root);
    (root, diags)
}

/// Convert a toml table to a [`Node`] map, entries in source order.
fn table_node(file: FileId, span: Span, t: &DeTable<'_>) -> Node {
    let mut entries: Vec<(Node, Node)> = t
        .iter()
        .map(|(k, v)| {
            let ks = k.span();
            (Node::new(Span::new(file, ks.start, ks.end), Value::Str(k.get_ref().to_string())), value_node(file, v))
        })
        .collect();
    entries.sort_by_key(|(k, v)| (k.span.start, v.span.start));
    Node::new(span, Value::Map(entries))
}

/// Convert a spanned toml value to a [`Node`]. Nesting is bounded by `toml`'s recursion guard.
fn value_node(file: FileId, v: &Spanned<DeValue<'_>>) -> Node {
    let r = v.span();
    let span = Span::new(file, r.start, r.end);
    let value = match v.get_ref() {
        DeValue::String(s) => Value::Str(s.to_string()),
        DeValue::Integer(i) => {
            let digits = i.as_str().replace('_', "");
            let digits = digits.trim_start_matches('+');
            let digits = match i.radix() {
                16 => digits.trim_start_matches("0x"),
                8 => digits.trim_start_matches("0o"),
                2 => digits.trim_start_matches("0b"),
                _ => digits,
            };
            i64::from_str_radix(digits, i.radix()).map_or_else(|_| Value::Str(i.as_str().to_owned()), Value::Int)
        }
        DeValue::Float(f) => {
            let text = f.as_str().replace('_', "");
            match text.as_str() {
                "inf" | "+inf" => Value::Float(f64::INFINITY),
                "-inf" => Value::Float(f64::NEG_INFINITY),
                "nan" | "+nan" | "-nan" => Value::Float(f64::NAN),
                t => t.parse().map_or_else(|_| Value::Str(f.as_str().to_owned()), Value::Float),
            }
        }
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(d) => Value::Str(d.to_string()),
        DeValue::Array(a) => Value::Seq(a.iter().map(|x| value_node(file, x)).collect()),
        DeValue::Table(t) => return table_node(file, span, t),
    };
    Node::new(span, value)
}

/// Look up `key` in a map node as an [`Entry`].
fn entry(map: &Node, key: &str) -> Option<Entry> {
    map.entry(key).map(|(k, v)| Entry { key: key.to_owned(), key_span: k.span, value: v.clone() })
}

/// A table, or each table of an array of tables.
fn tables(node: &Node) -> Vec<&Node> {
    match &node.value {
        Value::Map(_) => vec![node],
        Value::Seq(items) => items.iter().filter(|n| n.as_map().is_some()).collect(),
        _ => Vec::new(),
    }
}

/// Build the typed view from the tree.
fn typed(root: Node) -> Fly {
    let build = root.get("build").filter(|b| b.as_map().is_some()).map(|b| FlyBuild {
        span: b.span,
        image: entry(b, "image"),
        dockerfile: entry(b, "dockerfile"),
    });
    let env = root
        .get("env")
        .and_then(Node::as_map)
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| Some(Entry { key: k.as_str()?.to_owned(), key_span: k.span, value: v.clone() }))
                .collect()
        })
        .unwrap_or_default();
    let http_service = root.get("http_service").filter(|h| h.as_map().is_some()).map(|h| HttpService {
        span: h.span,
        internal_port: entry(h, "internal_port"),
        force_https: entry(h, "force_https"),
        auto_stop_machines: entry(h, "auto_stop_machines"),
        concurrency: h.get("concurrency").cloned(),
        processes: entry(h, "processes"),
    });
    let services = root
        .get("services")
        .map(|s| {
            tables(s)
                .into_iter()
                .map(|svc| FlyService {
                    span: svc.span,
                    protocol: entry(svc, "protocol"),
                    internal_port: entry(svc, "internal_port"),
                    ports: svc
                        .get("ports")
                        .map(|p| {
                            tables(p)
                                .into_iter()
                                .map(|port| FlyPort {
                                    span: port.span,
                                    port: entry(port, "port"),
                                    start_port: entry(port, "start_port"),
                                    end_port: entry(port, "end_port"),
                                    handlers: entry(port, "handlers"),
                                    force_https: entry(port, "force_https"),
                                })
                                .collect()
                        })
                        .unwrap_or_default(),
                    concurrency: svc.get("concurrency").cloned(),
                })
                .collect()
        })
        .unwrap_or_default();
    let vms = root.get("vm").map(|v| tables(v).into_iter().cloned().collect()).unwrap_or_default();
    let mounts = root
        .get("mounts")
        .map(|m| {
            tables(m)
                .into_iter()
                .map(|t| FlyMount { span: t.span, source: entry(t, "source"), destination: entry(t, "destination") })
                .collect()
        })
        .unwrap_or_default();
    let deploy = root.get("deploy").filter(|d| d.as_map().is_some()).map(|d| FlyDeploy {
        span: d.span,
        release_command: entry(d, "release_command"),
        strategy: entry(d, "strategy"),
    });
    Fly(Box::new(FlyDoc {
        app: entry(&root, "app"),
        primary_region: entry(&root, "primary_region"),
        build,
        env,
        http_service,
        services,
        vms,
        mounts,
        deploy,
        root,
    }))
}

/// The environment named by a fly app name's words (`acme-api-production`, `web_stg`).
#[must_use]
pub fn env_of_app_name(name: &str) -> Option<Environment> {
    name.split(|c: char| !c.is_ascii_alphanumeric()).find_map(|w| match w.to_ascii_lowercase().as_str() {
        "production" | "prod" | "prd" => Some(Environment::Production),
        "staging" | "stage" | "stg" | "preprod" | "uat" => Some(Environment::Staging),
        "development" | "dev" => Some(Environment::Development),
        "test" | "testing" => Some(Environment::Test),
        _ => None,
    })
}

/// Environment evidence found in the document itself: the app name's environment word.
#[must_use]
pub fn env_hint(doc: &Fly) -> Option<EnvEvidence> {
    let app = doc.app.as_ref()?;
    let name = app.as_str()?;
    let env = env_of_app_name(name)?;
    Some(EnvEvidence { env, reason: format!("fly app name \"{name}\""), span: Some(app.value.span) })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::base::source::LineCol;

    fn src(text: &str) -> SourceFile {
        SourceFile::new(FileId(0), "fly.toml", text)
    }

    fn lc(s: &SourceFile, span: Span) -> (u32, u32) {
        let LineCol { line, col } = s.start(span);
        (line, col)
    }

    const SAMPLE: &str = r#"app = "acme-api-production"
primary_region = 'ams'

[build]
  image = "flyio/postgres-flex:15"

[env]
  LOG_LEVEL = "info"
  API_TOKEN = "tok_é_123"

[http_service]
  internal_port = 8080
  force_https = false
  [http_service.concurrency]
    type = "requests"

[[services]]
  protocol = "tcp"
  internal_port = 5432
  [[services.ports]]
    port = 80
    handlers = ["http"]
  [[services.ports]]
    port = 443
    handlers = ["tls", "http"]
    force_https = true

[[vm]]
  size = "shared-cpu-1x"

[[mounts]]
  source = "data"
  destination = "/data"

[deploy]
  release_command = "bin/migrate"
"#;

    #[test]
    fn typed_view_and_spans() {
        let s = src(SAMPLE);
        let (doc, diags) = parse(&s);
        assert!(diags.is_empty(), "{diags:?}");
        let doc = doc.unwrap();
        let app = doc.app.as_ref().unwrap();
        assert_eq!(app.as_str(), Some("acme-api-production"));
        assert_eq!(lc(&s, app.key_span), (1, 1));
        assert_eq!(lc(&s, app.value.span), (1, 7));
        assert_eq!(s.slice(app.value.span), "\"acme-api-production\"");
        assert_eq!(lc(&s, doc.primary_region.as_ref().unwrap().value.span), (2, 18));
        let image = doc.image().unwrap();
        assert_eq!(lc(&s, image.value.span), (5, 11));
        assert_eq!(lc(&s, doc.build.as_ref().unwrap().span), (4, 1));
        // [env] in source order, non-ASCII value column counted in code points.
        assert_eq!(doc.env.iter().map(|e| e.key.as_str()).collect::<Vec<_>>(), ["LOG_LEVEL", "API_TOKEN"]);
        let tok = &doc.env[1];
        assert_eq!(lc(&s, tok.key_span), (9, 3));
        assert_eq!(lc(&s, tok.value.span), (9, 15));
        assert_eq!(s.end(tok.value.span), LineCol { line: 9, col: 26 });
        let http = doc.http_service.as_ref().unwrap();
        assert_eq!(lc(&s, http.span), (11, 1));
        assert_eq!(s.slice(http.span), "[http_service]");
        let fh = http.force_https.as_ref().unwrap();
        assert_eq!(fh.value.as_bool(), Some(false));
        assert_eq!(lc(&s, fh.key_span), (13, 3));
        assert_eq!(lc(&s, fh.value.span), (13, 17));
        assert_eq!(lc(&s, http.concurrency.as_ref().unwrap().span), (14, 3));
        assert_eq!(doc.services.len(), 1);
        let svc = &doc.services[0];
        assert_eq!(lc(&s, svc.span), (17, 1));
        assert_eq!(svc.ports.len(), 2);
        assert_eq!(lc(&s, svc.ports[0].span), (20, 3));
        assert!(svc.ports[0].is_plain_http());
        assert!(!svc.ports[1].is_plain_http());
        assert_eq!(svc.ports[0].port_number(), Some(80));
        assert_eq!(lc(&s, svc.ports[0].port.as_ref().unwrap().value.span), (21, 12));
        assert_eq!(lc(&s, svc.ports[1].force_https.as_ref().unwrap().value.span), (26, 19));
        assert_eq!(doc.vms.len(), 1);
        assert_eq!(doc.mounts.len(), 1);
        assert_eq!(lc(&s, doc.mounts[0].destination.as_ref().unwrap().value.span), (33, 17));
        assert_eq!(lc(&s, doc.deploy.as_ref().unwrap().release_command.as_ref().unwrap().value.span), (36, 21));
        // The root tree keeps source order.
        let keys: Vec<String> =
            doc.root.as_map().unwrap().iter().filter_map(|(k, _)| k.as_str().map(str::to_owned)).collect();
        assert_eq!(
            keys,
            ["app", "primary_region", "build", "env", "http_service", "services", "vm", "mounts", "deploy"]
        );
    }

    #[test]
    fn env_hint_from_app_name() {
        let s = src(SAMPLE);
        let doc = parse(&s).0.unwrap();
        let hint = env_hint(&doc).unwrap();
        assert_eq!(hint.env, Environment::Production);
        assert_eq!(env_of_app_name("web-stg"), Some(Environment::Staging));
        assert_eq!(env_of_app_name("livebeats"), None);
        assert_eq!(env_of_app_name("live-beats"), None);
        assert_eq!(env_of_app_name("products-api"), None);
    }

    #[test]
    fn syntax_errors_have_line_and_column_and_recover() {
        let s = src("app = \"x\"\napp = \"y\"\n\n[http_service]\nforce_https = true\n");
        let (doc, diags) = parse(&s);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!((diags[0].line, diags[0].column), (Some(2), Some(1)));
        assert!(diags[0].message.contains("duplicate key"), "{}", diags[0].message);
        let doc = doc.unwrap();
        assert_eq!(doc.http_service.as_ref().unwrap().force_https.as_ref().unwrap().value.as_bool(), Some(true));

        let s = src("app = \"x\"\n[env\nA = 1\n");
        let (_, diags) = parse(&s);
        assert!(!diags.is_empty());
        assert_eq!(diags[0].line, Some(2));
        assert!(diags[0].path.to_string_lossy().contains("fly.toml"));
    }

    #[test]
    fn values_of_every_type() {
        let s = src("a = 0x1F\nb = 1_000\nc = 1.5\nd = inf\ne = 1979-05-27\nf = [1, 'x', {g = true}]\nh = 99999999999999999999\n");
        let doc = parse(&s).0.unwrap();
        let r = &doc.root;
        assert_eq!(r.get("a").unwrap().as_i64(), Some(31));
        assert_eq!(r.get("b").unwrap().as_i64(), Some(1000));
        assert_eq!(r.get("c").unwrap().value, Value::Float(1.5));
        assert_eq!(r.get("d").unwrap().value, Value::Float(f64::INFINITY));
        assert_eq!(r.get("e").unwrap().as_str(), Some("1979-05-27"));
        let f = r.get("f").unwrap().as_seq().unwrap();
        assert_eq!(lc(&s, f[2].get("g").unwrap().span), (6, 19));
        assert!(r.get("h").is_some());
    }
}
