//! Shared helpers of the fuzz targets: the parser invariants of the property tests and the
//! splitting of one fuzz input into several files.
#![allow(clippy::missing_panics_doc)]

#[path = "../../crates/core/tests/support/invariants.rs"]
pub mod invariants;

use infra_lint_core::kind::FileKind;

/// Parse the input as `kind` (any bytes: invalid UTF-8 is replaced, as the loader decodes
/// leniently only after its own checks) and check the invariants.
pub fn parse_bytes(path: &str, kind: FileKind, data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = invariants::check_parse(path, kind, &text);
}
