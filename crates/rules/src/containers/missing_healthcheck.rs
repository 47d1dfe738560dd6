//! `missing-healthcheck`: the image built by a Dockerfile has no `HEALTHCHECK`.

use infra_lint_core::{Finding, Model};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};

use super::{dockerfiles, emit};

declare_rule! {
    /// ## What it does
    /// Reports a Dockerfile whose final image has no `HEALTHCHECK` — none in the final stage
    /// nor in the local stages it is built `FROM` — at the final stage's `FROM`. A
    /// `HEALTHCHECK NONE` counts as a deliberate choice. Dockerfiles whose final stage starts
    /// `FROM scratch` are not reported (there is no shell or tool to probe with).
    ///
    /// ## Why is this bad?
    /// Without a health check, Docker and Swarm (and compose `depends_on: service_healthy`)
    /// only know whether the process is alive, not whether it serves: a hung or half-started
    /// service keeps receiving traffic and is never restarted.
    ///
    /// ## How to fix
    /// Add `HEALTHCHECK CMD <a cheap probe>`, or `HEALTHCHECK NONE` when the orchestrator
    /// probes the service itself (Kubernetes liveness/readiness probes).
    ///
    /// ## Example
    /// ```dockerfile
    /// # bad
    /// FROM nginx:1.27
    /// CMD ["nginx", "-g", "daemon off;"]
    /// ```
    /// ```dockerfile
    /// # good
    /// FROM nginx:1.27
    /// HEALTHCHECK --interval=30s CMD curl -fs http://localhost/ || exit 1
    /// CMD ["nginx", "-g", "daemon off;"]
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/dockerfile/#healthcheck>
    pub struct MissingHealthcheck {
        id: "missing-healthcheck",
        severity: Low,
        formats: [Dockerfile],
        tags: ["containers", "best-practice"],
        precision: "high",
        summary: "The image built by a Dockerfile has no HEALTHCHECK",
        aliases: ["AVD-DS-0026", "DS026", "CKV_DOCKER_2"],
    }
}

impl Rule for MissingHealthcheck {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (file, doc) in dockerfiles(model) {
            let Some(last) = doc.final_stage() else { continue };
            if last.image.value.eq_ignore_ascii_case("scratch") {
                continue;
            }
            let mut chain = vec![last];
            let mut cur = last;
            while let Some(b) = cur.base_stage.and_then(|i| doc.stages.get(i)) {
                if chain.iter().any(|s| s.index == b.index) {
                    break;
                }
                chain.push(b);
                cur = b;
            }
            let has = |kw: &[&str]| {
                chain.iter().any(|s| {
                    s.instructions
                        .iter()
                        .filter_map(|&i| doc.instructions.get(i))
                        .any(|i| kw.contains(&i.keyword.as_str()))
                })
            };
            if has(&["HEALTHCHECK"]) {
                continue;
            }
            let Some(from) = doc.instructions.get(last.from) else { continue };
            emit(
                out,
                model,
                &Self::META,
                from.keyword_span,
                "The final image has no HEALTHCHECK: a hung service is neither detected nor restarted".to_owned(),
                "Add `HEALTHCHECK CMD <probe>` (or `HEALTHCHECK NONE` when the orchestrator probes the service)",
                format!("{}:healthcheck", file.path),
            );
        }
    }
}
