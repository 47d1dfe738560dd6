//! Inline suppressions and baselines.
//!
//! One inline syntax wherever a format has comments:
//!
//! ```text
//! # infra-lint: ignore[public-database] local-only database, never deployed
//! # infra-lint: ignore[rule-a, rule-b] reason
//! # infra-lint: ignore-file[plaintext-secret] test fixtures
//! ```
//!
//! `#` works in every format with `#` comments (HCL, YAML, TOML, Dockerfile, `.env`); HCL also
//! takes `//`, SQL takes `--`. A comment alone on its line covers the next code line; at the end of
//! a line it covers that line; above an HCL block (a line opening `{`) it covers the whole block.
//! `ignore-file` covers the whole file. A finding is covered when its primary location starts in
//! a covered line. The text after `]` is the reason; a suppression without one is itself
//! reported (the rule `invalid-suppression` of the rules crate reads [`parse_file`]), a
//! suppression never silences a finding about its own comment, and suppressions that silence
//! nothing are reported as notes by [`apply`].
//!
//! Teams moving from Checkov or Trivy keep their comments: `checkov:skip=CKV_AWS_17:reason`
//! (anywhere inside an HCL block it covers that block; in other formats the whole file) and
//! `trivy:ignore:AVD-AWS-0180` / `tfsec:ignore:…` (placed like ours) and, in workflows and
//! actions, zizmor's `zizmor: ignore[template-injection]` silence the rules that name that check
//! among their aliases ([`PeerIds`]). Those comments belong to the peer scanner, which the team
//! most likely still runs: they are never reported as unused.
//!
//! A [`Baseline`] records findings by fingerprint so that later scans report only new ones.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::base::finding::{Diagnostic, DiagnosticLevel, Finding};
use crate::base::kind::FileKind;
use crate::base::source::{path_to_slash, Span};
use crate::model::{Model, ParsedFile};

/// One inline suppression comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlineSuppression {
    /// Rule ids it silences (`*` silences every rule).
    pub rules: Vec<String>,
    /// The reason (may be empty, which is reported).
    pub reason: String,
    /// The comment's span (from the comment marker to the end of the line).
    pub span: Span,
    /// 1-based line of the comment.
    pub line: u32,
    /// 1-based column of the comment marker.
    pub column: u32,
    /// First and last covered line (1-based, inclusive); `None` for `ignore-file`.
    pub lines: Option<(u32, u32)>,
    /// `Some` for a Checkov or Trivy comment: its `rules` are that scanner's check ids.
    pub peer: Option<&'static str>,
}

/// Which rules answer a peer scanner's check id (from the rules' aliases). Ids compare without
/// case and without Trivy's `AVD-` prefix.
#[derive(Debug, Default, Clone)]
pub struct PeerIds {
    map: std::collections::HashMap<String, Vec<String>>,
}

impl PeerIds {
    /// Build from `(rule id, aliases)` pairs.
    #[must_use]
    pub fn new<'a>(rules: impl IntoIterator<Item = (&'a str, &'a [String])>) -> Self {
        let mut map: std::collections::HashMap<String, Vec<String>> = std::collections::HashMap::new();
        for (id, aliases) in rules {
            for a in aliases {
                let ids = map.entry(Self::norm(a)).or_default();
                if !ids.iter().any(|x| x == id) {
                    ids.push(id.to_owned());
                }
            }
        }
        PeerIds { map }
    }

    /// The normal form of a peer id.
    #[must_use]
    pub fn norm(id: &str) -> String {
        let up = id.trim().to_ascii_uppercase();
        up.strip_prefix("AVD-").map_or(up.clone(), str::to_owned)
    }

    /// The rules that answer `peer_id` (empty when none does).
    #[must_use]
    pub fn rules_for(&self, peer_id: &str) -> &[String] {
        self.map.get(&Self::norm(peer_id)).map_or(&[], Vec::as_slice)
    }
}

impl InlineSuppression {
    /// Whether entry `r` of this suppression names `rule_id` (directly, or as a peer id).
    fn names(&self, r: &str, rule_id: &str, peers: &PeerIds) -> bool {
        if self.peer.is_some() {
            return r == "*" || peers.rules_for(r).iter().any(|x| x == rule_id);
        }
        r == "*" || r == rule_id
    }

    fn covers(&self, rule_id: &str, line: u32, peers: &PeerIds) -> bool {
        self.rules.iter().any(|r| self.names(r, rule_id, peers))
            && self.lines.is_none_or(|(first, last)| first <= line && line <= last)
    }
}

fn peer_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        #[allow(clippy::expect_used)]
        Regex::new(r"(#|//)\s*(checkov:skip=|trivy:ignore:|tfsec:ignore:)([A-Za-z0-9_.*-]+)(.*)$")
            .expect("invariant: static regex")
    })
}

fn marker_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        #[allow(clippy::expect_used)]
        Regex::new(r"(#|//|--)\s*infra-lint:\s*(ignore-file|ignore)\s*\[([^\]]*)\](.*)$")
            .expect("invariant: static regex")
    })
}

fn comment_markers(kind: FileKind) -> &'static [&'static str] {
    match kind {
        FileKind::Terraform | FileKind::Tfvars => &["#", "//"],
        FileKind::TerraformJson | FileKind::TfvarsJson | FileKind::Vercel => &[],
        // railway.json has no comments; wrangler.jsonc has `//`.
        FileKind::Railway => &["#"],
        FileKind::Wrangler => &["#", "//"],
        FileKind::Sql => &["--"],
        FileKind::Fly
        | FileKind::SupabaseConfig
        | FileKind::Compose
        | FileKind::Dependabot
        | FileKind::PreCommit
        | FileKind::Dockerfile
        | FileKind::Env
        | FileKind::Workflow
        | FileKind::Action
        | FileKind::Nginx => &["#"],
    }
}

fn is_hcl(kind: FileKind) -> bool {
    matches!(kind, FileKind::Terraform | FileKind::Tfvars)
}

/// Every inline suppression in one file, read from the file's comments as its format's lexer
/// finds them ([`crate::syntax::comments`]): a marker inside a string, a heredoc or a YAML block
/// scalar is not a comment, so it suppresses nothing.
#[must_use]
pub fn parse_file(file: &ParsedFile) -> Vec<InlineSuppression> {
    let markers = comment_markers(file.kind);
    if markers.is_empty() {
        return Vec::new();
    }
    let src = &file.source;
    let text: &str = &src.text;
    let peer_markers = ["checkov:skip=", "trivy:ignore:", "tfsec:ignore:", "zizmor:"];
    if !text.contains("infra-lint:") && !peer_markers.iter().any(|m| text.contains(m)) {
        return Vec::new();
    }
    let line_count = u32::try_from(src.lines.line_count()).unwrap_or(u32::MAX);
    let mut out = Vec::new();
    for comment in crate::syntax::comments::comments(file.kind, &file.path, text) {
        if !comment.is_line() || !markers.contains(&comment.marker) {
            continue;
        }
        let body = text.get(comment.start..comment.end).unwrap_or("");
        let line_no = src.start(src.span(comment.start, comment.start)).line;
        let line_start = src.lines.line_start(line_no).unwrap_or(0);
        let before = text.get(line_start..comment.start).unwrap_or("");
        if peer_markers[..3].iter().any(|m| body.contains(m)) {
            out.extend(peer_suppression(file, body, before, comment.start, line_no, line_count));
        }
        if body.contains("zizmor:")
            && matches!(file.kind, FileKind::Workflow | FileKind::Action | FileKind::Dependabot | FileKind::PreCommit)
        {
            out.extend(zizmor_suppression(file, body, before, comment.start, line_no, line_count));
        }
        if !body.contains("infra-lint:") {
            continue;
        }
        let Some(caps) = marker_re().captures(body) else { continue };
        let Some(whole) = caps.get(0) else { continue };
        // The marker starts the comment (`# infra-lint: …`, not `# see infra-lint: …`).
        if whole.start() != 0 {
            continue;
        }
        let file_wide = caps.get(2).is_some_and(|m| m.as_str() == "ignore-file");
        let rules: Vec<String> = caps
            .get(3)
            .map_or("", |m| m.as_str())
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        let reason = clean_reason(caps.get(4).map_or("", |m| m.as_str()));
        let span = src.span(comment.start, comment.end);
        let column = u32::try_from(before.chars().count() + 1).unwrap_or(u32::MAX);
        let lines = if file_wide {
            None
        } else if before.trim().is_empty() {
            // Alone on its line: covers the next code line (or the HCL block it opens).
            let target = next_code_line(file, line_no + 1, line_count);
            match target {
                Some(t) if is_hcl(file.kind) => Some((t, block_end(text, src, t).unwrap_or(t))),
                Some(t) => Some((t, t)),
                None => Some((line_no, line_no)),
            }
        } else {
            Some((line_no, line_no))
        };
        out.push(InlineSuppression { rules, reason, span, line: line_no, column, lines, peer: None });
    }
    out
}

/// A Checkov (`checkov:skip=ID[:reason]`) or Trivy (`trivy:ignore:ID[:exp:DATE]`) comment:
/// `body` is the comment's text (starting at its marker, at byte `at`), `before` what precedes
/// it on its line.
fn peer_suppression(
    file: &ParsedFile,
    body: &str,
    before: &str,
    at: usize,
    line_no: u32,
    line_count: u32,
) -> Option<InlineSuppression> {
    let caps = peer_re().captures(body)?;
    let (whole, kind) = (caps.get(0)?, caps.get(2)?.as_str());
    if whole.start() != 0 {
        return None;
    }
    let id = caps.get(3)?.as_str().to_owned();
    let rest = caps.get(4).map_or("", |m| m.as_str());
    let src = &file.source;
    let text: &str = &src.text;
    let (peer, reason, lines) = if kind == "checkov:skip=" {
        let reason = clean_reason(rest.strip_prefix(':').unwrap_or(""));
        let reason = if reason.is_empty() { "checkov:skip".to_owned() } else { reason };
        // Inside an HCL block: that top-level block; above one: the block it opens; elsewhere
        // (Dockerfiles, YAML): the whole file, as Checkov reads it.
        let lines = if is_hcl(file.kind) {
            let alone = before.trim().is_empty();
            let target = if alone { next_code_line(file, line_no + 1, line_count) } else { None };
            match enclosing_block(text, src, line_no) {
                Some(range) => Some(range),
                None => match target {
                    Some(t) => Some((t, block_end(text, src, t).unwrap_or(t))),
                    None => Some((line_no, line_no)),
                },
            }
        } else {
            None
        };
        ("checkov", reason, lines)
    } else {
        let lines = if before.trim().is_empty() {
            match next_code_line(file, line_no + 1, line_count) {
                Some(t) if is_hcl(file.kind) => Some((t, block_end(text, src, t).unwrap_or(t))),
                Some(t) => Some((t, t)),
                None => Some((line_no, line_no)),
            }
        } else {
            Some((line_no, line_no))
        };
        ("trivy", format!("{}{id}", kind.trim_end_matches(':').to_owned() + ":"), lines)
    };
    let span = src.span(at, at + body.len());
    let column = u32::try_from(before.chars().count() + 1).unwrap_or(u32::MAX);
    Some(InlineSuppression { rules: vec![id], reason, span, line: line_no, column, lines, peer: Some(peer) })
}

/// A zizmor comment (`# zizmor: ignore[template-injection, artipacked]`) in a workflow or action:
/// the audits it names silence the rules whose aliases name them, on its own line (or, alone on
/// its line, on the next code line). After the first line of a sequence item (`- name: x  #
/// zizmor: …`) it covers the whole item, as zizmor's step-wide findings hold that line.
fn zizmor_suppression(
    file: &ParsedFile,
    body: &str,
    before: &str,
    at: usize,
    line_no: u32,
    line_count: u32,
) -> Option<InlineSuppression> {
    static RE: OnceLock<Regex> = OnceLock::new();
    #[allow(clippy::expect_used)]
    let re = RE.get_or_init(|| Regex::new(r"^#\s*zizmor:\s*ignore\[([^\]]*)\]").expect("invariant: static regex"));
    let caps = re.captures(body)?;
    let rules: Vec<String> =
        caps.get(1)?.as_str().split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect();
    let lines = if before.trim().is_empty() {
        Some(next_code_line(file, line_no + 1, line_count).map_or((line_no, line_no), |t| (t, t)))
    } else if before.trim_start().starts_with("- ") {
        Some((line_no, item_end(file, line_no, line_count, before.len() - before.trim_start().len())))
    } else {
        Some((line_no, line_no))
    };
    let span = file.source.span(at, at + body.len());
    let column = u32::try_from(before.chars().count() + 1).unwrap_or(u32::MAX);
    Some(InlineSuppression {
        rules,
        reason: "zizmor: ignore".to_owned(),
        span,
        line: line_no,
        column,
        lines,
        peer: Some("zizmor"),
    })
}

/// The top-level HCL block (a line at column 1 that opens a block) whose body holds `line`.
fn enclosing_block(text: &str, src: &crate::base::source::SourceFile, line: u32) -> Option<(u32, u32)> {
    let mut l = line;
    while l >= 1 {
        let t = src.line_text(l);
        if !t.starts_with([' ', '\t', '#', '/', '}']) && !t.trim().is_empty() && t.contains('{') {
            let end = block_end(text, src, l)?;
            return (end >= line).then_some((l, end));
        }
        l -= 1;
    }
    None
}

fn clean_reason(raw: &str) -> String {
    let r = raw.trim();
    // Block-comment closers and leading punctuation are not part of the reason.
    let r = r.strip_suffix("*/").unwrap_or(r).trim();
    r.trim_start_matches([':', '-', '—', '–']).trim().to_owned()
}

/// The first line at or after `from` that is neither blank nor a comment.
/// The last line of the YAML sequence item whose `-` sits at column `dash` of `line`: the line
/// before the next code line indented no deeper than the dash.
fn item_end(file: &ParsedFile, line: u32, last: u32, dash: usize) -> u32 {
    let mut end = line;
    for l in line + 1..=last {
        let t = file.source.line_text(l);
        let body = t.trim_start();
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        if t.len() - body.len() <= dash {
            break;
        }
        end = l;
    }
    end
}

fn next_code_line(file: &ParsedFile, from: u32, last: u32) -> Option<u32> {
    let markers = comment_markers(file.kind);
    (from..=last).find(|&l| {
        let t = file.source.line_text(l).trim_start();
        !t.is_empty() && !markers.iter().any(|m| t.starts_with(m)) && !t.starts_with("/*")
    })
}

/// When `line` opens an HCL block (more `{` than `}` outside strings and comments), the line of
/// the matching `}`.
fn block_end(text: &str, src: &crate::base::source::SourceFile, line: u32) -> Option<u32> {
    let start = src.lines.line_start(line)?;
    let bytes = text.as_bytes();
    let mut depth: i64 = 0;
    let mut i = start;
    let mut opened = false;
    let mut in_str = false;
    let mut heredoc: Option<String> = None;
    while i < bytes.len() {
        let b = bytes.get(i).copied().unwrap_or(b'\n');
        if let Some(tag) = &heredoc {
            // Inside a heredoc: skip to a line that is the tag.
            if b == b'\n' {
                let rest = text.get(i + 1..).unwrap_or("");
                let next = rest.lines().next().unwrap_or("");
                if next.trim() == tag {
                    heredoc = None;
                    i += 1 + next.len();
                    continue;
                }
            }
            i += 1;
            continue;
        }
        if in_str {
            match b {
                b'\\' => i += 1,
                b'"' => in_str = false,
                b'\n' => in_str = false,
                _ => {}
            }
            i += 1;
            continue;
        }
        match b {
            b'"' => in_str = true,
            b'#' => {
                i = skip_line(bytes, i);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = skip_line(bytes, i);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let rest = text.get(i + 2..).unwrap_or("");
                i = rest.find("*/").map_or(bytes.len(), |p| i + 2 + p + 2);
                continue;
            }
            b'<' if bytes.get(i + 1) == Some(&b'<') => {
                let rest = text.get(i + 2..).unwrap_or("");
                let rest = rest.strip_prefix('-').unwrap_or(rest);
                let tag: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                if !tag.is_empty() {
                    heredoc = Some(tag);
                    i = skip_line(bytes, i);
                    continue;
                }
            }
            b'{' => {
                depth += 1;
                opened = true;
            }
            b'}' => {
                depth -= 1;
                if opened && depth == 0 {
                    return Some(src.lines.line_col(text, i).line);
                }
            }
            b'\n' if !opened => {
                // The line did not open a block.
                return None;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

fn skip_line(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && bytes.get(i) != Some(&b'\n') {
        i += 1;
    }
    i
}

/// Every inline suppression in the model, per file id.
#[must_use]
pub fn collect(model: &Model) -> Vec<Vec<InlineSuppression>> {
    model.files.iter().map(parse_file).collect()
}

/// The result of applying inline suppressions to findings.
#[derive(Debug, Default)]
pub struct Applied {
    /// Findings not silenced.
    pub active: Vec<Finding>,
    /// Findings silenced, with the reason of the suppression that silenced them.
    pub suppressed: Vec<(Finding, String)>,
    /// Notes for suppressions that silenced nothing, and warnings for malformed ones.
    pub diagnostics: Vec<Diagnostic>,
}

/// Apply inline suppressions. `ran` says whether a rule ran in this scan (suppressions of rules
/// that did not run are not reported as unused); `known` whether a rule id exists at all.
#[must_use]
pub fn apply(
    model: &Model,
    findings: Vec<Finding>,
    ran: &dyn Fn(&str) -> bool,
    known: &dyn Fn(&str) -> bool,
) -> Applied {
    apply_with_peers(model, findings, ran, known, &PeerIds::default())
}

/// [`apply`], with Checkov and Trivy comments resolved through `peers`.
#[must_use]
pub fn apply_with_peers(
    model: &Model,
    findings: Vec<Finding>,
    ran: &dyn Fn(&str) -> bool,
    known: &dyn Fn(&str) -> bool,
    peers: &PeerIds,
) -> Applied {
    let all = collect(model);
    let mut used: Vec<Vec<Vec<bool>>> =
        all.iter().map(|sups| sups.iter().map(|s| vec![false; s.rules.len()]).collect()).collect();
    let mut out = Applied::default();
    for f in findings {
        let file_sups = all.get(f.span.file.0 as usize);
        let line = model.locate(f.span).start_line;
        let mut hit: Option<String> = None;
        if let Some(sups) = file_sups {
            for (si, s) in sups.iter().enumerate() {
                // A suppression never silences a finding about the comment itself (a reasonless
                // `ignore-file[*]` stays visible).
                let about_itself = f.span.start >= s.span.start && f.span.end <= s.span.end;
                if !about_itself && s.covers(&f.rule_id, line, peers) {
                    if hit.is_none() {
                        hit = Some(s.reason.clone());
                    }
                    if let Some(flags) = used.get_mut(f.span.file.0 as usize).and_then(|v| v.get_mut(si)) {
                        for (ri, r) in s.rules.iter().enumerate() {
                            if s.names(r, &f.rule_id, peers) {
                                if let Some(flag) = flags.get_mut(ri) {
                                    *flag = true;
                                }
                            }
                        }
                    }
                }
            }
        }
        match hit {
            Some(reason) => out.suppressed.push((f, reason)),
            None => out.active.push(f),
        }
    }
    for (fi, sups) in all.iter().enumerate() {
        let Some(file) = model.files.get(fi) else { continue };
        for (si, s) in sups.iter().enumerate() {
            let path = &file.path;
            if s.rules.is_empty() {
                out.diagnostics.push(
                    Diagnostic::new(
                        DiagnosticLevel::Warning,
                        "empty-suppression",
                        path,
                        "suppression names no rule; write `infra-lint: ignore[rule-id] reason`",
                    )
                    .at(s.line, s.column),
                );
                continue;
            }
            if s.peer.is_some() {
                // A peer scanner's comment belongs to that scanner: it is honoured when a rule
                // answering its check id reports there, and never judged unused, since the peer
                // (still run by the team, most likely) needs it whatever infra-lint finds.
                continue;
            }
            for (ri, r) in s.rules.iter().enumerate() {
                if r != "*" && !known(r) {
                    out.diagnostics.push(
                        Diagnostic::warning(
                            "unknown-rule-in-suppression",
                            path,
                            format!("suppression names unknown rule `{r}` (see `infra-lint rules`)"),
                        )
                        .at(s.line, s.column),
                    );
                    continue;
                }
                let was_used = used.get(fi).and_then(|v| v.get(si)).and_then(|v| v.get(ri)).copied().unwrap_or(false);
                if !was_used && (r == "*" || ran(r)) {
                    out.diagnostics.push(
                        Diagnostic::new(
                            DiagnosticLevel::Note,
                            "unused-suppression",
                            path,
                            format!("suppression of `{r}` silences nothing here; remove it"),
                        )
                        .at(s.line, s.column),
                    );
                }
            }
        }
    }
    out
}

/// A recorded finding in a baseline file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct BaselineEntry {
    /// The finding's fingerprint (what is matched).
    pub fingerprint: String,
    /// Rule id (for humans).
    pub rule_id: String,
    /// Path (for humans).
    pub path: String,
    /// Line when recorded (for humans; not matched).
    pub line: u32,
    /// Message when recorded (for humans; not matched).
    pub message: String,
}

/// A baseline: findings accepted as they are; later scans report only new findings.
///
/// Stored as JSON: `{"version": 1, "tool": "infra-lint", "findings": [ … ]}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    /// Format version (1).
    pub version: u32,
    /// Always `infra-lint`.
    pub tool: String,
    /// The recorded findings, sorted.
    pub findings: Vec<BaselineEntry>,
}

/// A baseline file that could not be read.
#[derive(Debug, thiserror::Error)]
#[error("{}: {message}", path.display())]
pub struct BaselineError {
    /// The file.
    pub path: PathBuf,
    /// What went wrong.
    pub message: String,
}

impl Baseline {
    /// A baseline of `entries` (sorted and deduplicated).
    #[must_use]
    pub fn new(mut entries: Vec<BaselineEntry>) -> Self {
        entries.sort();
        entries.dedup();
        Self { version: 1, tool: "infra-lint".to_owned(), findings: entries }
    }

    /// Whether a fingerprint is recorded.
    #[must_use]
    pub fn contains(&self, fingerprint: &str) -> bool {
        self.findings.iter().any(|e| e.fingerprint == fingerprint)
    }

    /// Parse baseline JSON.
    ///
    /// # Errors
    /// Not JSON of the baseline shape, or an unsupported version.
    pub fn parse(text: &str, path: &Path) -> Result<Self, BaselineError> {
        let b: Baseline = serde_json::from_str(text)
            .map_err(|e| BaselineError { path: path.to_path_buf(), message: format!("not a baseline file: {e}") })?;
        if b.version != 1 {
            return Err(BaselineError {
                path: path.to_path_buf(),
                message: format!("unsupported baseline version {}", b.version),
            });
        }
        Ok(b)
    }

    /// Read a baseline file.
    ///
    /// # Errors
    /// Unreadable file or [`Baseline::parse`] failure.
    pub fn load(path: &Path) -> Result<Self, BaselineError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| BaselineError { path: path.to_path_buf(), message: format!("cannot read baseline: {e}") })?;
        Self::parse(&text, path)
    }

    /// The baseline as pretty JSON (with a trailing newline).
    #[must_use]
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }
}

/// `path` as a `/`-separated string (re-exported for baseline writers).
#[must_use]
pub fn slash(path: &Path) -> String {
    path_to_slash(path)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::base::finding::Severity;
    use crate::model::load::{load_memory, LoadOptions, MemoryFile};

    fn model(path: &str, text: &str) -> Model {
        load_memory(vec![MemoryFile { path: path.into(), contents: text.as_bytes().to_vec() }], &LoadOptions::default())
    }

    #[test]
    fn hcl_block_and_trailing_and_file() {
        let text = "# infra-lint: ignore[public-database] replica for status page\nresource \"aws_db_instance\" \"x\" {\n  publicly_accessible = true\n  tags = { a = \"}\" }\n}\nresource \"b\" \"c\" {\n  x = 1 // infra-lint: ignore[r1, r2] -- known\n}\n# infra-lint: ignore-file[r3]\n";
        let m = model("main.tf", text);
        let sups = parse_file(&m.files[0]);
        assert_eq!(sups.len(), 3, "{sups:?}");
        assert_eq!(sups[0].rules, vec!["public-database"]);
        assert_eq!(sups[0].reason, "replica for status page");
        assert_eq!(sups[0].lines, Some((2, 5)));
        assert_eq!((sups[0].line, sups[0].column), (1, 1));
        assert_eq!(sups[1].rules, vec!["r1", "r2"]);
        assert_eq!(sups[1].reason, "known");
        assert_eq!(sups[1].lines, Some((7, 7)));
        assert_eq!(sups[1].column, 9);
        assert_eq!(sups[2].lines, None);
        assert_eq!(sups[2].reason, "");
    }

    #[test]
    fn markers_inside_values_are_not_comments() {
        // A workflow script, a quoted value and a Terraform heredoc may mention a suppression;
        // only real comments suppress.
        let wf = "on: push\njobs:\n  a:\n    steps:\n      - run: |\n          echo x # infra-lint: ignore-file[*]\n        env:\n          A: \"# infra-lint: ignore-file[*]\"\n      # infra-lint: ignore[r1] real\n      - run: echo\n";
        let m = model(".github/workflows/ci.yml", wf);
        let sups = parse_file(&m.files[0]);
        assert_eq!(sups.len(), 1, "{sups:?}");
        assert_eq!((sups[0].line, sups[0].rules[0].as_str(), sups[0].lines), (9, "r1", Some((10, 10))));
        let tf = "resource \"x\" \"y\" {\n  user_data = <<-EOT\n    # infra-lint: ignore-file[*]\n    # checkov:skip=CKV_AWS_1\n  EOT\n  name = \"# trivy:ignore:AVD-AWS-0001\"\n}\n";
        let m = model("main.tf", tf);
        assert!(parse_file(&m.files[0]).is_empty());
    }

    #[test]
    fn yaml_above_and_sql_dashes() {
        let m = model(
            "docker-compose.yml",
            "services:\n  db:\n    ports:\n      # infra-lint: ignore[exposed-port] dev only\n\n      - \"5432:5432\"\n",
        );
        let sups = parse_file(&m.files[0]);
        assert_eq!(sups[0].lines, Some((6, 6)));
        let m = model(
            "migrations/001.sql",
            "create table t (); -- infra-lint: ignore[rls] public\n# infra-lint: ignore[x] y\n",
        );
        let sups = parse_file(&m.files[0]);
        assert_eq!(sups.len(), 1);
        assert_eq!(sups[0].rules, vec!["rls"]);
    }

    #[test]
    fn marker_inside_a_word_is_not_a_comment() {
        let m = model(".env", "URL=http://x#infra-lint: ignore[a] b\n");
        assert!(parse_file(&m.files[0]).is_empty());
    }

    #[test]
    fn apply_marks_used_and_unused_and_never_silences_itself() {
        let text = "# infra-lint: ignore[r1] ok\nA=1\nB=2 # infra-lint: ignore[r1]\nC=3 # infra-lint: ignore[r2] x\nD=4 # infra-lint: ignore[nope] x\n";
        let m = model(".env", text);
        let f = &m.files[0];
        let at = |line: u32| {
            let s = f.source.lines.line_start(line).unwrap();
            f.source.span(s, s + 1)
        };
        let findings = vec![
            Finding::new("r1", Severity::High, at(2), "a"),
            Finding::new("r1", Severity::High, at(3), "b"),
            Finding::new("r1", Severity::High, at(4), "c"),
        ];
        let known = |id: &str| id.starts_with('r');
        let out = apply(&m, findings, &|_| true, &known);
        assert_eq!(out.suppressed.len(), 2);
        assert_eq!(out.suppressed[0].1, "ok");
        assert_eq!(out.active.len(), 1);
        assert_eq!(m.locate(out.active[0].span).start_line, 4);
        let codes: Vec<_> = out.diagnostics.iter().map(|d| (d.code.as_str(), d.line)).collect();
        assert_eq!(codes, vec![("unused-suppression", Some(4)), ("unknown-rule-in-suppression", Some(5))]);
    }

    #[test]
    fn zizmor_comments_silence_the_rule_answering_the_audit() {
        let wf = "on: pull_request_target\njobs:\n  a:\n    steps:\n      - run: echo ${{ github.head_ref }} # zizmor: ignore[template-injection]\n      # zizmor: ignore[artipacked, excessive-permissions]\n      - uses: actions/checkout@v4\n";
        let m = model(".github/workflows/ci.yml", wf);
        let sups = parse_file(&m.files[0]);
        assert_eq!(sups.len(), 2, "{sups:?}");
        assert_eq!((sups[0].lines, sups[0].peer), (Some((5, 5)), Some("zizmor")));
        assert_eq!(sups[1].rules, ["artipacked", "excessive-permissions"]);
        assert_eq!(sups[1].lines, Some((7, 7)));
        let f = &m.files[0];
        let at = |line: u32| {
            let s = f.source.lines.line_start(line).unwrap();
            f.source.span(s + 6, s + 7)
        };
        let aliases = vec!["template-injection".to_owned()];
        let peers = PeerIds::new([("workflow-injection", aliases.as_slice())]);
        let findings = vec![
            Finding::new("workflow-injection", Severity::High, at(5), "a"),
            Finding::new("unpinned-action", Severity::High, at(7), "b"),
        ];
        let out = apply_with_peers(&m, findings, &|_| true, &|_| true, &peers);
        assert_eq!(out.suppressed.len(), 1);
        assert_eq!(out.suppressed[0].0.rule_id, "workflow-injection");
        assert_eq!(out.active.len(), 1);
        // After a step's first line, the comment covers the whole step.
        let wf = "jobs:\n  a:\n    steps:\n      - name: publish # zizmor: ignore[use-trusted-publishing]\n        run: cargo publish\n\n        env:\n          A: b\n      - run: echo\n";
        let m = model(".github/workflows/ci.yml", wf);
        assert_eq!(parse_file(&m.files[0])[0].lines, Some((4, 8)));
        // The same comment in a Dockerfile is not zizmor's.
        let m = model("Dockerfile", "FROM x # zizmor: ignore[a]\n");
        assert!(parse_file(&m.files[0]).is_empty());
    }

    #[test]
    fn a_file_wide_suppression_does_not_cover_findings_about_itself() {
        let text = "A=1 # infra-lint: ignore-file[*]\n";
        let m = model(".env", text);
        let sup = parse_file(&m.files[0]).remove(0);
        let about = Finding::new("invalid-suppression", Severity::Medium, sup.span, "no reason");
        let other = Finding::new("r1", Severity::High, m.files[0].source.span(0, 1), "a");
        let out = apply(&m, vec![about, other], &|_| true, &|_| true);
        assert_eq!(out.active.len(), 1);
        assert_eq!(out.active[0].rule_id, "invalid-suppression");
        assert_eq!(out.suppressed.len(), 1);
    }

    #[test]
    fn checkov_and_trivy_comments_silence_the_answering_rule() {
        let text = r#"resource "aws_db_instance" "a" {
  #checkov:skip=CKV_AWS_17:replica for the status page
  publicly_accessible = true
}

# trivy:ignore:AVD-AWS-0180
resource "aws_db_instance" "b" {
  publicly_accessible = true
}

resource "aws_db_instance" "c" {
  publicly_accessible = true # tfsec:ignore:aws-rds-no-public-db-access
  storage_encrypted   = false
}

# checkov:skip=CKV_AWS_999:no rule answers this one
resource "aws_db_instance" "d" {
  publicly_accessible = true
}
"#;
        let m = model("main.tf", text);
        let f = &m.files[0];
        let at = |line: u32| {
            let s = f.source.lines.line_start(line).unwrap();
            f.source.span(s + 2, s + 3)
        };
        let aliases = vec!["CKV_AWS_17".to_owned(), "AWS-0180".to_owned(), "aws-rds-no-public-db-access".to_owned()];
        let peers = PeerIds::new([("public-database", aliases.as_slice())]);
        let findings = vec![
            Finding::new("public-database", Severity::High, at(3), "a"),
            Finding::new("public-database", Severity::High, at(8), "b"),
            Finding::new("public-database", Severity::High, at(12), "c"),
            Finding::new("unencrypted-storage", Severity::High, at(13), "c2"),
            Finding::new("public-database", Severity::High, at(18), "d"),
        ];
        let out = apply_with_peers(&m, findings, &|_| true, &|_| true, &peers);
        let lines = |v: Vec<&Finding>| v.into_iter().map(|f| m.locate(f.span).start_line).collect::<Vec<_>>();
        assert_eq!(lines(out.suppressed.iter().map(|(f, _)| f).collect()), vec![3, 8, 12]);
        assert_eq!(out.suppressed[0].1, "replica for the status page");
        assert_eq!(lines(out.active.iter().collect()), vec![13, 18]);
        assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);

        // Unused: the rule ran and found nothing there; the comments are the peer's, so no note.
        let out = apply_with_peers(&m, Vec::new(), &|_| true, &|_| true, &peers);
        assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
        assert!(out.suppressed.is_empty());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
        /// Suppression parsing never panics, whatever the text, and covered ranges are sane.
        #[test]
        fn parsing_never_panics(
            body in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just("# infra-lint: ignore[a,b] why\n".to_owned()),
                    proptest::strategy::Just("// infra-lint: ignore-file[*]\n".to_owned()),
                    proptest::strategy::Just("resource \"a\" \"b\" {\n".to_owned()),
                    proptest::strategy::Just("}\n".to_owned()),
                    proptest::strategy::Just("x = <<EOT\n".to_owned()),
                    proptest::strategy::Just("EOT\n".to_owned()),
                    proptest::strategy::Just("/* \"{ */\n".to_owned()),
                    "[ -~\\t{}\"#/é]{0,40}\n?",
                ],
                0..30,
            ),
            name in proptest::prop_oneof![
                proptest::strategy::Just("main.tf"),
                proptest::strategy::Just("docker-compose.yml"),
                proptest::strategy::Just("migrations/1.sql"),
                proptest::strategy::Just(".env"),
            ],
        ) {
            let text: String = body.concat();
            let m = model(name, &text);
            let lines = u32::try_from(m.files[0].source.lines.line_count()).unwrap();
            for s in parse_file(&m.files[0]) {
                if let Some((a, b)) = s.lines {
                    proptest::prop_assert!(1 <= a && a <= b && b <= lines);
                }
            }
            let _ = apply(&m, Vec::new(), &|_| true, &|_| true);
        }

        /// Configuration parsing never panics on arbitrary text.
        #[test]
        fn config_parsing_never_panics(text in "[ -~\\n]{0,200}") {
            let _ = crate::engine::config::Config::parse(&text, Path::new("c.toml"));
        }
    }

    #[test]
    fn baseline_round_trip() {
        let b = Baseline::new(vec![BaselineEntry {
            fingerprint: "abc".into(),
            rule_id: "r".into(),
            path: "a.tf".into(),
            line: 3,
            message: "m".into(),
        }]);
        let back = Baseline::parse(&b.to_json(), Path::new("b.json")).unwrap();
        assert_eq!(back, b);
        assert!(back.contains("abc"));
        assert!(Baseline::parse("{}", Path::new("b.json")).is_err());
    }
}
