//! `railway-no-healthcheck`: a Railway service deployed to production without a health check.

use infra_lint_core::discover::FileKind;
use infra_lint_core::parse::node::Node;
use infra_lint_core::parse::Document;
use infra_lint_core::{Environment, Finding, Model};

use crate::declare_rule;
use crate::platform::weigh;
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Flags a Railway config (`railway.toml`, `railway.json`) whose deployment to production
    /// has no `healthcheckPath`: neither in the top-level `[deploy]` (which applies to every
    /// environment) nor in the `environments.production` override. The finding points at the
    /// `[deploy]` table (or the production override, or the start of the file). Services that
    /// run on a `cronSchedule` are not reported, and neither are configs that only override
    /// non-production environments.
    ///
    /// ## Why is this bad?
    /// Without a health check Railway routes traffic to a new deployment as soon as its
    /// container starts, and removes the old one: a release that crashes on its first request,
    /// cannot reach its database or is still migrating takes production down instead of being
    /// held back.
    ///
    /// Severity is medium, high in production, one step lower in staging; development and test
    /// files are not reported.
    ///
    /// ## How to fix
    /// Add an HTTP endpoint that answers 200 only when the service can serve, and set
    /// `healthcheckPath` (and a `healthcheckTimeout`) in `[deploy]`.
    ///
    /// ## Example
    /// ```toml
    /// # Bad
    /// [deploy]
    /// startCommand = "node dist/server.js"
    /// ```
    /// ```toml
    /// # Good
    /// [deploy]
    /// startCommand = "node dist/server.js"
    /// healthcheckPath = "/healthz"
    /// healthcheckTimeout = 100
    /// ```
    ///
    /// ## References
    /// - Railway config as code, deploy settings: <https://docs.railway.com/reference/config-as-code>
    /// - Railway health checks: <https://docs.railway.com/reference/healthchecks>
    pub struct RailwayNoHealthcheck {
        id: "railway-no-healthcheck",
        severity: Medium,
        formats: [Railway],
        tags: ["reliability", "railway"],
        precision: "medium",
        summary: "A Railway service deploys to production without a health check",
    }
}

fn healthcheck(scope: &Node) -> Option<&Node> {
    scope.path(&["deploy", "healthcheckPath"]).filter(|n| n.as_str().is_some_and(|s| !s.trim().is_empty()))
}

fn is_cron(scope: &Node) -> bool {
    scope.path(&["deploy", "cronSchedule"]).is_some()
}

impl Rule for RailwayNoHealthcheck {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for f in model.files_of(FileKind::Railway) {
            let Some(Document::Railway(doc)) = &f.doc else { continue };
            let scopes = doc.scopes();
            let top = scopes[0].node;
            let file_env = model.env_of(doc.root.span);
            let prod = scopes
                .iter()
                .skip(1)
                .find(|s| s.name.and_then(Environment::from_name) == Some(Environment::Production));
            let others_only = prod.is_none() && scopes.len() > 1 && top.get("deploy").is_none();
            if is_cron(top) || prod.is_some_and(|p| is_cron(p.node)) || others_only {
                continue;
            }
            let env = if prod.is_some() { Environment::Production } else { file_env };
            if healthcheck(top).is_some() || prod.is_some_and(|p| healthcheck(p.node).is_some()) {
                continue;
            }
            let base =
                if env == Environment::Production { infra_lint_core::Severity::High } else { Self::META.severity };
            let Some(sev) = weigh(env, base) else { continue };
            let span = match (prod, top.entry("deploy")) {
                (Some(p), _) => p.header.span,
                (None, Some((k, _))) => k.span,
                (None, None) => f.source.span(0, 0),
            };
            let where_ = if prod.is_some() { "its production environment" } else { "its deployments" };
            out.push(
                Finding::new(
                    Self::META.id,
                    sev,
                    span,
                    format!("Railway config has no deploy.healthcheckPath for {where_}: a release that cannot serve replaces the running one"),
                )
                .fix("add `healthcheckPath = \"/healthz\"` (an endpoint that answers 200 when the service is ready) under [deploy]")
                .key("deploy.healthcheckPath")
                .env(env),
            );
        }
    }
}
