//! infra-lint core: everything that is not a rule.
//!
//! The flow is one direction: [`discover`] finds files, [`parse`] turns each into a typed
//! document with exact [`source::Span`]s, [`load`] builds the unified [`model::Model`] (documents,
//! cross-format facts, environments, evaluated [`terraform`]), rules (in `infra-lint-rules`) emit
//! [`finding::Finding`]s, and [`render`] writes them as text, JSON, SARIF or GitHub annotations.

pub mod config;
pub mod discover;
pub mod finding;
pub mod load;
pub mod model;
pub mod parse;
pub mod render;
pub mod report;
pub mod secrets;
pub mod shard;
pub mod source;
pub mod suppress;
pub mod terraform;
pub mod timings;

pub use finding::{Diagnostic, DiagnosticLevel, Finding, Location, Related, RuleInfo, Severity};
pub use model::{Environment, Model};
pub use report::{Report, ReportedFinding};
pub use source::{FileId, SourceFile, Span};
pub use timings::Timings;
