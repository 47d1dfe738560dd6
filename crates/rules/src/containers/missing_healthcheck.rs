//! `missing-healthcheck`: the image built by a Dockerfile has no `HEALTHCHECK`.

use infra_lint_core::parse::dockerfile::{Dockerfile, Stage};
use infra_lint_core::{Finding, Model};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};

use super::local_images::LocalBuilds;
use super::{dockerfiles, emit};

declare_rule! {
    /// ## What it does
    /// Reports a Dockerfile whose final image runs a long-lived network service but has no
    /// `HEALTHCHECK` — none in the final stage nor in the local stages it is built `FROM` — at
    /// the final stage's `FROM`. A `HEALTHCHECK NONE` counts as a deliberate choice.
    ///
    /// An image counts as a service when its final stage (or a local stage it is built `FROM`)
    /// `EXPOSE`s a port, when its `CMD`/`ENTRYPOINT` starts a server (`nginx`, `httpd`,
    /// `gunicorn`, `uvicorn`, `puma`, `java -jar`, `npm start`, `rails server`, `manage.py
    /// runserver`, `php-fpm` …), or when it is built on a web-server base image (`nginx`,
    /// `httpd`, `caddy`, `tomcat` …) without overriding the command. Build, tool, job and base
    /// images — no exposed port and no server command — are not reported: a health check has
    /// nothing to probe there. Neither are images whose final stage starts `FROM scratch` (there
    /// is no shell or tool to probe with).
    ///
    /// A Dockerfile whose image the repository's compose services run is not reported when
    /// every one of those services defines an enabled `healthcheck:` (not `disable: true`, not
    /// `test: ["NONE"]`): compose probes the container there, which is what the image's
    /// `HEALTHCHECK` would do. A service runs the image when it builds the Dockerfile (`build:`
    /// with its context and `dockerfile:`), or names in `image:` an image the repository
    /// builds from it (a compose `build:` with `image:`, or a workflow that builds and tags it,
    /// see `container-root-user`). A Dockerfile that no compose service runs, or that one runs
    /// without a `healthcheck:`, is judged as above.
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
    /// Compose services that build a Dockerfile with a `healthcheck:` cover it.
    fn couplings(&self) -> &'static [infra_lint_core::shard::Coupling] {
        use infra_lint_core::kind::FileKind;
        &[infra_lint_core::shard::Coupling::Kinds(&[FileKind::Dockerfile, FileKind::Compose, FileKind::Workflow])]
    }

    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        let local = LocalBuilds::gather(model);
        for (file, doc) in dockerfiles(model) {
            if local.compose_probes(&file.path) {
                continue;
            }
            let Some(last) = doc.final_stage() else { continue };
            if last.image.value.eq_ignore_ascii_case("scratch") {
                continue;
            }
            let chain = final_chain(doc, last);
            let has = |kw: &[&str]| {
                chain.iter().any(|s| {
                    s.instructions
                        .iter()
                        .filter_map(|&i| doc.instructions.get(i))
                        .any(|i| kw.contains(&i.keyword.as_str()))
                })
            };
            if has(&["HEALTHCHECK"]) || !runs_service(doc, &chain) {
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

/// The final stage and the local stages it is built `FROM`, nearest first.
pub(crate) fn final_chain<'a>(doc: &'a Dockerfile, last: &'a Stage) -> Vec<&'a Stage> {
    let mut chain = vec![last];
    let mut cur = last;
    while let Some(b) = cur.base_stage.and_then(|i| doc.stages.get(i)) {
        if chain.iter().any(|s| s.index == b.index) {
            break;
        }
        chain.push(b);
        cur = b;
    }
    chain
}

/// Programs (first word of a command, or any word of it) that start a long-lived server.
const SERVER_WORDS: &[&str] = &[
    "nginx",
    "httpd",
    "httpd-foreground",
    "apache2",
    "apache2-foreground",
    "apachectl",
    "caddy",
    "traefik",
    "envoy",
    "haproxy",
    "gunicorn",
    "uvicorn",
    "hypercorn",
    "daphne",
    "waitress-serve",
    "uwsgi",
    "puma",
    "unicorn",
    "thin",
    "passenger",
    "catalina.sh",
    "php-fpm",
    "frankenphp",
    "runserver",
    "http-server",
    "serve",
    "supervisord",
    "streamlit",
    "gradio",
    "jupyter",
    "redis-server",
    "mongod",
    "mysqld",
    "postgres",
    "server",
];

/// Base images whose default command is a server.
const SERVER_BASES: &[&str] = &[
    "nginx",
    "nginxinc/nginx-unprivileged",
    "httpd",
    "caddy",
    "tomcat",
    "jetty",
    "traefik",
    "haproxy",
    "php",
    "wordpress",
    "openresty/openresty",
];

/// Whether a `CMD`/`ENTRYPOINT` word starts a server: a known server program, `java -jar`, a
/// `start`/`serve`/`server` subcommand (`npm start`, `rails server`, `flask run`), or a script
/// named like a server (`server.js`, `app/server.py`).
fn server_command(words: &[String]) -> bool {
    let base = |w: &str| w.rsplit('/').next().unwrap_or(w).to_ascii_lowercase();
    let names: Vec<String> = words.iter().map(|w| base(w)).collect();
    let has = |w: &str| names.iter().any(|n| n == w);
    if names.iter().any(|n| SERVER_WORDS.contains(&n.as_str())) {
        return true;
    }
    if has("java") && has("-jar") {
        return true;
    }
    if (has("npm") || has("yarn") || has("pnpm") || has("bun")) && (has("start") || has("serve")) {
        return true;
    }
    if (has("rails") || has("bin/rails")) && (has("server") || has("s")) {
        return true;
    }
    if has("flask") && has("run") {
        return true;
    }
    names.iter().any(|n| {
        let stem = n.split('.').next().unwrap_or(n);
        n.contains('.')
            && matches!(stem, "server" | "app" | "main" | "index" | "wsgi" | "asgi")
            && [".js", ".mjs", ".cjs", ".ts", ".py", ".rb"].iter().any(|e| n.ends_with(e))
            && (has("node")
                || has("python")
                || has("python3")
                || has("ruby")
                || has("deno")
                || has("bun")
                || has("tsx"))
    })
}

/// Whether the image built from `chain` (the final stage first, then the local stages it is
/// built `FROM`) runs a long-lived service.
pub(crate) fn runs_service(doc: &Dockerfile, chain: &[&Stage]) -> bool {
    let instrs = || chain.iter().flat_map(|s| s.instructions.iter().filter_map(|&i| doc.instructions.get(i)));
    if instrs().any(|i| i.keyword == "EXPOSE") {
        return true;
    }
    let mut overridden = false;
    for i in instrs().filter(|i| i.keyword == "CMD" || i.keyword == "ENTRYPOINT") {
        overridden = true;
        let mut words: Vec<String> = i.args.iter().map(|w| w.value.clone()).collect();
        if words.is_empty() {
            words = i.args_text.split_whitespace().map(str::to_owned).collect();
        }
        let words: Vec<String> = words.iter().flat_map(|w| w.split_whitespace().map(str::to_owned)).collect();
        if server_command(&words) {
            return true;
        }
    }
    if overridden {
        return false;
    }
    let root = doc.root_stage(chain[0]);
    let name = root.image_ref.name.to_ascii_lowercase();
    let short = name.strip_prefix("docker.io/").unwrap_or(&name);
    let short = short.strip_prefix("library/").unwrap_or(short);
    let tag = root.image_ref.tag.as_deref().unwrap_or("");
    SERVER_BASES.contains(&short) && (short != "php" || tag.contains("apache") || tag.contains("fpm"))
}

#[cfg(test)]
mod tests {
    use super::server_command;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn server_commands() {
        assert!(server_command(&words("gunicorn app:app -b 0.0.0.0:8000")));
        assert!(server_command(&words("java -jar /app.jar")));
        assert!(server_command(&words("npm run start")));
        assert!(server_command(&words("node dist/server.js")));
        assert!(server_command(&words("bundle exec rails server -b 0.0.0.0")));
        assert!(server_command(&words("/usr/sbin/nginx -g daemon off;")));
        assert!(!server_command(&words("python manage.py migrate")));
        assert!(!server_command(&words("/bin/sh")));
        assert!(!server_command(&words("terraform plan")));
        assert!(!server_command(&words("node build.js")));
    }
}
