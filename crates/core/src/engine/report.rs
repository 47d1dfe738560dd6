//! The report of a scan: findings resolved to locations (paths, line:column), with masked
//! snippets, fingerprints and suppression state, plus diagnostics and the catalog of the rules
//! that ran. Self-contained: renderers need nothing else (the render layer).

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::base::finding::{Diagnostic, Finding, Location, RuleInfo, Severity};
use crate::base::mask::{mask, TokenFinder};
use crate::base::source::{path_to_slash, Span};
use crate::model::{Environment, Model};

/// Most source lines kept for a finding's code frame.
pub const MAX_FRAME_LINES: usize = 6;

/// The tool that produced a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ToolInfo {
    /// `infra-lint`.
    pub name: String,
    /// Version of the tool.
    pub version: String,
    /// Home page.
    pub information_uri: String,
}

impl Default for ToolInfo {
    fn default() -> Self {
        Self {
            name: "infra-lint".to_owned(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
            information_uri: "https://github.com/infra-lint/infra-lint".to_owned(),
        }
    }
}

/// Why a finding is not reported as active.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SuppressionKind {
    /// An inline `infra-lint: ignore[…]` comment.
    InSource,
    /// A baseline file (`--baseline`).
    External,
}

/// The suppression state of a suppressed finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suppression {
    /// Inline comment or baseline.
    pub kind: SuppressionKind,
    /// The reason written in the comment (or "baseline").
    pub justification: String,
}

/// A related location, resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RelatedLocation {
    /// What it shows.
    pub message: String,
    /// Where.
    pub location: Location,
}

/// One source line of a code frame, already masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrameLine {
    /// 1-based line number.
    pub number: u32,
    /// The line's text with secrets masked (no line terminator).
    pub text: String,
    /// Characters to underline: 0-based code-point range in `text` (end exclusive), if any.
    pub underline: Option<(u32, u32)>,
}

/// A finding as reported: resolved location, masked snippet, fingerprint, suppression state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ReportedFinding {
    /// Rule id.
    pub rule_id: String,
    /// Severity (after environment weighting and configuration overrides).
    pub severity: Severity,
    /// Self-contained message (secrets masked).
    pub message: String,
    /// Primary location (path relative to the scan root).
    pub location: Location,
    /// Related evidence, resolved.
    pub related: Vec<RelatedLocation>,
    /// One-line fix hint.
    pub fix: Option<String>,
    /// The rule's structural key (resource address, key path).
    pub key: String,
    /// Stable fingerprint: rule id + path + key (or masked snippet), never line numbers; an
    /// ordinal suffix separates otherwise identical findings.
    pub fingerprint: String,
    /// Environment of the file.
    pub environment: Environment,
    /// Set when the finding is silenced (inline or baseline).
    pub suppression: Option<Suppression>,
    /// The text of the primary span, secrets masked (at most a few lines).
    pub snippet: String,
    /// The source lines of the primary span, masked, for code frames.
    pub frame: Vec<FrameLine>,
    /// The rule's structured fix (byte spans in the finding's file), when it has one.
    pub autofix: Option<crate::base::finding::Fix>,
}

/// Counts for the summary line and the JSON `summary` object.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Summary {
    /// Active findings.
    pub total: usize,
    /// Active findings by severity (every severity present, possibly 0).
    pub by_severity: BTreeMap<Severity, usize>,
    /// Findings silenced by inline comments.
    pub suppressed_inline: usize,
    /// Findings silenced by the baseline.
    pub baselined: usize,
    /// Files scanned.
    pub files_scanned: usize,
    /// Diagnostics by level name (`error`, `warning`, `note`).
    pub diagnostics: BTreeMap<String, usize>,
}

/// The report of one scan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// Producing tool.
    pub tool: ToolInfo,
    /// The scan root as given or canonicalised (only SARIF's `originalUriBaseIds` uses it);
    /// `None` for in-memory scans.
    pub root: Option<PathBuf>,
    /// Active findings, sorted by (path, line, column, rule id).
    pub findings: Vec<ReportedFinding>,
    /// Suppressed findings (inline or baseline), sorted the same way.
    pub suppressed: Vec<ReportedFinding>,
    /// Problems with the input (broken files, broken policies, unused suppressions …), sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// Catalog entries of every rule that ran, sorted by id.
    pub rules: Vec<RuleInfo>,
    /// Number of files scanned.
    pub files_scanned: usize,
    /// Where the time of the scan went (not part of any output format).
    #[serde(skip)]
    pub timings: crate::base::timings::Timings,
}

impl Report {
    /// Counts of findings and diagnostics.
    #[must_use]
    pub fn summary(&self) -> Summary {
        let mut by_severity: BTreeMap<Severity, usize> = Severity::ALL.iter().map(|s| (*s, 0)).collect();
        for f in &self.findings {
            *by_severity.entry(f.severity).or_default() += 1;
        }
        let mut diagnostics = BTreeMap::new();
        for d in &self.diagnostics {
            *diagnostics.entry(level_name(d.level).to_owned()).or_default() += 1;
        }
        let count = |k: SuppressionKind| {
            self.suppressed.iter().filter(|f| f.suppression.as_ref().is_some_and(|s| s.kind == k)).count()
        };
        Summary {
            total: self.findings.len(),
            by_severity,
            suppressed_inline: count(SuppressionKind::InSource),
            baselined: count(SuppressionKind::External),
            files_scanned: self.files_scanned,
            diagnostics,
        }
    }

    /// The highest severity among active findings.
    #[must_use]
    pub fn max_severity(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }

    /// Whether the scan fails under `fail_on` (any active finding at or above the threshold).
    #[must_use]
    pub fn fails(&self, fail_on: crate::engine::config::FailOn) -> bool {
        self.findings.iter().any(|f| fail_on.fails(f.severity))
    }

    /// Whether any diagnostic is an error (a file or policy could not be used).
    #[must_use]
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.level == crate::base::finding::DiagnosticLevel::Error)
    }

    /// The catalog entry of a rule that ran.
    #[must_use]
    pub fn rule(&self, id: &str) -> Option<&RuleInfo> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// A baseline recording the active and already-baselined findings.
    #[must_use]
    pub fn to_baseline(&self) -> crate::engine::suppress::Baseline {
        let entries = self
            .findings
            .iter()
            .chain(
                self.suppressed
                    .iter()
                    .filter(|f| f.suppression.as_ref().is_some_and(|s| s.kind == SuppressionKind::External)),
            )
            .map(|f| crate::engine::suppress::BaselineEntry {
                fingerprint: f.fingerprint.clone(),
                rule_id: f.rule_id.clone(),
                path: path_to_slash(&f.location.path),
                line: f.location.start_line,
                message: f.message.clone(),
            })
            .collect();
        crate::engine::suppress::Baseline::new(entries)
    }

    /// Prefix every path (findings, related locations, diagnostics) with `prefix`, for scans of
    /// several roots reported together.
    pub fn prefix_paths(&mut self, prefix: &std::path::Path) {
        if prefix.as_os_str().is_empty() {
            return;
        }
        let fix = |p: &mut PathBuf| *p = PathBuf::from(path_to_slash(&prefix.join(&*p)));
        for f in self.findings.iter_mut().chain(self.suppressed.iter_mut()) {
            fix(&mut f.location.path);
            for r in &mut f.related {
                fix(&mut r.location.path);
            }
        }
        for d in &mut self.diagnostics {
            fix(&mut d.path);
        }
    }

    /// Merge another report (of another root) into this one, keeping the order deterministic.
    pub fn merge(&mut self, other: Report) {
        self.findings.extend(other.findings);
        self.suppressed.extend(other.suppressed);
        self.diagnostics.extend(other.diagnostics);
        for r in other.rules {
            if !self.rules.iter().any(|x| x.id == r.id) {
                self.rules.push(r);
            }
        }
        self.files_scanned += other.files_scanned;
        self.sort();
    }

    /// Mask every token `tokens` finds in diagnostic messages (they may quote file contents).
    pub fn mask_diagnostics(&mut self, tokens: TokenFinder) {
        for d in &mut self.diagnostics {
            d.message = mask_shapes(&d.message, tokens);
        }
    }

    /// Sort findings, diagnostics and rules deterministically.
    pub fn sort(&mut self) {
        self.findings.sort_by(order);
        self.suppressed.sort_by(order);
        self.diagnostics.sort();
        self.diagnostics.dedup();
        self.rules.sort_by(|a, b| a.id.cmp(&b.id));
        self.rules.dedup_by(|a, b| a.id == b.id);
    }
}

fn order(a: &ReportedFinding, b: &ReportedFinding) -> std::cmp::Ordering {
    let k = |f: &ReportedFinding| {
        (
            path_to_slash(&f.location.path),
            f.location.start_line,
            f.location.start_column,
            f.location.end_line,
            f.location.end_column,
            f.rule_id.clone(),
            f.message.clone(),
        )
    };
    k(a).cmp(&k(b))
}

/// Lower-case name of a diagnostic level.
#[must_use]
pub fn level_name(level: crate::base::finding::DiagnosticLevel) -> &'static str {
    match level {
        crate::base::finding::DiagnosticLevel::Note => "note",
        crate::base::finding::DiagnosticLevel::Warning => "warning",
        crate::base::finding::DiagnosticLevel::Error => "error",
    }
}

/// Replace the secret spans that intersect `range` (absolute byte offsets of `text`, which
/// starts at absolute offset `base`) with their masked form. Returns the masked text and a map
/// from absolute byte offsets to byte offsets in the masked text.
fn mask_range(text: &str, base: usize, secrets: &[Span]) -> (String, Vec<(usize, usize, usize)>) {
    // (orig_start, orig_end) segments to replace, relative to `text`.
    let mut cuts: Vec<(usize, usize)> = secrets
        .iter()
        .filter_map(|s| {
            let (ss, se) = (s.start as usize, s.end as usize);
            let end = base + text.len();
            if se <= base || ss >= end || se <= ss {
                return None;
            }
            let mut a = ss.max(base) - base;
            let mut b = se.min(end) - base;
            while a > 0 && !text.is_char_boundary(a) {
                a -= 1;
            }
            while b < text.len() && !text.is_char_boundary(b) {
                b += 1;
            }
            Some((a, b))
        })
        .collect();
    cuts.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (a, b) in cuts {
        match merged.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    let mut out = String::with_capacity(text.len());
    // (orig_start, orig_end, new_start) for unchanged segments.
    let mut map = Vec::new();
    let mut pos = 0;
    for (a, b) in merged {
        map.push((pos, a, out.len()));
        out.push_str(text.get(pos..a).unwrap_or(""));
        out.push_str(&mask(text.get(a..b).unwrap_or("")));
        pos = b;
    }
    map.push((pos, text.len(), out.len()));
    out.push_str(text.get(pos..).unwrap_or(""));
    (out, map)
}

/// Map an original offset (relative to the masked text's source) into the masked text.
fn map_offset(map: &[(usize, usize, usize)], off: usize, masked_len: usize) -> usize {
    for &(a, b, n) in map {
        if off >= a && off <= b {
            return n + (off - a);
        }
    }
    // Inside a masked region: the start of the next unchanged segment (or the end).
    map.iter().find(|(a, _, _)| *a > off).map_or(masked_len, |(_, _, n)| *n)
}

/// Most bytes of a snippet, message or diagnostic kept in a report; longer texts are cut (on a
/// character boundary) and end in `…`. Bounds output and keeps the final masking pass linear.
pub const MAX_REPORTED_TEXT: usize = 4096;

/// The last line of defence of every text a report carries from the scanned tree (snippets,
/// code-frame lines, messages, fixes, related messages, diagnostics): cut to
/// [`MAX_REPORTED_TEXT`] bytes, then every token `tokens` finds (the secret rules' shapes) is
/// masked, whether or not a rule reported it.
#[must_use]
pub fn mask_shapes(text: &str, tokens: TokenFinder) -> String {
    let out = if text.len() > MAX_REPORTED_TEXT {
        let mut end = MAX_REPORTED_TEXT;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        format!("{}…", &text[..end])
    } else {
        text.to_owned()
    };
    crate::base::mask::mask_tokens(&out, tokens)
}

/// Most characters of a source line shown in a code frame; longer lines (minified JSON, long
/// commands) are cut to a window around the underline, marked with `…`.
pub const MAX_FRAME_WIDTH: usize = 160;

/// Cut a long line to a window around the underline (code-point offsets).
fn window(line: &str, underline: Option<(u32, u32)>) -> (String, Option<(u32, u32)>) {
    let chars: Vec<char> = line.chars().collect();
    if chars.len() <= MAX_FRAME_WIDTH {
        return (line.to_owned(), underline);
    }
    let (a, b) = underline.map_or((0, 0), |(a, b)| (a as usize, b as usize));
    let start = a.saturating_sub(40).min(chars.len());
    let end = (start + MAX_FRAME_WIDTH).min(chars.len());
    let mut text = String::new();
    let lead = usize::from(start > 0);
    if start > 0 {
        text.push('…');
    }
    text.extend(chars.get(start..end).unwrap_or(&[]));
    if end < chars.len() {
        text.push('…');
    }
    let shift = |x: usize| u32::try_from(x.clamp(start, end) - start + lead).unwrap_or(0);
    let underline = underline.map(|_| (shift(a), shift(b.max(a + 1))));
    (text, underline)
}

/// Resolve a rule finding into a reported finding (location, masked snippet and, when
/// `with_frame`, the masked source lines that text output draws). The fingerprint is filled in
/// by [`assign_fingerprints`].
#[must_use]
pub fn resolve(
    model: &Model,
    f: &Finding,
    suppression: Option<Suppression>,
    with_frame: bool,
    tokens: TokenFinder,
) -> ReportedFinding {
    let location = model.locate(f.span);
    let related: Vec<RelatedLocation> = f
        .related
        .iter()
        .map(|r| RelatedLocation { message: r.message.clone(), location: model.locate(r.span) })
        .collect();
    let (snippet, frame) = match model.file(f.span.file) {
        Some(file) => {
            let src = &file.source;
            let mut secrets: Vec<Span> = f.secret_spans.iter().filter(|s| s.file == f.span.file).copied().collect();
            // Any token the detector knows by its shape is masked too, on the lines drawn (a
            // neighbouring token no rule reported): the bytes around the span, at most 16 KiB,
            // so many findings on one long line stay linear.
            let from = src.lines.line_start(location.start_line).unwrap_or(f.span.start as usize);
            let from = from.max((f.span.start as usize).saturating_sub(1024));
            let mut to = (f.span.end as usize).saturating_add(1024).min(from + 16 * 1024).min(src.text.len());
            while to < src.text.len() && !src.text.is_char_boundary(to) {
                to += 1;
            }
            let mut from = from.min(to);
            while from > 0 && !src.text.is_char_boundary(from) {
                from -= 1;
            }
            if let Some(window_text) = src.text.get(from..to) {
                for t in tokens(window_text) {
                    secrets.push(src.span(from + t.start, from + t.end));
                }
            }
            let raw = src.slice(f.span);
            let (snippet, _) = mask_range(raw, f.span.start as usize, &secrets);
            let snippet = mask_shapes(&snippet.lines().take(MAX_FRAME_LINES).collect::<Vec<_>>().join("\n"), tokens);
            let mut frame = Vec::new();
            // Only when the caller draws frames.
            if with_frame {
                let last = location.end_line.max(location.start_line);
                let last =
                    if location.end_line > location.start_line && location.end_column == 1 { last - 1 } else { last };
                let last = last.min(location.start_line.saturating_add(MAX_FRAME_LINES as u32 - 1));
                for number in location.start_line..=last {
                    let Some(mut line_start) = src.lines.line_start(number) else { break };
                    let mut line = src.line_text(number);
                    // A very long line is cut to the bytes around the span first, so drawing
                    // many findings on one line is not quadratic in its length.
                    if line.len() > 8 * MAX_FRAME_WIDTH * 4 {
                        let at = (f.span.start as usize).clamp(line_start, line_start + line.len()) - line_start;
                        let mut a = at.saturating_sub(MAX_FRAME_WIDTH * 4);
                        let mut b = (at + 3 * MAX_FRAME_WIDTH * 4).min(line.len());
                        while a > 0 && !line.is_char_boundary(a) {
                            a -= 1;
                        }
                        while b < line.len() && !line.is_char_boundary(b) {
                            b += 1;
                        }
                        line = line.get(a..b).unwrap_or("");
                        line_start += a;
                    }
                    let (masked, map) = mask_range(line, line_start, &secrets);
                    let line_end = line_start + line.len();
                    let a = (f.span.start as usize).clamp(line_start, line_end) - line_start;
                    let b = (f.span.end as usize).clamp(line_start, line_end) - line_start;
                    let (ma, mb) = (map_offset(&map, a, masked.len()), map_offset(&map, b, masked.len()));
                    let cp =
                        |byte: usize| u32::try_from(masked.get(..byte).map_or(0, |s| s.chars().count())).unwrap_or(0);
                    let underline = if mb > ma {
                        Some((cp(ma), cp(mb)))
                    } else if f.span.start == f.span.end && number == location.start_line {
                        Some((cp(ma), cp(ma) + 1))
                    } else {
                        None
                    };
                    let (text, underline) = window(&masked, underline);
                    // A token straddling the scanned bytes is masked on the drawn line itself.
                    let text = mask_shapes(&text, tokens);
                    frame.push(FrameLine { number, text, underline });
                }
            }
            (snippet, frame)
        }
        None => (String::new(), Vec::new()),
    };
    // Defence in depth: rules mask secrets in their texts, but a secret marked by a span never
    // reaches any output even if a rule forgot.
    let secret_texts: Vec<&str> =
        f.secret_spans.iter().map(|s| model.text(*s).trim()).filter(|t| t.chars().count() >= 6).collect();
    let scrub = |text: &str| {
        let mut out = text.to_owned();
        for secret in &secret_texts {
            if out.contains(secret) {
                out = out.replace(secret, &mask(secret));
            }
        }
        mask_shapes(&out, tokens)
    };
    let related =
        related.into_iter().map(|r: RelatedLocation| RelatedLocation { message: scrub(&r.message), ..r }).collect();
    ReportedFinding {
        rule_id: f.rule_id.clone(),
        severity: f.severity,
        message: scrub(&f.message),
        location,
        related,
        fix: f.fix.as_deref().map(scrub),
        key: scrub(&f.key),
        fingerprint: String::new(),
        environment: f.environment,
        suppression,
        snippet,
        frame,
        autofix: f.autofix.clone(),
    }
}

/// Drop findings that repeat an earlier one in everything a reader sees: rule, severity,
/// message, location, related locations, environment, fix and suppression state. They differ
/// only in their structural key, which is how a module instantiated by two Terraform roots
/// whose addresses print the same reports one problem twice. The first (in report order)
/// stays, with its fingerprint; returns how many were dropped. `findings` must be sorted:
/// repeats share the sort key, so they sit in one run and only runs are compared.
pub fn merge_repeats(findings: &mut Vec<ReportedFinding>) -> usize {
    let same = |a: &ReportedFinding, b: &ReportedFinding| {
        a.rule_id == b.rule_id
            && a.severity == b.severity
            && a.message == b.message
            && a.location == b.location
            && a.related == b.related
            && a.environment == b.environment
            && a.fix == b.fix
            && a.suppression == b.suppression
            && a.autofix == b.autofix
    };
    let before = findings.len();
    let mut kept: Vec<ReportedFinding> = Vec::with_capacity(before);
    let mut run_start = 0;
    for f in findings.drain(..) {
        if kept.get(run_start).is_some_and(|first| order(first, &f) != std::cmp::Ordering::Equal) {
            run_start = kept.len();
        }
        if !kept[run_start..].iter().any(|k| same(k, &f)) {
            kept.push(f);
        }
    }
    *findings = kept;
    before - findings.len()
}

/// Give every finding its fingerprint: SHA-256 of rule id, path and structural key (or, without
/// a key, the masked snippet with whitespace collapsed), truncated to 32 hex digits; findings
/// with the same hash get an ordinal suffix (`…:2`, `…:3`) in report order, so the result is
/// stable when unrelated lines move. `findings` must already be sorted.
pub fn assign_fingerprints<'a>(findings: impl Iterator<Item = &'a mut ReportedFinding>) {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for f in findings {
        let key =
            if f.key.is_empty() { f.snippet.split_whitespace().collect::<Vec<_>>().join(" ") } else { f.key.clone() };
        let mut h = Sha256::new();
        h.update(f.rule_id.as_bytes());
        h.update([0]);
        h.update(path_to_slash(&f.location.path).as_bytes());
        h.update([0]);
        h.update(key.as_bytes());
        let digest = h.finalize();
        let mut hex = String::with_capacity(32);
        for b in digest.iter().take(16) {
            hex.push_str(&format!("{b:02x}"));
        }
        let n = seen.entry(hex.clone()).or_insert(0);
        *n += 1;
        f.fingerprint = if *n == 1 { hex } else { format!("{hex}:{n}") };
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::model::load::{load_memory, LoadOptions, MemoryFile};

    fn model(text: &str) -> Model {
        load_memory(
            vec![MemoryFile { path: ".env".into(), contents: text.as_bytes().to_vec() }],
            &LoadOptions::default(),
        )
    }

    /// A stand-in for the rules' token finder: `ghp_` and the alphanumerics after it.
    fn ghp_tokens(text: &str) -> Vec<std::ops::Range<usize>> {
        text.match_indices("ghp_")
            .map(|(i, _)| {
                let len = text[i + 4..].find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(text.len() - i - 4);
                i..i + 4 + len
            })
            .collect()
    }

    /// No full token of a known shape in any text of a resolved finding, wherever it sits in
    /// the span: 100 KiB into one long line, on a later long line, in the message, the fix and a
    /// related location's message, none marked as a secret by the rule.
    #[test]
    fn no_full_token_anywhere_in_a_resolved_finding() {
        let far = "ghp_Far0Away1Token2Inside3The4Span5Xyz678";
        let deep = "ghp_Deep0Line1Token2After3Many4Bytes5Ab90";
        let said = "ghp_Said0In1The2Message3Of4A5Rule6Abcd789";
        let filler = "a".repeat(100 * 1024);
        let text = format!("A=1 {filler} {far}\nB={filler} {deep}\nC={deep}\n");
        let m = model(&text);
        let f = Finding::new("r", Severity::High, m.files[0].source.span(0, text.len()), format!("value {said}"))
            .fix(format!("rotate {said}"))
            .related(m.files[0].source.span(0, 3), format!("set to {said}"));
        for frames in [true, false] {
            let r = resolve(&m, &f, None, frames, ghp_tokens);
            let all = serde_json::to_string(&r).unwrap();
            for token in [far, deep, said] {
                assert!(!all.contains(token), "{token} leaks (frames {frames})");
            }
            assert!(r.snippet.len() <= MAX_REPORTED_TEXT + 8, "snippet of {} bytes", r.snippet.len());
        }
    }

    #[test]
    fn masks_secret_in_snippet_and_frame_and_keeps_underline() {
        let text = "A=1\nTOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789 # note\n";
        let m = model(text);
        let start = text.find("TOKEN").unwrap();
        let vstart = text.find("ghp_").unwrap();
        let vend = vstart + "ghp_abcdefghijklmnopqrstuvwxyz0123456789".len();
        let f = Finding::new("r", Severity::High, m.files[0].source.span(start, vend), "m")
            .secret(m.files[0].source.span(vstart, vend));
        let r = resolve(&m, &f, None, true, crate::base::mask::no_tokens);
        assert!(!r.snippet.contains("abcdefghijkl"), "{}", r.snippet);
        // A rule that forgot to mask its message is masked anyway.
        let leaky = Finding::new("r", Severity::High, f.span, "token ghp_abcdefghijklmnopqrstuvwxyz0123456789 found")
            .fix("rotate ghp_abcdefghijklmnopqrstuvwxyz0123456789")
            .secret(m.files[0].source.span(vstart, vend));
        let lr = resolve(&m, &leaky, None, true, crate::base::mask::no_tokens);
        assert!(!lr.message.contains("abcdefghijkl") && lr.message.contains("****"), "{}", lr.message);
        assert!(!lr.fix.unwrap().contains("abcdefghijkl"));
        assert!(r.snippet.starts_with("TOKEN="));
        assert!(r.snippet.ends_with("****"));
        assert_eq!(r.frame.len(), 1);
        // Without a frame, everything else is the same.
        let bare = resolve(&m, &f, None, false, crate::base::mask::no_tokens);
        assert!(bare.frame.is_empty());
        assert_eq!(ReportedFinding { frame: r.frame.clone(), ..bare }, r);
        let line = &r.frame[0];
        assert_eq!(line.number, 2);
        assert!(!line.text.contains("abcdefghijkl"));
        assert!(line.text.ends_with("**** # note"), "{}", line.text);
        let (a, b) = line.underline.unwrap();
        assert_eq!(a, 0);
        assert_eq!(b as usize, line.text.find(" # note").unwrap());
        assert_eq!((r.location.start_line, r.location.start_column), (2, 1));
    }

    #[test]
    fn long_lines_are_windowed_around_the_underline() {
        let line = format!("{}TARGET{}", "a".repeat(500), "b".repeat(500));
        let (text, u) = window(&line, Some((500, 506)));
        let (a, b) = u.unwrap();
        assert!(text.chars().count() <= MAX_FRAME_WIDTH + 2);
        assert!(text.starts_with('…') && text.ends_with('…'));
        let shown: String = text.chars().skip(a as usize).take((b - a) as usize).collect();
        assert_eq!(shown, "TARGET");
        assert_eq!(window("short", Some((0, 2))), ("short".to_owned(), Some((0, 2))));
    }

    #[test]
    fn fingerprints_ignore_line_moves_and_dedupe() {
        let a = model("X=1\nY=2\n");
        let b = model("\n\n# moved\nX=1\nY=2\n");
        let mk = |m: &Model, text: &str, needle: &str| {
            let s = text.find(needle).unwrap();
            resolve(
                m,
                &Finding::new("r", Severity::Low, m.files[0].source.span(s, s + 3), "m"),
                None,
                true,
                crate::base::mask::no_tokens,
            )
        };
        let mut fa = [mk(&a, "X=1\nY=2\n", "X=1"), mk(&a, "X=1\nY=2\n", "Y=2")];
        let mut fb = [mk(&b, "\n\n# moved\nX=1\nY=2\n", "X=1"), mk(&b, "\n\n# moved\nX=1\nY=2\n", "Y=2")];
        assign_fingerprints(fa.iter_mut());
        assign_fingerprints(fb.iter_mut());
        assert_eq!(fa[0].fingerprint, fb[0].fingerprint);
        assert_eq!(fa[1].fingerprint, fb[1].fingerprint);
        assert_ne!(fa[0].fingerprint, fa[1].fingerprint);
        let mut same = [fa[0].clone(), fa[0].clone()];
        assign_fingerprints(same.iter_mut());
        assert_eq!(same[1].fingerprint, format!("{}:2", same[0].fingerprint));
    }

    #[test]
    fn repeats_differing_only_in_key_are_merged() {
        let m = model("X=1\nY=2\n");
        let at = |start: usize, message: &str, key: &str| {
            let mut f = Finding::new("r", Severity::Low, m.files[0].source.span(start, start + 3), message);
            f.key = key.to_owned();
            resolve(&m, &f, None, false, crate::base::mask::no_tokens)
        };
        let mut findings = vec![
            at(0, "m", "root-a:module.x"),
            at(0, "other", "root-a:module.y"),
            at(0, "m", "root-b:module.x"),
            at(4, "m", "root-a:module.x"),
        ];
        findings.sort_by(order);
        assign_fingerprints(findings.iter_mut());
        let first = findings.iter().find(|f| f.key == "root-a:module.x").map(|f| f.fingerprint.clone());
        assert_eq!(merge_repeats(&mut findings), 1);
        let left: Vec<(u32, &str, &str)> =
            findings.iter().map(|f| (f.location.start_line, f.message.as_str(), f.key.as_str())).collect();
        assert_eq!(left, [(1, "m", "root-a:module.x"), (1, "other", "root-a:module.y"), (2, "m", "root-a:module.x")]);
        assert_eq!(findings.first().map(|f| f.fingerprint.clone()), first);
        // A different severity is a different finding.
        let mut high = at(0, "m", "root-c:module.x");
        high.severity = Severity::High;
        findings.push(high);
        findings.sort_by(order);
        assert_eq!(merge_repeats(&mut findings), 0);
    }
}

/// Keep at most `per_file` findings of one file and `total` in all, the most severe first, so
/// the verdict is unchanged (a dropped finding never outranks a kept one of its file). Each cut
/// is a `findings-capped` warning naming the file (or `.` for the total) and the count left out.
/// The kept findings stay in their order.
#[must_use]
pub fn cap_findings(findings: &mut Vec<ReportedFinding>, per_file: usize, total: usize) -> Vec<Diagnostic> {
    let mut per: BTreeMap<&std::path::Path, usize> = BTreeMap::new();
    for f in findings.iter() {
        *per.entry(f.location.path.as_path()).or_default() += 1;
    }
    if findings.len() <= total && per.values().all(|&n| n <= per_file) {
        return Vec::new();
    }
    // Rank: most severe first, then report order.
    let mut rank: Vec<usize> = (0..findings.len()).collect();
    rank.sort_by(|&a, &b| findings[b].severity.cmp(&findings[a].severity).then(a.cmp(&b)));
    let mut keep = vec![false; findings.len()];
    let mut seen: BTreeMap<&std::path::Path, usize> = BTreeMap::new();
    let mut kept = 0usize;
    let mut over_total = 0usize;
    for i in rank {
        let n = seen.entry(findings[i].location.path.as_path()).or_default();
        *n += 1;
        if *n > per_file {
            continue;
        }
        if kept >= total {
            over_total += 1;
            continue;
        }
        keep[i] = true;
        kept += 1;
    }
    let mut diags: Vec<Diagnostic> = seen
        .iter()
        .filter(|(_, &n)| n > per_file)
        .map(|(path, &n)| {
            Diagnostic::warning(
                "findings-capped",
                path.to_path_buf(),
                format!(
                    "{} more findings in this file were not reported (at most {per_file} per file, the most severe first)",
                    n - per_file
                ),
            )
        })
        .collect();
    if over_total > 0 {
        diags.push(Diagnostic::warning(
            "findings-capped",
            ".",
            format!("{over_total} more findings were not reported (at most {total} per scan, the most severe first)"),
        ));
    }
    let mut i = 0;
    findings.retain(|_| {
        i += 1;
        keep[i - 1]
    });
    diags
}

#[cfg(test)]
mod cap_tests {
    use super::*;

    fn finding(path: &str, severity: Severity, n: usize) -> ReportedFinding {
        let location = Location {
            path: PathBuf::from(path),
            start_line: 1,
            start_column: 1,
            end_line: 1,
            end_column: 1,
            span: Span::default(),
        };
        ReportedFinding {
            rule_id: format!("r{n}"),
            severity,
            message: String::new(),
            location,
            related: Vec::new(),
            fix: None,
            key: String::new(),
            fingerprint: String::new(),
            environment: Environment::default(),
            suppression: None,
            snippet: String::new(),
            frame: Vec::new(),
            autofix: None,
        }
    }

    #[test]
    fn caps_per_file_and_in_total_keeping_the_most_severe() {
        let mut v: Vec<ReportedFinding> = (0..10)
            .map(|i| finding("a", if i == 7 { Severity::Critical } else { Severity::Low }, i))
            .chain((0..3).map(|i| finding("b", Severity::Medium, 100 + i)))
            .collect();
        let d = cap_findings(&mut v, 4, 100);
        assert_eq!(v.len(), 7);
        assert!(v.iter().any(|f| f.severity == Severity::Critical), "the critical one is kept");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].path, PathBuf::from("a"));
        assert!(d[0].message.starts_with("6 more findings"), "{}", d[0].message);
        // Kept findings stay in report order.
        let ids: Vec<&str> = v.iter().map(|f| f.rule_id.as_str()).collect();
        assert_eq!(ids, ["r0", "r1", "r2", "r7", "r100", "r101", "r102"]);
        let d = cap_findings(&mut v, 4, 5);
        assert_eq!(v.len(), 5);
        assert!(d[0].message.starts_with("2 more findings were not reported"), "{}", d[0].message);
        assert!(cap_findings(&mut v, 4, 5).is_empty());
    }
}
