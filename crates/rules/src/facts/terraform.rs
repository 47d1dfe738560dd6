//! Terraform facts built from *evaluated* values: public datastores (RDS, security groups,
//! Cloud SQL, Azure firewall rules, Redshift), public HTTP entrypoints and what rate-limits them
//! (WAFv2 rate-based rules, API Gateway throttling, Cloudflare rate-limit rulesets), GitHub OIDC
//! providers and the roles trusting them (with their `sub` patterns), and secret candidates
//! (`.tf` attribute literals and every tfvars value).
//!
//! Terraform fact names are `<root>:<address>` (`envs/staging:module.db.aws_db_instance.main`),
//! so a module evaluated from two roots yields two facts; each fact keeps its `root`, and
//! [`Model::env_for`] gives the environment it is weighed by.

use std::collections::{HashMap, HashSet};

use crate::facts::Facts;
use crate::facts::{Datastore, DatastoreKind, Entrypoint, OidcTrust, SecretCandidate, SecretContext, ServiceOrigin};
use infra_lint_core::base::kind::FileKind;
use infra_lint_core::base::source::Span;
use infra_lint_core::model::terraform::value::{Tri, Val, Value};
use infra_lint_core::model::terraform::{Mode, Obj, ResourceInstance, TfModel};
use infra_lint_core::model::Model;
use infra_lint_core::syntax::terraform::{Block, Expr, ExprKind, ObjKey, TfDocument};
use infra_lint_core::syntax::Document;

/// The GitHub Actions OIDC issuer host.
/// The issuer of GitHub Actions' OIDC tokens (a workflow and the cloud trust naming it are coupled).
pub const GITHUB_OIDC: &str = "token.actions.githubusercontent.com";

/// Database ports that must not be open to the internet.
pub const DB_PORTS: [u16; 10] = [5432, 3306, 1433, 1521, 27017, 6379, 9200, 5984, 11211, 9300];

fn fact_name(r: &ResourceInstance) -> String {
    r.fingerprint()
}

/// Add every Terraform fact.
pub fn collect(tf: &TfModel, model: &Model, facts: &mut Facts) {
    let by_root: HashMap<&str, Vec<&ResourceInstance>> = {
        let mut m: HashMap<&str, Vec<&ResourceInstance>> = HashMap::new();
        for r in tf.instances() {
            m.entry(r.root.as_str()).or_default().push(r);
        }
        m
    };
    let cloudflare_rl: Vec<(String, Span)> = tf
        .instances()
        .filter(|r| r.r#type == "cloudflare_ruleset")
        .filter(|r| {
            r.attr("phase").and_then(|a| a.value.as_str().map(str::to_owned)).as_deref() == Some("http_ratelimit")
        })
        .map(|r| (format!("Cloudflare rate-limiting ruleset {}", r.address), r.header_span))
        .collect();
    platform_rate_limits(tf, &cloudflare_rl, facts);
    let mut seen_ep: HashSet<(String, Span)> = HashSet::new();
    let mut roots: Vec<&&str> = by_root.keys().collect();
    roots.sort();
    for root in roots {
        let Some(rs) = by_root.get(*root) else { continue };
        let idx: HashMap<&str, &ResourceInstance> = rs.iter().map(|r| (r.address.as_str(), *r)).collect();
        datastores(rs, &idx, facts);
        entrypoints(rs, &idx, &cloudflare_rl, facts, &mut seen_ep);
        oidc(rs, &idx, model, facts);
    }
    for d in &mut facts.datastores {
        if d.origin == ServiceOrigin::Terraform {
            let mut seen = HashSet::new();
            d.provenance.retain(|(_, s)| seen.insert(*s));
        }
    }
    secrets(tf, model, facts);
}

/// Rate limits Terraform declares for the platform entrypoints collected from other files: a
/// Cloudflare `http_ratelimit` ruleset (in front of Workers routes and of any proxied origin) and
/// a `vercel_firewall_config` with a `rate_limit` rule (Vercel projects).
fn platform_rate_limits(tf: &TfModel, cloudflare: &[(String, Span)], facts: &mut Facts) {
    let vercel: Vec<(String, Span)> = tf
        .instances()
        .filter(|r| r.r#type == "vercel_firewall_config" && r.mode == Mode::Managed)
        .filter(|r| {
            r.objects("rules").iter().flat_map(|rules| rules.objects("rule")).any(|rule| {
                rule.objects("action").iter().any(|a| {
                    a.get("action").and_then(|(v, _)| v.as_string()).as_deref() == Some("rate_limit")
                        || a.get("rate_limit").is_some()
                })
            })
        })
        .map(|r| (format!("Vercel firewall rate-limit rule {}", r.address), r.header_span))
        .collect();
    for ep in facts.entrypoints.iter_mut().filter(|e| e.origin != ServiceOrigin::Terraform) {
        ep.rate_limited_by.extend(cloudflare.iter().cloned());
        if ep.origin == ServiceOrigin::Vercel {
            ep.rate_limited_by.extend(vercel.iter().cloned());
        }
    }
}

// ---------------------------------------------------------------- datastores

fn engine_kind(engine: &str) -> DatastoreKind {
    let e = engine.to_ascii_lowercase();
    if e.contains("postgres") {
        DatastoreKind::Postgres
    } else if e.contains("mysql") || e.contains("maria") || e.contains("aurora") {
        DatastoreKind::Mysql
    } else if e.contains("sqlserver") || e.contains("mssql") {
        DatastoreKind::SqlServer
    } else if e.contains("oracle") {
        DatastoreKind::Oracle
    } else if e.contains("mongo") || e.contains("docdb") {
        DatastoreKind::Mongo
    } else if e.contains("redis") || e.contains("valkey") || e.contains("memcache") {
        DatastoreKind::Redis
    } else if e.contains("elasticsearch") || e.contains("opensearch") {
        DatastoreKind::Elasticsearch
    } else {
        DatastoreKind::Other
    }
}

fn default_ports(kind: DatastoreKind) -> Vec<u16> {
    match kind {
        DatastoreKind::Postgres => vec![5432],
        DatastoreKind::Mysql => vec![3306],
        DatastoreKind::SqlServer => vec![1433],
        DatastoreKind::Oracle => vec![1521],
        DatastoreKind::Mongo => vec![27017],
        DatastoreKind::Redis => vec![6379, 11211],
        DatastoreKind::Elasticsearch => vec![9200, 443],
        DatastoreKind::Couchdb => vec![5984],
        DatastoreKind::Other => DB_PORTS.to_vec(),
    }
}

fn chain(v: &Val) -> Vec<(String, Span)> {
    v.provenance().iter().map(|s| (s.what.to_string(), s.span)).collect()
}

fn str_attr(r: &ResourceInstance, name: &str) -> Option<String> {
    r.attr(name).and_then(|a| a.value.as_string())
}

/// The address a computed reference points to (`module.x.aws_security_group.db.id` → `module.x.aws_security_group.db`).
fn ref_target<'a>(v: &Val, idx: &HashMap<&str, &'a ResourceInstance>) -> Option<&'a ResourceInstance> {
    let r = v.unknown_ref_str()?;
    let mut cur = r;
    while let Some((head, _)) = cur.rsplit_once('.') {
        if let Some(x) = idx.get(head) {
            return Some(x);
        }
        // A counted resource referenced without index (`aws_x.y[0].id` keeps its index already).
        cur = head;
    }
    None
}

fn is_open_cidr(s: &str) -> bool {
    matches!(s.trim(), "0.0.0.0/0" | "::/0" | "0.0.0.0/0.0.0.0")
}

fn open_cidrs(o: &Obj<'_>, keys: &[&str]) -> Option<(String, Val, Span)> {
    for k in keys {
        if let Some((v, span)) = o.get(k) {
            let items: Vec<Val> = match &v.value {
                Value::List(l) => l.iter().map(|x| x.with_prefix(&v.prov)).collect(),
                _ => vec![v.clone()],
            };
            for it in items {
                if let Some(s) = it.as_str() {
                    if is_open_cidr(s) {
                        return Some((s.to_owned(), it.clone(), span));
                    }
                }
            }
        }
    }
    None
}

/// Whether an AWS security group rule's protocol and port range (`protocol`/`ip_protocol`,
/// `from_port`, `to_port`) cover the TCP `port`. Protocol `-1`/`all` covers every port, and so do the
/// "all ports" spellings `0`–`0`, `0`–`65535` and `-1`–`-1`; unknown ports count as not covering.
#[must_use]
pub fn sg_rule_covers(o: &Obj<'_>, port: u16) -> bool {
    let proto = o
        .get("protocol")
        .or_else(|| o.get("ip_protocol"))
        .and_then(|(v, _)| v.as_string())
        .unwrap_or_else(|| "tcp".to_owned());
    if proto == "-1" || proto.eq_ignore_ascii_case("all") {
        return true;
    }
    if !(proto.eq_ignore_ascii_case("tcp") || proto == "6") {
        return false;
    }
    let from = o.get("from_port").and_then(|(v, _)| v.as_number());
    let to = o.get("to_port").and_then(|(v, _)| v.as_number()).or(from);
    match (from, to) {
        (Some(f), Some(t)) => {
            let p = f64::from(port);
            (f <= p && p <= t) || (f == 0.0 && (t == 0.0 || t == 65535.0)) || (f == -1.0 && t == -1.0)
        }
        _ => false,
    }
}

/// Ingress rules of a security group instance that open `ports` to the world:
/// (description, offending value span, provenance).
/// (description, offending span, provenance) of one opening rule.
type Opening = (String, Span, Vec<(String, Span)>);

fn sg_open(sg: &ResourceInstance, rs: &[&ResourceInstance], ports: &[u16]) -> Vec<Opening> {
    let mut out = Vec::new();
    let mut check = |o: &Obj<'_>, what: &str| {
        let Some((cidr, val, span)) = open_cidrs(o, &["cidr_blocks", "ipv6_cidr_blocks", "cidr_ipv4", "cidr_ipv6"])
        else {
            return;
        };
        if let Some(p) = ports.iter().find(|p| sg_rule_covers(o, **p)) {
            out.push((format!("{what} allows {cidr} on port {p}"), span, chain(&val)));
        }
    };
    for o in sg.objects("ingress") {
        check(&o, &format!("security group {}", sg.address));
    }
    // Standalone rules pointing at this group.
    for r in rs {
        let is_rule = match r.r#type.as_str() {
            "aws_security_group_rule" => str_attr(r, "type").as_deref() == Some("ingress"),
            "aws_vpc_security_group_ingress_rule" => true,
            _ => false,
        };
        if !is_rule {
            continue;
        }
        let Some(target) = r.attr("security_group_id") else { continue };
        let Some(tref) = target.value.unknown_ref_str() else { continue };
        if !tref.starts_with(&sg.address) {
            continue;
        }
        let o = Obj::Value { val: body_val(r), span: r.header_span };
        // Report at the rule's cidr attribute.
        if let Some((cidr, val, _)) = open_cidrs(&o, &["cidr_blocks", "ipv6_cidr_blocks", "cidr_ipv4", "cidr_ipv6"]) {
            if let Some(p) = ports.iter().find(|p| sg_rule_covers(&o, **p)) {
                let span = ["cidr_blocks", "ipv6_cidr_blocks", "cidr_ipv4", "cidr_ipv6"]
                    .iter()
                    .find_map(|k| {
                        r.attr(k).filter(|a| format!("{:?}", a.value.to_json()).contains(&cidr)).map(|a| a.span)
                    })
                    .unwrap_or(r.header_span);
                out.push((format!("{} allows {cidr} on port {p} into {}", r.address, sg.address), span, chain(&val)));
            }
        }
    }
    out
}

/// The top-level attributes of an instance as one object value.
fn body_val(r: &ResourceInstance) -> Val {
    Val::object(r.body.attrs.iter().map(|a| (a.name.clone(), a.value.clone())).collect())
}

fn datastores(rs: &[&ResourceInstance], idx: &HashMap<&str, &ResourceInstance>, facts: &mut Facts) {
    for r in rs.iter().filter(|r| r.mode == Mode::Managed) {
        let t = r.r#type.as_str();
        match t {
            "aws_db_instance"
            | "aws_rds_cluster_instance"
            | "aws_rds_cluster"
            | "aws_redshift_cluster"
            | "aws_dms_replication_instance"
            | "nifcloud_db_instance" => {
                let kind = match t {
                    "aws_redshift_cluster" => DatastoreKind::Postgres,
                    // A replication instance holds the credentials of the databases it copies.
                    "aws_dms_replication_instance" => DatastoreKind::Other,
                    _ => engine_kind(&str_attr(r, "engine").unwrap_or_default()),
                };
                let mut ds = Datastore {
                    name: fact_name(r),
                    root: Some(r.root.clone()),
                    kind,
                    origin: ServiceOrigin::Terraform,
                    span: r.header_span,
                    public_exposure: Vec::new(),
                    provenance: Vec::new(),
                };
                let pa = r.attr("publicly_accessible");
                let pa_truth =
                    pa.map_or(if t == "aws_redshift_cluster" { Tri::True } else { Tri::False }, |a| a.value.truth());
                if let (Some(a), Tri::True) = (pa, pa_truth) {
                    ds.public_exposure.push(("publicly_accessible = true".to_owned(), a.span));
                    ds.provenance.extend(chain(&a.value));
                }
                // A replication instance listens on no database port of its own.
                if pa_truth != Tri::False && t != "aws_dms_replication_instance" {
                    let ports = match r.attr("port").and_then(|a| a.value.as_number()) {
                        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                        Some(p) if (1.0..65536.0).contains(&p) => vec![p as u16],
                        // Redshift speaks the Postgres protocol on its own default port.
                        _ if t == "aws_redshift_cluster" => vec![5439],
                        _ => default_ports(kind),
                    };
                    sg_exposure(r, rs, idx, &ports, &mut ds);
                }
                facts.datastores.push(ds);
            }
            "aws_elasticache_cluster" | "aws_elasticache_replication_group" | "aws_memorydb_cluster" => {
                let mut ds = Datastore {
                    name: fact_name(r),
                    root: Some(r.root.clone()),
                    kind: DatastoreKind::Redis,
                    origin: ServiceOrigin::Terraform,
                    span: r.header_span,
                    public_exposure: Vec::new(),
                    provenance: Vec::new(),
                };
                let ports = match r.attr("port").and_then(|a| a.value.as_number()) {
                    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                    Some(p) if (1.0..65536.0).contains(&p) => vec![p as u16],
                    _ => vec![6379, 11211],
                };
                sg_exposure(r, rs, idx, &ports, &mut ds);
                facts.datastores.push(ds);
            }
            // NIFCLOUD: a DB security group only ever guards DB instances.
            "nifcloud_db_security_group" => {
                let mut ds = Datastore {
                    name: fact_name(r),
                    root: Some(r.root.clone()),
                    kind: DatastoreKind::Other,
                    origin: ServiceOrigin::Terraform,
                    span: r.header_span,
                    public_exposure: Vec::new(),
                    provenance: Vec::new(),
                };
                for rule in r.objects("rule") {
                    if let Some((v, span)) = rule.get("cidr_ip") {
                        if v.as_str().is_some_and(is_open_cidr) {
                            ds.public_exposure
                                .push((format!("DB security group allows {}", v.as_str().unwrap_or_default()), span));
                            ds.provenance.extend(chain(&v));
                        }
                    }
                }
                if !ds.public_exposure.is_empty() {
                    facts.datastores.push(ds);
                }
            }
            "google_sql_database_instance" => {
                let kind = engine_kind(&str_attr(r, "database_version").unwrap_or_default());
                let mut ds = Datastore {
                    name: fact_name(r),
                    root: Some(r.root.clone()),
                    kind,
                    origin: ServiceOrigin::Terraform,
                    span: r.header_span,
                    public_exposure: Vec::new(),
                    provenance: Vec::new(),
                };
                for s in r.objects("settings") {
                    for ip in s.objects("ip_configuration") {
                        // ipv4_enabled defaults to true.
                        let ipv4 = ip.get("ipv4_enabled").map_or(Tri::True, |(v, _)| v.truth());
                        if ipv4 != Tri::True {
                            continue;
                        }
                        for net in ip.objects("authorized_networks") {
                            if let Some((v, span)) = net.get("value") {
                                if v.as_str().is_some_and(is_open_cidr) {
                                    ds.public_exposure.push((
                                        format!("public IP with authorized network {}", v.as_str().unwrap_or_default()),
                                        span,
                                    ));
                                    ds.provenance.extend(chain(&v));
                                }
                            }
                        }
                    }
                }
                facts.datastores.push(ds);
            }
            _ if t.starts_with("azurerm_") && t.ends_with("firewall_rule") => {
                let kind = if t.contains("postgres") {
                    DatastoreKind::Postgres
                } else if t.contains("mysql") || t.contains("mariadb") {
                    DatastoreKind::Mysql
                } else if t.contains("sql") {
                    DatastoreKind::SqlServer
                } else if t.contains("cosmos") || t.contains("redis") {
                    DatastoreKind::Other
                } else {
                    continue;
                };
                let start = r.attr("start_ip_address");
                let end = r.attr("end_ip_address");
                if let (Some(s), Some(e)) = (start, end) {
                    if s.value.as_str() == Some("0.0.0.0") && e.value.as_str() == Some("255.255.255.255") {
                        let mut prov = chain(&s.value);
                        prov.extend(chain(&e.value));
                        facts.datastores.push(Datastore {
                            name: fact_name(r),
                            root: Some(r.root.clone()),
                            kind,
                            origin: ServiceOrigin::Terraform,
                            span: r.header_span,
                            public_exposure: vec![("firewall rule allows 0.0.0.0–255.255.255.255".to_owned(), s.span)],
                            provenance: prov,
                        });
                    }
                }
            }
            _ => {}
        }
    }
}

fn sg_exposure(
    r: &ResourceInstance,
    rs: &[&ResourceInstance],
    idx: &HashMap<&str, &ResourceInstance>,
    ports: &[u16],
    ds: &mut Datastore,
) {
    for key in ["vpc_security_group_ids", "security_group_ids"] {
        let Some(a) = r.attr(key) else { continue };
        let Some(list) = a.value.as_list() else { continue };
        for id in list {
            let Some(sg) = ref_target(id, idx) else { continue };
            if sg.r#type != "aws_security_group" {
                continue;
            }
            for (what, span, prov) in sg_open(sg, rs, ports) {
                ds.public_exposure.push((what, span));
                ds.provenance.extend(prov);
                ds.provenance.push((format!("security group attached to {} here", r.address), a.span));
            }
        }
    }
}

// ---------------------------------------------------------------- entrypoints

/// Whether a WAFv2 web ACL has a rate-based rule (searching nested statements).
fn acl_rate_limited(acl: &ResourceInstance) -> Option<Span> {
    fn walk(objs: Vec<Obj<'_>>, depth: usize) -> Option<Span> {
        if depth > 8 {
            return None;
        }
        for o in objs {
            if let Some(rb) = o.objects("rate_based_statement").first() {
                return Some(rb.span());
            }
            for inner in ["statement", "and_statement", "or_statement", "not_statement", "scope_down_statement"] {
                if let Some(s) = walk(o.objects(inner), depth + 1) {
                    return Some(s);
                }
            }
        }
        None
    }
    walk(acl.objects("rule"), 0)
}

fn acl_protection(v: &Val, span: Span, idx: &HashMap<&str, &ResourceInstance>) -> Option<(String, Span)> {
    if matches!(v.value, Value::Null) || v.as_str() == Some("") {
        return None;
    }
    match ref_target(v, idx) {
        Some(acl) if acl.r#type == "aws_wafv2_web_acl" => {
            acl_rate_limited(acl).map(|s| (format!("WAFv2 web ACL {} with a rate-based rule", acl.address), s))
        }
        Some(_) => None,
        // An ACL we cannot see (variable, data source, other stack): assume it protects.
        None => Some(("a web ACL that could not be evaluated".to_owned(), span)),
    }
}

fn entrypoints(
    rs: &[&ResourceInstance],
    idx: &HashMap<&str, &ResourceInstance>,
    cloudflare: &[(String, Span)],
    facts: &mut Facts,
    seen: &mut HashSet<(String, Span)>,
) {
    // WAF associations: target address → protection.
    let mut assoc: HashMap<String, Vec<(String, Span)>> = HashMap::new();
    for r in rs.iter().filter(|r| r.r#type == "aws_wafv2_web_acl_association") {
        let (Some(res), Some(acl)) = (r.attr("resource_arn"), r.attr("web_acl_arn")) else { continue };
        let Some(target) = ref_target(&res.value, idx) else { continue };
        if let Some(p) = acl_protection(&acl.value, acl.span, idx) {
            assoc.entry(target.address.clone()).or_default().push(p);
        }
    }
    // API Gateway (REST) method settings with throttling, by stage name.
    let mut method_throttle: Vec<(Option<String>, Option<String>, Span)> = Vec::new();
    for r in rs.iter().filter(|r| r.r#type == "aws_api_gateway_method_settings") {
        for s in r.objects("settings") {
            let limited = ["throttling_rate_limit", "throttling_burst_limit"]
                .iter()
                .filter_map(|k| s.get(k))
                .any(|(v, _)| v.as_number().is_none_or(|n| n >= 0.0));
            if limited {
                let stage = r
                    .attr("stage_name")
                    .and_then(|a| a.value.as_string().or_else(|| a.value.unknown_ref_str().map(str::to_owned)));
                let api = r.attr("rest_api_id").and_then(|a| a.value.unknown_ref_str().map(str::to_owned));
                method_throttle.push((stage, api, s.span()));
            }
        }
    }
    for r in rs.iter().filter(|r| r.mode == Mode::Managed) {
        let kind = r.r#type.as_str();
        let public = match kind {
            "aws_lb" | "aws_alb" => {
                let ty = str_attr(r, "load_balancer_type").unwrap_or_else(|| "application".to_owned());
                let internal = r.attr("internal").map_or(Tri::False, |a| a.value.truth());
                ty == "application" && internal == Tri::False
            }
            "aws_cloudfront_distribution" | "aws_apigatewayv2_stage" | "aws_api_gateway_stage" => true,
            _ => false,
        };
        if !public {
            continue;
        }
        let mut by: Vec<(String, Span)> = assoc.get(&r.address).cloned().unwrap_or_default();
        match kind {
            "aws_cloudfront_distribution" => {
                if let Some(a) = r.attr("web_acl_id") {
                    by.extend(acl_protection(&a.value, a.span, idx));
                }
            }
            "aws_apigatewayv2_stage" => {
                for key in ["default_route_settings", "route_settings"] {
                    for s in r.objects(key) {
                        if s.get("throttling_rate_limit").or_else(|| s.get("throttling_burst_limit")).is_some() {
                            by.push((format!("{key} throttling"), s.span()));
                        }
                    }
                }
            }
            "aws_api_gateway_stage" => {
                let stage_name = str_attr(r, "stage_name");
                for (stage, _, span) in &method_throttle {
                    let matches = match stage {
                        Some(s) => Some(s) == stage_name.as_ref() || s.starts_with(&r.address),
                        None => true,
                    };
                    if matches {
                        by.push(("aws_api_gateway_method_settings throttling".to_owned(), *span));
                    }
                }
            }
            _ => {}
        }
        by.extend(cloudflare.iter().cloned());
        if !seen.insert((r.fingerprint(), r.header_span)) {
            continue;
        }
        facts.entrypoints.push(Entrypoint {
            address: fact_name(r),
            root: Some(r.root.clone()),
            kind: kind.to_owned(),
            origin: ServiceOrigin::Terraform,
            span: r.header_span,
            rate_limited_by: by,
            related: Vec::new(),
            hosts: Vec::new(),
        });
    }
}

// ---------------------------------------------------------------- OIDC

/// A trust statement's view: principals (federated), actions, and `sub` conditions.
struct Stmt {
    span: Span,
    github: bool,
    /// (`sub` pattern, span); `None` entry = a sub condition whose values are unknown.
    subs: Vec<(Option<String>, Span)>,
    known: bool,
}

fn strings_of(v: &Val) -> Vec<Option<String>> {
    match &v.value {
        Value::List(l) => l.iter().map(Val::as_string).collect(),
        Value::String(s) => vec![Some(s.clone())],
        _ => vec![None],
    }
}

/// One step of a path into a JSON policy (`Statement`, `0`, `Condition` …).
#[derive(Debug, Clone, Copy)]
enum Seg<'s> {
    Key(&'s str),
    Idx(usize),
}

/// Where the parts of a JSON policy are written in the source: the HCL object of a
/// `jsonencode({...})`, or the JSON text of a heredoc (spans mapped to file offsets).
enum Locator<'m> {
    Hcl(&'m Expr),
    Json(infra_lint_core::syntax::node::Node, u32),
}

impl Locator<'_> {
    /// The span of the deepest node along `path` the source spells out, and how many steps matched.
    fn locate(&self, path: &[Seg<'_>]) -> (Span, usize) {
        match self {
            Locator::Hcl(e) => {
                let mut cur: &Expr = e;
                let mut n = 0;
                for seg in path {
                    let next = match (seg, &cur.kind) {
                        (Seg::Key(k), ExprKind::Object(entries)) => entries
                            .iter()
                            .find(|(key, _)| match key {
                                ObjKey::Ident(s, _) => s == k,
                                ObjKey::Expr(x) => x.as_str() == Some(*k),
                            })
                            .map(|(_, v)| v),
                        (Seg::Idx(i), ExprKind::Array(items)) => items.get(*i),
                        _ => None,
                    };
                    match next {
                        Some(x) => {
                            cur = x;
                            n += 1;
                        }
                        None => break,
                    }
                }
                (cur.span, n)
            }
            Locator::Json(node, base) => {
                use infra_lint_core::syntax::node::Value as J;
                let mut cur = node;
                let mut n = 0;
                for seg in path {
                    let next = match (seg, &cur.value) {
                        (Seg::Key(k), J::Map(entries)) => {
                            entries.iter().find(|(key, _)| key.as_str() == Some(*k)).map(|(_, v)| v)
                        }
                        (Seg::Idx(i), J::Seq(items)) => items.get(*i),
                        _ => None,
                    };
                    match next {
                        Some(x) => {
                            cur = x;
                            n += 1;
                        }
                        None => break,
                    }
                }
                let sp = cur.span;
                (Span { file: sp.file, start: sp.start.saturating_add(*base), end: sp.end.saturating_add(*base) }, n)
            }
        }
    }
}

/// The attribute (anywhere in its file) whose span is `span`.
fn attribute_at(model: &Model, span: Span) -> Option<&infra_lint_core::syntax::terraform::Attribute> {
    fn walk(
        body: &infra_lint_core::syntax::terraform::Body,
        span: Span,
        depth: usize,
    ) -> Option<&infra_lint_core::syntax::terraform::Attribute> {
        if depth > 32 {
            return None;
        }
        if let Some(a) = body.attributes.iter().find(|a| a.span == span) {
            return Some(a);
        }
        body.blocks.iter().filter(|b| b.span.contains(&span)).find_map(|b| walk(&b.body, span, depth + 1))
    }
    let doc = tf_doc(model.file(span.file)?)?;
    walk(&doc.body, span, 0)
}

/// A locator for a policy expression written in place: `jsonencode({...})` or heredoc JSON.
fn locator_of<'m>(model: &'m Model, e: &'m Expr) -> Option<Locator<'m>> {
    match &e.kind {
        ExprKind::Call(name, args, false) if name == "jsonencode" => args.first().map(Locator::Hcl),
        ExprKind::Str(_) | ExprKind::Template(_) => {
            let text = model.text(e.span);
            if !text.starts_with("<<") {
                return None;
            }
            let body_start = text.find('\n')? + 1;
            let body_end = text.rfind('\n')?;
            let body = text.get(body_start..body_end)?;
            let node = infra_lint_core::syntax::json::parse(e.span.file, body).ok()?;
            let base = e.span.start.saturating_add(u32::try_from(body_start).ok()?);
            Some(Locator::Json(node, base))
        }
        _ => None,
    }
}

/// Where to point inside a policy: the attribute's own expression when it is written there, else
/// the nearest provenance step (a `local`, a variable default) that spells the policy out.
fn policy_locator<'m>(model: &'m Model, attr_span: Span, policy: &Val) -> Option<Locator<'m>> {
    let mut spans = vec![attr_span];
    spans.extend(policy.provenance().iter().rev().map(|s| s.span));
    for sp in spans {
        if let Some(loc) = attribute_at(model, sp).and_then(|a| locator_of(model, &a.expr)) {
            if loc.locate(&[Seg::Key("Statement")]).1 == 1 {
                return Some(loc);
            }
        }
    }
    None
}

/// Statements of an evaluated JSON policy (`jsonencode({...})`, heredoc JSON, `file()` is unknown).
/// Spans point at the `sub` condition values where the policy is written in the source, at the
/// `Condition` (or the statement) when `sub` is missing, and at the attribute otherwise.
fn json_statements(policy: &Val, span: Span, model: &Model, idx: &HashMap<&str, &ResourceInstance>) -> Vec<Stmt> {
    let doc = match &policy.value {
        Value::String(s) => match serde_json::from_str::<serde_json::Value>(s) {
            Ok(j) => Val::from_json(&j),
            Err(_) => return Vec::new(),
        },
        Value::PartialJson(inner) => inner.as_ref().clone(),
        Value::Object(..) => policy.clone(),
        _ => return Vec::new(),
    };
    let (stmts, listed): (Vec<Val>, bool) = match doc.get("Statement") {
        Some(Val { value: Value::List(l), .. }) => (l, true),
        Some(v @ Val { value: Value::Object(..), .. }) => (vec![v], false),
        _ => return Vec::new(),
    };
    let loc = policy_locator(model, span, policy);
    // The span of `path`, or the attribute when the source does not spell the statement out.
    let at = |path: &[Seg<'_>]| -> Span {
        match &loc {
            Some(l) => {
                let (sp, n) = l.locate(path);
                let stmt_depth = if listed { 2 } else { 1 };
                if n >= stmt_depth {
                    sp
                } else {
                    span
                }
            }
            None => span,
        }
    };
    let mut out = Vec::new();
    for (i, s) in stmts.into_iter().enumerate() {
        let mut base: Vec<Seg<'_>> = vec![Seg::Key("Statement")];
        if listed {
            base.push(Seg::Idx(i));
        }
        let fed = s.get("Principal").and_then(|p| p.get("Federated"));
        let fed_github = fed.as_ref().is_some_and(|f| federated_is_github(f, idx));
        let mut subs = Vec::new();
        let mut github_cond = false;
        let cond = s.get("Condition");
        if let Some(Val { value: Value::Object(ops, _), .. }) = &cond {
            for (op, kv) in ops {
                if let Value::Object(m, _) = &kv.value {
                    for (k, v) in m {
                        if k.starts_with(GITHUB_OIDC) {
                            github_cond = true;
                        }
                        if is_sub_key(k) {
                            let mut p = base.clone();
                            p.extend([Seg::Key("Condition"), Seg::Key(op), Seg::Key(k)]);
                            let listed_values = matches!(v.value, Value::List(_));
                            for (j, x) in strings_of(v).into_iter().enumerate() {
                                let mut pj = p.clone();
                                if listed_values {
                                    pj.push(Seg::Idx(j));
                                }
                                subs.push((x, at(&pj)));
                            }
                        }
                    }
                }
            }
        }
        if fed_github || github_cond {
            let mut p = base.clone();
            let stmt_span = at(&p);
            let span = if subs.is_empty() && cond.is_some() {
                p.push(Seg::Key("Condition"));
                at(&p)
            } else {
                stmt_span
            };
            out.push(Stmt { span, github: true, subs, known: !s.has_unknown() || fed_github || github_cond });
        }
    }
    out
}

/// A condition key on the token's `sub` claim: `token.actions.githubusercontent.com:sub`, or
/// the same under an enterprise's own issuer (`token.actions.githubusercontent.com/<slug>:sub`).
fn is_sub_key(k: &str) -> bool {
    k.strip_prefix(GITHUB_OIDC)
        .and_then(|rest| rest.strip_suffix(":sub"))
        .is_some_and(|slug| slug.is_empty() || (slug.starts_with('/') && !slug.contains(':')))
}

fn federated_is_github(f: &Val, idx: &HashMap<&str, &ResourceInstance>) -> bool {
    let items: Vec<Val> = match &f.value {
        Value::List(l) => l.clone(),
        _ => vec![f.clone()],
    };
    items.iter().any(|x| {
        x.as_str().is_some_and(|s| s.contains(GITHUB_OIDC))
            || ref_target(x, idx).is_some_and(|p| {
                p.r#type == "aws_iam_openid_connect_provider"
                    && str_attr(p, "url").is_some_and(|u| u.contains(GITHUB_OIDC))
            })
            || x.unknown_ref_str().is_some_and(|r| r.contains("openid_connect_provider") && r.contains("github"))
    })
}

/// Statements of an `aws_iam_policy_document` data source instance.
fn doc_statements(d: &ResourceInstance, idx: &HashMap<&str, &ResourceInstance>) -> Vec<Stmt> {
    let mut out = Vec::new();
    for s in d.objects("statement") {
        let mut github = false;
        for p in s.objects("principals") {
            let ty = p.get("type").and_then(|(v, _)| v.as_string());
            if ty.as_deref() == Some("Federated") {
                if let Some((ids, _)) = p.get("identifiers") {
                    if federated_is_github(&ids, idx) {
                        github = true;
                    }
                }
            }
        }
        let mut subs = Vec::new();
        let mut known = true;
        let conds = s.objects("condition");
        for c in &conds {
            let var = c.get("variable").and_then(|(v, _)| v.as_string());
            match var.as_deref() {
                Some(v) if v.starts_with(GITHUB_OIDC) => {
                    github = true;
                    if is_sub_key(v) {
                        if let Some((vals, span)) = c.get("values") {
                            for x in strings_of(&vals) {
                                subs.push((x, span));
                            }
                        }
                    }
                }
                Some(_) => {}
                None => known = false,
            }
        }
        if let Obj::Block(b) = &s {
            if b.unknown_expansion || b.body.blocks.iter().any(|x| x.unknown_expansion) {
                known = false;
            }
        }
        if github {
            let span = match &s {
                Obj::Block(b) => b.header,
                Obj::Value { span, .. } => *span,
            };
            out.push(Stmt { span, github, subs, known });
        }
    }
    out
}

fn oidc(rs: &[&ResourceInstance], idx: &HashMap<&str, &ResourceInstance>, model: &Model, facts: &mut Facts) {
    for r in rs {
        match r.r#type.as_str() {
            "aws_iam_openid_connect_provider" if r.mode == Mode::Managed => {
                let url = str_attr(r, "url");
                if url.as_deref().is_some_and(|u| u.contains(GITHUB_OIDC)) {
                    facts.oidc_trusts.push(OidcTrust {
                        address: fact_name(r),
                        root: Some(r.root.clone()),
                        kind: "provider".to_owned(),
                        span: r.header_span,
                        sub_patterns: Vec::new(),
                        known: true,
                    });
                }
            }
            "aws_iam_role" if r.mode == Mode::Managed => {
                let Some(a) = r.attr("assume_role_policy") else { continue };
                let mut stmts = json_statements(&a.value, a.span, model, idx);
                if stmts.is_empty() {
                    if let Some(d) = ref_target(&a.value, idx) {
                        if d.r#type == "aws_iam_policy_document" {
                            stmts = doc_statements(d, idx);
                        }
                    }
                }
                if stmts.is_empty() {
                    if a.value.is_unknown() && model.text(a.value_span).contains(GITHUB_OIDC) {
                        facts.oidc_trusts.push(OidcTrust {
                            address: fact_name(r),
                            root: Some(r.root.clone()),
                            kind: "role".to_owned(),
                            span: a.span,
                            sub_patterns: Vec::new(),
                            known: false,
                        });
                    }
                    continue;
                }
                for s in stmts.iter().filter(|s| s.github) {
                    let known = s.known && s.subs.iter().all(|(p, _)| p.is_some());
                    facts.oidc_trusts.push(OidcTrust {
                        address: fact_name(r),
                        root: Some(r.root.clone()),
                        kind: "role".to_owned(),
                        span: s.span,
                        sub_patterns: s.subs.iter().filter_map(|(p, sp)| p.clone().map(|p| (p, *sp))).collect(),
                        known,
                    });
                }
            }
            _ => {}
        }
    }
}

// ---------------------------------------------------------------- secrets

fn tf_doc(f: &infra_lint_core::model::ParsedFile) -> Option<&TfDocument> {
    match &f.doc {
        Some(Document::Terraform(d)) => Some(d),
        _ => None,
    }
}

fn secrets(tf: &TfModel, model: &Model, facts: &mut Facts) {
    let _ = tf;
    for f in model.files.iter().filter(|f| !f.is_vendored()) {
        let Some(doc) = tf_doc(f) else { continue };
        match f.kind {
            FileKind::Tfvars | FileKind::TfvarsJson => {
                for a in &doc.body.attributes {
                    literal_strings(&a.key, a.key_span, &a.expr, &a.key, SecretContext::Tfvars, f.example, facts, 0);
                }
            }
            FileKind::Terraform | FileKind::TerraformJson => {
                for b in &doc.body.blocks {
                    let path = block_path(b);
                    if b.kind == "variable" {
                        // `variable "db_password" { default = "…" }`: the key is the variable.
                        if let (Some(name), Some(d)) = (b.labels.first(), b.body.attr("default")) {
                            literal_strings(
                                &name.value,
                                name.span,
                                &d.expr,
                                &path,
                                SecretContext::TerraformAttribute,
                                false,
                                facts,
                                0,
                            );
                        }
                        continue;
                    }
                    body_secrets(&b.body, &path, facts, 0);
                }
            }
            _ => {}
        }
    }
}

fn block_path(b: &Block) -> String {
    let mut p = b.kind.clone();
    for l in &b.labels {
        p.push('.');
        p.push_str(&l.value);
    }
    p
}

fn body_secrets(body: &infra_lint_core::syntax::terraform::Body, path: &str, facts: &mut Facts, depth: usize) {
    if depth > 16 {
        return;
    }
    for a in &body.attributes {
        let p = format!("{path}.{}", a.key);
        literal_strings(&a.key, a.key_span, &a.expr, &p, SecretContext::TerraformAttribute, false, facts, 0);
    }
    for b in &body.blocks {
        body_secrets(&b.body, &format!("{path}.{}", b.kind), facts, depth + 1);
    }
}

/// Push a candidate for every literal string in `e` (objects: under their own keys).
#[allow(clippy::too_many_arguments)]
fn literal_strings(
    key: &str,
    key_span: Span,
    e: &Expr,
    path: &str,
    ctx: SecretContext,
    example: bool,
    facts: &mut Facts,
    depth: usize,
) {
    if depth > 16 {
        return;
    }
    match &e.kind {
        ExprKind::Str(s) => facts.secrets.push(SecretCandidate {
            key: key.to_owned(),
            key_span,
            value: s.clone(),
            value_span: e.span,
            context: ctx,
            example,
            is_reference: false,
            path: path.to_owned(),
        }),
        ExprKind::Template(_) | ExprKind::Traversal(..) | ExprKind::Var(_)
            if crate::secret_detect::is_secret_key_name(key) =>
        {
            facts.secrets.push(SecretCandidate {
                key: key.to_owned(),
                key_span,
                value: String::new(),
                value_span: e.span,
                context: ctx,
                example,
                is_reference: true,
                path: path.to_owned(),
            });
        }
        ExprKind::Object(entries) => {
            for (k, v) in entries {
                let (name, span) = match k {
                    ObjKey::Ident(n, s) => (n.clone(), *s),
                    ObjKey::Expr(x) => match x.as_str() {
                        Some(n) => (n.to_owned(), x.span),
                        None => continue,
                    },
                };
                // tfvars: the key stays rooted at the variable (`db.password`).
                let key_name = if ctx == SecretContext::Tfvars { format!("{key}.{name}") } else { name.clone() };
                literal_strings(&key_name, span, v, &format!("{path}.{name}"), ctx, example, facts, depth + 1);
            }
        }
        ExprKind::Array(items) => {
            for (i, it) in items.iter().enumerate() {
                literal_strings(key, key_span, it, &format!("{path}[{i}]"), ctx, example, facts, depth + 1);
            }
        }
        _ => {}
    }
}
