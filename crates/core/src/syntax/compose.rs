//! docker compose files: services with image, user, ports, privileges, mounts, environment and
//! build args, each with the span of its source text.
//!
//! The YAML is read by the guarded loader ([`crate::syntax::yaml`]), so anchors, `<<` merge keys
//! and `x-` extension blocks are already resolved. Short and long syntaxes are both understood
//! (ports `"127.0.0.1:5432:5432"` / `{published, target, host_ip}`, volumes `"/a:/b:ro"` /
//! `{type, source, target}`, environment as a map or a `KEY=VALUE` list). The generic tree is kept
//! in [`Compose::root`] for policies.

use serde::Serialize;

use crate::base::env::EnvEvidence;
use crate::base::finding::Diagnostic;
use crate::base::source::{SourceFile, Span};
use crate::syntax::node::Node;
use crate::syntax::yaml::{self, Spanned};

/// A docker compose file.
#[derive(Debug, Default, Serialize)]
pub struct Compose {
    /// The services, in source order.
    pub services: Vec<ComposeService>,
    /// The whole document as a spanned tree (for policies).
    pub root: Option<Node>,
    /// The documents after the first in a file of several (`---`), for policies that read each
    /// document (conftest); usually empty.
    #[serde(skip)]
    pub more_documents: Vec<Node>,
}

/// One compose service.
#[derive(Debug, Clone, Serialize)]
pub struct ComposeService {
    /// Service name (its key under `services:`).
    pub name: String,
    /// Span of the service key.
    pub name_span: Span,
    /// Span of the service's definition (its mapping).
    pub span: Span,
    /// `image:`.
    pub image: Option<Spanned<String>>,
    /// `user:`.
    pub user: Option<Spanned<String>>,
    /// `ports:` entries.
    pub ports: Vec<ComposePort>,
    /// `privileged:` value.
    pub privileged: Option<Spanned<bool>>,
    /// `cap_add:` entries.
    pub cap_add: Vec<Spanned<String>>,
    /// `volumes:` entries.
    pub volumes: Vec<ComposeVolume>,
    /// `network_mode:`.
    pub network_mode: Option<Spanned<String>>,
    /// `pid:` (`host` shares the host's process namespace).
    pub pid: Option<Spanned<String>>,
    /// `environment:` entries (map or list form).
    pub environment: Vec<EnvEntry>,
    /// `build:` context (string form or `context:`).
    pub build_context: Option<Spanned<String>>,
    /// `build.args:` entries.
    pub build_args: Vec<EnvEntry>,
}

/// A port entry, short or long syntax.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ComposePort {
    /// Span of the whole entry (the string, or the long-syntax mapping).
    pub span: Span,
    /// Source text of a short-syntax entry (`127.0.0.1:5432:5432`).
    pub raw: Option<String>,
    /// Host interface (`127.0.0.1`, `::1`); `None` = all interfaces. `${VAR:-x}` resolves to `x`.
    pub host_ip: Option<String>,
    /// Published host port or range (`5432`, `8000-8010`, `${PORT}`); `None` = not published.
    pub published: Option<String>,
    /// Container port or range.
    pub target: Option<String>,
    /// `tcp`/`udp`/`sctp` when given.
    pub protocol: Option<String>,
}

impl ComposePort {
    /// First published host port, if numeric.
    #[must_use]
    pub fn host_port(&self) -> Option<u16> {
        first_port(self.published.as_deref()?)
    }

    /// First container port, if numeric.
    #[must_use]
    pub fn container_port(&self) -> Option<u16> {
        first_port(self.target.as_deref()?)
    }

    /// Whether the port is published on every interface (no loopback bind address).
    #[must_use]
    pub fn public(&self) -> bool {
        let published = self.published.as_deref().is_some_and(|p| !p.trim().is_empty());
        published && !self.host_ip.as_deref().is_some_and(is_loopback)
    }
}

/// A volume/mount entry, short or long syntax.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ComposeVolume {
    /// Span of the whole entry.
    pub span: Span,
    /// Host path or volume name (`None` for an anonymous volume).
    pub source: Option<String>,
    /// Path in the container.
    pub target: Option<String>,
    /// `bind`, `volume`, `tmpfs` … (long syntax `type`, or inferred from the source).
    pub kind: String,
    /// Mounted read-only (`:ro` or `read_only: true`).
    pub read_only: bool,
}

/// An environment variable or build arg: `KEY: value` or `- KEY=value`.
#[derive(Debug, Clone, Serialize)]
pub struct EnvEntry {
    /// Variable name.
    pub key: String,
    /// Span of the name.
    pub key_span: Span,
    /// The value (`None` for a pass-through `- KEY` / `KEY:`).
    pub value: Option<String>,
    /// Span of the value (inside the list item for the list form).
    pub value_span: Option<Span>,
    /// Span of the whole entry.
    pub span: Span,
}

/// Parse a file. Never panics; problems become diagnostics naming the file.
#[must_use]
pub fn parse(src: &SourceFile) -> (Option<Compose>, Vec<Diagnostic>) {
    let loaded = yaml::load_all(src);
    let mut diags = loaded.diagnostics;
    let mut docs = loaded.docs.into_iter().skip_while(Node::is_null);
    let Some(root) = docs.next() else {
        return (if diags.is_empty() { Some(Compose::default()) } else { None }, diags);
    };
    let mut doc = Compose::default();
    match root.get("services") {
        Some(services) if services.as_map().is_some() => {
            for (name, name_span, def) in yaml::entries(services) {
                doc.services.push(service(src, name, name_span, def));
            }
        }
        Some(s) if !s.is_null() => {
            let lc = src.start(s.span);
            diags.push(
                Diagnostic::warning("compose-shape", src.path_str(), "`services:` is not a mapping; no services read")
                    .at(lc.line, lc.col),
            );
        }
        _ => {}
    }
    doc.root = Some(root);
    doc.more_documents = docs.collect();
    (Some(doc), diags)
}

fn service(src: &SourceFile, name: &str, name_span: Span, def: &Node) -> ComposeService {
    let mut s = ComposeService {
        name: name.to_owned(),
        name_span,
        span: def.span,
        image: def.get("image").and_then(yaml::text),
        user: def.get("user").and_then(yaml::text),
        ports: Vec::new(),
        privileged: def.get("privileged").and_then(|n| n.as_bool().map(|b| Spanned::new(b, n.span))),
        cap_add: def.get("cap_add").map(list_of_text).unwrap_or_default(),
        volumes: Vec::new(),
        network_mode: def.get("network_mode").and_then(yaml::text),
        pid: def.get("pid").and_then(yaml::text),
        environment: def.get("environment").map(|n| env_entries(src, n)).unwrap_or_default(),
        build_context: None,
        build_args: Vec::new(),
    };
    for p in def.get("ports").and_then(Node::as_seq).unwrap_or(&[]) {
        if let Some(port) = port(p) {
            s.ports.push(port);
        }
    }
    for v in def.get("volumes").and_then(Node::as_seq).unwrap_or(&[]) {
        if let Some(vol) = volume(v) {
            s.volumes.push(vol);
        }
    }
    match def.get("build") {
        Some(b) if b.as_map().is_some() => {
            s.build_context = b.get("context").and_then(yaml::text);
            s.build_args = b.get("args").map(|n| env_entries(src, n)).unwrap_or_default();
        }
        Some(b) => s.build_context = yaml::text(b),
        None => {}
    }
    s
}

fn list_of_text(n: &Node) -> Vec<Spanned<String>> {
    match n.as_seq() {
        Some(items) => items.iter().filter_map(yaml::text).collect(),
        None => yaml::text(n).into_iter().collect(),
    }
}

/// Environment entries in map form (`KEY: value`) or list form (`- KEY=value`).
#[must_use]
pub fn env_entries(src: &SourceFile, n: &Node) -> Vec<EnvEntry> {
    let mut out = Vec::new();
    if let Some(map) = n.as_map() {
        for (k, v) in map {
            let Some(key) = k.scalar_text() else { continue };
            let value = v.scalar_text();
            let value_span = value.as_ref().map(|_| v.span);
            out.push(EnvEntry {
                key,
                key_span: k.span,
                value,
                value_span,
                span: if v.is_null() { k.span } else { k.span.cover(v.span) },
            });
        }
    } else if let Some(items) = n.as_seq() {
        for it in items {
            let Some(text) = it.as_str() else { continue };
            let (key, value) = match text.split_once('=') {
                Some((k, v)) => (k, Some(v)),
                None => (text, None),
            };
            let key_trim = key.trim();
            if key_trim.is_empty() {
                continue;
            }
            let lead = key.len() - key.trim_start().len();
            let key_span = yaml::sub_span(src, it, lead..lead + key_trim.len());
            let value_span = value.map(|v| {
                let start = key.len() + 1;
                yaml::sub_span(src, it, start..start + v.len())
            });
            out.push(EnvEntry {
                key: key_trim.to_owned(),
                key_span,
                value: value.map(str::to_owned),
                value_span,
                span: it.span,
            });
        }
    }
    out
}

/// Replace `${VAR:-default}` / `${VAR-default}` by their default; other text stays.
pub fn with_defaults(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("${") {
        out.push_str(rest.get(..i).unwrap_or(""));
        let after = rest.get(i + 2..).unwrap_or("");
        let Some(close) = after.find('}') else {
            out.push_str(rest.get(i..).unwrap_or(""));
            return out;
        };
        let inner = after.get(..close).unwrap_or("");
        if let Some(pos) = inner.find(":-").map(|p| (p, 2)).or_else(|| inner.find('-').map(|p| (p, 1))) {
            out.push_str(inner.get(pos.0 + pos.1..).unwrap_or(""));
        } else {
            out.push_str(rest.get(i..i + 3 + close).unwrap_or(""));
        }
        rest = after.get(close + 1..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

fn port(n: &Node) -> Option<ComposePort> {
    if n.as_map().is_some() {
        let text = |k: &str| n.get(k).and_then(Node::scalar_text).map(|s| with_defaults(&s));
        let host_ip = text("host_ip").filter(|s| !s.is_empty());
        return Some(ComposePort {
            span: n.span,
            raw: None,
            host_ip: host_ip.filter(|h| !is_all_interfaces(h)),
            published: text("published").filter(|s| !s.is_empty()),
            target: text("target"),
            protocol: text("protocol"),
        });
    }
    let raw = n.scalar_text()?;
    let s = with_defaults(raw.trim());
    let (main, protocol) = match s.rsplit_once('/') {
        Some((m, p)) => (m.to_owned(), Some(p.to_owned())),
        None => (s.clone(), None),
    };
    let (host_ip, published, target) = if let Some(rest) = main.strip_prefix('[') {
        // [::1]:5432:5432
        let (ip, after) = rest.split_once(']').unwrap_or((rest, ""));
        let after = after.strip_prefix(':').unwrap_or(after);
        match after.split_once(':') {
            Some((p, t)) => (Some(ip.to_owned()), Some(p.to_owned()), Some(t.to_owned())),
            None => (Some(ip.to_owned()), None, Some(after.to_owned())),
        }
    } else {
        let mut parts = main.rsplitn(3, ':');
        let target = parts.next().map(str::to_owned);
        let published = parts.next().map(str::to_owned);
        let ip = parts.next().map(str::to_owned);
        (ip, published, target)
    };
    Some(ComposePort {
        span: n.span,
        raw: Some(raw),
        host_ip: host_ip.filter(|h| !h.is_empty() && !is_all_interfaces(h)),
        published: published.filter(|p| !p.is_empty()),
        target,
        protocol,
    })
}

fn first_port(s: &str) -> Option<u16> {
    s.split('-').next()?.trim().parse().ok()
}

/// `127.0.0.1`, `127.x.x.x`, `localhost`, `::1`.
fn is_loopback(ip: &str) -> bool {
    let ip = ip.trim().trim_start_matches('[').trim_end_matches(']');
    ip.starts_with("127.") || ip.eq_ignore_ascii_case("localhost") || ip == "::1"
}

fn is_all_interfaces(ip: &str) -> bool {
    matches!(ip.trim().trim_start_matches('[').trim_end_matches(']'), "0.0.0.0" | "::" | "*")
}

fn volume(n: &Node) -> Option<ComposeVolume> {
    if n.as_map().is_some() {
        let text = |k: &str| n.get(k).and_then(Node::scalar_text);
        let source = text("source").filter(|s| !s.is_empty());
        let kind = text("type").unwrap_or_else(|| source.as_deref().map_or("volume", source_kind).to_owned());
        return Some(ComposeVolume {
            span: n.span,
            source,
            target: text("target"),
            kind,
            read_only: n.get("read_only").and_then(Node::as_bool).unwrap_or(false),
        });
    }
    let raw = n.scalar_text()?;
    let parts = split_volume(raw.trim());
    let (source, target, mode) = match parts.as_slice() {
        [t] => (None, Some(t.clone()), None),
        [s, t] => (Some(s.clone()), Some(t.clone()), None),
        [s, t, m, ..] => (Some(s.clone()), Some(t.clone()), Some(m.clone())),
        [] => (None, None, None),
    };
    let kind = source.as_deref().map_or("volume", source_kind).to_owned();
    Some(ComposeVolume {
        span: n.span,
        source,
        target,
        kind,
        read_only: mode.is_some_and(|m| m.split(',').any(|o| o == "ro")),
    })
}

/// Split `src:dst:mode`, keeping a Windows drive letter (`C:\x:/y`) with its path.
fn split_volume(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in s.split(':') {
        let glue = out.len() == 1
            && out.first().is_some_and(|p| p.len() == 1 && p.chars().all(|c| c.is_ascii_alphabetic()))
            && (part.starts_with('\\') || part.starts_with('/'));
        match out.last_mut() {
            Some(last) if glue => {
                last.push(':');
                last.push_str(part);
            }
            _ => out.push(part.to_owned()),
        }
    }
    out
}

fn source_kind(source: &str) -> &'static str {
    if source.starts_with(['/', '.', '~', '$', '\\']) || source.get(1..2) == Some(":") {
        "bind"
    } else {
        "volume"
    }
}

/// Environment evidence found in the document itself: none (compose files say it in their name).
#[must_use]
pub fn env_hint(doc: &Compose) -> Option<EnvEvidence> {
    let _ = doc;
    None
}

/// Whether a compose value takes its content from the environment: it holds a `${VAR}` /
/// `$VAR` interpolation without a literal default (`${VAR:-literal}` is not a reference: the
/// default is written in the file).
#[must_use]
pub fn is_interpolation(value: &str) -> bool {
    let mut found = false;
    let bytes = value.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'$' {
            match bytes.get(i + 1) {
                Some(b'$') => i += 1, // escaped `$$`
                Some(b'{') => {
                    let rest = value.get(i + 2..).unwrap_or("");
                    let inner = rest.split('}').next().unwrap_or("");
                    let default = inner.find(['-', '+', '?']).and_then(|p| inner.get(p..)).unwrap_or("");
                    let default = default.trim_start_matches([':', '-', '?', '+']);
                    if !default.is_empty() && !inner.contains(":?") && !inner.contains('?') {
                        return false;
                    }
                    found = true;
                }
                Some(c) if c.is_ascii_alphabetic() || *c == b'_' => found = true,
                _ => {}
            }
        }
        i += 1;
    }
    found
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::base::source::FileId;

    fn parse_str(text: &str) -> (SourceFile, Compose, Vec<Diagnostic>) {
        let src = SourceFile::new(FileId(0), "docker-compose.yml", text);
        let (doc, diags) = parse(&src);
        (src, doc.unwrap(), diags)
    }

    fn at(src: &SourceFile, span: Span) -> (u32, u32) {
        let lc = src.start(span);
        (lc.line, lc.col)
    }

    const FILE: &str = r#"x-common: &common
  restart: always
  environment:
    SHARED: "1"
services:
  db:
    <<: *common
    image: postgres:16
    ports:
      - "5432:5432"
      - 127.0.0.1:6432:6432
      - "[::1]:7432:7432"
      - 9000
      - "8000-8010:8000-8010/udp"
      - target: 80
        published: "8080"
        host_ip: 127.0.0.1
    environment:
      - POSTGRES_PASSWORD=hunter2secret
      - "API_KEY=${API_KEY}"
      - PASSTHROUGH
  agent:
    image: portainer/agent
    <<: *common
    privileged: true
    cap_add: [SYS_ADMIN, NET_ADMIN]
    network_mode: host
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock:ro
      - type: bind
        source: /var/lib/docker/volumes
        target: /var/lib/docker/volumes
      - data:/data
    build:
      context: .
      args:
        NPM_TOKEN: npm_abcdef
"#;

    #[test]
    fn services_with_spans() {
        let (src, doc, diags) = parse_str(FILE);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(doc.services.len(), 2);
        let db = &doc.services[0];
        assert_eq!(db.name, "db");
        assert_eq!(at(&src, db.name_span), (6, 3));
        let image = db.image.as_ref().unwrap();
        assert_eq!(image.value, "postgres:16");
        assert_eq!(at(&src, image.span), (8, 12));
        // explicit keys win over merged ones (merges are shallow)
        assert_eq!(db.environment.len(), 3);
        assert!(db.environment.iter().all(|e| e.key != "SHARED"));
        let p0 = &db.ports[0];
        assert_eq!(src.slice(p0.span), "\"5432:5432\"");
        assert_eq!(at(&src, p0.span), (10, 9));
        assert!(p0.public());
        assert_eq!((p0.host_port(), p0.container_port()), (Some(5432), Some(5432)));
        assert!(!db.ports[1].public());
        assert_eq!(db.ports[1].host_ip.as_deref(), Some("127.0.0.1"));
        assert!(!db.ports[2].public());
        assert_eq!(db.ports[2].host_ip.as_deref(), Some("::1"));
        assert!(!db.ports[3].public(), "container-only port is not published");
        let range = &db.ports[4];
        assert_eq!((range.host_port(), range.protocol.as_deref()), (Some(8000), Some("udp")));
        assert!(range.public());
        let long = &db.ports[5];
        assert!(!long.public());
        assert_eq!(at(&src, long.span), (15, 9));
        let pw = db.environment.iter().find(|e| e.key == "POSTGRES_PASSWORD").unwrap();
        assert_eq!(src.slice(pw.key_span), "POSTGRES_PASSWORD");
        assert_eq!(src.slice(pw.value_span.unwrap()), "hunter2secret");
        assert_eq!(at(&src, pw.value_span.unwrap()), (19, 27));
        let api = db.environment.iter().find(|e| e.key == "API_KEY").unwrap();
        assert_eq!(src.slice(api.value_span.unwrap()), "${API_KEY}");
        let agent = &doc.services[1];
        // merged from the x-common anchor, span at its definition
        let shared = agent.environment.iter().find(|e| e.key == "SHARED").unwrap();
        assert_eq!(at(&src, shared.key_span), (4, 5));
        assert_eq!(agent.privileged.as_ref().map(|p| (p.value, at(&src, p.span))), Some((true, (25, 17))));
        assert_eq!(agent.cap_add.iter().map(|c| c.value.as_str()).collect::<Vec<_>>(), ["SYS_ADMIN", "NET_ADMIN"]);
        assert_eq!(at(&src, agent.cap_add[0].span), (26, 15));
        let sock = &agent.volumes[0];
        assert_eq!(sock.source.as_deref(), Some("/var/run/docker.sock"));
        assert!(sock.read_only);
        assert_eq!(sock.kind, "bind");
        assert_eq!(at(&src, sock.span), (29, 9));
        assert_eq!(agent.volumes[1].kind, "bind");
        assert_eq!(agent.volumes[2].kind, "volume");
        assert_eq!(agent.network_mode.as_ref().unwrap().value, "host");
        let arg = &agent.build_args[0];
        assert_eq!((arg.key.as_str(), at(&src, arg.key_span)), ("NPM_TOKEN", (37, 9)));
    }

    #[test]
    fn interpolation_references() {
        assert!(is_interpolation("${API_KEY}"));
        assert!(is_interpolation("$API_KEY"));
        assert!(is_interpolation("postgres://u:${PW}@db/x"));
        assert!(is_interpolation("${PW:?required}"));
        assert!(!is_interpolation("${PW:-hunter2secret}"));
        assert!(!is_interpolation("literal"));
        assert!(!is_interpolation("$$escaped"));
    }

    #[test]
    fn odd_shapes_do_not_panic() {
        for text in [
            "services:\n",
            "services: []\n",
            "services:\n  a:\n  b: 3\n  c:\n    ports: 5\n    environment: 7\n    volumes: [{}, 1, \":\"]\n",
            "services:\n  a:\n    ports: [\"::::\", \"[\", \"/\", {published: []}]\n",
            "- 1\n",
            "",
        ] {
            let src = SourceFile::new(FileId(0), "compose.yml", text);
            let _ = parse(&src);
        }
        let (_, _, diags) = parse_str("services: []\n");
        assert_eq!(diags[0].code, "compose-shape");
    }
}

#[cfg(test)]
mod proptests {
    use super::*;
    use crate::base::source::FileId;
    use proptest::prelude::*;

    const FILE: &str = "x-env: &env\n  A: \"1\"\nservices:\n  db:\n    image: postgres:16\n    environment:\n      <<: *env\n      B: ${B:-x}\n    ports: [\"5432:5432\", {target: 80, published: 8080}]\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n    build:\n      args: [\"K=V\"]\n";

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn parse_never_panics_on_mutated_compose(pos in 0usize..FILE.len(), len in 0usize..12, ins in "[-:{}\\[\\]&*|>'\"=$ \\n\\tx0-9]{0,8}") {
            let mut t = FILE.to_owned();
            let end = (pos + len).min(t.len());
            t.replace_range(pos..end, &ins);
            let src = SourceFile::new(FileId(0), "docker-compose.yml", t.as_str());
            let (doc, _) = parse(&src);
            if let Some(doc) = doc {
                for s in &doc.services {
                    prop_assert!(s.name_span.end as usize <= t.len());
                    for e in &s.environment {
                        prop_assert!(e.key_span.end as usize <= t.len());
                    }
                }
            }
        }
    }
}
