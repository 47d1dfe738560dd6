//! `secret-in-build-arg`: a secret passed to the image build as an `ARG`.

use crate::secret_detect::is_secret_key_name;
use infra_lint_core::{Finding, Model, Severity};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};

use super::{dockerfiles, stage_label};

declare_rule! {
    /// ## What it does
    /// Finds `ARG` instructions with secret-like names (`NPM_TOKEN`, `GITHUB_TOKEN`,
    /// `DB_PASSWORD`, `API_KEY` …) in the stages that make up the final image (the final stage
    /// and the stages it is built `FROM`). Names that point at a secret rather than hold it
    /// (`*_FILE`, `*_PATH`, `*_ID`, `PUBLIC_*` …) are not reported. Build args used only in an
    /// intermediate stage that the final image merely copies files from are not reported either:
    /// they do not reach the final image's history.
    ///
    /// A literal default value is additionally reported by `hardcoded-secret`.
    ///
    /// ## Why is this bad?
    /// Build arguments are recorded in the image: `docker history` and the image config show the
    /// values used by `RUN` steps, so everyone who can pull the image can read the secret, and
    /// it also ends up in build logs and caches.
    ///
    /// ## How to fix
    /// Use a BuildKit secret mount: `RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci`
    /// and build with `docker build --secret id=npm_token,env=NPM_TOKEN .` — or move the step
    /// into an intermediate stage whose layers are not part of the final image.
    ///
    /// ## Example
    /// ```dockerfile
    /// # bad
    /// FROM node:20-alpine
    /// ARG NPM_TOKEN
    /// RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci
    /// ```
    /// ```dockerfile
    /// # good
    /// FROM node:20-alpine
    /// RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN \
    ///     echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci && rm .npmrc
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/build/building/secrets/>
    /// - <https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/>
    pub struct SecretInBuildArg {
        id: "secret-in-build-arg",
        severity: Medium,
        formats: [Dockerfile],
        tags: ["security", "containers", "secrets"],
        precision: "medium",
        summary: "A secret passed to the image build as an ARG ends up in the image history",
    }
}

impl Rule for SecretInBuildArg {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (file, doc) in dockerfiles(model) {
            let Some(last) = doc.final_stage() else { continue };
            // The final stage and the chain of stages it is built FROM.
            let mut chain = vec![last.index];
            let mut cur = last;
            while let Some(b) = cur.base_stage.and_then(|i| doc.stages.get(i)) {
                if chain.contains(&b.index) {
                    break;
                }
                chain.push(b.index);
                cur = b;
            }
            for instr in doc.instructions.iter().filter(|i| i.keyword == "ARG") {
                let Some(stage) = instr.stage.and_then(|s| doc.stages.get(s)) else { continue };
                if !chain.contains(&stage.index) {
                    continue;
                }
                for kv in instr.pairs.iter().filter(|kv| is_secret_key_name(&kv.key)) {
                    let msg = format!(
                        "Build argument `{}` looks like a secret: build args are recorded in the image history, readable by anyone who can pull the image",
                        kv.key
                    );
                    out.push(
                        Finding::new(Self::META.id, Severity::Medium, kv.key_span, msg)
                            .fix("Use a BuildKit secret mount (RUN --mount=type=secret,id=…) instead of ARG")
                            .key(format!("{}:{}:ARG:{}", file.path, stage_label(stage), kv.key))
                            .env(model.env_of(kv.key_span)),
                    );
                }
            }
        }
    }
}
