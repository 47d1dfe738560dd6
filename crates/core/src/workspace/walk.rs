//! The walk: finds a repository's infrastructure files and classifies them by format.
//!
//! `.gitignore`-aware and parallel (the `ignore` crate), hidden files included (`.github/`,
//! `.env.example`), `.git/`, `.terraform/` and `node_modules/` always skipped, `.infra-lintignore`
//! honoured (from the scan root down, not above it). Symlinks are not followed, so symlink loops
//! cannot trap the walk.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::base::finding::Diagnostic;
use crate::base::kind::{classify, needs_head, Classified, FileKind};
use crate::base::source::path_to_slash;

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

/// How the walk treats the scanned tree's own files.
#[derive(Debug, Clone, Copy, Default)]
pub struct WalkOptions {
    /// Read no ignore file of the tree (`.gitignore`, `.ignore`, `.infra-lintignore`): every
    /// infrastructure file is scanned (`--isolated`).
    pub isolated: bool,
}

/// Walk `root` and return every infrastructure file (sorted by relative path) and any walk
/// diagnostics (unreadable directories, broken `.gitignore` lines …).
#[must_use]
pub fn discover(root: &Path) -> (Vec<Discovered>, Vec<Diagnostic>) {
    discover_with(root, WalkOptions::default())
}

/// [`discover`] with options. Symbolic links are followed like their targets when the target is
/// inside `root` (a link out of the tree is skipped with a warning, a loop is a walk warning). In
/// a git work tree, files git tracks are scanned even when an ignore file matches them (git
/// itself does not ignore tracked files); only `.infra-lintignore` still excludes them.
#[must_use]
pub fn discover_with(root: &Path, opts: WalkOptions) -> (Vec<Discovered>, Vec<Diagnostic>) {
    if root.is_file() {
        let rel = PathBuf::from(root.file_name().unwrap_or(root.as_os_str()));
        let head = read_head(root);
        if let Some(c) = classify(root, head.as_deref()).or_else(|| classify(&rel, head.as_deref())) {
            return (vec![Discovered { rel, abs: root.to_path_buf(), class: c.into() }], Vec::new());
        }
        return (Vec::new(), Vec::new());
    }
    let (mut found, mut diags) = walk(root, opts, true);
    if !opts.isolated {
        // Tracked files hidden by `.gitignore`/`.ignore`: walk again honouring only
        // `.infra-lintignore`, and add the tracked ones.
        if let Some(tracked) = git_tracked(root) {
            let have: std::collections::HashSet<PathBuf> = found.iter().map(|f| f.rel.clone()).collect();
            if tracked.iter().any(|t| !have.contains(t) && classify(t, None).is_some()) {
                let (all, _) = walk(root, opts, false);
                found.extend(all.into_iter().filter(|f| !have.contains(&f.rel) && tracked.contains(&f.rel)));
                found.sort();
            }
        }
    }
    found.dedup_by(|a, b| a.rel == b.rel);
    diags.dedup();
    (found, diags)
}

/// Drop the files matched by a gitignore-style file read from anywhere (`--ignore-file`; for a
/// pull-request gate, the base branch's `.infra-lintignore`). Patterns match the paths relative
/// to the scan root, as `.infra-lintignore` at the root would. Returns how many were dropped.
///
/// # Errors
/// The file cannot be read or holds an invalid pattern.
pub fn exclude_listed(found: &mut Vec<Discovered>, list: &Path) -> Result<usize, String> {
    let text = std::fs::read_to_string(list).map_err(|e| format!("cannot read {}: {e}", list.display()))?;
    let mut builder = ignore::gitignore::GitignoreBuilder::new(".");
    for line in text.lines() {
        builder.add_line(None, line).map_err(|e| format!("{}: {e}", list.display()))?;
    }
    let matcher = builder.build().map_err(|e| format!("{}: {e}", list.display()))?;
    let before = found.len();
    found.retain(|f| !matcher.matched_path_or_any_parents(&f.rel, false).is_ignore());
    Ok(before - found.len())
}

/// The files git tracks under `root` (relative to it), when `root` is in a git work tree and
/// git can be run; `None` otherwise.
fn git_tracked(root: &Path) -> Option<std::collections::HashSet<PathBuf>> {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["ls-files", "-z", "--cached", "--full-name", "--", "."])
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let top = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["rev-parse", "--show-prefix"])
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    let prefix = String::from_utf8_lossy(&top.stdout).trim().to_owned();
    Some(
        out.stdout
            .split(|&b| b == 0)
            .filter(|p| !p.is_empty())
            .filter_map(|p| {
                let p = String::from_utf8_lossy(p);
                p.strip_prefix(prefix.as_str()).map(PathBuf::from)
            })
            .collect(),
    )
}

fn walk(root: &Path, opts: WalkOptions, git_ignores: bool) -> (Vec<Discovered>, Vec<Diagnostic>) {
    let found = Mutex::new(Vec::new());
    let diags = std::sync::Arc::new(Mutex::new(Vec::new()));
    let canon_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    // Scanning a directory that classification looks at by name (`.github`, `.github/workflows`,
    // `migrations`, `compose`): a file is also classified with the root's own last two names in
    // front, so `infra-lint .github` finds the workflows that `infra-lint .` finds.
    let tail: Option<PathBuf> = {
        let canonical = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        let names: Vec<_> = canonical.components().filter(|c| matches!(c, std::path::Component::Normal(_))).collect();
        let named = names.last().is_some_and(|c| {
            let n = c.as_os_str().to_string_lossy().to_ascii_lowercase();
            matches!(n.as_str(), ".github" | "workflows" | "migrations" | "compose")
        });
        named.then(|| names.iter().rev().take(2).rev().collect())
    };
    let mut builder = ignore::WalkBuilder::new(root);
    let honour = !opts.isolated && git_ignores;
    builder
        .hidden(false)
        .require_git(false)
        .follow_links(true)
        .git_ignore(honour)
        .git_exclude(honour)
        .git_global(false)
        .ignore(honour)
        // The scan root is the world: ignore files above it do not apply (so scanning a fixture
        // directory inside a repository whose root ignores `testdata/` still works).
        .parents(false);
    if !opts.isolated {
        builder.add_custom_ignore_filename(".infra-lintignore");
    }
    let link_diags = diags.clone();
    let link_root = root.to_path_buf();
    builder.filter_entry(move |e| {
        let name = e.file_name().to_string_lossy();
        if e.file_type().is_some_and(|t| t.is_dir()) && SKIP_DIRS.contains(&name.as_ref()) {
            return false;
        }
        if e.path_is_symlink() {
            // Followed like its target, but never out of the tree.
            let inside = std::fs::canonicalize(e.path()).is_ok_and(|t| t.starts_with(&canon_root));
            if !inside {
                let rel = e.path().strip_prefix(&link_root).unwrap_or(e.path());
                if let Ok(mut d) = link_diags.lock() {
                    d.push(Diagnostic::warning(
                        "symlink-outside-tree",
                        path_to_slash(rel),
                        "symbolic link to a path outside the scanned tree (or a broken link); not followed",
                    ));
                }
                return false;
            }
        }
        true
    });
    builder.build_parallel().run(|| {
        Box::new(|entry| {
            match entry {
                Ok(e) => {
                    if e.file_type().is_some_and(|t| t.is_file()) {
                        let abs = e.path().to_path_buf();
                        let rel = abs.strip_prefix(root).map(Path::to_path_buf).unwrap_or_else(|_| abs.clone());
                        let needs = needs_head(&rel) || tail.as_ref().is_some_and(|t| needs_head(t));
                        let head = if needs { read_head(&abs) } else { None };
                        let class = classify(&rel, head.as_deref())
                            .or_else(|| tail.as_ref().and_then(|t| classify(&t.join(&rel), head.as_deref())));
                        if let Some(c) = class {
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
    let mut diags = diags.lock().map(|mut d| std::mem::take(&mut *d)).unwrap_or_default();
    diags.sort();
    (found, diags)
}

/// Walk several paths (directories or files) as one scan. Relative paths in the result are the
/// given path joined with the path inside it (`infra` → `infra/envs/prod/main.tf`; `.` → `main.tf`),
/// as a user typed them, so output paths match the working directory (what code scanning expects
/// when run from the repository root). Duplicates (overlapping paths) are removed.
#[must_use]
pub fn discover_paths(paths: &[PathBuf]) -> (Vec<Discovered>, Vec<Diagnostic>) {
    discover_paths_with(paths, WalkOptions::default())
}

/// [`discover_paths`] with options (see [`discover_with`]).
#[must_use]
pub fn discover_paths_with(paths: &[PathBuf], opts: WalkOptions) -> (Vec<Discovered>, Vec<Diagnostic>) {
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
        let (found, d) = discover_with(given, opts);
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

    #[test]
    fn directories_classified_by_name_can_be_scanned_themselves() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for p in [".github/workflows/ci.yml", "supabase/migrations/001_init.sql", "notes/x.sql"] {
            let full = root.join(p);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, "").unwrap();
        }
        let kinds =
            |r: &Path| discover(r).0.into_iter().map(|f| (path_to_slash(&f.rel), f.class.kind)).collect::<Vec<_>>();
        assert_eq!(kinds(&root.join(".github")), vec![("workflows/ci.yml".to_owned(), FileKind::Workflow)]);
        assert_eq!(kinds(&root.join(".github/workflows")), vec![("ci.yml".to_owned(), FileKind::Workflow)]);
        assert_eq!(kinds(&root.join("supabase/migrations")), vec![("001_init.sql".to_owned(), FileKind::Sql)]);
        assert!(kinds(&root.join("notes")).is_empty());
        let (files, _) = discover_paths(&[root.join(".github")]);
        assert_eq!(files.len(), 1);
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
