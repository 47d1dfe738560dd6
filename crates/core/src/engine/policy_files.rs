//! Reading Rego policy directories: the engine reads the files, the rules crate only evaluates
//! them (it never touches the file system).
//!
//! A policy directory may come from the scanned tree (through its configuration), so it is read
//! as untrusted input: nothing outside the directory is read (symbolic links are followed only
//! when their target stays inside it), files are size-limited and the walk is depth-limited.

use std::path::{Path, PathBuf};

use crate::base::finding::Diagnostic;
use crate::base::limits::MAX_FILE_BYTES;
use crate::base::source::path_to_slash;

/// How deep a policy directory is walked.
const MAX_DEPTH: usize = 32;
/// At most this many files are read from one policy directory.
const MAX_FILES: usize = 10_000;

/// What a policy file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PolicyFileKind {
    /// A policy (`*.rego`).
    Rego,
    /// A policy test (`*_test.rego`), run by `policy test` only.
    RegoTest,
    /// Data (`*.json`, `*.yaml`, `*.yml`), rooted under `prefix` in `data`.
    Data,
}

/// One file of a policy directory, read.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct PolicyFile {
    /// The path shown in diagnostics (`/`-separated).
    pub display: String,
    /// The directories between the policy directory and the file (where data is rooted).
    pub prefix: Vec<String>,
    /// What the file holds.
    pub kind: PolicyFileKind,
    /// Its text.
    pub text: String,
}

impl PolicyFile {
    /// A policy file from memory (tests, embedded policies).
    #[must_use]
    pub fn new(display: impl Into<String>, kind: PolicyFileKind, text: impl Into<String>) -> Self {
        PolicyFile { display: display.into(), prefix: Vec::new(), kind, text: text.into() }
    }
}

/// Read every policy directory in `dirs` (sorted walk). A missing directory, an unreadable or
/// oversized file, or a link that leaves its directory is a diagnostic; the rest is read.
#[must_use]
pub fn read_dirs(dirs: &[PathBuf]) -> (Vec<PolicyFile>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut diags = Vec::new();
    for dir in dirs {
        read_dir_into(dir, &mut files, &mut diags);
    }
    (files, diags)
}

fn read_dir_into(dir: &Path, out: &mut Vec<PolicyFile>, diags: &mut Vec<Diagnostic>) {
    let display_dir = path_to_slash(dir);
    let Ok(root) = dir.canonicalize() else {
        diags.push(Diagnostic::error(
            "policy-dir-missing",
            &display_dir,
            "policy directory does not exist or is not a directory",
        ));
        return;
    };
    if !root.is_dir() {
        diags.push(Diagnostic::error(
            "policy-dir-missing",
            &display_dir,
            "policy directory does not exist or is not a directory",
        ));
        return;
    }
    let mut paths = Vec::new();
    walk(dir, &root, &mut paths, 0, diags);
    for (path, prefix) in paths.into_iter().take(MAX_FILES) {
        let display = path_to_slash(&path);
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let ext = path.extension().map(|e| e.to_string_lossy().into_owned()).unwrap_or_default();
        let kind = match ext.as_str() {
            "rego" if name.ends_with("_test.rego") => PolicyFileKind::RegoTest,
            "rego" => PolicyFileKind::Rego,
            "json" | "yaml" | "yml" => PolicyFileKind::Data,
            _ => continue,
        };
        match std::fs::metadata(&path) {
            Ok(m) if m.len() > MAX_FILE_BYTES => {
                diags.push(Diagnostic::error(
                    "policy-unreadable",
                    &display,
                    format!("file is {} bytes, over the {MAX_FILE_BYTES} byte limit; not loaded", m.len()),
                ));
                continue;
            }
            _ => {}
        }
        match std::fs::read_to_string(&path) {
            Ok(text) => out.push(PolicyFile { display, prefix, kind, text }),
            Err(e) => diags.push(Diagnostic::error("policy-unreadable", &display, format!("cannot read: {e}"))),
        }
    }
}

/// Walk `dir` (whose canonical form is inside `root`), collecting files with their prefix.
fn walk(dir: &Path, root: &Path, out: &mut Vec<(PathBuf, Vec<String>)>, depth: usize, diags: &mut Vec<Diagnostic>) {
    if depth > MAX_DEPTH || out.len() >= MAX_FILES {
        return;
    }
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if name.starts_with('.') {
            continue;
        }
        // Follow a link only when its target stays inside the policy directory.
        let Ok(real) = p.canonicalize() else { continue };
        if !real.starts_with(root) {
            diags.push(Diagnostic::error(
                "policy-outside-dir",
                path_to_slash(&p),
                "links outside its policy directory; not read",
            ));
            continue;
        }
        if real.is_dir() {
            walk(&p, root, out, depth + 1, diags);
        } else if real.is_file() {
            let prefix = p
                .parent()
                .and_then(|parent| parent.canonicalize().ok())
                .and_then(|parent| parent.strip_prefix(root).ok().map(Path::to_path_buf))
                .map(|rel| rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect())
                .unwrap_or_default();
            out.push((p, prefix));
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn reads_files_with_prefixes_and_refuses_links_out() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.json"), "{\"k\": \"v\"}").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("sub")).unwrap();
        std::fs::write(d.join("p.rego"), "package p\n").unwrap();
        std::fs::write(d.join("p_test.rego"), "package p\n").unwrap();
        std::fs::write(d.join("sub/data.yaml"), "a: 1\n").unwrap();
        std::fs::write(d.join("notes.md"), "x").unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(outside.path().join("secret.json"), d.join("leak.json")).unwrap();
            std::os::unix::fs::symlink(d.join("p.rego"), d.join("alias.rego")).unwrap();
        }
        let (files, diags) = read_dirs(&[d.to_path_buf(), d.join("missing")]);
        let got: Vec<(String, PolicyFileKind, Vec<String>)> = files
            .iter()
            .map(|f| (f.display.rsplit('/').next().unwrap().to_owned(), f.kind, f.prefix.clone()))
            .collect();
        let mut want = vec![
            ("p.rego".to_owned(), PolicyFileKind::Rego, vec![]),
            ("p_test.rego".to_owned(), PolicyFileKind::RegoTest, vec![]),
            ("data.yaml".to_owned(), PolicyFileKind::Data, vec!["sub".to_owned()]),
        ];
        if cfg!(unix) {
            want.insert(0, ("alias.rego".to_owned(), PolicyFileKind::Rego, vec![]));
        }
        assert_eq!(got, want);
        assert!(diags.iter().any(|d| d.code == "policy-dir-missing"));
        if cfg!(unix) {
            assert!(diags.iter().any(|d| d.code == "policy-outside-dir" && d.path.ends_with("leak.json")));
            assert!(files.iter().all(|f| !f.text.contains("\"k\"")));
        }
    }
}
