//! Vendored modules: registry and git module sources that `terraform init` downloaded into a
//! root's `.terraform/modules/`, found through Terraform's manifest
//! `<root>/.terraform/modules/modules.json`
//! (`{"Modules":[{"Key":"vpc","Source":"registry.terraform.io/…","Dir":".terraform/modules/vpc"}]}`;
//! nested calls have keys like `vpc.subnets`, `""` is the root itself).
//!
//! The walk never enters `.terraform/` (it is downloaded, usually gitignored). Only when a root
//! has a manifest are the directories it names read here — the `.tf`/`.tf.json` files directly in
//! each directory, with the same size, binary and UTF-8 checks as every other file, and a cap on
//! the number of files. A directory must lie inside that root's `.terraform/` (lexically and
//! after resolving symlinks); anything else (`"Dir": "../../etc"`) is refused with a diagnostic.
//! Broken JSON and missing directories are diagnostics too; the modules concerned stay unknown.
//! Without a manifest, registry and git modules are unknown.
//!
//! # Where findings point
//! A file under `.terraform/` is not something the user commits or can edit. A finding whose
//! primary location is inside a vendored module is moved by [`relocate`] to the innermost
//! location in the repository that decides it: the argument of the module call that the value
//! came through (found in the finding's related locations, i.e. its provenance), or else the
//! module call block itself. The vendored attribute becomes a related location.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::base::finding::{Diagnostic, Finding, Related};
use crate::base::kind::{classify, FileKind};
use crate::base::source::{path_to_slash, Span};
use crate::model::load::MAX_FILE_BYTES;
use crate::model::Model;
use crate::workspace::walk::Discovered;

/// Where Terraform keeps the module manifest, relative to a root.
pub const MANIFEST_PATH: &str = ".terraform/modules/modules.json";
/// Most vendored files read per scan.
pub const MAX_VENDORED_FILES: usize = 4000;
/// Most manifest entries read per manifest.
pub const MAX_MANIFEST_MODULES: usize = 2000;

/// One root's module manifest.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Manifest {
    /// The root directory (relative to the scan root, `/`-separated; `""` = scan root).
    pub root: String,
    /// The module calls it records (the root entry excluded).
    pub modules: Vec<ManifestModule>,
}

/// One module call recorded in a manifest.
#[derive(Debug, Clone, Serialize)]
pub struct ManifestModule {
    /// Call path (`vpc`, `vpc.subnets`).
    pub key: String,
    /// Source as written (`terraform-aws-modules/vpc/aws`, `git::https://…`).
    pub source: String,
    /// The module directory, relative to the scan root (`/`-separated).
    pub dir: String,
}

#[derive(Deserialize)]
struct RawManifest {
    #[serde(rename = "Modules", default)]
    modules: Vec<RawEntry>,
}

#[derive(Deserialize)]
struct RawEntry {
    #[serde(rename = "Key", default)]
    key: String,
    #[serde(rename = "Source", default)]
    source: String,
    #[serde(rename = "Dir", default)]
    dir: String,
}

/// Whether a (relative, `/`-separated) path lies in a `.terraform/` directory.
#[must_use]
pub fn is_vendored_path(path: &str) -> bool {
    path.split(['/', '\\']).any(|c| c == ".terraform")
}

/// Normalise a manifest `Dir` lexically; `None` when it is absolute or climbs out with `..`.
fn normalize_inner(dir: &str) -> Option<String> {
    let d = dir.replace('\\', "/");
    if d.starts_with('/') || d.get(1..2) == Some(":") {
        return None;
    }
    let mut parts: Vec<&str> = Vec::new();
    for p in d.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            x => parts.push(x),
        }
    }
    Some(parts.join("/"))
}

fn is_local_source(s: &str) -> bool {
    s.starts_with("./") || s.starts_with("../") || s == "." || s == ".."
}

/// Find the manifests of the roots among `found` and list the vendored files they name.
/// Returns the files to read (classified like discovered files), the manifests and diagnostics.
#[must_use]
pub fn read_vendored(found: &[Discovered]) -> (Vec<Discovered>, Vec<Manifest>, Vec<Diagnostic>) {
    let mut dirs: BTreeMap<PathBuf, PathBuf> = BTreeMap::new();
    for f in found {
        if matches!(f.class.kind, FileKind::Terraform | FileKind::TerraformJson) {
            let rel = f.rel.parent().map(Path::to_path_buf).unwrap_or_default();
            let abs = f.abs.parent().map(Path::to_path_buf).unwrap_or_default();
            dirs.entry(rel).or_insert(abs);
        }
    }
    let mut files = Vec::new();
    let mut manifests = Vec::new();
    let mut diags = Vec::new();
    let mut budget = MAX_VENDORED_FILES;
    for (rel_dir, abs_dir) in dirs {
        let abs_m = abs_dir.join(MANIFEST_PATH);
        let rel_m = path_to_slash(&rel_dir.join(MANIFEST_PATH));
        let Ok(meta) = std::fs::metadata(&abs_m) else { continue };
        if !meta.is_file() {
            continue;
        }
        if meta.len() > MAX_FILE_BYTES {
            diags.push(Diagnostic::warning(
                "tf-module-manifest",
                &rel_m,
                format!("module manifest is {} bytes, over the {MAX_FILE_BYTES} byte limit; not read", meta.len()),
            ));
            continue;
        }
        let raw: RawManifest = match std::fs::read(&abs_m).map_err(|e| e.to_string()).and_then(|b| {
            serde_json::from_slice(&b).map_err(|e| {
                diags.push(
                    Diagnostic::warning(
                        "tf-module-manifest",
                        &rel_m,
                        format!(
                            "cannot read the Terraform module manifest ({e}); registry and git modules stay unknown"
                        ),
                    )
                    .at(u32::try_from(e.line()).unwrap_or(u32::MAX), u32::try_from(e.column()).unwrap_or(u32::MAX)),
                );
                String::new()
            })
        }) {
            Ok(r) => r,
            Err(e) => {
                if !e.is_empty() {
                    diags.push(Diagnostic::warning("tf-module-manifest", &rel_m, format!("cannot read file: {e}")));
                }
                continue;
            }
        };
        let base = std::fs::canonicalize(abs_dir.join(".terraform")).ok();
        let mut manifest = Manifest { root: path_to_slash(&rel_dir), modules: Vec::new() };
        let mut seen: HashSet<String> = HashSet::new();
        for e in raw.modules.into_iter().take(MAX_MANIFEST_MODULES) {
            if e.key.is_empty() {
                continue;
            }
            let inner = normalize_inner(&e.dir).filter(|d| d.starts_with(".terraform/"));
            let Some(inner) = inner else {
                if !is_local_source(&e.source) {
                    diags.push(Diagnostic::warning(
                        "tf-module-refused",
                        &rel_m,
                        format!(
                            "module \"{}\": directory {:?} is outside this root's .terraform/ directory; not read \
                             (the module stays unknown)",
                            e.key, e.dir
                        ),
                    ));
                }
                // A local module: the walk reads it where it is.
                continue;
            };
            let abs_mod = abs_dir.join(&inner);
            match (std::fs::canonicalize(&abs_mod), &base) {
                (Ok(c), Some(b)) if c.starts_with(b) && c.is_dir() => {}
                (Ok(_), _) => {
                    diags.push(Diagnostic::warning(
                        "tf-module-refused",
                        &rel_m,
                        format!(
                            "module \"{}\": directory {:?} resolves outside this root's .terraform/ directory; \
                             not read (the module stays unknown)",
                            e.key, e.dir
                        ),
                    ));
                    continue;
                }
                (Err(_), _) => {
                    diags.push(Diagnostic::warning(
                        "tf-module-missing",
                        &rel_m,
                        format!(
                            "module \"{}\" ({}): directory {:?} does not exist (run `terraform init`); the module \
                             stays unknown",
                            e.key, e.source, e.dir
                        ),
                    ));
                    continue;
                }
            }
            let rel_mod = rel_dir.join(&inner);
            let dir = path_to_slash(&rel_mod);
            manifest.modules.push(ManifestModule { key: e.key, source: e.source, dir: dir.clone() });
            if !seen.insert(dir) {
                continue;
            }
            let Ok(rd) = std::fs::read_dir(&abs_mod) else { continue };
            let mut entries: Vec<(String, PathBuf)> = rd
                .filter_map(Result::ok)
                .filter(|x| x.file_type().is_ok_and(|t| t.is_file()))
                .map(|x| (x.file_name().to_string_lossy().into_owned(), x.path()))
                .collect();
            entries.sort();
            for (name, abs) in entries {
                let rel = rel_mod.join(&name);
                let Some(c) = classify(Path::new(&name), None) else { continue };
                if !matches!(c.kind, FileKind::Terraform | FileKind::TerraformJson) {
                    continue;
                }
                if budget == 0 {
                    diags.push(Diagnostic::warning(
                        "tf-module-limit",
                        &rel_m,
                        format!("more than {MAX_VENDORED_FILES} vendored module files; the rest are not read"),
                    ));
                    break;
                }
                budget -= 1;
                files.push(Discovered { rel, abs, class: c.into() });
            }
        }
        manifests.push(manifest);
    }
    (files, manifests, diags)
}

/// A module call in the repository through which a vendored module directory is evaluated.
#[derive(Debug, Clone, Serialize)]
pub struct VendoredCall {
    /// The vendored module directory.
    pub dir: String,
    /// Manifest key (`vpc`, `vpc.subnets`).
    pub key: String,
    /// Source as written in the manifest.
    pub source: String,
    /// Span of the innermost `module` block in the repository on the way to it.
    pub call: Span,
    /// Span of that block's header (`module "vpc"`).
    pub header: Span,
}

/// Move findings that point into vendored module files to the innermost in-repository
/// location (see the module documentation); the vendored location becomes related. Findings in
/// a downloaded module that no module call reaches (a stale download) are dropped.
pub fn relocate(model: &Model, findings: &mut Vec<Finding>) {
    let Some(tf) = &model.terraform else { return };
    if !model.files.iter().any(|f| f.is_vendored()) {
        return;
    }
    findings.retain_mut(|f| {
        let Some(file) = model.file(f.span.file) else { return true };
        if !is_vendored_path(&file.path) {
            return true;
        }
        let dir = crate::base::source::parent_dir(&file.path);
        // A downloaded module no call reaches (a stale download) is not part of the
        // configuration: nothing to report.
        let Some(vc) = tf.vendored_calls.iter().find(|c| c.dir == dir) else { return false };
        let old = f.span;
        let arg = f.related.iter().rposition(|r| vc.call.contains(&r.span));
        let primary = match arg {
            Some(i) => f.related.remove(i).span,
            None => vc.header,
        };
        f.span = primary;
        let where_ = format!("module \"{}\" ({}), downloaded to {}", vc.key, vc.source, vc.dir);
        f.related.push(Related { message: format!("set here, in {where_} (not in the repository)"), span: old });
        true
    });
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn discovered(root: &Path, rel: &str) -> Discovered {
        let c = classify(Path::new(rel), None).unwrap();
        Discovered { rel: PathBuf::from(rel), abs: root.join(rel), class: c.into() }
    }

    fn write(root: &Path, rel: &str, text: &str) {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    #[test]
    fn normalises_and_refuses_escapes() {
        assert_eq!(normalize_inner(".terraform/modules/vpc").as_deref(), Some(".terraform/modules/vpc"));
        assert_eq!(normalize_inner("./.terraform/modules/a/../b").as_deref(), Some(".terraform/modules/b"));
        assert_eq!(normalize_inner(".terraform\\modules\\w").as_deref(), Some(".terraform/modules/w"));
        assert_eq!(normalize_inner("../../etc"), None);
        assert_eq!(normalize_inner(".terraform/../../x"), None);
        assert_eq!(normalize_inner("/etc"), None);
        assert_eq!(normalize_inner("C:\\Windows"), None);
        assert!(is_vendored_path("infra/.terraform/modules/vpc/main.tf"));
        assert!(!is_vendored_path("infra/terraform/main.tf"));
    }

    #[test]
    fn reads_manifest_dirs_only_inside_dot_terraform() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "live/main.tf", "module \"vpc\" {\n  source = \"x/vpc/aws\"\n}\n");
        write(root, "live/.terraform/modules/vpc/main.tf", "resource \"a\" \"b\" {}\n");
        write(root, "live/.terraform/modules/vpc/README.md", "not terraform\n");
        write(root, "live/.terraform/modules/vpc/vars.tf.json", "{}\n");
        write(root, "secret/main.tf", "resource \"x\" \"y\" {}\n");
        write(
            root,
            "live/.terraform/modules/modules.json",
            r#"{"Modules":[{"Key":"","Source":"","Dir":"."},
                {"Key":"vpc","Source":"x/vpc/aws","Dir":".terraform/modules/vpc"},
                {"Key":"up","Source":"x/up/aws","Dir":"../secret"},
                {"Key":"link","Source":"x/link/aws","Dir":".terraform/modules/link"}]}"#,
        );
        #[cfg(unix)]
        std::os::unix::fs::symlink(root.join("secret"), root.join("live/.terraform/modules/link")).unwrap();
        let (files, manifests, diags) = read_vendored(&[discovered(root, "live/main.tf")]);
        let rels: Vec<String> = files.iter().map(|f| path_to_slash(&f.rel)).collect();
        assert_eq!(rels, vec!["live/.terraform/modules/vpc/main.tf", "live/.terraform/modules/vpc/vars.tf.json"]);
        assert_eq!(manifests.len(), 1);
        assert_eq!(manifests[0].root, "live");
        let keys: Vec<(&str, &str)> = manifests[0].modules.iter().map(|m| (m.key.as_str(), m.dir.as_str())).collect();
        assert_eq!(keys, vec![("vpc", "live/.terraform/modules/vpc")]);
        let codes: Vec<&str> = diags.iter().map(|d| d.code.as_str()).collect();
        #[cfg(unix)]
        assert_eq!(codes, vec!["tf-module-refused", "tf-module-refused"], "{diags:?}");
        #[cfg(not(unix))]
        assert_eq!(codes[0], "tf-module-refused");
    }

    #[test]
    fn broken_manifests_are_diagnostics() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "main.tf", "");
        let good = r#"{"Modules":[{"Key":"vpc","Source":"x/vpc/aws","Dir":".terraform/modules/vpc"}]}"#;
        write(root, ".terraform/modules/vpc/main.tf", "");
        // Every truncation and a few mutations: never a panic, a diagnostic when not JSON.
        for cut in 0..good.len() {
            for text in [&good[..cut], &good[cut..]] {
                write(root, MANIFEST_PATH, text);
                let (_, _, diags) = read_vendored(&[discovered(root, "main.tf")]);
                assert!(diags.iter().all(|d| d.path == Path::new(MANIFEST_PATH)), "{diags:?}");
            }
        }
        for text in [r#"{"Modules":{"Key":1}}"#, r#"{"Modules":[{"Key":5}]}"#, "null", "\u{0}\u{1}"] {
            write(root, MANIFEST_PATH, text);
            let (files, _, diags) = read_vendored(&[discovered(root, "main.tf")]);
            assert!(files.is_empty());
            assert_eq!(diags.len(), 1, "{text}: {diags:?}");
            assert_eq!(diags[0].code, "tf-module-manifest");
        }
    }
}
