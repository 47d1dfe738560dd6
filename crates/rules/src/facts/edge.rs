//! nginx as the edge in front of the other services: each public `server` block that proxies to
//! an application becomes an [`Entrypoint`], rate-limited when a `limit_req` applies to it (in
//! the block, in the levels it inherits from, in files it includes, or around the `include` that
//! pulls its file in). An nginx server and the platform entrypoints it proxies to (a Worker
//! route, a Railway or Vercel domain) share their rate-limit evidence: a `limit_req` at the edge
//! protects the upstream, and a rate-limited upstream protects the edge that only forwards to it.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

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

/// Stock files nginx, distributions and certbot ship (`proxy_params`, `mime.types`, the charset
/// maps, certbot's options, enabled modules): they hold no server logic, so they neither
/// rate-limit nor set response headers, even when they are not in the scan.
pub(crate) fn is_stock_include(target: &str) -> bool {
    let name = target.rsplit('/').next().unwrap_or(target);
    matches!(
        name,
        "mime.types"
            | "fastcgi_params"
            | "fastcgi.conf"
            | "proxy_params"
            | "uwsgi_params"
            | "scgi_params"
            | "koi-utf"
            | "koi-win"
            | "win-utf"
            | "options-ssl-nginx.conf"
            | "ssl-dhparams.pem"
    ) || target.contains("/modules-enabled/")
}

/// `limit_req` evidence found in some directives (descending into blocks and includes).
#[derive(Default, Clone)]
struct Evidence {
    spans: Vec<Span>,
    /// An include that is not among the scanned files (it may rate-limit).
    unknown: bool,
}

/// Resolved `include`s by (including directory, target): indices into the files.
type Includes = RefCell<HashMap<(String, String), Vec<usize>>>;

/// The scanned files an `include target` in `dir` pulls in (resolved once per pair).
fn resolve(files: &[File<'_>], cache: &Includes, dir: &str, target: &str) -> Vec<usize> {
    let key = (dir.to_owned(), target.to_owned());
    if let Some(v) = cache.borrow().get(&key) {
        return v.clone();
    }
    let cands = include_candidates(dir, target);
    let found: Vec<usize> = files
        .iter()
        .enumerate()
        .filter(|(_, f)| cands.iter().any(|c| include_matches(c, f.path)))
        .map(|(i, _)| i)
        .collect();
    cache.borrow_mut().insert(key, found.clone());
    found
}

/// Find `limit_req` in `ds` (and in blocks below when `deep`), following includes; each included
/// file is read at most once per search (`seen`), so globs and cycles stay linear.
#[allow(clippy::too_many_arguments)]
fn scan<'a>(
    files: &[File<'a>],
    cache: &Includes,
    dir: &str,
    ds: &[Directive],
    deep: bool,
    depth: usize,
    seen: &mut HashSet<&'a str>,
    ev: &mut Evidence,
) {
    for d in ds {
        match d.name() {
            "limit_req" => ev.spans.push(d.span),
            "include" => {
                let Some(target) = d.arg(0) else { continue };
                if is_stock_include(target) {
                    continue;
                }
                let found = resolve(files, cache, dir, target);
                if found.is_empty() || depth >= MAX_DEPTH {
                    ev.unknown = true;
                    continue;
                }
                for i in found {
                    let f = &files[i];
                    if seen.insert(f.path) {
                        scan(files, cache, dir_of(f.path), &f.conf.directives, deep, depth + 1, seen, ev);
                    }
                }
            }
            _ if deep => scan(files, cache, dir, d.children(), deep, depth, seen, ev),
            _ => {}
        }
    }
}

/// For every scanned file that another one includes: the `limit_req` around those `include`s
/// (in the blocks enclosing them), computed once for all files.
fn around_includes<'a>(files: &[File<'a>], cache: &Includes) -> HashMap<&'a str, Evidence> {
    let mut out: HashMap<&'a str, Evidence> = HashMap::new();
    for other in files {
        let dir = dir_of(other.path);
        other.conf.walk(&mut |d, stack| {
            if d.name() != "include" {
                return;
            }
            let Some(t) = d.arg(0) else { return };
            let targets: Vec<&'a str> =
                resolve(files, cache, dir, t).into_iter().map(|i| files[i].path).filter(|p| *p != other.path).collect();
            if targets.is_empty() {
                return;
            }
            let mut ev = Evidence::default();
            let mut seen = HashSet::new();
            for a in stack {
                scan(files, cache, dir, a.children(), false, MAX_DEPTH, &mut seen, &mut ev);
            }
            for t in targets {
                let e = out.entry(t).or_default();
                e.spans.extend(ev.spans.iter().copied());
            }
        });
    }
    out
}

/// Whether a `listen` accepts connections from other machines.
fn public_listen(d: &Directive) -> bool {
    let addr = d.arg(0).unwrap_or("").to_ascii_lowercase();
    !(addr.starts_with("unix:")
        || addr.starts_with("127.")
        || addr.starts_with("localhost")
        || addr.starts_with("[::1]"))
}

/// Every `upstream` block's servers by upstream name (lower case), read once.
fn upstream_blocks(files: &[File<'_>]) -> HashMap<String, Vec<String>> {
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    for f in files {
        f.conf.walk(&mut |d, _| {
            if d.name() == "upstream" {
                if let Some(name) = d.arg(0) {
                    out.entry(name.to_ascii_lowercase()).or_default().extend(
                        d.children()
                            .iter()
                            .filter(|c| c.name() == "server")
                            .filter_map(|c| c.arg(0))
                            .filter_map(host_of),
                    );
                }
            }
        });
    }
    out
}

/// The hosts behind a pass target (`http://api:8080/x` → `api`; an `upstream` name → its servers).
fn upstream_hosts(upstreams: &HashMap<String, Vec<String>>, target: &str) -> Vec<String> {
    let Some(host) = host_of(target) else { return Vec::new() };
    match upstreams.get(&host) {
        Some(servers) if !servers.is_empty() => servers.clone(),
        _ => vec![host],
    }
}

/// One nginx server in front of an application.
struct Edge {
    entry: Entrypoint,
    upstreams: Vec<String>,
}

fn edges(files: &[File<'_>]) -> Vec<Edge> {
    let mut out = Vec::new();
    let cache: Includes = RefCell::default();
    let around = around_includes(files, &cache);
    let upstream_map = upstream_blocks(files);
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
            let mut seen = HashSet::new();
            scan(files, &cache, dir, server.children(), true, 0, &mut seen, &mut ev);
            for a in &stack {
                scan(files, &cache, dir, a.children(), false, 0, &mut seen, &mut ev);
            }
            if let Some(e) = around.get(file.path) {
                ev.spans.extend(e.spans.iter().copied());
            }
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
                    upstreams.extend(upstream_hosts(&upstream_map, t));
                }
            }
            upstreams.sort();
            upstreams.dedup();
            let related =
                passes.iter().take(3).map(|p| (format!("{} {}", p.name(), p.arg(0).unwrap_or("")), p.span)).collect();
            out.push(Edge {
                entry: Entrypoint {
                    root: None,
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
