//! File formats: [`FileKind`] and the classification of a path ([`classify`]) by name (and, for
//! ambiguous YAML, by its first bytes). Used by the walk, the parsers and the rules alike.

use std::path::Path;

use serde::{Deserialize, Serialize};

/// The format of an infrastructure file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FileKind {
    /// `*.tf`
    Terraform,
    /// `*.tf.json`
    TerraformJson,
    /// `*.tfvars`, `*.auto.tfvars`
    Tfvars,
    /// `*.tfvars.json`
    TfvarsJson,
    /// `fly.toml`, `fly.*.toml`, `*.fly.toml`
    Fly,
    /// `docker-compose*.y*ml`, `compose*.y*ml`
    Compose,
    /// `Dockerfile`, `Dockerfile.*`, `Dockerfile-*`, `Dockerfile_*`, `*.Dockerfile`, `Containerfile*`
    Dockerfile,
    /// `.env`, `.env.*`, `*.env`
    Env,
    /// `.github/workflows/*.y*ml`
    Workflow,
    /// `action.y*ml`
    Action,
    /// SQL migrations
    Sql,
    /// `railway.toml`, `railway.json`, `railway.*.json`
    Railway,
    /// `vercel.json`
    Vercel,
    /// `wrangler.toml`, `wrangler.json`, `wrangler.jsonc` (Cloudflare Workers)
    Wrangler,
    /// `nginx.conf`, `*.conf` under `nginx/`, `conf.d/` (when it reads as nginx), `sites-*/`
    Nginx,
    /// `supabase/config.toml` (the Supabase CLI's project configuration)
    SupabaseConfig,
    /// `.github/dependabot.yml` / `.github/dependabot.yaml` (Dependabot version updates)
    Dependabot,
    /// `.pre-commit-config.yaml` / `.pre-commit-config.yml` (the pre-commit framework's hooks)
    PreCommit,
}

impl FileKind {
    /// Short lower-case name used in output and config.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            FileKind::Terraform => "terraform",
            FileKind::TerraformJson => "terraform-json",
            FileKind::Tfvars => "tfvars",
            FileKind::TfvarsJson => "tfvars-json",
            FileKind::Fly => "fly",
            FileKind::Compose => "compose",
            FileKind::Dockerfile => "dockerfile",
            FileKind::Env => "env",
            FileKind::Workflow => "workflow",
            FileKind::Action => "action",
            FileKind::Sql => "sql",
            FileKind::Railway => "railway",
            FileKind::Vercel => "vercel",
            FileKind::Wrangler => "wrangler",
            FileKind::Nginx => "nginx",
            FileKind::SupabaseConfig => "supabase-config",
            FileKind::Dependabot => "dependabot",
            FileKind::PreCommit => "pre-commit",
        }
    }
}

/// The classification of a path: its kind and whether it is an example/template file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Classified {
    /// The format.
    pub kind: FileKind,
    /// An example, sample or template (`.env.example`, `terraform.tfvars.example`, …).
    pub example: bool,
}

const EXAMPLE_SUFFIXES: [&str; 6] = [".example", ".sample", ".template", ".dist", ".tpl", ".tmpl"];

fn strip_example(name: &str) -> (&str, bool) {
    for suf in EXAMPLE_SUFFIXES {
        if let Some(stem) = name.strip_suffix(suf) {
            return (stem, true);
        }
    }
    (name, false)
}

fn is_yaml(name: &str) -> bool {
    name.ends_with(".yml") || name.ends_with(".yaml")
}

/// Classify a path relative to the scan root. `head` is an optional peek at the file's start,
/// used for YAML under a `compose/` directory (classified as compose when it has top-level `services:`).
#[must_use]
pub fn classify(rel: &Path, head: Option<&str>) -> Option<Classified> {
    let name = rel.file_name()?.to_str()?;
    let lower = name.to_ascii_lowercase();
    let comps: Vec<String> = rel
        .parent()
        .map(|p| p.components().map(|c| c.as_os_str().to_string_lossy().to_ascii_lowercase()).collect())
        .unwrap_or_default();
    let in_dir = |d: &str| comps.iter().any(|c| c == d);

    // GitHub workflows and actions.
    if is_yaml(&lower) {
        let n = comps.len();
        if n >= 2 && comps[n - 2] == ".github" && comps[n - 1] == "workflows" {
            return Some(Classified { kind: FileKind::Workflow, example: false });
        }
        if lower == "action.yml" || lower == "action.yaml" {
            return Some(Classified { kind: FileKind::Action, example: false });
        }
        // Dependabot reads its configuration only from `.github/` at the repository root.
        if (lower == "dependabot.yml" || lower == "dependabot.yaml") && comps.last().is_some_and(|d| d == ".github") {
            return Some(Classified { kind: FileKind::Dependabot, example: false });
        }
        // pre-commit reads `.pre-commit-config.yaml` from the root of the repository it runs in
        // (`.yml` with `-c`); monorepos keep one per project, so any directory counts.
        if lower == ".pre-commit-config.yaml" || lower == ".pre-commit-config.yml" {
            return Some(Classified { kind: FileKind::PreCommit, example: false });
        }
    }

    let (stem, example) = strip_example(&lower);

    // Terraform.
    if stem.ends_with(".tfvars.json") {
        return Some(Classified { kind: FileKind::TfvarsJson, example });
    }
    if stem.ends_with(".tfvars") {
        return Some(Classified { kind: FileKind::Tfvars, example });
    }
    if !example && lower.ends_with(".tf.json") {
        return Some(Classified { kind: FileKind::TerraformJson, example: false });
    }
    if !example && lower.ends_with(".tf") {
        return Some(Classified { kind: FileKind::Terraform, example: false });
    }

    // supabase/config.toml
    if !example && lower == "config.toml" && comps.last().is_some_and(|d| d == "supabase") {
        return Some(Classified { kind: FileKind::SupabaseConfig, example: false });
    }

    // fly.toml
    if !example
        && lower.ends_with(".toml")
        && (lower == "fly.toml" || lower.starts_with("fly.") || lower.ends_with(".fly.toml"))
    {
        return Some(Classified { kind: FileKind::Fly, example: false });
    }

    // Compose.
    if is_yaml(stem) {
        if stem.starts_with("docker-compose") || (stem.starts_with("compose") && !stem.starts_with("composer")) {
            // `docker-compose.example.yml`, `compose.sample.yaml`: the marker sits before the extension.
            let example =
                example || stem.split(['.', '-', '_']).any(|p| matches!(p, "example" | "sample" | "template" | "dist"));
            return Some(Classified { kind: FileKind::Compose, example });
        }
        if in_dir("compose") && head.is_some_and(has_top_level_services) {
            return Some(Classified { kind: FileKind::Compose, example });
        }
    }

    // Dockerfile.
    if lower == "dockerfile"
        || lower == "containerfile"
        || (is_dockerfile_variant(&lower) && !is_source_like(&lower))
        || lower.ends_with(".dockerfile")
        || lower.ends_with(".containerfile")
    {
        return Some(Classified { kind: FileKind::Dockerfile, example: false });
    }

    // dotenv.
    // `.env-example`, `.env_sample`, `.env-template`: the separator after `.env` varies.
    let env_variant = (lower.starts_with(".env-") || lower.starts_with(".env_")) && lower.len() > 5;
    // `env.example`, `env.sample`, `env.local.template`: the dot-less spelling, only as an
    // example (a bare `env` or `env.go` is something else).
    let bare_example = example && (stem == "env" || stem.starts_with("env."));
    if stem == ".env" || lower.starts_with(".env.") || stem.ends_with(".env") || env_variant || bare_example {
        // `.env.example`, `.env.local.example`, `.env.sample` …
        let example = example
            || lower
                .split(['.', '-', '_'])
                .any(|p| matches!(p, "example" | "examples" | "sample" | "template" | "tmpl" | "dist" | "defaults"));
        return Some(Classified { kind: FileKind::Env, example });
    }

    // SQL migrations.
    if lower.ends_with(".sql") && in_dir("migrations") {
        return Some(Classified { kind: FileKind::Sql, example: false });
    }

    // Platform configuration: Railway, Vercel, Cloudflare Workers.
    if stem == "railway.toml"
        || stem == "railway.json"
        || (stem.starts_with("railway.") && (stem.ends_with(".json") || stem.ends_with(".toml")))
    {
        return Some(Classified { kind: FileKind::Railway, example });
    }
    if stem == "vercel.json" {
        return Some(Classified { kind: FileKind::Vercel, example });
    }
    if matches!(stem, "wrangler.toml" | "wrangler.json" | "wrangler.jsonc") {
        return Some(Classified { kind: FileKind::Wrangler, example });
    }

    // nginx.
    if stem.ends_with(".conf") || stem.ends_with(".nginx") {
        let named = stem == "nginx.conf" || stem.starts_with("nginx.") || stem.ends_with(".nginx");
        let nginx_dir = in_dir("nginx") || in_dir("sites-available") || in_dir("sites-enabled");
        // `conf.d/` is shared with Apache, supervisord …: the file must read as nginx.
        let conf_d = in_dir("conf.d") && head.is_some_and(looks_like_nginx);
        if named || nginx_dir || conf_d {
            return Some(Classified { kind: FileKind::Nginx, example });
        }
    }
    None
}

/// `Dockerfile.<x>`, `Dockerfile-<x>`, `Dockerfile_<x>` (and the same for `Containerfile`): the
/// names Docker's and Podman's users give build variants (`Dockerfile.dev`, `Dockerfile-prod`,
/// `Dockerfile_worker`).
fn is_dockerfile_variant(lower: &str) -> bool {
    ["dockerfile", "containerfile"].iter().any(|base| {
        lower
            .strip_prefix(base)
            .is_some_and(|rest| rest.len() > 1 && matches!(rest.as_bytes().first(), Some(b'.' | b'-' | b'_')))
    })
}

/// Whether a file start reads as nginx configuration (a `server`/`location`/`upstream`/`http`
/// block or a directive only nginx has).
#[must_use]
pub fn looks_like_nginx(head: &str) -> bool {
    head.lines().map(str::trim_start).filter(|l| !l.starts_with('#')).any(|l| {
        let word = l.split(|c: char| c.is_whitespace() || c == '{' || c == ';').next().unwrap_or("");
        matches!(
            word,
            "server"
                | "location"
                | "upstream"
                | "http"
                | "events"
                | "proxy_pass"
                | "listen"
                | "server_name"
                | "add_header"
                | "ssl_protocols"
                | "ssl_certificate"
                | "worker_processes"
                | "map"
                | "limit_req_zone"
        ) && (l.contains('{') || l.ends_with(';'))
    })
}

/// Whether the walk must peek at a file's first bytes to classify it (see [`classify`]).
#[must_use]
pub fn needs_head(rel: &Path) -> bool {
    rel.components().any(|c| {
        let c = c.as_os_str();
        c.eq_ignore_ascii_case("compose") || c.eq_ignore_ascii_case("conf.d")
    })
}

/// `Dockerfile.<ext>` names a Dockerfile variant (`Dockerfile.dev`, `Dockerfile.prod`), except when
/// the extension is a source, data or documentation format (`dockerfile.rs`, `Dockerfile.md`).
fn is_source_like(lower: &str) -> bool {
    const EXTS: [&str; 30] = [
        "rs", "go", "py", "js", "mjs", "cjs", "ts", "tsx", "jsx", "rb", "java", "kt", "cs", "php", "md", "markdown",
        "rst", "txt", "json", "yml", "yaml", "toml", "sh", "bash", "ps1", "lock", "html", "snap", "orig", "bak",
    ];
    lower.rsplit_once('.').is_some_and(|(_, ext)| EXTS.contains(&ext))
}

fn has_top_level_services(head: &str) -> bool {
    head.lines().any(|l| l.starts_with("services:"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(p: &str) -> Option<(FileKind, bool)> {
        classify(Path::new(p), None).map(|c| (c.kind, c.example))
    }

    #[test]
    fn classifies_every_documented_pattern() {
        assert_eq!(k("main.tf"), Some((FileKind::Terraform, false)));
        assert_eq!(k("x/main.tf.json"), Some((FileKind::TerraformJson, false)));
        assert_eq!(k("terraform.tfvars"), Some((FileKind::Tfvars, false)));
        assert_eq!(k("prod.auto.tfvars"), Some((FileKind::Tfvars, false)));
        assert_eq!(k("a.tfvars.json"), Some((FileKind::TfvarsJson, false)));
        assert_eq!(k("terraform.tfvars.example"), Some((FileKind::Tfvars, true)));
        assert_eq!(k("fly.toml"), Some((FileKind::Fly, false)));
        assert_eq!(k("supabase/config.toml"), Some((FileKind::SupabaseConfig, false)));
        assert_eq!(k("apps/web/supabase/config.toml"), Some((FileKind::SupabaseConfig, false)));
        assert_eq!(k("config.toml"), None);
        assert_eq!(k("fly.production.toml"), Some((FileKind::Fly, false)));
        assert_eq!(k("api.fly.toml"), Some((FileKind::Fly, false)));
        assert_eq!(k("docker-compose.prod.yml"), Some((FileKind::Compose, false)));
        assert_eq!(k("compose.yaml"), Some((FileKind::Compose, false)));
        assert_eq!(k("Dockerfile"), Some((FileKind::Dockerfile, false)));
        assert_eq!(k("Dockerfile.dev"), Some((FileKind::Dockerfile, false)));
        assert_eq!(k("api.Dockerfile"), Some((FileKind::Dockerfile, false)));
        assert_eq!(k("Containerfile"), Some((FileKind::Dockerfile, false)));
        assert_eq!(k("Dockerfile.prod"), Some((FileKind::Dockerfile, false)));
        assert_eq!(k("src/parse/dockerfile.rs"), None);
        assert_eq!(k("docs/Dockerfile.md"), None);
        assert_eq!(k("Dockerfile_worker"), Some((FileKind::Dockerfile, false)));
        assert_eq!(k("Dockerfile-prod"), Some((FileKind::Dockerfile, false)));
        assert_eq!(k("Containerfile.arm64"), Some((FileKind::Dockerfile, false)));
        assert_eq!(k("Containerfile-dev"), Some((FileKind::Dockerfile, false)));
        assert_eq!(k("Dockerfile-prod.md"), None);
        assert_eq!(k("Dockerfile_"), None);
        assert_eq!(k("dockerfiles"), None);
        assert_eq!(k("dockerfile_test.go"), None);
        assert_eq!(k(".env-example"), Some((FileKind::Env, true)));
        assert_eq!(k(".env_sample"), Some((FileKind::Env, true)));
        assert_eq!(k(".env-template"), Some((FileKind::Env, true)));
        assert_eq!(k(".env.sample"), Some((FileKind::Env, true)));
        assert_eq!(k(".env-production"), Some((FileKind::Env, false)));
        assert_eq!(k("env.example"), Some((FileKind::Env, true)));
        assert_eq!(k("docker-compose.example.yml"), Some((FileKind::Compose, true)));
        assert_eq!(k("compose.sample.yaml"), Some((FileKind::Compose, true)));
        assert_eq!(k("docker-compose.prod.yml"), Some((FileKind::Compose, false)));
        assert_eq!(k("env.sample"), Some((FileKind::Env, true)));
        assert_eq!(k("env.local.template"), Some((FileKind::Env, true)));
        assert_eq!(k(".env.dist"), Some((FileKind::Env, true)));
        assert_eq!(k(".env-dist"), Some((FileKind::Env, true)));
        assert_eq!(k("example.env"), Some((FileKind::Env, true)));
        assert_eq!(k(".env.tpl"), Some((FileKind::Env, true)));
        assert_eq!(k("env"), None);
        assert_eq!(k("env.go"), None);
        assert_eq!(k("composer.yaml"), None);
        assert_eq!(k(".env"), Some((FileKind::Env, false)));
        assert_eq!(k(".env.production"), Some((FileKind::Env, false)));
        assert_eq!(k(".env.example"), Some((FileKind::Env, true)));
        assert_eq!(k(".env.local.sample"), Some((FileKind::Env, true)));
        assert_eq!(k("app.env"), Some((FileKind::Env, false)));
        assert_eq!(k(".github/workflows/ci.yml"), Some((FileKind::Workflow, false)));
        assert_eq!(k("action.yml"), Some((FileKind::Action, false)));
        assert_eq!(k(".github/dependabot.yml"), Some((FileKind::Dependabot, false)));
        assert_eq!(k("repo/.github/dependabot.yaml"), Some((FileKind::Dependabot, false)));
        assert_eq!(k("dependabot.yml"), None);
        assert_eq!(k(".pre-commit-config.yaml"), Some((FileKind::PreCommit, false)));
        assert_eq!(k("tools/api/.pre-commit-config.yml"), Some((FileKind::PreCommit, false)));
        assert_eq!(k(".pre-commit-hooks.yaml"), None);
        assert_eq!(k("pre-commit-config.yaml"), None);
        assert_eq!(k(".github/workflows/dependabot.yml"), Some((FileKind::Workflow, false)));
        assert_eq!(k(".github/actions/setup/action.yaml"), Some((FileKind::Action, false)));
        assert_eq!(k("prisma/migrations/20240101_init/migration.sql"), Some((FileKind::Sql, false)));
        assert_eq!(k("supabase/migrations/001.sql"), Some((FileKind::Sql, false)));
        assert_eq!(k("db/schema.sql"), None);
        assert_eq!(k("README.md"), None);
        assert_eq!(k("values.yaml"), None);
        assert_eq!(k("railway.toml"), Some((FileKind::Railway, false)));
        assert_eq!(k("apps/api/railway.json"), Some((FileKind::Railway, false)));
        assert_eq!(k("railway.production.json"), Some((FileKind::Railway, false)));
        assert_eq!(k("vercel.json"), Some((FileKind::Vercel, false)));
        assert_eq!(k("wrangler.toml"), Some((FileKind::Wrangler, false)));
        assert_eq!(k("workers/api/wrangler.jsonc"), Some((FileKind::Wrangler, false)));
        assert_eq!(k("wrangler.json"), Some((FileKind::Wrangler, false)));
        assert_eq!(k("nginx.conf"), Some((FileKind::Nginx, false)));
        assert_eq!(k("deploy/nginx/site.conf"), Some((FileKind::Nginx, false)));
        assert_eq!(k("nginx.prod.conf"), Some((FileKind::Nginx, false)));
        assert_eq!(k("etc/sites-enabled/app.conf"), Some((FileKind::Nginx, false)));
        assert_eq!(k("etc/conf.d/app.conf"), None);
        assert_eq!(k("supervisor.conf"), None);
        assert_eq!(k("package.json"), None);
        assert_eq!(k("railways.json"), None);
    }

    #[test]
    fn conf_d_needs_nginx_contents() {
        let p = Path::new("docker/conf.d/default.conf");
        assert!(needs_head(p));
        let nginx = "# site\nserver {\n  listen 80;\n}\n";
        assert_eq!(classify(p, Some(nginx)).map(|c| c.kind), Some(FileKind::Nginx));
        assert_eq!(classify(p, Some("[program:web]\ncommand=/bin/web\n")), None);
        assert_eq!(classify(p, Some("<VirtualHost *:80>\n</VirtualHost>\n")), None);
    }

    #[test]
    fn compose_dir_needs_services() {
        let p = Path::new("deploy/compose/app.yml");
        assert_eq!(classify(p, Some("version: '3'\nservices:\n  a: {}\n")).map(|c| c.kind), Some(FileKind::Compose));
        assert_eq!(classify(p, Some("foo: bar\n")), None);
    }
}
