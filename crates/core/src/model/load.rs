//! Reading and parsing: turns discovered files into the [`Model`] — read each file once (size
//! cap, binary and UTF-8 checks), parse in parallel, infer environments, evaluate Terraform and
//! collect the cross-format facts.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::base::env;
use crate::base::finding::Diagnostic;
use crate::base::kind::FileKind;
use crate::base::source::{path_to_slash, FileId, SourceFile};
use crate::model::terraform::{self, TfOptions};
use crate::model::{EnvEvidence, Environment, Model, ParsedFile};
use crate::syntax;
use crate::workspace::walk::{self, Discovered};

pub use crate::base::limits::{MAX_DIAGNOSTICS_PER_FILE, MAX_FILE_BYTES};

/// Options for building the model.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Environment overrides: files matching the glob (relative path) get the environment.
    pub env_overrides: Vec<(Environment, globset::GlobMatcher)>,
    /// Terraform evaluation inputs.
    pub terraform: TfOptions,
    /// Rule settings from the configuration; the model carries them ([`Model::settings`]).
    pub settings: crate::model::settings::RuleSettings,
}

/// An in-memory file to scan (for editors and tools that read git blobs).
#[derive(Debug, Clone)]
pub struct MemoryFile {
    /// Path relative to the (virtual) root; decides the format.
    pub path: PathBuf,
    /// Contents.
    pub contents: Vec<u8>,
}

struct Raw {
    rel: PathBuf,
    kind: FileKind,
    example: bool,
    text: Result<String, Diagnostic>,
}

/// The files of a scan, found but not yet read: the input of [`Discovery::load`], which reads
/// and parses them (all, or one shard of them; see [`crate::workspace::shard`]).
#[derive(Debug)]
pub struct Discovery {
    /// The model root: the scanned directory, or `.` for [`Discovery::paths`].
    pub root: PathBuf,
    /// Every file found (including files of vendored modules), sorted by relative path.
    pub files: Vec<Discovered>,
    /// Problems of the walk itself (unreadable directories, broken ignore files, module manifests).
    pub diagnostics: Vec<Diagnostic>,
    /// How long the walk took.
    pub walk_time: Duration,
    manifests: Vec<terraform::vendor::Manifest>,
}

impl Discovery {
    /// Walk `root` (a directory or a single file).
    #[must_use]
    pub fn dir(root: &Path) -> Self {
        Self::dir_with(root, walk::WalkOptions::default())
    }

    /// [`Discovery::dir`] with walk options (`--isolated`).
    #[must_use]
    pub fn dir_with(root: &Path, opts: walk::WalkOptions) -> Self {
        let start = Instant::now();
        let (mut found, mut diags) = walk::discover_with(root, opts);
        let manifests = with_vendored(&mut found, &mut diags);
        with_nginx_includes(&mut found);
        Self { root: root.to_path_buf(), files: found, diagnostics: diags, walk_time: start.elapsed(), manifests }
    }

    /// Walk several paths (directories or files) as one scan; output paths are as given (see
    /// [`discover::discover_paths`]): relative to the working directory, which becomes the root.
    #[must_use]
    pub fn paths(paths: &[PathBuf]) -> Self {
        Self::paths_with(paths, walk::WalkOptions::default())
    }

    /// [`Discovery::paths`] with walk options (`--isolated`).
    #[must_use]
    pub fn paths_with(paths: &[PathBuf], opts: walk::WalkOptions) -> Self {
        let start = Instant::now();
        let (mut found, mut diags) = walk::discover_paths_with(paths, opts);
        let manifests = with_vendored(&mut found, &mut diags);
        with_nginx_includes(&mut found);
        Self { root: PathBuf::from("."), files: found, diagnostics: diags, walk_time: start.elapsed(), manifests }
    }

    /// Split the files into self-contained shards of about `max_files` files, keeping together
    /// what the rules' `couplings` declare (see [`crate::workspace::shard`]).
    #[must_use]
    pub fn shards(&self, max_files: usize, couplings: &[crate::workspace::shard::Coupling]) -> Vec<Vec<usize>> {
        crate::workspace::shard::partition(&self.files, max_files, couplings)
    }

    /// Read, parse and model the files at `indices` (indices into [`Discovery::files`]). The
    /// model's diagnostics are those of these files only, not the walk's.
    #[must_use]
    pub fn load(&self, indices: &[usize], opts: &LoadOptions) -> Model {
        let start = Instant::now();
        let raws: Vec<Raw> =
            indices.par_iter().filter_map(|&i| self.files.get(i)).map(|d| read_one(d.clone())).collect();
        let read = start.elapsed();
        // The module manifests of the roots in this shard.
        let dirs: std::collections::HashSet<String> =
            raws.iter().map(|r| path_to_slash(r.rel.parent().unwrap_or(Path::new("")))).collect();
        let manifests = self.manifests.iter().filter(|m| dirs.contains(&m.root)).cloned().collect();
        let mut model = build(self.root.clone(), raws, opts, manifests);
        model.timings.read = read;
        model
    }

    /// Read, parse and model every file, with the walk's diagnostics.
    #[must_use]
    pub fn load_all(self, opts: &LoadOptions) -> Model {
        let start = Instant::now();
        let raws: Vec<Raw> = self.files.into_par_iter().map(read_one).collect();
        let read = start.elapsed();
        let mut model = build(self.root, raws, opts, self.manifests);
        model.timings.read = read;
        let mut diags = self.diagnostics;
        diags.append(&mut model.diagnostics);
        model.diagnostics = diags;
        model.diagnostics.sort();
        model
    }
}

/// Walk `root`, read and parse every infrastructure file, and build the model.
#[must_use]
pub fn load_dir(root: &Path, opts: &LoadOptions) -> Model {
    Discovery::dir(root).load_all(opts)
}

/// Scan several paths (directories or files) as one model; output paths are as given (see
/// [`discover::discover_paths`]): relative to the working directory, which becomes the model's root.
#[must_use]
pub fn load_paths(paths: &[PathBuf], opts: &LoadOptions) -> Model {
    Discovery::paths(paths).load_all(opts)
}

/// Build the model from in-memory files (classified by their paths; unknown kinds are ignored).
#[must_use]
pub fn load_memory(files: Vec<MemoryFile>, opts: &LoadOptions) -> Model {
    let mut raws: Vec<Raw> = files
        .into_iter()
        .filter_map(|f| {
            let head = String::from_utf8_lossy(&f.contents[..f.contents.len().min(8192)]).into_owned();
            let c = crate::base::kind::classify(&f.path, Some(&head))?;
            let text = decode_kind(c.kind, &path_to_slash(&f.path), f.contents);
            Some(Raw { rel: f.path, kind: c.kind, example: c.example, text })
        })
        .collect();
    raws.sort_by(|a, b| a.rel.cmp(&b.rel));
    build(PathBuf::new(), raws, opts, Vec::new())
}

/// Add the files of vendored (registry/git) modules named by the roots' module manifests
/// (see [`terraform::vendor`]); returns the manifests.
fn with_vendored(found: &mut Vec<Discovered>, diags: &mut Vec<Diagnostic>) -> Vec<terraform::vendor::Manifest> {
    let (files, manifests, d) = terraform::vendor::read_vendored(found);
    found.extend(files);
    diags.extend(d);
    manifests
}

/// Most files added by following nginx `include`s in one scan.
const MAX_NGINX_INCLUDED: usize = 1000;

/// Add the files nginx configurations `include` that the walk did not classify (a
/// `snippets/ssl.conf` next to `nginx.conf`): regular files inside the scan root only, found by
/// [`syntax::nginx::include_candidates`], followed transitively up to [`MAX_NGINX_INCLUDED`].
fn with_nginx_includes(found: &mut Vec<Discovered>) {
    use std::collections::{HashSet, VecDeque};
    let mut known: HashSet<String> = found.iter().map(|d| path_to_slash(&d.rel)).collect();
    let mut queue: VecDeque<Discovered> = found.iter().filter(|d| d.class.kind == FileKind::Nginx).cloned().collect();
    let mut added = Vec::new();
    while let Some(d) = queue.pop_front() {
        if added.len() >= MAX_NGINX_INCLUDED {
            break;
        }
        let Ok(meta) = std::fs::metadata(&d.abs) else { continue };
        if meta.len() > MAX_FILE_BYTES {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&d.abs) else { continue };
        let (conf, _) = syntax::nginx::parse_text(FileId(0), &text);
        if conf.includes.is_empty() {
            continue;
        }
        // The scan root on disk: `abs` without the components of `rel`.
        let mut root_abs = d.abs.clone();
        for _ in d.rel.components() {
            root_abs.pop();
        }
        let dir = path_to_slash(d.rel.parent().unwrap_or(Path::new("")));
        for (target, _) in &conf.includes {
            for cand in syntax::nginx::include_candidates(&dir, target) {
                let (parent, last) = cand.rsplit_once('/').unwrap_or(("", cand.as_str()));
                let names: Vec<String> = if last.contains(['*', '?']) {
                    let Ok(rd) = std::fs::read_dir(root_abs.join(parent)) else { continue };
                    let mut v: Vec<String> = rd
                        .flatten()
                        .filter_map(|e| e.file_name().to_str().map(str::to_owned))
                        .filter(|n| syntax::nginx::include_matches(last, n))
                        .collect();
                    v.sort();
                    v
                } else {
                    vec![last.to_owned()]
                };
                for name in names {
                    let rel_s = if parent.is_empty() { name } else { format!("{parent}/{name}") };
                    if known.contains(&rel_s) {
                        continue;
                    }
                    let abs = root_abs.join(&rel_s);
                    // Regular files only: a link could lead out of the repository.
                    if !std::fs::symlink_metadata(&abs).is_ok_and(|m| m.is_file()) {
                        continue;
                    }
                    known.insert(rel_s.clone());
                    let class = crate::base::kind::Classified { kind: FileKind::Nginx, example: false };
                    let nd = Discovered { rel: PathBuf::from(&rel_s), abs, class: class.into() };
                    queue.push_back(nd.clone());
                    added.push(nd);
                }
            }
        }
    }
    if !added.is_empty() {
        found.extend(added);
        found.sort_by(|a, b| a.rel.cmp(&b.rel));
    }
}

fn read_one(d: Discovered) -> Raw {
    let rel_s = path_to_slash(&d.rel);
    let kind = d.class.kind;
    let bytes = match std::fs::metadata(&d.abs) {
        Ok(m) if m.len() > MAX_FILE_BYTES => Err(unscanned(
            kind,
            "file-too-large",
            &rel_s,
            format!("file is {} bytes, over the {} byte limit; not scanned", m.len(), MAX_FILE_BYTES),
        )),
        Ok(_) => std::fs::read(&d.abs)
            .map_err(|e| Diagnostic::error("unreadable", &rel_s, format!("cannot read file: {e}; not scanned"))),
        Err(e) => Err(Diagnostic::error("unreadable", &rel_s, format!("cannot read file: {e}; not scanned"))),
    };
    let text = bytes.and_then(|b| decode_kind(kind, &rel_s, b));
    Raw { rel: d.rel, kind, example: d.class.example, text }
}

/// Whether the tool a file feeds reads it (Terraform, Docker, compose, GitHub Actions): such a
/// file that could not be fully scanned fails the gate (an error diagnostic), instead of passing
/// unnoticed.
#[must_use]
pub fn fails_closed(kind: FileKind) -> bool {
    matches!(
        kind,
        FileKind::Terraform
            | FileKind::TerraformJson
            | FileKind::Tfvars
            | FileKind::TfvarsJson
            | FileKind::Compose
            | FileKind::Dockerfile
            | FileKind::Workflow
            | FileKind::Action
    )
}

/// A diagnostic for a file that was not scanned: an error for the formats that fail closed.
fn unscanned(kind: FileKind, code: &str, rel: &str, msg: String) -> Diagnostic {
    if fails_closed(kind) {
        Diagnostic::error(code, rel, format!("{msg}; the scan is incomplete, so the gate fails (--fail-open to pass)"))
    } else {
        Diagnostic::warning(code, rel, msg)
    }
}

/// [`decode`] for a file of `kind`: formats that fail closed are scanned even with NUL bytes
/// (each read as a space, so offsets stay put), and are an error when they cannot be read.
fn decode_kind(kind: FileKind, rel: &str, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    if !fails_closed(kind) {
        return decode(rel, bytes);
    }
    // A stray NUL (in a comment, say) is read as a space; a file dense with NULs is binary.
    let head = &bytes[..bytes.len().min(8192)];
    let nuls = head.iter().filter(|&&b| b == 0).count();
    let bytes = if nuls > 0 && nuls * 100 <= head.len() {
        bytes.into_iter().map(|b| if b == 0 { b' ' } else { b }).collect()
    } else {
        bytes
    };
    decode(rel, bytes).map_err(|mut d| {
        if d.level != crate::base::finding::DiagnosticLevel::Error {
            d.level = crate::base::finding::DiagnosticLevel::Error;
        }
        if !d.message.contains("--fail-open") {
            d.message.push_str("; the scan is incomplete, so the gate fails (--fail-open to pass)");
        }
        d
    })
}

/// Turn bytes into text, or a diagnostic for binary / non-UTF-8 content.
fn decode(rel: &str, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Diagnostic::warning(
            "file-too-large",
            rel,
            format!("file is {} bytes, over the limit; not scanned", bytes.len()),
        ));
    }
    if bytes.iter().take(8192).any(|&b| b == 0) {
        return Err(Diagnostic::warning("binary-file", rel, "file looks binary (contains NUL bytes); not scanned"));
    }
    let bytes = match bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    String::from_utf8(bytes).map_err(|e| {
        let off = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(&e.as_bytes()[..off]).into_owned();
        let lc = crate::base::source::LineIndex::new(&text).line_col(&text, off);
        Diagnostic::error(
            "not-utf8",
            rel,
            format!("file is not valid UTF-8 (invalid byte at offset {off}); not scanned"),
        )
        .at(lc.line, lc.col)
    })
}

fn build(root: PathBuf, raws: Vec<Raw>, opts: &LoadOptions, manifests: Vec<terraform::vendor::Manifest>) -> Model {
    let mut model = Model { root, settings: opts.settings.clone(), ..Model::default() };
    let mut ok = Vec::with_capacity(raws.len());
    for raw in raws {
        match raw.text {
            Ok(text) => ok.push((raw.rel, raw.kind, raw.example, text)),
            Err(d) => model.diagnostics.push(d),
        }
    }
    let start = Instant::now();
    let parsed: Vec<(ParsedFile, Vec<Diagnostic>)> = ok
        .into_par_iter()
        .enumerate()
        .map(|(i, (rel, kind, example, text))| {
            let rel_s = path_to_slash(&rel);
            let id = FileId(u32::try_from(i).unwrap_or(u32::MAX));
            let source = SourceFile::new(id, rel, text);
            let (doc, diags) = syntax::parse(&source, kind);
            let env = infer_env(&rel_s, doc.as_ref(), opts);
            (ParsedFile { source, path: rel_s, kind, example, env, doc }, diags)
        })
        .collect();
    for (pf, diags) in parsed {
        model.diagnostics.extend(cap_diagnostics(&pf.path, diags));
        model.files.push(pf);
    }
    model.timings.parse = start.elapsed();
    let start = Instant::now();
    model.pg = crate::model::pg::replay(&model.files, &supabase_exposed_schemas(&model));
    let replay = start.elapsed();
    let start = Instant::now();
    let (tf, tf_diags) = terraform::evaluate_with(&model, &opts.terraform, manifests);
    model.diagnostics.extend(tf_diags);
    terraform::apply_root_envs(&tf, &mut model.files);
    model.timings.terraform = start.elapsed();
    model.timings.roots = tf.roots.len();
    model.timings.note_roots(tf.roots.iter().map(|r| (r.dir.clone(), r.time)));
    model.timings.facts = replay;
    model.terraform = Some(tf);
    model.diagnostics.sort();
    model
}

/// Keep a file's first diagnostics and summarise the rest, so one unrelated file (or one huge broken
/// file) cannot flood the output.
fn cap_diagnostics(path: &str, mut diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    if diags.len() > MAX_DIAGNOSTICS_PER_FILE {
        let more = diags.len() - MAX_DIAGNOSTICS_PER_FILE;
        let level = diags[MAX_DIAGNOSTICS_PER_FILE..]
            .iter()
            .map(|d| d.level)
            .max()
            .unwrap_or(crate::base::finding::DiagnosticLevel::Warning);
        diags.truncate(MAX_DIAGNOSTICS_PER_FILE);
        diags.push(Diagnostic::new(
            level,
            "too-many-diagnostics",
            path,
            format!("{more} more diagnostics in this file were not shown"),
        ));
    }
    diags
}

fn infer_env(rel: &str, doc: Option<&syntax::Document>, opts: &LoadOptions) -> EnvEvidence {
    for (env, glob) in &opts.env_overrides {
        if glob.is_match(rel) {
            return EnvEvidence {
                env: *env,
                reason: format!("configured: {} = {}", env.as_str(), glob.glob()),
                span: None,
            };
        }
    }
    if let Some(hint) = doc.and_then(syntax::Document::env_hint) {
        return hint;
    }
    env::from_path(rel)
}

/// The Data API schemas (`[api] schemas`) of each SQL migrations project's `config.toml`
/// (`supabase/config.toml` next to `supabase/migrations/`), when it sets them.
fn supabase_exposed_schemas(model: &Model) -> std::collections::BTreeMap<String, Vec<String>> {
    let mut out = std::collections::BTreeMap::new();
    for f in model.files_of(crate::base::kind::FileKind::SupabaseConfig) {
        let Some(crate::syntax::Document::SupabaseConfig(doc)) = &f.doc else { continue };
        let Some(schemas) = doc.api_schemas() else { continue };
        // The project of `x/supabase/config.toml` is `x/supabase` (the directory holding migrations/).
        let project = f.path.rsplit_once('/').map_or(".", |(d, _)| d).to_owned();
        out.insert(project, schemas);
    }
    out
}
