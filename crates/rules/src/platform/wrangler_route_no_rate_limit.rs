//! `wrangler-route-no-rate-limit`: a Worker environment serves routes without the rate-limit
//! binding that another environment or Worker of the project has.

use infra_lint_core::discover::FileKind;
use infra_lint_core::parse::node::Node;
use infra_lint_core::parse::Document;
use infra_lint_core::{Finding, Model};

use crate::declare_rule;
use crate::platform::weigh;
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// When some Worker configuration of the project declares a rate-limiting binding
    /// (`[[ratelimits]]`, or `[[unsafe.bindings]]` with `type = "ratelimit"`), flags every
    /// other Worker scope (the top level or an `[env.<name>]` of a `wrangler.toml`,
    /// `wrangler.json` or `wrangler.jsonc`) that serves `routes`/`route` without one. The
    /// finding points at the first route of the scope.
    ///
    /// ## Why is this bad?
    /// wrangler does not inherit bindings into named environments: a rate limiter declared at
    /// the top level is missing in `[env.production]` unless it is repeated there, and the code
    /// that reads `env.RATE_LIMITER` then fails open or throws. The project evidently rate-limits
    /// its Workers, so an exposed one without the binding is the gap an attacker uses for
    /// credential stuffing, scraping or cost exhaustion.
    ///
    /// Severity is medium, one step lower in staging; development and test environments are not
    /// reported. A named environment's name gives its environment (`[env.production]`).
    ///
    /// ## How to fix
    /// Repeat the binding in every environment that serves routes (with its own
    /// `namespace_id`).
    ///
    /// ## Example
    /// ```toml
    /// # Bad
    /// [[ratelimits]]
    /// name = "LIMITER"
    /// namespace_id = "1001"
    /// simple = { limit = 100, period = 60 }
    ///
    /// [env.production]
    /// routes = ["api.example.com/*"]
    /// ```
    /// ```toml
    /// # Good
    /// [env.production]
    /// routes = ["api.example.com/*"]
    /// [[env.production.ratelimits]]
    /// name = "LIMITER"
    /// namespace_id = "1002"
    /// simple = { limit = 100, period = 60 }
    /// ```
    ///
    /// ## References
    /// - Cloudflare Workers rate limiting binding: <https://developers.cloudflare.com/workers/runtime-apis/bindings/rate-limit/>
    /// - wrangler environments (non-inheritable keys): <https://developers.cloudflare.com/workers/wrangler/configuration/#non-inheritable-keys>
    pub struct WranglerRouteNoRateLimit {
        id: "wrangler-route-no-rate-limit",
        severity: Medium,
        formats: [Wrangler],
        tags: ["security", "network", "rate-limit", "cloudflare"],
        precision: "medium",
        summary: "A Worker serves routes without the rate-limit binding used elsewhere in the project",
    }
}

impl Rule for WranglerRouteNoRateLimit {
    /// Rate-limit bindings are compared across every Worker of the project.
    fn couplings(&self) -> &'static [infra_lint_core::shard::Coupling] {
        &[infra_lint_core::shard::Coupling::Kinds(&[infra_lint_core::kind::FileKind::Wrangler])]
    }

    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        let docs: Vec<_> = model
            .files_of(FileKind::Wrangler)
            .filter_map(|f| match &f.doc {
                Some(Document::Wrangler(d)) => Some(d),
                _ => None,
            })
            .collect();
        let with_binding =
            docs.iter().find_map(|d| d.scopes().into_iter().find(|s| s.has_rate_limit_binding()).map(|s| (d, s)));
        let Some((example_doc, example)) = with_binding else { return };
        let example_name = format!(
            "{} of Worker {}",
            example.name.map_or_else(|| "the top level".to_owned(), |n| format!("[env.{n}]")),
            example_doc.name().unwrap_or("worker")
        );
        for doc in docs {
            let worker = doc.name().unwrap_or("worker");
            for scope in doc.scopes() {
                let routes = scope.routes();
                let Some(first) = routes.first() else { continue };
                if scope.has_rate_limit_binding() {
                    continue;
                }
                let env = scope.environment().unwrap_or_else(|| model.env_of(first.span));
                let Some(sev) = weigh(env, Self::META.severity) else { continue };
                let pattern = first.as_str().or_else(|| first.get("pattern").and_then(Node::as_str)).unwrap_or("?");
                let place = scope.name.map_or_else(|| "the top level".to_owned(), |n| format!("[env.{n}]"));
                out.push(
                    Finding::new(
                        Self::META.id,
                        sev,
                        first.span,
                        format!(
                            "Worker {worker}: {place} serves {pattern} without a rate-limit binding, while {example_name} declares one (bindings are not inherited between environments)"
                        ),
                    )
                    .fix("declare the rate-limit binding (`[[ratelimits]]` or `[[unsafe.bindings]]` with type = \"ratelimit\") in this environment too")
                    .key(format!("{place}:routes"))
                    .env(env),
                );
            }
        }
    }
}
