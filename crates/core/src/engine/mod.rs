//! The engine layer: configuration ([`config`]), suppressions and the baseline ([`suppress`]), and
//! the report a scan ends with ([`report`]: resolved locations, masking, sorting, fingerprints).
//! Renderers see the report; nothing below the engine sees configuration files.

pub mod config;
pub mod fix;
pub mod policy_files;
pub mod report;
pub mod suppress;
