//! `container-root-user`: the final stage of a Dockerfile runs as root.

use infra_lint_core::parse::dockerfile::{Dockerfile, ImageRef, Stage};
use infra_lint_core::{Finding, Model, Severity};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};

use super::{dockerfiles, stage_label};

declare_rule! {
    /// ## What it does
    /// Checks the user the image built by a Dockerfile runs as — the final stage, following
    /// `FROM <earlier stage>` chains:
    /// - no `USER` at all: reported at the final stage's `FROM` (the base image's default user,
    ///   root for nearly every image, applies);
    /// - the last `USER` is `root`, `0` or `root:…`/`0:…`: reported at that `USER` line.
    ///
    /// Base images that are known to run as a non-root user by default are accepted without a
    /// `USER`: distroless and other `:nonroot`/`-nonroot` tags, Chainguard images
    /// (`cgr.dev/chainguard/…`, except `-dev` tags), Bitnami images (`bitnami/…`), and official
    /// datastore images whose entrypoint drops to a service user or whose image sets a non-root
    /// `USER` (`postgres`, `mysql`, `mariadb`, `mongo`, `redis`, `rabbitmq`, `memcached`,
    /// `grafana/grafana`, Elasticsearch). A `USER`
    /// given as a build variable (`USER $APP_USER`) is not judged. `FROM scratch` without a
    /// `USER` is reported: the binary runs as uid 0.
    ///
    /// ## Why is this bad?
    /// A process running as root inside a container is root on the container's filesystem, and
    /// one kernel or runtime escape away from root on the host. Any code-execution bug in the
    /// application gets full control of the container (install tools, read mounted secrets,
    /// tamper with the image's files).
    ///
    /// ## How to fix
    /// Create an unprivileged user and switch to it at the end of the final stage, e.g.
    /// `RUN adduser -D -u 10001 app` then `USER 10001` (or use the base image's user:
    /// `USER node`, `USER nonroot`).
    ///
    /// ## Example
    /// ```dockerfile
    /// # bad: runs as root
    /// FROM node:20-alpine
    /// COPY . /app
    /// CMD ["node", "/app/server.js"]
    /// ```
    /// ```dockerfile
    /// # good
    /// FROM node:20-alpine
    /// COPY --chown=node:node . /app
    /// USER node
    /// CMD ["node", "/app/server.js"]
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/build/building/best-practices/#user>
    /// - <https://cwe.mitre.org/data/definitions/250.html>
    pub struct ContainerRootUser {
        id: "container-root-user",
        severity: Medium,
        formats: [Dockerfile],
        tags: ["security", "containers"],
        precision: "high",
        summary: "The image built by a Dockerfile runs as root",
        aliases: ["AVD-DS-0002", "DS002", "DL3002", "CKV_DOCKER_3", "CKV_DOCKER_8"],
    }
}

/// Base images that run as a non-root user by default.
fn non_root_by_default(image: &ImageRef) -> bool {
    let tag = image.tag.as_deref().unwrap_or("").to_ascii_lowercase();
    let name = image.name.to_ascii_lowercase();
    if tag == "nonroot" || tag.starts_with("nonroot-") || tag.ends_with("-nonroot") || tag.contains("-nonroot-") {
        return true;
    }
    if name.starts_with("cgr.dev/chainguard/") && !tag.ends_with("-dev") && tag != "latest-dev" {
        return true;
    }
    if name.starts_with("bitnami/") || name.starts_with("docker.io/bitnami/") {
        return true;
    }
    // Official images whose entrypoint drops to a service user, or that set a non-root USER.
    let short = name.strip_prefix("docker.io/").unwrap_or(&name);
    let short = short.strip_prefix("library/").unwrap_or(short);
    matches!(
        short,
        "postgres"
            | "postgis/postgis"
            | "mysql"
            | "mariadb"
            | "mongo"
            | "redis"
            | "rabbitmq"
            | "memcached"
            | "grafana/grafana"
            | "docker.elastic.co/elasticsearch/elasticsearch"
    )
}

/// `root`, `0`, `root:x`, `0:x`.
fn is_root(user: &str) -> bool {
    let first = user.split_whitespace().next().unwrap_or("");
    let name = first.split(':').next().unwrap_or("");
    name == "root" || name == "0"
}

fn final_user_finding(model: &Model, path: &str, doc: &Dockerfile, stage: &Stage) -> Option<Finding> {
    let env_span = stage.image.span;
    let env = model.env_of(env_span);
    let label = stage_label(stage);
    match doc.effective_user(stage) {
        Some(user) => {
            let value = user.value.split_whitespace().next().unwrap_or("");
            if value.contains('$') || !is_root(value) {
                return None;
            }
            let from = doc.instructions.get(stage.from).map_or(stage.image.span, |i| i.span);
            let msg = format!(
                "The final stage of this Dockerfile (FROM {}) switches to root with `USER {value}` and no later USER: the container runs as root",
                stage.image.value
            );
            Some(
                Finding::new(ContainerRootUser::META.id, Severity::Medium, user.span, msg)
                    .related(from, "final stage starts here")
                    .fix("End the final stage with `USER <non-root user>` (e.g. `USER 10001`)")
                    .key(format!("{path}:{label}:user"))
                    .env(env),
            )
        }
        None => {
            let root = doc.root_stage(stage);
            if stage.image.value.is_empty() {
                return None;
            }
            if non_root_by_default(&root.image_ref) {
                return None;
            }
            let from = doc.instructions.get(stage.from)?;
            let msg = format!(
                "The final stage of this Dockerfile (FROM {}) has no USER instruction: the container runs as the base image's default user, root",
                stage.image.value
            );
            let mut f = Finding::new(ContainerRootUser::META.id, Severity::Medium, from.span, msg)
                .fix("Add `USER <non-root user>` (e.g. `USER 10001` after creating it) at the end of the final stage")
                .key(format!("{path}:{label}:user"))
                .env(env);
            if root.index != stage.index {
                if let Some(r) = doc.instructions.get(root.from) {
                    f = f.related(r.span, "base stage without USER");
                }
            }
            Some(f)
        }
    }
}

impl Rule for ContainerRootUser {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (file, doc) in dockerfiles(model) {
            let Some(stage) = doc.final_stage() else { continue };
            if let Some(f) = final_user_finding(model, &file.path, doc, stage) {
                out.push(f);
            }
        }
    }
}
