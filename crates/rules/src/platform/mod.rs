//! Rules for platform configuration: Railway, Vercel and Cloudflare Workers (wrangler).
//! Literal secrets in their environment variables are reported by `hardcoded-secret` (the
//! facts collector turns them into secret candidates), not here.

pub mod railway_no_healthcheck;
pub mod vercel_missing_security_headers;
pub mod vercel_open_redirect;
pub mod wrangler_route_no_rate_limit;

use infra_lint_core::{Environment, Severity};

use crate::rule::Rule;

/// Every rule of this family.
#[must_use]
pub fn rules() -> Vec<Box<dyn Rule>> {
    vec![
        Box::new(railway_no_healthcheck::RailwayNoHealthcheck),
        Box::new(vercel_missing_security_headers::VercelMissingSecurityHeaders),
        Box::new(vercel_open_redirect::VercelOpenRedirect),
        Box::new(wrangler_route_no_rate_limit::WranglerRouteNoRateLimit),
    ]
}

/// The standard weighting; development and test configurations are not reported.
pub(crate) fn weigh(env: Environment, base: Severity) -> Option<Severity> {
    match env {
        Environment::Development | Environment::Test => None,
        _ => Some(base.weigh(env)),
    }
}
