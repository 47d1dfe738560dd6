//! SARIF 2.1.0, written with our own small serde structs.
//!
//! One run; `tool.driver.rules[]` holds every rule that ran (id, name, descriptions, help text and
//! markdown, `helpUri` to `docs/rules/<id>.md`, default level, tags, precision and
//! `security-severity`). Results carry repository-relative URIs under `uriBaseId: %SRCROOT%`,
//! regions in Unicode code points (`run.columnKind`), masked snippets, related locations,
//! `partialFingerprints` that do not depend on line numbers, the environment, their own
//! `security-severity` (from the finding's effective severity, not the rule's default), and
//! `suppressions` for silenced results. Diagnostics become
//! `invocations[0].toolExecutionNotifications`.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::base::finding::{Diagnostic, DiagnosticLevel, Location, RuleInfo, Severity};
use crate::base::source::path_to_slash;
use crate::engine::report::{level_name, Report, ReportedFinding, SuppressionKind};

use super::RenderError;

/// Where `helpUri` points: `<HELP_BASE><id>.md`.
pub const HELP_BASE: &str = "https://github.com/infra-lint/infra-lint/blob/main/docs/rules/";

/// The fingerprint key in `partialFingerprints`.
pub const FINGERPRINT_KEY: &str = "infraLint/v1";

const SRCROOT: &str = "%SRCROOT%";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    invocations: Vec<Invocation>,
    original_uri_base_ids: BTreeMap<&'static str, ArtifactLocation>,
    column_kind: &'static str,
    results: Results<'a>,
}

/// The results, each built while it is written (a large report is not copied whole first).
struct Results<'a> {
    findings: Vec<&'a ReportedFinding>,
    index: BTreeMap<&'a str, usize>,
}

impl Serialize for Results<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(
            self.findings.iter().map(|f| result(f, self.index.get(f.rule_id.as_str()).copied().unwrap_or(0))),
        )
    }
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: String,
    version: String,
    semantic_version: String,
    information_uri: String,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

fn text(s: impl Into<String>) -> Text {
    Text { text: s.into() }
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: String,
    name: String,
    short_description: Text,
    full_description: Text,
    help: Help,
    help_uri: String,
    default_configuration: DefaultConfiguration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct DefaultConfiguration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: Vec<String>,
    precision: String,
    #[serde(rename = "security-severity")]
    security_severity: &'static str,
    #[serde(rename = "problem.severity")]
    problem_severity: &'static str,
    /// Peer check ids the rule answers; omitted when there are none (output stays stable).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    aliases: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text,
    descriptor: Descriptor,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<SLocation>,
}

#[derive(Serialize)]
struct Descriptor {
    id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    #[serde(skip_serializing_if = "Option::is_none")]
    uri: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    snippet: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SLocation {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SResult {
    rule_id: String,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: Vec<SLocation>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<SLocation>,
    partial_fingerprints: BTreeMap<&'static str, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<SSuppression>,
    properties: ResultProperties,
}

#[derive(Serialize)]
struct SSuppression {
    kind: &'static str,
    justification: String,
}

#[derive(Serialize)]
struct ResultProperties {
    severity: Severity,
    /// The finding's own score (its effective severity after environment weighting and
    /// overrides), so a result is not shown with its rule's default severity.
    #[serde(rename = "security-severity")]
    security_severity: &'static str,
    environment: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<String>,
}

/// Percent-encode a relative path for a URI (keeps `/` and unreserved characters).
#[must_use]
pub fn uri_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn artifact(path: &std::path::Path) -> ArtifactLocation {
    if path.is_absolute() {
        // Only when scanning several paths outside the working directory.
        return ArtifactLocation { uri: Some(file_uri(path, false)), uri_base_id: None, description: None };
    }
    ArtifactLocation { uri: Some(uri_encode(&path_to_slash(path))), uri_base_id: Some(SRCROOT), description: None }
}

fn location(loc: &Location, snippet: Option<&str>) -> PhysicalLocation {
    PhysicalLocation {
        artifact_location: artifact(&loc.path),
        region: Some(Region {
            start_line: loc.start_line.max(1),
            start_column: Some(loc.start_column.max(1)),
            end_line: Some(loc.end_line.max(loc.start_line).max(1)),
            end_column: Some(loc.end_column.max(1)),
            snippet: snippet.filter(|s| !s.is_empty()).map(text),
        }),
    }
}

/// The first paragraph under `## What it does`, or `fallback`.
fn first_paragraph(docs: &str, fallback: &str) -> String {
    let body = docs.split_once("## What it does").map_or(docs, |(_, rest)| rest);
    let para: Vec<&str> = body
        .lines()
        .map(str::trim)
        .skip_while(|l| l.is_empty())
        .take_while(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    if para.is_empty() {
        fallback.to_owned()
    } else {
        para.join(" ")
    }
}

fn rule(info: &RuleInfo) -> Rule {
    let docs = if info.docs.trim().is_empty() { info.summary.clone() } else { info.docs.clone() };
    Rule {
        id: info.id.clone(),
        name: info.name.clone(),
        short_description: text(info.summary.clone()),
        full_description: text(first_paragraph(&docs, &info.summary)),
        help: Help { text: docs.clone(), markdown: docs },
        help_uri: format!("{HELP_BASE}{}.md", info.id),
        default_configuration: DefaultConfiguration { level: info.severity.sarif_level() },
        properties: RuleProperties {
            tags: info.tags.clone(),
            precision: if info.precision.is_empty() { "medium".to_owned() } else { info.precision.clone() },
            security_severity: info.severity.security_severity(),
            problem_severity: match info.severity {
                Severity::Critical | Severity::High => "error",
                Severity::Medium => "warning",
                Severity::Low => "recommendation",
            },
            aliases: info.aliases.clone(),
        },
    }
}

fn placeholder_rule(id: &str, severity: Severity) -> RuleInfo {
    RuleInfo {
        id: id.to_owned(),
        name: id.split(['-', '/', '_']).map(capitalize).collect(),
        summary: format!("Rule {id}"),
        docs: String::new(),
        severity,
        tags: vec!["security".to_owned()],
        precision: "medium".to_owned(),
        formats: Vec::new(),
        origin: "unknown".to_owned(),
        aliases: Vec::new(),
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

fn result(f: &ReportedFinding, rule_index: usize) -> SResult {
    let related = f
        .related
        .iter()
        .enumerate()
        .map(|(i, r)| SLocation {
            id: Some(i + 1),
            physical_location: location(&r.location, None),
            message: Some(text(r.message.clone())),
        })
        .collect();
    let suppressions = f
        .suppression
        .iter()
        .map(|s| SSuppression {
            kind: match s.kind {
                SuppressionKind::InSource => "inSource",
                SuppressionKind::External => "external",
            },
            justification: s.justification.clone(),
        })
        .collect();
    SResult {
        rule_id: f.rule_id.clone(),
        rule_index,
        level: f.severity.sarif_level(),
        message: text(f.message.clone()),
        locations: vec![SLocation {
            id: None,
            physical_location: location(&f.location, Some(&f.snippet)),
            message: None,
        }],
        related_locations: related,
        partial_fingerprints: BTreeMap::from([(FINGERPRINT_KEY, f.fingerprint.clone())]),
        suppressions,
        properties: ResultProperties {
            severity: f.severity,
            security_severity: f.severity.security_severity(),
            environment: f.environment.as_str(),
            fix: f.fix.clone(),
        },
    }
}

fn notification(d: &Diagnostic) -> Notification {
    let path = path_to_slash(&d.path);
    let locations = if path.is_empty() {
        Vec::new()
    } else {
        vec![SLocation {
            id: None,
            physical_location: PhysicalLocation {
                artifact_location: artifact(&d.path),
                region: d.line.map(|l| Region {
                    start_line: l.max(1),
                    start_column: d.column.map(|c| c.max(1)),
                    end_line: None,
                    end_column: None,
                    snippet: None,
                }),
            },
            message: None,
        }]
    };
    Notification {
        level: match d.level {
            DiagnosticLevel::Error => "error",
            DiagnosticLevel::Warning => "warning",
            DiagnosticLevel::Note => "note",
        },
        message: text(format!("{} ({}): {}", level_name(d.level), d.code, d.message)),
        descriptor: Descriptor { id: d.code.clone() },
        locations,
    }
}

fn root_uri(root: &std::path::Path) -> String {
    file_uri(root, true)
}

fn file_uri(path: &std::path::Path, dir: bool) -> String {
    let mut s = path_to_slash(path);
    if dir && !s.ends_with('/') {
        s.push('/');
    }
    let enc = uri_encode(&s);
    if enc.starts_with('/') {
        format!("file://{enc}")
    } else {
        format!("file:///{enc}")
    }
}

/// Most results in one SARIF run (GitHub code scanning rejects more than 25,000).
pub const MAX_SARIF_RESULTS: usize = 25_000;

/// Largest SARIF log written, in bytes (GitHub code scanning accepts up to 10 MB); the rules
/// and notifications get a share of it, results the rest.
pub const MAX_SARIF_BYTES: usize = 10_000_000;

/// Keep the results that fit GitHub's limits: the most severe first (active before suppressed),
/// then in the log's order. Returns the kept results (in the given order) and how many were left out.
fn within_limits<'a>(
    all: Vec<&'a ReportedFinding>,
    index: &BTreeMap<&str, usize>,
    infos: &[RuleInfo],
) -> (Vec<&'a ReportedFinding>, usize) {
    // Pretty printing at the depth of a result adds about this many bytes per line.
    let size = |f: &ReportedFinding| {
        serde_json::to_vec_pretty(&result(f, index.get(f.rule_id.as_str()).copied().unwrap_or(0)))
            .map_or(usize::MAX / 4, |v| v.len() + v.iter().filter(|&&b| b == b'\n').count() * 8 + 16)
    };
    let total: usize = if all.len() <= MAX_SARIF_RESULTS { all.iter().map(|f| size(f)).sum() } else { usize::MAX };
    // Small logs need no accounting (the whole catalogue is far below half the limit).
    if total <= MAX_SARIF_BYTES / 2 {
        return (all, 0);
    }
    // The rule catalogue (hundreds of rules with their documentation) is written in full;
    // results get what is left after it and a 10% margin for notifications and framing.
    let catalogue: usize = infos
        .iter()
        .map(|r| {
            serde_json::to_vec_pretty(&rule(r)).map_or(0, |v| v.len() + v.iter().filter(|&&b| b == b'\n').count() * 10)
        })
        .sum();
    let budget = (MAX_SARIF_BYTES / 100 * 90).saturating_sub(catalogue);
    if total <= budget {
        return (all, 0);
    }
    let mut order: Vec<usize> = (0..all.len()).collect();
    order.sort_by_key(|&i| (all[i].suppression.is_some(), std::cmp::Reverse(all[i].severity), i));
    let mut keep = vec![false; all.len()];
    let (mut used, mut n) = (0usize, 0usize);
    for i in order {
        let s = size(all[i]);
        if n >= MAX_SARIF_RESULTS || used + s > budget {
            break;
        }
        used += s;
        n += 1;
        keep[i] = true;
    }
    let dropped = all.len() - n;
    (all.into_iter().zip(keep).filter_map(|(f, k)| k.then_some(f)).collect(), dropped)
}

/// Render the report as pretty SARIF 2.1.0 JSON (with a trailing newline).
///
/// # Errors
/// Serialisation failure.
pub fn render(report: &Report) -> Result<String, RenderError> {
    let mut out = Vec::new();
    write(report, &mut out)?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// Write the report as pretty SARIF 2.1.0 JSON (with a trailing newline) to `w`.
///
/// # Errors
/// Serialisation or write failure.
pub fn write(report: &Report, mut w: impl std::io::Write) -> Result<(), RenderError> {
    let mut infos: Vec<RuleInfo> = report.rules.clone();
    for f in report.findings.iter().chain(&report.suppressed) {
        if !infos.iter().any(|r| r.id == f.rule_id) {
            infos.push(placeholder_rule(&f.rule_id, f.severity));
        }
    }
    infos.sort_by(|a, b| a.id.cmp(&b.id));
    let index: BTreeMap<&str, usize> = infos.iter().enumerate().map(|(i, r)| (r.id.as_str(), i)).collect();
    let mut all: Vec<&ReportedFinding> = report.findings.iter().chain(&report.suppressed).collect();
    all.sort_by(|a, b| {
        (path_to_slash(&a.location.path), a.location.start_line, a.location.start_column, &a.rule_id, &a.fingerprint)
            .cmp(&(
                path_to_slash(&b.location.path),
                b.location.start_line,
                b.location.start_column,
                &b.rule_id,
                &b.fingerprint,
            ))
    });
    let (all, dropped) = within_limits(all, &index, &infos);
    let mut notifications: Vec<Notification> = report.diagnostics.iter().map(notification).collect();
    if dropped > 0 {
        notifications.push(notification(&Diagnostic::error(
            "sarif-results-dropped",
            "",
            format!(
                "{dropped} result(s) left out of the SARIF log (lowest severities first) to stay within GitHub's \
                 limits of {MAX_SARIF_RESULTS} results and {MAX_SARIF_BYTES} bytes; the JSON or text output lists them all"
            ),
        )));
    }
    let base = match &report.root {
        Some(root) => ArtifactLocation { uri: Some(root_uri(root)), uri_base_id: None, description: None },
        None => ArtifactLocation { uri: None, uri_base_id: None, description: Some(text("The scanned directory")) },
    };
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: report.tool.name.clone(),
                    version: report.tool.version.clone(),
                    semantic_version: report.tool.version.clone(),
                    information_uri: report.tool.information_uri.clone(),
                    rules: infos.iter().map(rule).collect(),
                },
            },
            invocations: vec![Invocation { execution_successful: true, tool_execution_notifications: notifications }],
            original_uri_base_ids: BTreeMap::from([(SRCROOT, base)]),
            column_kind: "unicodeCodePoints",
            results: Results { findings: all, index },
        }],
    };
    serde_json::to_writer_pretty(&mut w, &log)?;
    w.write_all(b"\n")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_uris() {
        assert_eq!(uri_encode("a b/c#d.tf"), "a%20b/c%23d.tf");
        assert_eq!(uri_encode("é.tf"), "%C3%A9.tf");
        assert_eq!(root_uri(std::path::Path::new("/tmp/x y")), "file:///tmp/x%20y/");
        let abs = artifact(std::path::Path::new("/a b/c.tf"));
        assert_eq!((abs.uri.as_deref(), abs.uri_base_id), (Some("file:///a%20b/c.tf"), None));
        let rel = artifact(std::path::Path::new("infra/main.tf"));
        assert_eq!((rel.uri.as_deref(), rel.uri_base_id), (Some("infra/main.tf"), Some(SRCROOT)));
    }

    #[test]
    fn first_paragraph_of_docs() {
        let d = "## What it does\n\nFinds a thing\nacross lines.\n\n## Why is this bad?\n\nBecause.";
        assert_eq!(first_paragraph(d, "x"), "Finds a thing across lines.");
        assert_eq!(first_paragraph("", "fallback"), "fallback");
    }
}
