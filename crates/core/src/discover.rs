//! The walk: finds a repository's infrastructure files and classifies them by format.
//!
//! `.gitignore`-aware and parallel (the `ignore` crate), hidden files included (`.github/`,
//! `.env.example`), `.git/`, `.terraform/` and `node_modules/` always skipped, `.infra-lintignore`
//! honoured (from the scan root down, not above it). Symlinks are not followed, so symlink loops
//! cannot trap the walk.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::finding::Diagnostic;
use crate::source::path_to_slash;

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
    if stem == ".env" || lower.starts_with(".env.") || stem.ends_with(".env") || env_variant {
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

/// A file found by the walk.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Discovered {
    /// Path relative to the scan root.
    pub rel: PathBuf,
    /// Absolute (or as given) path to read from.
    pub abs: PathBuf,
    /// Its classification.
    pub class: ClassifiedOrd,
}

/// [`Classified`] with an ordering, so discovered files sort deterministically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ClassifiedOrd {
    /// The format.
    pub kind: FileKind,
    /// Example file.
    pub example: bool,
}

impl From<Classified> for ClassifiedOrd {
    fn from(c: Classified) -> Self {
        Self { kind: c.kind, example: c.example }
    }
}

/// Directories never descended into.
pub const SKIP_DIRS: [&str; 3] = [".git", ".terraform", "node_modules"];

/// Walk `root` and return every infrastructure file (sorted by relative path) and any walk
/// diagnostics (unreadable directories, broken `.gitignore` lines …).
#[must_use]
pub fn discover(root: &Path) -> (Vec<Discovered>, Vec<Diagnostic>) {
    let found = Mutex::new(Vec::new());
    let diags = Mutex::new(Vec::new());
    if root.is_file() {
        let rel = PathBuf::from(root.file_name().unwrap_or(root.as_os_str()));
        let head = read_head(root);
        if let Some(c) = classify(root, head.as_deref()).or_else(|| classify(&rel, head.as_deref())) {
            return (vec![Discovered { rel, abs: root.to_path_buf(), class: c.into() }], Vec::new());
        }
        return (Vec::new(), Vec::new());
    }
    let mut builder = ignore::WalkBuilder::new(root);
    builder
        .hidden(false)
        .require_git(false)
        .follow_links(false)
        // The scan root is the world: ignore files above it do not apply (so scanning a fixture
        // directory inside a repository whose root ignores `testdata/` still works).
        .parents(false)
        .add_custom_ignore_filename(".infra-lintignore")
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            !(e.file_type().is_some_and(|t| t.is_dir()) && SKIP_DIRS.contains(&name.as_ref()))
        });
    builder.build_parallel().run(|| {
        Box::new(|entry| {
            match entry {
                Ok(e) => {
                    if e.file_type().is_some_and(|t| t.is_file()) {
                        let abs = e.path().to_path_buf();
                        let rel = abs.strip_prefix(root).map(Path::to_path_buf).unwrap_or_else(|_| abs.clone());
                        let needs_head = rel.components().any(|c| c.as_os_str().eq_ignore_ascii_case("compose"));
                        let head = if needs_head { read_head(&abs) } else { None };
                        if let Some(c) = classify(&rel, head.as_deref()) {
                            if let Ok(mut v) = found.lock() {
                                v.push(Discovered { rel, abs, class: c.into() });
                            }
                        }
                    }
                }
                Err(err) => {
                    let path = match &err {
                        ignore::Error::WithPath { path, .. } => path.clone(),
                        _ => root.to_path_buf(),
                    };
                    let rel = path.strip_prefix(root).map(Path::to_path_buf).unwrap_or(path);
                    if let Ok(mut d) = diags.lock() {
                        d.push(Diagnostic::warning("walk-error", path_to_slash(&rel), err.to_string()));
                    }
                }
            }
            ignore::WalkState::Continue
        })
    });
    let mut found = found.into_inner().unwrap_or_default();
    found.sort();
    let mut diags = diags.into_inner().unwrap_or_default();
    diags.sort();
    (found, diags)
}

/// Walk several paths (directories or files) as one scan. Relative paths in the result are the
/// given path joined with the path inside it (`infra` → `infra/envs/prod/main.tf`; `.` → `main.tf`),
/// as a user typed them, so output paths match the working directory (what code scanning expects
/// when run from the repository root). Duplicates (overlapping paths) are removed.
#[must_use]
pub fn discover_paths(paths: &[PathBuf]) -> (Vec<Discovered>, Vec<Diagnostic>) {
    let mut all = Vec::new();
    let mut diags = Vec::new();
    for given in paths {
        let prefix = normalize(given);
        if given.is_file() {
            let head = read_head(given);
            if let Some(c) = classify(&prefix, head.as_deref()) {
                all.push(Discovered { rel: prefix, abs: given.clone(), class: c.into() });
            }
            continue;
        }
        if !given.exists() {
            diags.push(Diagnostic::error("not-found", path_to_slash(given), "no such file or directory"));
            continue;
        }
        let (found, d) = discover(given);
        diags.extend(d.into_iter().map(|mut d| {
            d.path = prefix.join(&d.path);
            d
        }));
        all.extend(found.into_iter().map(|mut f| {
            f.rel = prefix.join(&f.rel);
            f
        }));
    }
    all.sort();
    all.dedup_by(|a, b| a.rel == b.rel);
    diags.sort();
    (all, diags)
}

/// Drop `.` components (and a leading `./`) so `./infra/` and `infra` give the same paths.
fn normalize(p: &Path) -> PathBuf {
    p.components().filter(|c| !matches!(c, std::path::Component::CurDir)).collect()
}

fn read_head(path: &Path) -> Option<String> {
    use std::io::Read;
    let mut f = std::fs::File::open(path).ok()?;
    let mut buf = vec![0u8; 8192];
    let n = f.read(&mut buf).ok()?;
    buf.truncate(n);
    Some(String::from_utf8_lossy(&buf).into_owned())
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
        assert_eq!(k("composer.yaml"), None);
        assert_eq!(k(".env"), Some((FileKind::Env, false)));
        assert_eq!(k(".env.production"), Some((FileKind::Env, false)));
        assert_eq!(k(".env.example"), Some((FileKind::Env, true)));
        assert_eq!(k(".env.local.sample"), Some((FileKind::Env, true)));
        assert_eq!(k("app.env"), Some((FileKind::Env, false)));
        assert_eq!(k(".github/workflows/ci.yml"), Some((FileKind::Workflow, false)));
        assert_eq!(k("action.yml"), Some((FileKind::Action, false)));
        assert_eq!(k(".github/actions/setup/action.yaml"), Some((FileKind::Action, false)));
        assert_eq!(k("prisma/migrations/20240101_init/migration.sql"), Some((FileKind::Sql, false)));
        assert_eq!(k("supabase/migrations/001.sql"), Some((FileKind::Sql, false)));
        assert_eq!(k("db/schema.sql"), None);
        assert_eq!(k("README.md"), None);
        assert_eq!(k("values.yaml"), None);
    }

    #[test]
    fn compose_dir_needs_services() {
        let p = Path::new("deploy/compose/app.yml");
        assert_eq!(classify(p, Some("version: '3'\nservices:\n  a: {}\n")).map(|c| c.kind), Some(FileKind::Compose));
        assert_eq!(classify(p, Some("foo: bar\n")), None);
    }

    #[test]
    fn walk_includes_hidden_and_skips_vendor_dirs() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for p in [
            ".github/workflows/ci.yml",
            ".env.example",
            "node_modules/x/Dockerfile",
            ".terraform/m/main.tf",
            "infra/main.tf",
            "ignored/main.tf",
        ] {
            let full = root.join(p);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, "").unwrap();
        }
        std::fs::write(root.join(".infra-lintignore"), "ignored/\n").unwrap();
        let (files, diags) = discover(root);
        let rels: Vec<String> = files.iter().map(|f| path_to_slash(&f.rel)).collect();
        assert_eq!(rels, vec![".env.example", ".github/workflows/ci.yml", "infra/main.tf"]);
        assert!(diags.is_empty());

        let sub = root.join("infra");
        let (files, diags) = discover_paths(&[sub.clone(), root.join(".env.example"), root.join("missing")]);
        let rels: Vec<PathBuf> = files.iter().map(|f| f.rel.clone()).collect();
        assert_eq!(rels, vec![root.join(".env.example"), sub.join("main.tf")]);
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, "not-found");
    }
}
