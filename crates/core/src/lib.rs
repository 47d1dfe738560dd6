//! infra-lint core: everything that is not a rule, in layers that only look down.
//!
//! - [`base`]: spans and source files, file kinds, environments, findings, diagnostics, limits.
//! - [`syntax`]: one parser per format; each turns a file into a typed document with exact spans.
//! - [`workspace`]: the walk and the split of large repositories into shards.
//! - [`model`]: the unified model (parsed files, environments, the Postgres schema replay) and the
//!   Terraform evaluation with provenance. Cross-format facts are the rules' own (they derive
//!   them from the model once per scan).
//! - [`engine`]: configuration, suppressions, baseline, and the report.
//! - [`render`]: text, JSON, SARIF and GitHub annotations, from the report alone.
//!
//! Rules (in `infra-lint-rules`) read the model and emit [`Finding`]s; see `docs/architecture.md`.

pub mod base;
pub mod engine;
pub mod model;
pub mod render;
pub mod syntax;
pub mod workspace;

pub use base::finding::{
    Applicability, Diagnostic, DiagnosticLevel, Edit, Finding, Fix, Location, Related, RuleInfo, Severity,
};
pub use base::source::{FileId, SourceFile, Span};
pub use base::timings::Timings;
pub use base::{env, finding, kind, limits, source, timings};
pub use engine::report::{Report, ReportedFinding};
pub use engine::{config, report, suppress};
pub use model::{load, terraform, Environment, Model};
pub use syntax as parse;
pub use workspace::shard;

/// The walk and file classification under their pre-layering path.
pub mod discover {
    pub use crate::base::kind::*;
    pub use crate::workspace::walk::*;
}
