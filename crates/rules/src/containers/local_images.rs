//! Images a repository builds itself: which Dockerfile builds which image name, read from
//! compose services (`build:` with `image:`) and from workflow steps that build and tag images
//! (`docker build -t … -f …`, `docker/build-push-action` with `tags:`/`file:`/`context:`,
//! `docker tag` and `docker manifest create` aliases). Rules use it to follow a `FROM <name>`
//! to the Dockerfile of the same repository that produces `<name>`, and to find the compose
//! service that runs a Dockerfile's image.
//!
//! Image names are compared as *patterns*: a variable in a tag (`acme/app-$ARCH`,
//! `acme/app:${{ github.sha }}`) matches any text within one path segment. A name whose
//! literal part is too short to identify an image (`$IMAGE`, `${{ steps.meta.outputs.tags }}`)
//! is ignored.

use infra_lint_core::discover::FileKind;
use infra_lint_core::parse::compose::ComposeService;
use infra_lint_core::parse::node::Node;
use infra_lint_core::parse::workflow::{Step, WfEntry};
use infra_lint_core::parse::Document;
use infra_lint_core::source::parent_dir;
use infra_lint_core::{Model, Span};

use super::shell;

/// Collapse `.`/`..` and empty components of a `/`-separated path.
pub(crate) fn clean_path(p: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for c in p.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            c => parts.push(c),
        }
    }
    parts.join("/")
}

/// `rel` resolved against directory `dir` (both relative to the scan root).
pub(crate) fn join(dir: &str, rel: &str) -> String {
    clean_path(&if dir.is_empty() { rel.to_owned() } else { format!("{dir}/{rel}") })
}

/// The repository part of an image reference as a pattern: variables (`$X`, `${X}`, `${{ … }}`,
/// `$(…)`) become `*`, tag and digest removed, lower case, without `docker.io/` and `library/`.
/// `None` when fewer than three letters or digits are literal (the name is unknown).
#[must_use]
pub(crate) fn image_pattern(raw: &str) -> Option<String> {
    let raw = raw.trim().trim_matches(|c| c == '"' || c == '\'');
    let mut s = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(c) = rest.chars().next() {
        if c == '$' {
            let after = rest.get(1..).unwrap_or("");
            let skip = if let Some(r) = after.strip_prefix("{{") {
                r.find("}}").map(|i| 1 + 2 + i + 2)
            } else if let Some(r) = after.strip_prefix('{') {
                r.find('}').map(|i| 1 + 1 + i + 1)
            } else if let Some(r) = after.strip_prefix('(') {
                r.find(')').map(|i| 1 + 1 + i + 1)
            } else {
                let n = after.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').count();
                (n > 0).then_some(1 + n)
            };
            match skip {
                Some(n) => {
                    if !s.ends_with('*') {
                        s.push('*');
                    }
                    rest = rest.get(n..).unwrap_or("");
                    continue;
                }
                None => return None,
            }
        }
        s.push(c.to_ascii_lowercase());
        rest = rest.get(c.len_utf8()..).unwrap_or("");
    }
    let s = s.split('@').next().unwrap_or("");
    let slash = s.rfind('/').map_or(0, |i| i + 1);
    let s = match s.get(slash..).and_then(|last| last.find(':')) {
        Some(c) => s.get(..slash + c).unwrap_or(s),
        None => s,
    };
    let s = s.strip_prefix("docker.io/").or_else(|| s.strip_prefix("index.docker.io/")).unwrap_or(s);
    let s = s.strip_prefix("library/").unwrap_or(s);
    // The image's own name (last segment) must be mostly written out: `ghcr.io/*` (a
    // `${{ github.repository }}` tag) names no image in particular.
    let last = s.rsplit('/').next().unwrap_or(s);
    let literal = s.chars().filter(char::is_ascii_alphanumeric).count();
    let own = last.chars().filter(char::is_ascii_alphanumeric).count();
    (literal >= 3 && own >= 2).then(|| s.to_owned())
}

/// Whether `name` matches `pattern`, where `*` stands for any text without `/`; a leading
/// `*/` segment (a registry given as a variable) may also match nothing.
#[must_use]
pub(crate) fn pattern_matches(pattern: &str, name: &str) -> bool {
    fn go(p: &[u8], n: &[u8]) -> bool {
        match p.split_first() {
            None => n.is_empty(),
            Some((b'*', rest)) => {
                let mut i = 0;
                loop {
                    if go(rest, n.get(i..).unwrap_or(&[])) {
                        return true;
                    }
                    match n.get(i) {
                        Some(b'/') | None => return false,
                        Some(_) => i += 1,
                    }
                }
            }
            Some((c, rest)) => n.split_first().is_some_and(|(d, nrest)| c == d && go(rest, nrest)),
        }
    }
    go(pattern.as_bytes(), name.as_bytes())
        || pattern.strip_prefix("*/").is_some_and(|p| go(p.as_bytes(), name.as_bytes()))
}

/// Where a Dockerfile of the repository is built, and under what name.
#[derive(Debug, Clone)]
pub(crate) struct Build {
    /// Image name pattern (see [`image_pattern`]); `None` when the build is not tagged.
    pub image: Option<String>,
    /// Path of the Dockerfile (relative to the scan root).
    pub dockerfile: String,
    /// For a compose service: whether it defines an enabled `healthcheck:` (and where).
    pub healthcheck: Option<Span>,
    /// For a compose service: its `user:` when it is a non-root user (a literal, or an
    /// interpolation whose default is one, `${UID:-1000}`).
    pub non_root_user: Option<String>,
    /// Declared by a compose service (not a workflow).
    pub from_compose: bool,
}

/// A compose service that runs an image by name (no `build:`).
#[derive(Debug, Clone)]
pub(crate) struct Pulled {
    /// Image name pattern (see [`image_pattern`]).
    pub image: String,
    /// Its enabled `healthcheck:`, if any.
    pub healthcheck: Option<Span>,
}

/// Every local build the repository declares, and the image aliases its workflows create.
#[derive(Debug, Default)]
pub(crate) struct LocalBuilds {
    pub builds: Vec<Build>,
    /// Compose services that run an image by name.
    pub pulled: Vec<Pulled>,
    /// `(target pattern, source pattern)`: `docker tag SRC DST`, `docker manifest create DST SRC…`.
    pub aliases: Vec<(String, String)>,
}

/// The Dockerfile a compose service builds: `build:` (string or `context:`) plus
/// `build.dockerfile` (relative to the context), resolved against the compose file's directory.
pub(crate) fn compose_dockerfile(compose_path: &str, s: &ComposeService, def: Option<&Node>) -> Option<String> {
    let ctx = s.build_context.as_ref().map_or(".", |c| c.value.trim());
    let build = def.and_then(|d| d.get("build"))?;
    if ctx.contains("://") || ctx.starts_with("git@") {
        return None;
    }
    let dir = join(parent_dir(compose_path), ctx);
    let file = build.get("dockerfile").and_then(Node::scalar_text).unwrap_or_else(|| "Dockerfile".to_owned());
    if file.contains('$') {
        return None;
    }
    Some(if file.starts_with('/') { clean_path(&file) } else { join(&dir, &file) })
}

/// An enabled `healthcheck:` of a compose service (not `disable: true`, not `test: ["NONE"]`).
fn compose_healthcheck(def: Option<&Node>) -> Option<Span> {
    let hc = def?.get("healthcheck")?;
    if hc.get("disable").and_then(Node::as_bool) == Some(true) {
        return None;
    }
    let test = hc.get("test");
    let none =
        test.and_then(Node::as_seq).and_then(|t| t.first()).and_then(Node::scalar_text).is_some_and(|t| t == "NONE")
            || test.and_then(Node::scalar_text).is_some_and(|t| t.trim() == "NONE");
    (!none && hc.as_map().is_some()).then_some(hc.span)
}

/// A compose `user:` value that is not root: a literal user (`node`, `1000:1000`) or an
/// interpolation with a non-root default (`${UID:-1000}:${GID:-1000}`).
fn non_root_compose_user(user: &str) -> Option<String> {
    let u = user.trim().trim_matches(|c| c == '"' || c == '\'');
    let name = if let Some(rest) = u.strip_prefix("${") {
        let inner = rest.get(..rest.find('}')?).unwrap_or("");
        inner.split_once(":-").or_else(|| inner.split_once('-')).map(|(_, d)| d.trim())?
    } else {
        u.split(':').next().unwrap_or("").trim()
    };
    (!name.is_empty() && !name.contains('$') && name != "root" && name != "0").then(|| u.to_owned())
}

/// `defaults.run.working-directory` of a workflow or job node.
fn default_working_dir(n: Option<&Node>) -> Option<&Node> {
    n?.get("defaults")?.get("run")?.get("working-directory")
}

/// The directory workflows of `path` run in: the repository root above `.github/`.
fn repo_root(path: &str) -> Option<&str> {
    if path.starts_with(".github/") {
        return Some("");
    }
    path.find("/.github/").and_then(|i| path.get(..i))
}

fn with_value<'a>(with: &'a [WfEntry], key: &str) -> Option<&'a str> {
    with.iter().find(|e| e.key == key).and_then(|e| e.value.as_deref())
}

fn list_items(v: &str) -> impl Iterator<Item = &str> {
    v.split(['\n', ',']).map(str::trim).filter(|t| !t.is_empty())
}

/// `docker build`/`buildx build`/`podman build` options that take a value.
const BUILD_VALUE_OPTS: &[&str] = &[
    "--build-arg",
    "--build-context",
    "--builder",
    "--cache-from",
    "--cache-to",
    "--label",
    "--platform",
    "--target",
    "--secret",
    "--ssh",
    "--output",
    "-o",
    "--progress",
    "--network",
    "--iidfile",
    "--metadata-file",
    "--add-host",
    "--attest",
    "--annotation",
    "--shm-size",
    "--ulimit",
    "--memory",
    "-m",
    "--cpu-shares",
    "--isolation",
    "--allow",
    "--call",
];

impl LocalBuilds {
    /// Record that a workflow builds `dockerfile` and tags the image with each of `tags`.
    fn push_workflow_builds(&mut self, tags: Vec<String>, dockerfile: &str) {
        for t in tags {
            if let Some(image) = image_pattern(&t) {
                self.builds.push(Build {
                    image: Some(image),
                    dockerfile: dockerfile.to_owned(),
                    healthcheck: None,
                    non_root_user: None,
                    from_compose: false,
                });
            }
        }
    }

    pub(crate) fn gather(model: &Model) -> Self {
        let mut out = Self::gather_compose(model);
        for f in model.files_of(FileKind::Workflow) {
            let Some(Document::Workflow(w)) = &f.doc else { continue };
            let Some(root) = repo_root(&f.path) else { continue };
            let doc = w.0.root.as_ref();
            let wf_wd = default_working_dir(doc);
            for job in &w.0.jobs {
                let job_node = doc.and_then(|d| d.get("jobs")).and_then(|j| j.get(&job.id));
                let job_wd = default_working_dir(job_node).or(wf_wd);
                let step_nodes = job_node.and_then(|j| j.get("steps")).and_then(Node::as_seq).unwrap_or(&[]);
                for step in &job.steps {
                    let wd = step_nodes.get(step.index).and_then(|n| n.get("working-directory")).or(job_wd);
                    // `run:` scripts start in the working directory (the repository root by default).
                    let run_dir = match wd.and_then(Node::scalar_text) {
                        Some(d) if d.contains("${{") => None,
                        Some(d) => Some(join(root, &d)),
                        None => Some(root.to_owned()),
                    };
                    out.step(root, run_dir.as_deref(), step, &job.steps);
                }
            }
        }
        out
    }

    /// The builds compose files declare (no workflows).
    fn gather_compose(model: &Model) -> Self {
        let mut out = LocalBuilds::default();
        for f in model.files_of(FileKind::Compose) {
            let Some(Document::Compose(c)) = &f.doc else { continue };
            let defs = c.root.as_ref().and_then(|r| r.get("services"));
            for s in &c.services {
                let def = defs.and_then(|d| d.get(&s.name));
                let Some(dockerfile) = compose_dockerfile(&f.path, s, def) else {
                    if let Some(image) = s.image.as_ref().and_then(|i| image_pattern(&i.value)) {
                        out.pulled.push(Pulled { image, healthcheck: compose_healthcheck(def) });
                    }
                    continue;
                };
                out.builds.push(Build {
                    image: s.image.as_ref().and_then(|i| image_pattern(&i.value)),
                    dockerfile,
                    healthcheck: compose_healthcheck(def),
                    non_root_user: s.user.as_ref().and_then(|u| non_root_compose_user(&u.value)),
                    from_compose: true,
                });
            }
        }
        out
    }

    fn step(&mut self, root: &str, run_dir: Option<&str>, step: &Step, steps: &[Step]) {
        if let Some(uses) = &step.uses {
            let action = uses.value.trim().to_ascii_lowercase();
            // depot/build-push-action takes the same inputs.
            if action.starts_with("docker/build-push-action@") || action.starts_with("depot/build-push-action@") {
                let context = with_value(&step.with, "context").unwrap_or(".");
                if context.contains("://") || context.contains("${{") {
                    return;
                }
                let dockerfile = match with_value(&step.with, "file") {
                    Some(file) if !file.contains("${{") => join(root, file.trim()),
                    Some(_) => return,
                    None => join(&join(root, context.trim()), "Dockerfile"),
                };
                let mut tags: Vec<String> = Vec::new();
                if let Some(t) = with_value(&step.with, "tags") {
                    for item in list_items(t) {
                        match meta_step_images(item, steps) {
                            Some(images) => tags.extend(images),
                            None => tags.push(item.to_owned()),
                        }
                    }
                }
                self.push_workflow_builds(tags, &dockerfile);
            }
        }
        let (Some(run), Some(dir)) = (&step.run, run_dir) else { return };
        let mut dir = Some(dir.to_owned());
        for cmd in shell::script_commands(&run.value) {
            let words: Vec<&str> = cmd.words.iter().map(|w| w.value.as_str()).collect();
            if let ["cd", to] = words.as_slice() {
                // Follow `cd <dir>`; after a `cd` we cannot follow, paths are unknown.
                dir = dir.filter(|_| !to.contains('$') && !to.starts_with('/') && *to != "-").map(|d| join(&d, to));
                continue;
            }
            if let Some(d) = &dir {
                self.command(d, &words);
            }
        }
    }

    /// One simple command of a workflow `run:` script.
    fn command(&mut self, root: &str, words: &[&str]) {
        let Some(p) = words.iter().position(|w| matches!(shell::base(w), "docker" | "podman")) else { return };
        let rest = words.get(p + 1..).unwrap_or(&[]);
        let (sub, args) = match rest {
            ["build", args @ ..] | ["buildx" | "image", "build", args @ ..] => ("build", args),
            ["tag", args @ ..] | ["image", "tag", args @ ..] => ("tag", args),
            ["manifest", "create", args @ ..] | ["buildx", "imagetools", "create", args @ ..] => ("manifest", args),
            _ => return,
        };
        match sub {
            "build" => {
                let mut tags = Vec::new();
                let mut file = None;
                let mut context = None;
                let mut i = 0;
                while let Some(a) = args.get(i) {
                    let next = args.get(i + 1).copied();
                    if let Some(v) = a.strip_prefix("--tag=") {
                        tags.push(v.to_owned());
                    } else if let Some(v) = a.strip_prefix("--file=") {
                        file = Some(v.to_owned());
                    } else if *a == "-t" || *a == "--tag" {
                        tags.extend(next.map(str::to_owned));
                        i += 1;
                    } else if *a == "-f" || *a == "--file" {
                        file = next.map(str::to_owned);
                        i += 1;
                    } else if BUILD_VALUE_OPTS.contains(a) {
                        i += 1;
                    } else if !a.starts_with('-') && context.is_none() {
                        context = Some((*a).to_owned());
                    }
                    i += 1;
                }
                let Some(context) = context else { return };
                if context.contains("://") || context == "-" || context.contains('$') {
                    return;
                }
                let dockerfile = match file {
                    Some(f) if f.contains('$') || f == "-" => return,
                    Some(f) => join(root, &f),
                    None => join(&join(root, &context), "Dockerfile"),
                };
                self.push_workflow_builds(tags, &dockerfile);
            }
            "tag" => {
                let names: Vec<&&str> = args.iter().filter(|a| !a.starts_with('-')).collect();
                if let [src, dst] = names.as_slice() {
                    if let (Some(s), Some(d)) = (image_pattern(src), image_pattern(dst)) {
                        self.aliases.push((d, s));
                    }
                }
            }
            _ => {
                // manifest create TARGET [--amend] SRC… ; imagetools create -t TARGET SRC…
                let mut target = None;
                let mut sources = Vec::new();
                let mut i = 0;
                while let Some(a) = args.get(i) {
                    if *a == "-t" || *a == "--tag" {
                        target = args.get(i + 1).copied();
                        i += 1;
                    } else if !a.starts_with('-') {
                        if target.is_none() {
                            target = Some(a);
                        } else {
                            sources.push(*a);
                        }
                    }
                    i += 1;
                }
                let Some(t) = target.and_then(image_pattern) else { return };
                for s in sources.into_iter().filter_map(image_pattern) {
                    self.aliases.push((t.clone(), s));
                }
            }
        }
    }

    /// Whether the compose services that run the image of the Dockerfile at `path` — building
    /// it (`build:`), or pulling an image name the repository builds from it — are at least one
    /// and all define an enabled `healthcheck:`.
    pub(crate) fn compose_probes(&self, path: &str) -> bool {
        let mine: Vec<&Build> = self.builds.iter().filter(|b| b.dockerfile == path).collect();
        let names: Vec<&str> = mine.iter().filter_map(|b| b.image.as_deref()).collect();
        let pulled: Vec<&Pulled> = self
            .pulled
            .iter()
            .filter(|p| !p.image.contains('*') && names.iter().any(|n| pattern_matches(n, &p.image)))
            .collect();
        let built: Vec<&&Build> = mine.iter().filter(|b| b.from_compose).collect();
        (!built.is_empty() || !pulled.is_empty())
            && built.iter().all(|b| b.healthcheck.is_some())
            && pulled.iter().all(|p| p.healthcheck.is_some())
    }

    /// Dockerfiles whose image `name` (an [`image_pattern`] of a `FROM`, no variables) is,
    /// following aliases a few steps.
    pub(crate) fn dockerfiles_for(&self, name: &str) -> Vec<&Build> {
        let mut out: Vec<&Build> = Vec::new();
        let mut names = vec![name.to_owned()];
        let mut seen = 0;
        while seen < names.len() && seen < 8 {
            let n = names.get(seen).cloned().unwrap_or_default();
            seen += 1;
            for b in &self.builds {
                if b.image.as_deref().is_some_and(|p| pattern_matches(p, &n))
                    && !out.iter().any(|o| o.dockerfile == b.dockerfile)
                {
                    out.push(b);
                }
            }
            for (t, s) in &self.aliases {
                if pattern_matches(t, &n) && !names.contains(s) {
                    names.push(s.clone());
                }
            }
        }
        out
    }
}

/// Tags given as a `docker/metadata-action` step's output (`${{ steps.meta.outputs.tags }}`):
/// that step's `images:` (one per line or comma, `name=` form accepted).
fn meta_step_images(tag: &str, steps: &[Step]) -> Option<Vec<String>> {
    let inner = tag.trim().strip_prefix("${{")?.strip_suffix("}}")?.trim();
    let id = inner.strip_prefix("steps.")?.strip_suffix(".outputs.tags")?;
    let step = steps.iter().find(|s| s.id.as_ref().is_some_and(|i| i.value == id))?;
    if !step.uses.as_ref()?.value.to_ascii_lowercase().starts_with("docker/metadata-action@") {
        return None;
    }
    let images = with_value(&step.with, "images")?;
    Some(
        list_items(images)
            .filter_map(|i| {
                if i.contains('=') {
                    i.split(',').find_map(|kv| kv.trim().strip_prefix("name=")).map(str::to_owned)
                } else {
                    Some(i.to_owned())
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compose_users() {
        assert_eq!(non_root_compose_user("node").as_deref(), Some("node"));
        assert_eq!(non_root_compose_user("\"1000:1000\"").as_deref(), Some("1000:1000"));
        assert_eq!(non_root_compose_user("${UID:-1000}:${GID:-1000}").as_deref(), Some("${UID:-1000}:${GID:-1000}"));
        assert_eq!(non_root_compose_user("${UID}:${GID}"), None);
        assert_eq!(non_root_compose_user("root"), None);
        assert_eq!(non_root_compose_user("0:0"), None);
        assert_eq!(non_root_compose_user("${RUN_AS:-0}"), None);
    }

    #[test]
    fn patterns() {
        assert_eq!(image_pattern("documenso/documenso:${TAG}").as_deref(), Some("documenso/documenso"));
        assert_eq!(
            image_pattern("\"documenso/documenso-$BUILD_PLATFORM:latest\"").as_deref(),
            Some("documenso/documenso-*")
        );
        assert_eq!(image_pattern("docker.io/library/node:20").as_deref(), Some("node"));
        assert_eq!(image_pattern("ghcr.io/acme/app@sha256:abc").as_deref(), Some("ghcr.io/acme/app"));
        assert_eq!(image_pattern("localhost:5000/app:1").as_deref(), Some("localhost:5000/app"));
        assert_eq!(image_pattern("${{ steps.meta.outputs.tags }}"), None);
        assert_eq!(image_pattern("$IMAGE:latest"), None);
        assert_eq!(image_pattern("ghcr.io/${{ github.repository }}:latest"), None);
        assert_eq!(image_pattern("${REGISTRY:-ghcr.io}/acme/app:${TAG}").as_deref(), Some("*/acme/app"));
        assert!(pattern_matches("documenso/documenso-*", "documenso/documenso-amd64"));
        assert!(!pattern_matches("documenso/documenso-*", "documenso/documenso"));
        assert!(!pattern_matches("acme/*", "acme/a/b"));
        assert!(pattern_matches("*/acme/app", "acme/app"));
        assert!(pattern_matches("*/acme/app", "ghcr.io/acme/app"));
    }

    #[test]
    fn workflow_commands_and_aliases() {
        let mut b = LocalBuilds::default();
        b.command(
            "repo",
            &["docker", "build", "-f", "./docker/Dockerfile", "--build-arg", "A=1", "-t", "acme/app-$ARCH:latest", "."],
        );
        b.command("repo", &["docker", "manifest", "create", "acme/app:latest", "--amend", "acme/app-amd64:latest"]);
        b.command("repo", &["docker", "buildx", "build", "--tag=acme/worker", "worker"]);
        b.command("repo", &["docker", "tag", "acme/worker", "ghcr.io/acme/worker:1"]);
        let paths = |n: &str| b.dockerfiles_for(n).iter().map(|x| x.dockerfile.clone()).collect::<Vec<_>>();
        assert_eq!(paths("acme/app"), ["repo/docker/Dockerfile"]);
        assert_eq!(paths("acme/app-arm64"), ["repo/docker/Dockerfile"]);
        assert_eq!(paths("ghcr.io/acme/worker"), ["repo/worker/Dockerfile"]);
        assert!(paths("acme/other").is_empty());
    }
}
