//! `secret-in-build-arg`: a secret passed to the image build as an `ARG`.

use crate::secret_detect::{is_marked_placeholder, is_secret_key_name};
use infra_lint_core::parse::dockerfile::Instruction;
use infra_lint_core::{Finding, Model, Severity};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};

use super::shell::{self, ShCommand};
use super::{dockerfiles, stage_label};

/// Why a command stores credentials in the image, if it does: `aws configure set <key>`,
/// `gcloud auth activate-service-account`, `az login` with a password or federated token,
/// `doctl auth init` with a token.
fn credential_setup(cmd: &ShCommand) -> Option<&'static str> {
    let args: Vec<&str> = cmd.args().iter().map(|w| w.value.as_str()).collect();
    let has = |opts: &[&str]| args.iter().any(|a| opts.iter().any(|o| a == o || a.starts_with(&format!("{o}="))));
    match cmd.program()? {
        "aws" if args.starts_with(&["configure", "set"]) => args
            .get(2)
            .is_some_and(|k| {
                let k = k.rsplit('.').next().unwrap_or(k);
                matches!(k, "aws_access_key_id" | "aws_secret_access_key" | "aws_session_token")
            })
            .then_some("`aws configure set` writes the AWS credentials into ~/.aws/credentials in the image"),
        "gcloud" if args.windows(2).any(|w| w == ["auth", "activate-service-account"]) => {
            Some("`gcloud auth activate-service-account` stores the service-account credentials in the image")
        }
        "az" if args.first() == Some(&"login") && has(&["-p", "--password", "--federated-token"]) => {
            Some("`az login` with a password or federated token stores the credentials in the image")
        }
        "doctl" if args.starts_with(&["auth", "init"]) && has(&["-t", "--access-token"]) => {
            Some("`doctl auth init` with a token stores it in the image")
        }
        _ => None,
    }
}

/// Whether a `RUN` mounts a BuildKit secret.
fn mounts_secret(instr: &Instruction) -> bool {
    instr
        .flags
        .iter()
        .any(|f| f.name.eq_ignore_ascii_case("mount") && f.value.as_deref().is_some_and(|v| v.contains("type=secret")))
}

declare_rule! {
    /// ## What it does
    /// Finds `ARG` instructions with secret-like names (`NPM_TOKEN`, `GITHUB_TOKEN`,
    /// `DB_PASSWORD`, `API_KEY` …) in the stages that make up the final image (the final stage
    /// and the stages it is built `FROM`). Names that point at a secret rather than hold it
    /// (`*_FILE`, `*_PATH`, `*_ID`, `PUBLIC_*` …) are not reported. Build args used only in an
    /// intermediate stage that the final image merely copies files from are not reported either:
    /// they do not reach the final image's history.
    ///
    /// Also reported, in the same stages:
    /// - `ENV` instructions with secret-like names and a non-empty value (`ENV GITHUB_TOKEN=$TOKEN`
    ///   copies a build arg into the image's configuration for good); empty values and explicit
    ///   placeholders are not;
    /// - `RUN` steps that store cloud credentials in the image without a BuildKit secret mount:
    ///   `aws configure set aws_access_key_id|aws_secret_access_key|aws_session_token`,
    ///   `gcloud auth activate-service-account`, `az login` with `-p`/`--password`/
    ///   `--federated-token`, and `doctl auth init` with `-t`/`--access-token`.
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
        summary: "A secret passed to the image build as an ARG or ENV, or set up by a RUN step, ends up in the image",
        aliases: ["AVD-DS-0031", "DS031", "DS-0031", "SecretsUsedInArgOrEnv"],
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
            for (n, instr) in doc.instructions.iter().enumerate() {
                let Some(stage) = instr.stage.and_then(|s| doc.stages.get(s)) else { continue };
                if !chain.contains(&stage.index) {
                    continue;
                }
                if instr.keyword == "RUN" && !mounts_secret(instr) {
                    for cmd in shell::commands(model, instr) {
                        let Some(why) = credential_setup(&cmd) else { continue };
                        let Some(span) = cmd.words.get(cmd.program_index(true).unwrap_or(0)).map(|w| w.span) else {
                            continue;
                        };
                        out.push(
                            Finding::new(Self::META.id, Severity::Medium, span, format!("{why}: anyone who can pull the image can read them"))
                                .fix("Mount the credentials for this step only (RUN --mount=type=secret,id=…) or configure them at run time")
                                .key(format!("{}:{}:RUN:{n}:credentials", file.path, stage_label(stage)))
                                .env(model.env_of(span)),
                        );
                    }
                    continue;
                }
                if instr.keyword != "ARG" && instr.keyword != "ENV" {
                    continue;
                }
                for kv in instr.pairs.iter().filter(|kv| is_secret_key_name(&kv.key)) {
                    let msg = if instr.keyword == "ENV" {
                        let v = kv.value.as_deref().unwrap_or("").trim();
                        // A `${BUILD_ARG}` reference is the case that matters: the secret stays in the image.
                        if v.is_empty() || (!v.contains('$') && is_marked_placeholder(v)) {
                            continue;
                        }
                        format!(
                            "Environment variable `{}` looks like a secret: ENV values are stored in the image configuration, readable by anyone who can pull the image",
                            kv.key
                        )
                    } else {
                        format!(
                            "Build argument `{}` looks like a secret: build args are recorded in the image history, readable by anyone who can pull the image",
                            kv.key
                        )
                    };
                    out.push(
                        Finding::new(Self::META.id, Severity::Medium, kv.key_span, msg)
                            .fix("Use a BuildKit secret mount (RUN --mount=type=secret,id=…) instead of ARG/ENV, or pass the secret at run time")
                            .key(format!("{}:{}:{}:{}", file.path, stage_label(stage), instr.keyword, kv.key))
                            .env(model.env_of(kv.key_span)),
                    );
                }
            }
        }
    }
}
