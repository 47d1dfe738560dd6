//! The unified model: every parsed document, each file's inferred environment, the evaluated
//! Terraform and the replayed Postgres schema. Built once per scan; rules only read it. What the
//! rules derive from it (their cross-format facts) they keep in [`Model::derived`].

pub mod load;
pub mod pg;
pub mod settings;
pub mod terraform;

use std::path::{Path, PathBuf};

use serde::Serialize;

pub use crate::base::env::{EnvEvidence, Environment};

use crate::base::finding::{Diagnostic, Location};
use crate::base::kind::FileKind;
use crate::base::source::{FileId, SourceFile, Span};
use crate::syntax::Document;

/// One scanned file: its source, format, environment and parsed document.
#[derive(Debug, Serialize)]
pub struct ParsedFile {
    /// Source text, path and line index.
    #[serde(skip)]
    pub source: SourceFile,
    /// Path relative to the scan root (`/`-separated), for serialisation.
    pub path: String,
    /// The file's format.
    pub kind: FileKind,
    /// An example/template file (`.env.example`, `*.tfvars.example`).
    pub example: bool,
    /// Inferred (or configured) environment and the evidence for it.
    pub env: EnvEvidence,
    /// The parsed document; `None` when the file could not be parsed at all (see diagnostics).
    pub doc: Option<Document>,
}

impl ParsedFile {
    /// The environment of this file.
    #[must_use]
    pub fn environment(&self) -> Environment {
        self.env.env
    }

    /// A file of a module downloaded by `terraform init` (under a `.terraform/` directory): read
    /// only for evaluation; findings in it are moved into the repository
    /// ([`crate::model::terraform::vendor::relocate`]).
    #[must_use]
    pub fn is_vendored(&self) -> bool {
        crate::model::terraform::vendor::is_vendored_path(&self.path)
    }
}

/// Everything the rules see.
#[derive(Debug, Default, Serialize)]
pub struct Model {
    /// Scan root (absolute or as given).
    #[serde(skip)]
    pub root: PathBuf,
    /// Every file, indexed by [`FileId`].
    pub files: Vec<ParsedFile>,
    /// The Postgres schema each SQL migrations project builds (see [`crate::model::pg`]).
    #[serde(skip)]
    pub pg: Vec<crate::model::pg::PgProject>,
    /// What the rules derive from the model once per scan (their cross-format facts), computed on
    /// first use. Type-erased: core does not know what rules derive.
    #[serde(skip)]
    pub derived: std::sync::OnceLock<Box<dyn std::any::Any + Send + Sync>>,
    /// Evaluated Terraform (roots, modules, instances), when there is Terraform.
    #[serde(skip)]
    pub terraform: Option<crate::model::terraform::TfModel>,
    /// Diagnostics gathered while reading, parsing and evaluating.
    #[serde(skip)]
    pub diagnostics: Vec<Diagnostic>,
    /// Rule settings from the configuration (`[containers]`, `[sql]`), for native rules.
    #[serde(skip)]
    pub settings: settings::RuleSettings,
    /// How long reading, parsing, evaluating and building the facts took.
    #[serde(skip)]
    pub timings: crate::base::timings::Timings,
}

impl Model {
    /// The file a span or id points into.
    #[must_use]
    pub fn file(&self, id: FileId) -> Option<&ParsedFile> {
        self.files.get(id.0 as usize)
    }

    /// Files of one kind.
    pub fn files_of(&self, kind: FileKind) -> impl Iterator<Item = &ParsedFile> {
        self.files.iter().filter(move |f| f.kind == kind)
    }

    /// The environment of the file `span` is in, or of the part of it: a wrangler
    /// `[env.production]` or a Railway `environments.staging` names its own environment (a
    /// configured `--env` glob still wins).
    #[must_use]
    pub fn env_of(&self, span: Span) -> Environment {
        let Some(f) = self.file(span.file) else { return Environment::Unknown };
        if !f.env.reason.starts_with("configured") {
            if let Some(env) = f.doc.as_ref().and_then(|d| d.env_at(span)) {
                return env;
            }
        }
        f.environment()
    }

    /// The environment a finding at `span` is weighed by — the one resolver every native rule and
    /// policy uses. A value that Terraform root `root` evaluated (a module called from
    /// `envs/prod`) takes that root's environment when it is known; anything else takes the
    /// environment of its file, or of the part of the file it is in ([`Model::env_of`]).
    #[must_use]
    pub fn env_for(&self, span: Span, root: Option<&str>) -> Environment {
        if let (Some(root), Some(tf)) = (root, &self.terraform) {
            if let Some(r) = tf.roots.iter().find(|r| r.dir == root) {
                if r.env.env != Environment::Unknown {
                    return r.env.env;
                }
            }
        }
        self.env_of(span)
    }

    /// Resolve a span to a [`Location`] (path and 1-based line/column range).
    #[must_use]
    pub fn locate(&self, span: Span) -> Location {
        match self.file(span.file) {
            Some(f) => {
                let s = f.source.start(span);
                let e = f.source.end(span);
                Location {
                    path: f.source.path.clone(),
                    start_line: s.line,
                    start_column: s.col,
                    end_line: e.line,
                    end_column: e.col,
                    span,
                }
            }
            None => Location { path: PathBuf::new(), start_line: 1, start_column: 1, end_line: 1, end_column: 1, span },
        }
    }

    /// The source text a span covers.
    #[must_use]
    pub fn text(&self, span: Span) -> &str {
        self.file(span.file).map_or("", |f| f.source.slice(span))
    }

    /// Find a file by relative path.
    #[must_use]
    pub fn file_by_path(&self, rel: &Path) -> Option<&ParsedFile> {
        self.files.iter().find(|f| f.source.path == rel)
    }
}
