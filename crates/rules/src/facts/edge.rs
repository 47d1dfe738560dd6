//! nginx as the edge in front of the other services: each public `server` block that proxies to
//! an application becomes an [`Entrypoint`], rate-limited when a `limit_req` applies to it (in
//! the block, in the levels it inherits from, in files it includes, or around the `include` that
//! pulls its file in). An nginx server and the platform entrypoints it proxies to (a Worker
//! route, a Railway or Vercel domain) share their rate-limit evidence: a `limit_req` at the edge
//! protects the upstream, and a rate-limited upstream protects the edge that only forwards to it.

use crate::facts::platform::host_of;
use crate::facts::{Entrypoint, Facts, ServiceOrigin};
use infra_lint_core::base::kind::FileKind;
use infra_lint_core::base::source::Span;
use infra_lint_core::model::ParsedFile;
use infra_lint_core::syntax::nginx::{include_candidates, include_matches, Directive, NginxConf};
use infra_lint_core::syntax::Document;

/// Directives that hand a request to an application.
const PASS: [&str; 5] = ["proxy_pass", "fastcgi_pass", "uwsgi_pass", "grpc_pass", "scgi_pass"];

/// How deep `include`s are followed (bounds include cycles).
const MAX_DEPTH: usize = 4;

struct File<'a> {
    path: &'a str,
    conf: &'a NginxConf,
}

fn dir_of(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(d, _)| d)
}

/// Stock files that never rate-limit (`proxy_params`, `mime.types`, certbot's options …).
fn is_stock(target: &str) -> bool {
    let name = target.rsplit('/').next().unwrap_or(target);
    matches!(
        name,
        "mime.types"
            | "fastcgi_params"
            | "fastcgi.conf"
            | "proxy_params"
            | "uwsgi_params"
            | "scgi_params"
            | "options-ssl-nginx.conf"
            | "ssl-dhparams.pem"
    ) || target.contains("/modules-enabled/")
}

/// `limit_req` evidence found in some directives (descending into blocks and includes).
#[derive(Default)]
struct Evidence {
    spans: Vec<Span>,
    /// An include that is not among the scanned files (it may rate-limit).
    unknown: bool,
}

fn scan(files: &[File<'_>], dir: &str, ds: &[Directive], deep: bool, depth: usize, ev: &mut Evidence) {
    for d in ds {
        match d.name() {
            "limit_req" => ev.spans.push(d.span),
            "include" => {
                let Some(target) = d.arg(0) else { continue };
                if is_stock(target) {
                    continue;
                }
                let cands = include_candidates(dir, target);
                let found: Vec<&File<'_>> =
                    files.iter().filter(|f| cands.iter().any(|c| include_matches(c, f.path))).collect();
                if found.is_empty() || depth >= MAX_DEPTH {
                    ev.unknown = true;
                    continue;
                }
                for f in found {
                    scan(files, dir_of(f.path), &f.conf.directives, deep, depth + 1, ev);
                }
            }
            _ if deep => scan(files, dir, d.children(), deep, depth, ev),
            _ => {}
        }
    }
}

/// `limit_req` around the `include`s (in other files) that pull `file` in.
fn around_includes(files: &[File<'_>], file: &File<'_>, ev: &mut Evidence) {
    for other in files.iter().filter(|o| o.path != file.path) {
        other.conf.walk(&mut |d, stack| {
            if d.name() != "include" {
                return;
            }
            let Some(t) = d.arg(0) else { return };
            if include_candidates(dir_of(other.path), t).iter().any(|c| include_matches(c, file.path)) {
                for a in stack {
                    scan(files, dir_of(other.path), a.children(), false, MAX_DEPTH, ev);
                }
            }
        });
    }
}

/// Whether a `listen` accepts connections from other machines.
fn public_listen(d: &Directive) -> bool {
    let addr = d.arg(0).unwrap_or("").to_ascii_lowercase();
    !(addr.starts_with("unix:")
        || addr.starts_with("127.")
        || addr.starts_with("localhost")
        || addr.starts_with("[::1]"))
}

/// The hosts behind a pass target (`http://api:8080/x` → `api`; an `upstream` name → its servers).
fn upstream_hosts(files: &[File<'_>], target: &str) -> Vec<String> {
    let Some(host) = host_of(target) else { return Vec::new() };
    let mut out = Vec::new();
    for f in files {
        f.conf.walk(&mut |d, _| {
            if d.name() == "upstream" && d.arg(0).is_some_and(|n| n.eq_ignore_ascii_case(&host)) {
                out.extend(
                    d.children().iter().filter(|c| c.name() == "server").filter_map(|c| c.arg(0)).filter_map(host_of),
                );
            }
        });
    }
    if out.is_empty() {
        out.push(host);
    }
    out
}

/// One nginx server in front of an application.
struct Edge {
    entry: Entrypoint,
    upstreams: Vec<String>,
}

fn edges(files: &[File<'_>]) -> Vec<Edge> {
    let mut out = Vec::new();
    for file in files {
        let dir = dir_of(file.path);
        let mut servers: Vec<(&Directive, Vec<&Directive>)> = Vec::new();
        file.conf.walk(&mut |d, stack| {
            if d.name() == "server"
                && d.block.is_some()
                && !stack.iter().any(|a| matches!(a.name(), "upstream" | "stream" | "mail"))
            {
                servers.push((d, stack.to_vec()));
            }
        });
        for (server, stack) in servers {
            let listens: Vec<&Directive> = server.children().iter().filter(|c| c.name() == "listen").collect();
            if !listens.is_empty() && !listens.iter().any(|l| public_listen(l)) {
                continue;
            }
            let mut passes: Vec<&Directive> = Vec::new();
            collect_passes(server.children(), &mut passes);
            if passes.is_empty() {
                continue;
            }
            let mut ev = Evidence::default();
            scan(files, dir, server.children(), true, 0, &mut ev);
            for a in &stack {
                scan(files, dir, a.children(), false, 0, &mut ev);
            }
            around_includes(files, file, &mut ev);
            if ev.spans.is_empty() && ev.unknown {
                continue;
            }
            let names: Vec<String> = server
                .children()
                .iter()
                .filter(|c| c.name() == "server_name")
                .flat_map(|c| c.args.iter())
                .map(|w| w.text.to_ascii_lowercase())
                .filter(|n| n != "_" && !n.starts_with('~') && !n.is_empty())
                .map(|n| n.trim_start_matches('*').trim_start_matches('.').to_owned())
                .collect();
            let line_key = names.first().cloned().unwrap_or_else(|| format!("server@{}", server.span.start));
            let mut upstreams = Vec::new();
            for p in &passes {
                if let Some(t) = p.arg(0) {
                    upstreams.extend(upstream_hosts(files, t));
                }
            }
            upstreams.sort();
            upstreams.dedup();
            let related =
                passes.iter().take(3).map(|p| (format!("{} {}", p.name(), p.arg(0).unwrap_or("")), p.span)).collect();
            out.push(Edge {
                entry: Entrypoint {
                    address: format!("nginx:{}:{line_key}", file.path),
                    kind: "nginx_server".to_owned(),
                    origin: ServiceOrigin::Nginx,
                    span: server.span,
                    rate_limited_by: ev.spans.iter().map(|s| ("nginx limit_req".to_owned(), *s)).collect(),
                    related,
                    hosts: names,
                },
                upstreams,
            });
        }
    }
    out
}

fn collect_passes<'a>(ds: &'a [Directive], out: &mut Vec<&'a Directive>) {
    for d in ds {
        if PASS.contains(&d.name()) && d.arg(0).is_some() {
            out.push(d);
        }
        collect_passes(d.children(), out);
    }
}

fn serves(host: &str, names: &[String]) -> bool {
    names.iter().any(|n| host == n || host.strip_suffix(n.as_str()).is_some_and(|p| p.ends_with('.')))
}

/// Add the nginx edge entrypoints and link them with the platform entrypoints they proxy to.
/// Runs after every file's own facts are collected.
pub fn collect_nginx(files: &[ParsedFile], facts: &mut Facts) {
    let nginx: Vec<File<'_>> = files
        .iter()
        .filter(|f| f.kind == FileKind::Nginx && !f.is_vendored())
        .filter_map(|f| match &f.doc {
            Some(Document::Nginx(c)) => Some(File { path: f.path.as_str(), conf: c }),
            _ => None,
        })
        .collect();
    if nginx.is_empty() {
        return;
    }
    let mut edges = edges(&nginx);
    for edge in &mut edges {
        let own = edge.entry.rate_limited_by.clone();
        for up in facts.entrypoints.iter_mut().filter(|e| e.origin != ServiceOrigin::Terraform) {
            if !edge.upstreams.iter().any(|h| serves(h, &up.hosts)) {
                continue;
            }
            let front = format!("nginx in front ({}) proxies to it", edge.entry.address);
            if let Some((_, s)) = own.first() {
                up.rate_limited_by.push((format!("{front} with limit_req"), *s));
            }
            up.related.push((front, edge.entry.span));
            if let Some((why, s)) = up.rate_limited_by.iter().find(|(w, _)| !w.starts_with("nginx in front")) {
                edge.entry.rate_limited_by.push((format!("its upstream {} is rate-limited: {why}", up.address), *s));
            }
        }
    }
    facts.entrypoints.extend(edges.into_iter().map(|e| e.entry));
}
