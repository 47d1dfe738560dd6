//! `container-root-user`: the final stage of a Dockerfile runs as root.

use infra_lint_core::discover::FileKind;
use infra_lint_core::parse::dockerfile::{Dockerfile, ImageRef, Stage};
use infra_lint_core::parse::Document;
use infra_lint_core::source::parent_dir;
use infra_lint_core::{Finding, Model, Severity};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};

use super::local_images::{image_pattern, join, LocalBuilds};
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
    /// `USER`: distroless and other `:nonroot`/`-nonroot` tags, `-rootless` and .NET
    /// `chiseled` tags, Chainguard images (`cgr.dev/chainguard/…`, except `-dev` tags), Bitnami
    /// images (`bitnami/…`), and a shipped table of widely used images whose image sets a
    /// non-root `USER` or whose entrypoint drops to a service user (`jenkins/jenkins`,
    /// `ctfd/ctfd`, `grafana/grafana`, `prom/prometheus`, `hashicorp/vault`, Keycloak, Jupyter,
    /// Selenium, SonarQube, Nexus, and the official datastores `postgres`, `mysql`, `mariadb`,
    /// `mongo`, `redis`, `rabbitmq`, Elasticsearch …).
    ///
    /// Images the repository builds itself are followed: when the final stage starts `FROM`
    /// an image that another Dockerfile of the repository builds, the user that Dockerfile ends
    /// with counts (and so on, a few images deep). The builder is known from
    /// - a compose service with `build:` (context and `dockerfile:`) and `image:`;
    /// - a workflow step that builds and tags it: `docker build -t <name> -f <file> <context>`
    ///   (also `buildx build`, `podman build`; paths from the step's `working-directory` and
    ///   any `cd` before it), `docker/build-push-action` (or Depot's) with `tags:`,
    ///   `file:`, `context:` (tags from a `docker/metadata-action` step's `images:` too), and the
    ///   aliases `docker tag` and `docker manifest create` make; a variable inside a tag
    ///   (`acme/app-$ARCH`) stands for any text;
    /// - a directory (or `Dockerfile.<name>`) named like the image's last path segment, for
    ///   images under an organisation (`acme/app-base`).
    ///
    /// When every Dockerfile that builds the base ends as a non-root user the finding is absent
    /// for that reason; when the base is not built here, today's judgement (the base's default
    /// user) applies.
    ///
    /// A Dockerfile without `USER` that the repository only builds from compose services, each
    /// of which sets a non-root `user:` (`node`, `"1000:1000"`, `${UID:-1000}`), is not
    /// reported either: wherever the repository runs that image, it runs as that user. A
    /// Dockerfile a workflow also builds (an image that is published) is judged as above. Dockerfiles of Docker container actions
    /// (`action.yml` with `runs.using: docker`) are not reported: GitHub runs them as root by
    /// design, with the workspace mounted. A `USER`
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

/// Official and widely used images whose default user is not root: the image sets a non-root
/// `USER`, or its entrypoint drops to a service user before starting the service. Matched
/// against the repository without registry `docker.io/` and `library/` prefixes.
const NON_ROOT_IMAGES: &[&str] = &[
    // datastores whose entrypoint drops to a service user (gosu / su-exec)
    "postgres",
    "postgis/postgis",
    "mysql",
    "mariadb",
    "mongo",
    "redis",
    "rabbitmq",
    "memcached",
    "cassandra",
    "couchdb",
    "neo4j",
    "zookeeper",
    "solr",
    "clickhouse/clickhouse-server",
    "docker.elastic.co/elasticsearch/elasticsearch",
    "docker.elastic.co/kibana/kibana",
    "docker.elastic.co/logstash/logstash",
    "docker.elastic.co/beats/filebeat",
    "elasticsearch",
    "kibana",
    "logstash",
    "opensearchproject/opensearch",
    "opensearchproject/opensearch-dashboards",
    "confluentinc/cp-kafka",
    "confluentinc/cp-zookeeper",
    "confluentinc/cp-schema-registry",
    "confluentinc/cp-server",
    // applications and tools whose image sets a non-root USER
    "jenkins/jenkins",
    "jenkins/agent",
    "jenkins/inbound-agent",
    "jenkins/ssh-agent",
    "ctfd/ctfd",
    "grafana/grafana",
    "grafana/grafana-oss",
    "grafana/grafana-enterprise",
    "grafana/loki",
    "grafana/tempo",
    "grafana/mimir",
    "prom/prometheus",
    "prom/alertmanager",
    "prom/node-exporter",
    "prom/pushgateway",
    "prom/blackbox-exporter",
    "quay.io/prometheus/prometheus",
    "quay.io/prometheus/alertmanager",
    "quay.io/prometheus/node-exporter",
    "otel/opentelemetry-collector",
    "otel/opentelemetry-collector-contrib",
    "jaegertracing/all-in-one",
    "hashicorp/vault",
    "hashicorp/consul",
    "vault",
    "consul",
    "quay.io/keycloak/keycloak",
    "keycloak/keycloak",
    "jboss/keycloak",
    "sonarqube",
    "sonarsource/sonar-scanner-cli",
    "sonatype/nexus3",
    "nginxinc/nginx-unprivileged",
    "haproxy",
    "ghost",
    "n8nio/n8n",
    "apache/airflow",
    "apache/superset",
    "mattermost/mattermost-team-edition",
    "mattermost/mattermost-enterprise-edition",
    "selenium/standalone-chrome",
    "selenium/standalone-firefox",
    "selenium/standalone-edge",
    "selenium/node-chrome",
    "selenium/node-firefox",
    "selenium/hub",
    "jupyter/base-notebook",
    "jupyter/minimal-notebook",
    "jupyter/scipy-notebook",
    "jupyter/datascience-notebook",
    "jupyter/pyspark-notebook",
    "jupyter/tensorflow-notebook",
    "quay.io/jupyter/base-notebook",
    "quay.io/jupyter/minimal-notebook",
    "quay.io/jupyter/scipy-notebook",
    "quay.io/jupyter/datascience-notebook",
    "quay.io/jupyter/pyspark-notebook",
    "quay.io/jupyter/pytorch-notebook",
    "apache/kafka",
];

/// Base images that run as a non-root user by default: the table above, and families whose
/// non-root default is in the name or tag (distroless and other `:nonroot` tags, Chainguard
/// images except `-dev` tags, Bitnami images, .NET chiseled images, `-rootless` tags).
pub(crate) fn non_root_by_default(image: &ImageRef) -> bool {
    let tag = image.tag.as_deref().unwrap_or("").to_ascii_lowercase();
    let name = image.name.to_ascii_lowercase();
    if tag == "nonroot" || tag.starts_with("nonroot-") || tag.ends_with("-nonroot") || tag.contains("-nonroot-") {
        return true;
    }
    if tag.contains("rootless") || tag.contains("chiseled") || name.contains("unprivileged") {
        return true;
    }
    if name.starts_with("cgr.dev/chainguard/") && !tag.ends_with("-dev") && tag != "latest-dev" {
        return true;
    }
    if name.starts_with("bitnami/")
        || name.starts_with("docker.io/bitnami/")
        || name.starts_with("registry-1.docker.io/bitnami/")
    {
        return true;
    }
    let short = name.strip_prefix("docker.io/").unwrap_or(&name);
    let short = short.strip_prefix("library/").unwrap_or(short);
    NON_ROOT_IMAGES.contains(&short)
}

/// What the repository says about images it builds itself: the Dockerfiles of Docker container
/// actions (GitHub runs those as root by design) and, per image name, the Dockerfile that builds
/// it ([`LocalBuilds`]: compose `build:` + `image:`, workflow builds and tags), or a Dockerfile
/// in a directory named like the image.
struct LocalImages<'a> {
    action_dockerfiles: Vec<String>,
    dockerfiles: Vec<(&'a str, &'a Dockerfile)>,
    builds: LocalBuilds,
}

/// Why a Dockerfile's image does not run as root (the reason a finding is absent).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(not(test), allow(dead_code))] // the payloads say why: the tests read them
enum NonRoot {
    /// The final stage's last `USER` is not root (or is a build variable, not judged).
    User(String),
    /// The base image runs as a non-root user by default (table or name).
    Base(String),
    /// The base image is built by another Dockerfile of the repository, which does not run as
    /// root: that Dockerfile's path and its own reason.
    Local(String, Box<NonRoot>),
    /// Every compose service that builds the Dockerfile runs it as this non-root `user:`.
    ComposeUser(String),
}

impl<'a> LocalImages<'a> {
    fn gather(model: &'a Model) -> Self {
        let mut action_dockerfiles = Vec::new();
        for f in model.files_of(FileKind::Action) {
            let Some(Document::Workflow(w)) = &f.doc else { continue };
            let (Some(using), Some(image)) = (&w.0.action_using, &w.0.action_image) else { continue };
            if using.value.trim() == "docker" && !image.value.starts_with("docker://") {
                action_dockerfiles.push(join(parent_dir(&f.path), image.value.trim()));
            }
        }
        let dockerfiles: Vec<(&str, &Dockerfile)> = dockerfiles(model).map(|(f, d)| (f.path.as_str(), d)).collect();
        LocalImages { action_dockerfiles, dockerfiles, builds: LocalBuilds::gather(model) }
    }

    /// Dockerfiles of this repository that build `image` (`None`: the repository builds no
    /// image of that name, or the name is a build variable).
    fn builders(&self, image: &ImageRef, from_path: &str) -> Vec<(&'a str, &'a Dockerfile)> {
        if image.name.contains('$') {
            return Vec::new();
        }
        let Some(repo) = image_pattern(&image.name) else { return Vec::new() };
        let seg = repo.rsplit('/').next().unwrap_or(&repo).to_owned();
        let built = self.builds.dockerfiles_for(&repo);
        let mut out = Vec::new();
        for (path, doc) in &self.dockerfiles {
            if *path == from_path {
                continue;
            }
            let declared = built.iter().any(|b| b.dockerfile == *path);
            // By name only for images under an organisation or registry (`acme/app-base`), so a
            // `node/` directory does not stand for the official `node` image.
            let file = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
            let dir = parent_dir(path).rsplit('/').next().unwrap_or("").to_ascii_lowercase();
            let by_name = repo.contains('/')
                && !repo.contains('*')
                && (dir == seg
                    || file == format!("dockerfile.{seg}")
                    || file == format!("dockerfile-{seg}")
                    || file == format!("dockerfile_{seg}")
                    || file == format!("{seg}.dockerfile"));
            if declared || by_name {
                out.push((*path, *doc));
            }
        }
        out
    }

    /// Why the image built by `doc` runs as a non-root user (explicit `USER`, a base known to,
    /// or a local base image that does, followed up to a small depth); `None` when it runs as
    /// root or nothing is known.
    fn non_root(&self, path: &str, doc: &Dockerfile, depth: usize) -> Option<NonRoot> {
        let stage = doc.final_stage()?;
        if let Some(user) = doc.effective_user(stage) {
            let v = user.value.split_whitespace().next().unwrap_or("");
            return (v.contains('$') || !is_root(v)).then(|| NonRoot::User(v.to_owned()));
        }
        let root = doc.root_stage(stage);
        if non_root_by_default(&root.image_ref) {
            return Some(NonRoot::Base(root.image_ref.name.clone()));
        }
        if depth == 0 {
            return None;
        }
        self.local_non_root(&root.image_ref, path, depth - 1)
    }

    /// The Dockerfile at `path` is only built by compose services that all set a non-root
    /// `user:`: that user.
    fn compose_runs_non_root(&self, path: &str) -> Option<NonRoot> {
        let mut users = self.builds.builds.iter().filter(|b| b.dockerfile == path).map(|b| b.non_root_user.as_deref());
        let first = users.next()??;
        users.all(|u| u.is_some()).then(|| NonRoot::ComposeUser(first.to_owned()))
    }

    /// The base `image` is built by Dockerfiles of this repository, all of which run as non-root.
    fn local_non_root(&self, image: &ImageRef, from_path: &str, depth: usize) -> Option<NonRoot> {
        let builders = self.builders(image, from_path);
        let mut first = None;
        for (p, d) in &builders {
            let why = self.non_root(p, d, depth)?;
            first.get_or_insert((*p, why));
        }
        first.map(|(p, why)| NonRoot::Local(p.to_owned(), Box::new(why)))
    }
}

/// `root`, `0`, `root:x`, `0:x`.
fn is_root(user: &str) -> bool {
    let first = user.split_whitespace().next().unwrap_or("");
    let name = first.split(':').next().unwrap_or("");
    name == "root" || name == "0"
}

fn final_user_finding(
    model: &Model,
    local: &LocalImages<'_>,
    path: &str,
    doc: &Dockerfile,
    stage: &Stage,
) -> Option<Finding> {
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
            if non_root_by_default(&root.image_ref)
                || local.local_non_root(&root.image_ref, path, 3).is_some()
                || local.compose_runs_non_root(path).is_some()
            {
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
    /// Images built by another Dockerfile of the scan (named by compose `build:` + `image:` or by
    /// directory) are followed; Docker container actions' Dockerfiles are skipped.
    fn couplings(&self) -> &'static [infra_lint_core::shard::Coupling] {
        use infra_lint_core::kind::FileKind;
        &[infra_lint_core::shard::Coupling::Kinds(&[
            FileKind::Dockerfile,
            FileKind::Compose,
            FileKind::Action,
            FileKind::Workflow,
        ])]
    }

    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        let local = LocalImages::gather(model);
        for (file, doc) in dockerfiles(model) {
            if local.action_dockerfiles.contains(&file.path) {
                continue;
            }
            let Some(stage) = doc.final_stage() else { continue };
            if let Some(f) = final_user_finding(model, &local, &file.path, doc, stage) {
                out.push(f);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use infra_lint_core::load::{load_memory, LoadOptions, MemoryFile};

    use super::*;

    fn file(path: &str, text: &str) -> MemoryFile {
        MemoryFile { path: path.into(), contents: text.as_bytes().to_vec() }
    }

    #[test]
    fn the_reason_follows_a_local_base_image() {
        let model = load_memory(
            vec![
                file("base/Dockerfile", "FROM node:22-slim\nUSER nodejs\n"),
                file("app/Dockerfile", "FROM acme/base:1\nCOPY . .\n"),
                file("ops/Dockerfile", "FROM acme/ops:1\nCOPY . .\n"),
                file("docker-compose.yml", "services:\n  base:\n    build: ./base\n    image: acme/base:1\n"),
            ],
            &LoadOptions::default(),
        );
        let local = LocalImages::gather(&model);
        let doc = |p: &str| dockerfiles(&model).find(|(f, _)| f.path == p).map(|(_, d)| d).unwrap();
        assert_eq!(
            local.non_root("app/Dockerfile", doc("app/Dockerfile"), 3),
            Some(NonRoot::Local("base/Dockerfile".to_owned(), Box::new(NonRoot::User("nodejs".to_owned()))))
        );
        // A base image the repository does not build: nothing is known.
        assert_eq!(local.non_root("ops/Dockerfile", doc("ops/Dockerfile"), 3), None);
        // Without depth left, a local base is not followed.
        assert_eq!(local.non_root("app/Dockerfile", doc("app/Dockerfile"), 0), None);
    }
}
