//! The JSON format: our own versioned schema (documented in `docs/json-output.md`).
//!
//! ```text
//! {"version": 1, "tool": {...}, "findings": [...], "suppressed": [...], "diagnostics": [...], "summary": {...}}
//! ```
//!
//! Field names are `snake_case`; the version changes only on incompatible changes (new fields
//! may be added within a version).

use serde::Serialize;

use crate::base::finding::{Diagnostic, Location, Severity};
use crate::base::source::path_to_slash;
use crate::engine::report::{level_name, Report, ReportedFinding, Suppression};
use crate::model::Environment;

use super::RenderError;

/// Current schema version.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Out<'a> {
    version: u32,
    tool: Tool<'a>,
    findings: Vec<JFinding<'a>>,
    suppressed: Vec<JFinding<'a>>,
    diagnostics: Vec<JDiagnostic<'a>>,
    summary: JSummary,
}

#[derive(Serialize)]
struct Tool<'a> {
    name: &'a str,
    version: &'a str,
}

#[derive(Serialize)]
struct JLocation {
    path: String,
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
}

impl From<&Location> for JLocation {
    fn from(l: &Location) -> Self {
        Self {
            path: path_to_slash(&l.path),
            start_line: l.start_line,
            start_column: l.start_column,
            end_line: l.end_line,
            end_column: l.end_column,
        }
    }
}

#[derive(Serialize)]
struct JRelated<'a> {
    message: &'a str,
    location: JLocation,
}

#[derive(Serialize)]
struct JFinding<'a> {
    rule_id: &'a str,
    severity: Severity,
    message: &'a str,
    location: JLocation,
    snippet: &'a str,
    environment: Environment,
    fix: Option<&'a str>,
    related: Vec<JRelated<'a>>,
    fingerprint: &'a str,
    key: &'a str,
    suppressed: bool,
    suppression: Option<&'a Suppression>,
}

impl<'a> From<&'a ReportedFinding> for JFinding<'a> {
    fn from(f: &'a ReportedFinding) -> Self {
        Self {
            rule_id: &f.rule_id,
            severity: f.severity,
            message: &f.message,
            location: (&f.location).into(),
            snippet: &f.snippet,
            environment: f.environment,
            fix: f.fix.as_deref(),
            related: f
                .related
                .iter()
                .map(|r| JRelated { message: &r.message, location: (&r.location).into() })
                .collect(),
            fingerprint: &f.fingerprint,
            key: &f.key,
            suppressed: f.suppression.is_some(),
            suppression: f.suppression.as_ref(),
        }
    }
}

#[derive(Serialize)]
struct JDiagnostic<'a> {
    level: &'static str,
    code: &'a str,
    path: String,
    line: Option<u32>,
    column: Option<u32>,
    message: &'a str,
}

impl<'a> From<&'a Diagnostic> for JDiagnostic<'a> {
    fn from(d: &'a Diagnostic) -> Self {
        Self {
            level: level_name(d.level),
            code: &d.code,
            path: path_to_slash(&d.path),
            line: d.line,
            column: d.column,
            message: &d.message,
        }
    }
}

#[derive(Serialize)]
struct JSummary {
    total: usize,
    critical: usize,
    high: usize,
    medium: usize,
    low: usize,
    suppressed_inline: usize,
    baselined: usize,
    files_scanned: usize,
    diagnostics: std::collections::BTreeMap<String, usize>,
}

/// Render the report as pretty JSON (with a trailing newline).
///
/// # Errors
/// Serialisation failure.
pub fn render(report: &Report) -> Result<String, RenderError> {
    let mut out = Vec::new();
    write(report, &mut out)?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// Write the report as pretty JSON (with a trailing newline) to `w`.
///
/// # Errors
/// Serialisation or write failure.
pub fn write(report: &Report, mut w: impl std::io::Write) -> Result<(), RenderError> {
    let s = report.summary();
    let count = |sev: Severity| s.by_severity.get(&sev).copied().unwrap_or(0);
    let out = Out {
        version: SCHEMA_VERSION,
        tool: Tool { name: &report.tool.name, version: &report.tool.version },
        findings: report.findings.iter().map(Into::into).collect(),
        suppressed: report.suppressed.iter().map(Into::into).collect(),
        diagnostics: report.diagnostics.iter().map(Into::into).collect(),
        summary: JSummary {
            total: s.total,
            critical: count(Severity::Critical),
            high: count(Severity::High),
            medium: count(Severity::Medium),
            low: count(Severity::Low),
            suppressed_inline: s.suppressed_inline,
            baselined: s.baselined,
            files_scanned: s.files_scanned,
            diagnostics: s.diagnostics.clone(),
        },
    };
    serde_json::to_writer_pretty(&mut w, &out)?;
    w.write_all(b"\n")?;
    Ok(())
}
