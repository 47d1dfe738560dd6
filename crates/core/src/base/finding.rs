//! Findings, severities, locations and diagnostics: what rules produce and renderers print.

use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::base::env::Environment;
use crate::base::source::{FileId, Span};

/// How bad a finding is. Ordered: `Low < Medium < High < Critical`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Hygiene; worth knowing (`note` and `info` are accepted as aliases).
    #[serde(alias = "note", alias = "info")]
    Low,
    /// Should be fixed (`warning` is accepted as an alias).
    #[serde(alias = "warning")]
    Medium,
    /// Fix before merging (`error` is accepted as an alias).
    #[serde(alias = "error")]
    High,
    /// Exploitable as is.
    Critical,
}

impl Severity {
    /// All severities, lowest first.
    pub const ALL: [Severity; 4] = [Severity::Low, Severity::Medium, Severity::High, Severity::Critical];

    /// Lower-case name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    /// Parse a lower-case name.
    #[must_use]
    pub fn parse(s: &str) -> Option<Severity> {
        match s.trim().to_ascii_lowercase().as_str() {
            "low" | "info" | "note" => Some(Severity::Low),
            "medium" | "warning" | "moderate" => Some(Severity::Medium),
            "high" | "error" => Some(Severity::High),
            "critical" => Some(Severity::Critical),
            _ => None,
        }
    }

    /// One step lower (saturating at `Low`).
    #[must_use]
    pub fn lower(self) -> Severity {
        match self {
            Severity::Critical => Severity::High,
            Severity::High => Severity::Medium,
            Severity::Medium | Severity::Low => Severity::Low,
        }
    }

    /// The standard environment weighting: production and unknown keep `self`, staging is one
    /// step lower, development and test are `Low`.
    #[must_use]
    pub fn weigh(self, env: Environment) -> Severity {
        match env {
            Environment::Production | Environment::Unknown => self,
            Environment::Staging => self.lower(),
            Environment::Development | Environment::Test => Severity::Low,
        }
    }

    /// SARIF `security-severity` score.
    #[must_use]
    pub fn security_severity(self) -> &'static str {
        match self {
            Severity::Critical => "9.5",
            Severity::High => "8.0",
            Severity::Medium => "5.5",
            Severity::Low => "3.0",
        }
    }

    /// SARIF result level.
    #[must_use]
    pub fn sarif_level(self) -> &'static str {
        match self {
            Severity::Critical | Severity::High => "error",
            Severity::Medium => "warning",
            Severity::Low => "note",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A resolved location: a file, a span in it and the span's 1-based line:column range.
/// Built from a [`Span`] with the model's `locate`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Location {
    /// Path relative to the scan root (`/`-separated).
    pub path: PathBuf,
    /// 1-based start line.
    pub start_line: u32,
    /// 1-based start column (Unicode code points).
    pub start_column: u32,
    /// 1-based end line.
    pub end_line: u32,
    /// 1-based end column, exclusive (Unicode code points).
    pub end_column: u32,
    /// The byte span.
    pub span: Span,
}

/// Evidence elsewhere that explains a finding (provenance, the other side of a cross-file fact).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Related {
    /// What this location shows, e.g. "value set here" or "OIDC role defined here".
    pub message: String,
    /// Where.
    pub span: Span,
}

/// A finding as a rule emits it: spans only, resolved to [`Location`]s when the report is built.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Finding {
    /// Rule id, e.g. `public-database` or `policy/main/deny`.
    pub rule_id: String,
    /// Severity after environment weighting.
    pub severity: Severity,
    /// Self-contained message (makes sense without the location). Never holds a full secret.
    pub message: String,
    /// The offending span.
    pub span: Span,
    /// Related evidence.
    pub related: Vec<Related>,
    /// One-line fix hint.
    pub fix: Option<String>,
    /// Structural key for the fingerprint (resource address, key path …) — never a line number.
    pub key: String,
    /// Environment of the file the finding is in.
    pub environment: Environment,
    /// Spans of secrets that must be masked in any snippet printed for this finding.
    pub secret_spans: Vec<Span>,
    /// A structured fix: text edits that make the finding go away (`infra-lint --fix`, editors).
    pub autofix: Option<Fix>,
}

/// One text edit: replace the bytes of `span` with `text` (an insertion when the span is empty).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Edit {
    /// What to replace (file and byte range).
    pub span: Span,
    /// The replacement text.
    pub text: String,
}

impl Edit {
    /// Replace `span` with `text`.
    #[must_use]
    pub fn replace(span: Span, text: impl Into<String>) -> Self {
        Edit { span, text: text.into() }
    }

    /// Insert `text` at byte `at` of `span`'s file.
    #[must_use]
    pub fn insert(file: FileId, at: u32, text: impl Into<String>) -> Self {
        Edit { span: Span { file, start: at, end: at }, text: text.into() }
    }
}

/// Whether a fix may be applied without review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Keeps the intent of the file; `--fix` applies it.
    Safe,
    /// May change behaviour (a workflow that relied on the old setting); shown, not applied.
    Unsafe,
}

/// A structured fix: edits in the finding's file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Fix {
    /// What the fix does, e.g. "set force_https = true".
    pub description: String,
    /// Non-overlapping edits, all in one file.
    pub edits: Vec<Edit>,
    /// Whether `--fix` applies it.
    pub applicability: Applicability,
}

impl Fix {
    /// A safe fix.
    #[must_use]
    pub fn safe(description: impl Into<String>, edits: Vec<Edit>) -> Self {
        Fix { description: description.into(), edits, applicability: Applicability::Safe }
    }

    /// A fix shown but not applied by `--fix`.
    #[must_use]
    pub fn unsafe_(description: impl Into<String>, edits: Vec<Edit>) -> Self {
        Fix { description: description.into(), edits, applicability: Applicability::Unsafe }
    }
}

impl Finding {
    /// Start building a finding for `rule_id` at `span`.
    #[must_use]
    pub fn new(rule_id: impl Into<String>, severity: Severity, span: Span, message: impl Into<String>) -> Self {
        Self {
            rule_id: rule_id.into(),
            severity,
            message: message.into(),
            span,
            related: Vec::new(),
            fix: None,
            key: String::new(),
            environment: Environment::Unknown,
            secret_spans: Vec::new(),
            autofix: None,
        }
    }

    /// Add a related location.
    #[must_use]
    pub fn related(mut self, span: Span, message: impl Into<String>) -> Self {
        self.related.push(Related { message: message.into(), span });
        self
    }

    /// Set the fix hint.
    #[must_use]
    pub fn fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = Some(fix.into());
        self
    }

    /// Attach a structured fix (text edits).
    #[must_use]
    pub fn autofix(mut self, fix: Fix) -> Self {
        self.autofix = Some(fix);
        self
    }

    /// Set the structural fingerprint key.
    #[must_use]
    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.key = key.into();
        self
    }

    /// Set the environment.
    #[must_use]
    pub fn env(mut self, env: Environment) -> Self {
        self.environment = env;
        self
    }

    /// Mark a span as secret (masked in snippets).
    #[must_use]
    pub fn secret(mut self, span: Span) -> Self {
        self.secret_spans.push(span);
        self
    }
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DiagnosticLevel {
    /// Informational (e.g. an unused suppression).
    Note,
    /// Part of a file could not be read or understood; the rest was scanned.
    Warning,
    /// A file or policy could not be used at all.
    Error,
}

/// A problem with the input (unreadable/broken file, broken policy), never a finding.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Diagnostic {
    /// Severity of the diagnostic.
    pub level: DiagnosticLevel,
    /// Short machine-readable code, e.g. `parse-error`, `binary-file`, `yaml-too-deep`.
    pub code: String,
    /// The file (relative path) concerned.
    pub path: PathBuf,
    /// 1-based line, where known.
    pub line: Option<u32>,
    /// 1-based column, where known.
    pub column: Option<u32>,
    /// Human message.
    pub message: String,
}

impl Diagnostic {
    /// A diagnostic for a whole file.
    #[must_use]
    pub fn new(level: DiagnosticLevel, code: &str, path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self { level, code: code.to_owned(), path: path.into(), line: None, column: None, message: message.into() }
    }

    /// An error diagnostic for a whole file.
    #[must_use]
    pub fn error(code: &str, path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self::new(DiagnosticLevel::Error, code, path, message)
    }

    /// A warning diagnostic for a whole file.
    #[must_use]
    pub fn warning(code: &str, path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self::new(DiagnosticLevel::Warning, code, path, message)
    }

    /// Attach a line and column.
    #[must_use]
    pub fn at(mut self, line: u32, column: u32) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }
}

/// A rule as the outputs see it (native or Rego): the catalog entry behind SARIF `rules[]`,
/// `infra-lint rules` and `infra-lint explain`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleInfo {
    /// Stable id (`public-database`, `required-ci-gates`, `policy/main/deny`).
    pub id: String,
    /// PascalCase name.
    pub name: String,
    /// One line: what it finds.
    pub summary: String,
    /// Full documentation, markdown (What it does / Why is this bad? / How to fix / Example).
    pub docs: String,
    /// Default severity.
    pub severity: Severity,
    /// Tags.
    pub tags: Vec<String>,
    /// SARIF precision (`very-high`, `high`, `medium`, `low`).
    pub precision: String,
    /// Formats it looks at (`terraform`, `compose` …).
    pub formats: Vec<String>,
    /// `native` or `rego`.
    pub origin: String,
    /// Peer check ids the rule answers (Trivy `AVD-…`, Checkov `CKV_…`, zizmor, hadolint, Splinter).
    pub aliases: Vec<String>,
}
