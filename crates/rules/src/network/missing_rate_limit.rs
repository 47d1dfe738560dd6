//! `missing-rate-limit`: a public HTTP entrypoint with nothing rate-limiting it.

use crate::facts::terraform::env_of_fact;
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
    /// Severity: medium, high in production, low in development and test. The finding is at the
    /// entrypoint's block header.
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
        formats: [Terraform, TerraformJson],
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

impl Rule for MissingRateLimit {
    /// A Cloudflare rate-limiting ruleset protects every HTTP entrypoint of the scan.
    fn couplings(&self) -> &'static [infra_lint_core::shard::Coupling] {
        &[infra_lint_core::shard::Coupling::TerraformMentions {
            trigger: "http_ratelimit",
            members: &["aws_lb", "aws_alb", "aws_cloudfront_distribution", "aws_api_gateway"],
        }]
    }

    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for ep in &crate::facts::Facts::of(model).entrypoints {
            if !ep.rate_limited_by.is_empty() {
                continue;
            }
            let env = model
                .terraform
                .as_ref()
                .and_then(|tf| env_of_fact(tf, &ep.address))
                .filter(|e| *e != Environment::Unknown)
                .unwrap_or_else(|| model.env_of(ep.span));
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
