//! `missing-rate-limit`: a public HTTP entrypoint with nothing rate-limiting it.

use crate::facts::{Entrypoint, ServiceOrigin};
use infra_lint_core::discover::FileKind;
use infra_lint_core::parse::Document;
use infra_lint_core::{Environment, Finding, Model, Severity};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Finds public HTTP entrypoints defined in Terraform that nothing rate-limits:
    /// internet-facing application load balancers (`aws_lb`/`aws_alb`), CloudFront distributions,
    /// and API Gateway stages (`aws_apigatewayv2_stage`, `aws_api_gateway_stage`).
    ///
    /// Protection that counts: a WAFv2 web ACL with a `rate_based_statement` associated with the
    /// entrypoint (`aws_wafv2_web_acl_association`, or CloudFront's `web_acl_id`); for API
    /// Gateway, throttling settings (`default_route_settings`/`route_settings`
    /// `throttling_*`, or `aws_api_gateway_method_settings` with `throttling_*`); and a
    /// Cloudflare `cloudflare_ruleset` in phase `http_ratelimit`. A web ACL that cannot be
    /// evaluated (passed in from elsewhere) is assumed to protect.
    ///
    /// The same holds for the public surface of the other platforms (development and test files
    /// are not reported there):
    /// - a Cloudflare Worker's `routes`/`route` (per environment of a `wrangler.toml`/`.json`/
    ///   `.jsonc`), protected by a rate-limit binding in the same environment (`[[ratelimits]]`,
    ///   or `[[unsafe.bindings]]` with `type = "ratelimit"`). When some Worker of the project
    ///   has such a binding, `wrangler-route-no-rate-limit` reports the environments that lack it
    ///   instead;
    /// - a Vercel project's API (`functions`, or `rewrites`/`routes` under `/api` that stay on
    ///   Vercel), protected by a `vercel_firewall_config` with a `rate_limit` rule;
    /// - a Railway service whose variables name its public domain (`${{RAILWAY_PUBLIC_DOMAIN}}`,
    ///   `*.up.railway.app`);
    /// - an nginx `server` listening publicly that passes requests to an application
    ///   (`proxy_pass`, `fastcgi_pass` …), protected by a `limit_req` in the server, one of its
    ///   locations, the `http` block around it, a file it includes, or around the `include` that
    ///   pulls its file in. A server with an include that is not among the scanned files is not
    ///   reported.
    ///
    /// nginx is the edge in front of the others: a server whose `proxy_pass` host is a Worker
    /// route, a Railway or Vercel domain shares its `limit_req` with that upstream (and a
    /// rate-limited upstream covers the server that forwards to it); a Cloudflare
    /// `http_ratelimit` ruleset covers every platform entrypoint.
    ///
    /// Severity: medium, high in production, low in development and test. The finding is at the
    /// entrypoint's block header (for the platforms: the first public route, the `functions`
    /// key, the variable naming the public domain, the `server` block), with the other routes and
    /// the proxies in front as related locations.
    ///
    /// ## Why is this bad?
    /// Without a rate limit, one client can brute-force logins and password resets, scrape the
    /// whole API, or run up the bill (and the database load) with a simple loop. Rate limits are
    /// the cheapest defence against credential stuffing and application-layer floods.
    ///
    /// ## How to fix
    /// Associate a WAFv2 web ACL with a rate-based rule (for example 2,000 requests per 5 minutes
    /// per IP), set stage throttling on API Gateway, or add a Cloudflare rate-limiting rule in
    /// front of the origin.
    ///
    /// ## Example
    /// ```hcl
    /// # Bad
    /// resource "aws_lb" "api" {
    ///   load_balancer_type = "application"
    ///   internal           = false
    /// }
    /// ```
    /// ```hcl
    /// # Good
    /// resource "aws_wafv2_web_acl_association" "api" {
    ///   resource_arn = aws_lb.api.arn
    ///   web_acl_arn  = aws_wafv2_web_acl.rate_limit.arn # has a rate_based_statement rule
    /// }
    /// ```
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based.html>
    /// - <https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html>
    /// - <https://owasp.org/API-Security/editions/2023/en/0xa4-unrestricted-resource-consumption/>
    pub struct MissingRateLimit {
        id: "missing-rate-limit",
        severity: Medium,
        formats: [Terraform, TerraformJson, Wrangler, Vercel, Railway, Nginx],
        tags: ["security", "network", "availability"],
        precision: "medium",
        summary: "A public HTTP entrypoint with no rate limiting",
    }
}

fn severity(env: Environment) -> Severity {
    match env {
        Environment::Production => Severity::High,
        Environment::Staging | Environment::Unknown => Severity::Medium,
        Environment::Development | Environment::Test => Severity::Low,
    }
}

fn what(kind: &str) -> (&'static str, &'static str) {
    match kind {
        "aws_lb" | "aws_alb" => (
            "internet-facing application load balancer",
            "no WAFv2 web ACL with a rate-based rule is associated with it",
        ),
        "aws_cloudfront_distribution" => {
            ("CloudFront distribution", "it has no web_acl_id pointing at a WAFv2 web ACL with a rate-based rule")
        }
        "aws_apigatewayv2_stage" => (
            "API Gateway stage",
            "it sets no throttling_rate_limit/throttling_burst_limit and has no rate-limiting web ACL",
        ),
        "aws_api_gateway_stage" => (
            "API Gateway REST stage",
            "no aws_api_gateway_method_settings throttling and no rate-limiting web ACL apply to it",
        ),
        _ => ("public HTTP entrypoint", "nothing rate-limits it"),
    }
}

/// What a platform entrypoint is, why it is unprotected, and how to fix it.
fn platform(ep: &Entrypoint) -> (String, &'static str, &'static str) {
    let name = ep.address.split_once(':').map_or(ep.address.as_str(), |(_, a)| a);
    match ep.kind.as_str() {
        "cloudflare_worker_route" => (
            format!("Worker route of {name}"),
            "the Worker environment declares no rate-limit binding and no Cloudflare rate-limiting ruleset covers it",
            "declare a rate-limit binding (`[[ratelimits]]`) in this environment and call it before the handler, or add a Cloudflare rate-limiting rule for the route",
        ),
        "vercel_project" => (
            format!("Vercel project {name}'s API"),
            "no Vercel firewall rate-limit rule (`vercel_firewall_config` with action rate_limit) or rate-limiting proxy in front of it is in the repository",
            "add a Vercel WAF rate-limit rule for the API paths (`vercel_firewall_config` in Terraform, or the firewall settings) or check `@vercel/firewall`'s rate limit in the handlers",
        ),
        "railway_service" => (
            format!("Railway service {name} with a public domain"),
            "Railway does not rate-limit, and no proxy with a rate limit is in front of it in the repository",
            "put a rate-limiting proxy in front of the service (nginx `limit_req`, Cloudflare rate-limiting rules) or rate-limit in the application",
        ),
        "nginx_server" => (
            match name.rsplit_once(':').map_or(name, |(_, n)| n) {
                n if n.starts_with("server@") => "nginx server without a server_name".to_owned(),
                n => format!("nginx server {n}"),
            },
            "no limit_req applies to it (in the server, its locations, the http block or an included file)",
            "define `limit_req_zone $binary_remote_addr zone=api:10m rate=10r/s;` in http and add `limit_req zone=api burst=20 nodelay;` to the server or its proxied locations",
        ),
        _ => (format!("public endpoint {name}"), "nothing rate-limits it", "add a rate limit in front of it"),
    }
}

/// Whether some Worker configuration declares a rate-limit binding (then
/// `wrangler-route-no-rate-limit` reports the Worker environments without one).
fn workers_have_binding(model: &Model) -> bool {
    model.files_of(FileKind::Wrangler).any(|f| match &f.doc {
        Some(Document::Wrangler(d)) => d.scopes().iter().any(|s| s.has_rate_limit_binding()),
        _ => false,
    })
}

impl Rule for MissingRateLimit {
    /// A Cloudflare rate-limiting ruleset protects every HTTP entrypoint of the scan.
    fn couplings(&self) -> &'static [infra_lint_core::shard::Coupling] {
        &[
            infra_lint_core::shard::Coupling::TerraformMentions {
                trigger: "http_ratelimit",
                members: &["aws_lb", "aws_alb", "aws_cloudfront_distribution", "aws_api_gateway"],
            },
            // The platforms' entrypoints and the nginx edge in front of them share evidence, and
            // a Cloudflare ruleset or a Vercel firewall rate limit in Terraform covers them.
            infra_lint_core::shard::Coupling::TerraformMentionWithKinds {
                texts: &["http_ratelimit", "vercel_firewall_config"],
                kinds: &[FileKind::Railway, FileKind::Vercel, FileKind::Wrangler, FileKind::Nginx],
            },
        ]
    }

    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        let mut workers_binding: Option<bool> = None;
        for ep in &crate::facts::Facts::of(model).entrypoints {
            if !ep.rate_limited_by.is_empty() {
                continue;
            }
            if ep.origin != ServiceOrigin::Terraform {
                if ep.origin == ServiceOrigin::Workers
                    && *workers_binding.get_or_insert_with(|| workers_have_binding(model))
                {
                    continue;
                }
                let env = model.env_of(ep.span);
                if matches!(env, Environment::Development | Environment::Test) {
                    continue;
                }
                let (what, why, fix) = platform(ep);
                let message = format!(
                    "{what} accepts traffic from the internet with no rate limit: {why}, so one client can brute-force, scrape or flood it"
                );
                let mut f = Finding::new(Self::META.id, severity(env), ep.span, message)
                    .fix(fix)
                    .key(ep.address.clone())
                    .env(env);
                for (why, s) in &ep.related {
                    f = f.related(*s, why.clone());
                }
                out.push(f);
                continue;
            }
            let env = model.env_for(ep.span, ep.root.as_deref());
            let (kind, why) = what(&ep.kind);
            let addr = ep.address.split_once(':').map_or(ep.address.as_str(), |(_, a)| a);
            let message = format!(
                "{kind} {addr} accepts traffic from the internet with no rate limit: {why}, so one client can \
                 brute-force, scrape or flood it"
            );
            out.push(
                Finding::new(Self::META.id, severity(env), ep.span, message)
                    .fix("associate a WAFv2 web ACL with a rate_based_statement rule, or set stage throttling")
                    .key(ep.address.clone())
                    .env(env),
            );
        }
    }
}
