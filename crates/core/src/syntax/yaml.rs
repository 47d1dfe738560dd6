//! The guarded YAML loader: turns YAML text into spanned [`Node`] trees, one per document.
//!
//! It reads the event stream of `saphyr-parser` and builds the tree itself, iteratively (no
//! recursion over input structure), so that every guard runs *while* reading and before anything
//! could recurse or allocate without bound:
//!
//! - **depth guard**: more than [`MAX_DEPTH`] nested collections → diagnostic `yaml-too-deep`
//!   (a 20,000-deep `- - - …` or `[[[[…` stops after [`MAX_DEPTH`] events);
//! - **alias budget**: aliases are expanded by copying the anchored node, and at most
//!   [`MAX_ALIAS_NODES`] nodes may be created that way → diagnostic `yaml-alias-bomb`
//!   ("billion laughs" files end quickly, in bounded memory);
//! - **duplicate keys** → a warning `yaml-duplicate-key`; the *last* value wins (as in most YAML
//!   loaders), the earlier entry is dropped;
//! - **merge keys** (`<<: *defaults`, `<<: [*a, *b]`) are resolved: explicit keys win over merged
//!   ones, earlier merge sources win over later ones; merged entries keep the spans of their
//!   definition;
//! - malformed YAML → diagnostic `yaml-syntax` with line:column; the documents read so far (and
//!   the part of the broken document before the error) are still returned.
//!
//! Spans: a scalar's span is its source text including quotes (for block scalars `|`/`>` from
//! the indicator to the last content character); anchors and tags in front of a scalar are not
//! part of it. A collection's span runs from its first to its last character.
//!
//! Scalars are resolved with the YAML 1.2 core schema, with one twist that keeps source text
//! intact: a plain scalar becomes an [`Value::Int`] / [`Value::Float`] only when the number's
//! canonical rendering is exactly the source text; otherwise the raw text is kept as a string
//! (`python-version: 3.10` stays `"3.10"`, `mode: 0755` stays `"0755"`). `on`/`yes`/`no` are
//! strings (YAML 1.2), as GitHub Actions and docker compose read them.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError};
use serde::Serialize;

use crate::base::finding::{Diagnostic, DiagnosticLevel};
use crate::base::source::{SourceFile, Span};
use crate::syntax::node::{Node, Value};

/// Deepest nesting of collections accepted.
pub const MAX_DEPTH: usize = 256;
/// Most nodes that alias expansion may create in one file.
pub const MAX_ALIAS_NODES: usize = 100_000;
/// At most this many duplicate-key warnings per file (a summary follows).
const MAX_DUP_WARNINGS: usize = 20;

/// A string value with the span of its source text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it is in the source.
    pub span: Span,
}

impl<T> Spanned<T> {
    /// A new spanned value.
    #[must_use]
    pub fn new(value: T, span: Span) -> Self {
        Self { value, span }
    }
}

/// The result of loading a YAML file: its documents and what went wrong.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Every document of the stream (empty documents are `Null` nodes).
    pub docs: Vec<Node>,
    /// Syntax errors, guard violations, duplicate keys.
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    /// Whether an error-level diagnostic was produced.
    #[must_use]
    pub fn has_error(&self) -> bool {
        self.diagnostics.iter().any(|d| d.level == DiagnosticLevel::Error)
    }

    /// The first non-null document.
    #[must_use]
    pub fn first_doc(&self) -> Option<&Node> {
        self.docs.iter().find(|d| !d.is_null())
    }
}

/// Load every YAML document of a file as spanned nodes.
///
/// # Errors
/// A diagnostic naming the file (with line:column where known) when the YAML is malformed,
/// too deep or an alias bomb. Warnings (duplicate keys) are dropped; use [`load_all`] to get them.
pub fn load(src: &SourceFile) -> Result<Vec<Node>, Diagnostic> {
    let loaded = load_all(src);
    if let Some(d) = loaded.diagnostics.into_iter().find(|d| d.level == DiagnosticLevel::Error) {
        return Err(d);
    }
    Ok(loaded.docs)
}

/// Load every YAML document of a file; never fails: problems are diagnostics in the result.
#[must_use]
pub fn load_all(src: &SourceFile) -> Loaded {
    let mut b = Builder::new(src);
    b.run();
    Loaded { docs: b.docs, diagnostics: b.diags }
}

/// Char index → byte offset, with a checkpoint every 64 chars (exact and cheap for ASCII).
struct Offsets<'a> {
    text: &'a str,
    ascii: bool,
    checkpoints: Vec<u32>,
}

const CHECKPOINT: usize = 64;

impl<'a> Offsets<'a> {
    fn new(text: &'a str) -> Self {
        let ascii = text.is_ascii();
        let mut checkpoints = Vec::new();
        if !ascii {
            for (n, (i, _)) in text.char_indices().enumerate() {
                if n % CHECKPOINT == 0 {
                    checkpoints.push(u32::try_from(i).unwrap_or(u32::MAX));
                }
            }
        }
        Self { text, ascii, checkpoints }
    }

    fn byte(&self, ch: usize) -> usize {
        let len = self.text.len();
        if self.ascii {
            return ch.min(len);
        }
        let Some(&base) = self.checkpoints.get(ch / CHECKPOINT) else { return len };
        let base = base as usize;
        self.text.get(base..).and_then(|t| t.char_indices().nth(ch % CHECKPOINT)).map_or(len, |(i, _)| base + i)
    }
}

enum Kind {
    Seq(Vec<Node>),
    Map {
        entries: Vec<(Node, Node)>,
        /// A key waiting for its value, and whether it is the merge key `<<`.
        key: Option<(Node, bool)>,
        /// Values of `<<` keys, and the entry index where the first one appeared.
        merges: Vec<Node>,
        merge_at: Option<usize>,
    },
}

struct Frame {
    kind: Kind,
    start: usize,
    end: usize,
    anchor: usize,
}

/// Why reading stopped early.
enum Stop {
    Syntax(ScanError),
    TooDeep(usize),
    AliasBomb(usize),
    UnknownAlias(usize),
}

struct Anchor {
    node: Node,
    count: usize,
    height: usize,
}

struct Builder<'a> {
    src: &'a SourceFile,
    text: &'a str,
    offsets: Offsets<'a>,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Anchor>,
    alias_nodes: usize,
    last_end: usize,
    docs: Vec<Node>,
    doc_root: Option<Node>,
    diags: Vec<Diagnostic>,
    dup_warnings: usize,
}

impl<'a> Builder<'a> {
    fn new(src: &'a SourceFile) -> Self {
        let text: &str = &src.text;
        Self {
            src,
            text,
            offsets: Offsets::new(text),
            stack: Vec::new(),
            anchors: HashMap::new(),
            alias_nodes: 0,
            last_end: 0,
            docs: Vec::new(),
            doc_root: None,
            diags: Vec::new(),
            dup_warnings: 0,
        }
    }

    fn span(&self, start: usize, end: usize) -> Span {
        self.src.span(start, end.max(start))
    }

    fn path(&self) -> String {
        self.src.path_str()
    }

    fn diag_at(&self, level: DiagnosticLevel, code: &str, offset: usize, msg: String) -> Diagnostic {
        let lc = self.src.start(self.span(offset, offset));
        Diagnostic::new(level, code, self.path(), msg).at(lc.line, lc.col)
    }

    fn run(&mut self) {
        let text = self.text;
        let mut parser = Parser::new_from_str(text).keep_tags(true);
        let stop = loop {
            let Some(item) = parser.next_event() else { break None };
            let (event, yspan) = match item {
                Ok(x) => x,
                Err(e) => break Some(Stop::Syntax(e)),
            };
            let start = self.offsets.byte(yspan.start.index());
            let end = self.offsets.byte(yspan.end.index()).max(start);
            let r = self.event(event, start, end);
            self.last_end = self.last_end.max(end);
            if let Err(stop) = r {
                break Some(stop);
            }
        };
        match stop {
            None => {}
            Some(Stop::Syntax(e)) if e.info().contains("recursion limit") => {
                let off = self.offsets.byte(e.marker().index());
                let d = self.diag_at(
                    DiagnosticLevel::Error,
                    "yaml-too-deep",
                    off,
                    "YAML flow nesting too deep (parser recursion limit); the document was not read".to_owned(),
                );
                self.diags.push(d);
            }
            Some(Stop::Syntax(e)) => {
                let off = self.offsets.byte(e.marker().index());
                let d = self.diag_at(DiagnosticLevel::Error, "yaml-syntax", off, format!("invalid YAML: {}", e.info()));
                self.diags.push(d);
                // Keep what was read before the error: close the open collections.
                self.recover(off);
            }
            Some(Stop::TooDeep(off)) => {
                let d = self.diag_at(
                    DiagnosticLevel::Error,
                    "yaml-too-deep",
                    off,
                    format!("YAML nesting deeper than {MAX_DEPTH} levels; the document was not read"),
                );
                self.diags.push(d);
            }
            Some(Stop::AliasBomb(off)) => {
                let d = self.diag_at(
                    DiagnosticLevel::Error,
                    "yaml-alias-bomb",
                    off,
                    format!(
                        "YAML aliases expand to more than {MAX_ALIAS_NODES} nodes (an alias bomb?); the document was not read"
                    ),
                );
                self.diags.push(d);
            }
            Some(Stop::UnknownAlias(off)) => {
                let d =
                    self.diag_at(DiagnosticLevel::Error, "yaml-syntax", off, "invalid YAML: unknown anchor".to_owned());
                self.diags.push(d);
                self.recover(off);
            }
        }
    }

    /// After a syntax error: close every open collection and keep the partial document.
    fn recover(&mut self, off: usize) {
        while let Some(frame) = self.stack.pop() {
            let node = self.finish(frame, off);
            self.add(node, false);
        }
        if let Some(root) = self.doc_root.take() {
            self.docs.push(root);
        }
    }

    fn event(&mut self, event: Event<'_>, start: usize, end: usize) -> Result<(), Stop> {
        match event {
            Event::Nothing | Event::StreamStart | Event::StreamEnd => {}
            Event::DocumentStart(_) => {
                self.stack.clear();
                self.doc_root = None;
            }
            Event::DocumentEnd => {
                let root = self.doc_root.take().unwrap_or_else(|| Node::new(self.span(start, start), Value::Null));
                self.docs.push(root);
            }
            Event::Alias(id) => {
                let Some(a) = self.anchors.get(&id) else { return Err(Stop::UnknownAlias(start)) };
                if self.stack.len() + a.height > MAX_DEPTH {
                    return Err(Stop::TooDeep(start));
                }
                self.alias_nodes = self.alias_nodes.saturating_add(a.count);
                if self.alias_nodes > MAX_ALIAS_NODES {
                    return Err(Stop::AliasBomb(start));
                }
                let node = a.node.clone();
                self.add(node, false);
            }
            Event::Scalar(value, style, anchor, tag) => {
                let (s, e) = self.scalar_range(style, anchor > 0 || tag.is_some(), start, end);
                let force_str = tag.as_ref().is_some_and(|t| t.is_yaml_core_schema() && t.suffix == "str");
                let is_merge = style == ScalarStyle::Plain && tag.is_none() && value == "<<";
                let v = if style == ScalarStyle::Plain && !force_str {
                    resolve_plain(&value)
                } else {
                    Value::Str(value.into_owned())
                };
                let node = Node::new(self.span(s, e), v);
                if anchor > 0 {
                    self.anchors.insert(anchor, Anchor { node: node.clone(), count: 1, height: 0 });
                }
                self.add(node, is_merge);
            }
            Event::SequenceStart(anchor, _) => self.open(Kind::Seq(Vec::new()), anchor, start, end)?,
            Event::MappingStart(anchor, _) => self.open(
                Kind::Map { entries: Vec::new(), key: None, merges: Vec::new(), merge_at: None },
                anchor,
                start,
                end,
            )?,
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some(mut frame) = self.stack.pop() {
                    // Flow collections end at their closing bracket; block ones at their last child.
                    if end > start {
                        frame.end = frame.end.max(end);
                    }
                    let anchor = frame.anchor;
                    let node = self.finish(frame, end);
                    if anchor > 0 {
                        let (count, height) = stats(&node);
                        self.anchors.insert(anchor, Anchor { node: node.clone(), count, height });
                    }
                    self.add(node, false);
                }
            }
        }
        Ok(())
    }

    fn open(&mut self, kind: Kind, anchor: usize, start: usize, end: usize) -> Result<(), Stop> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(Stop::TooDeep(start));
        }
        let start = self.skip_props(start, end.max(start));
        self.stack.push(Frame { kind, start, end: end.max(start), anchor });
        Ok(())
    }

    /// Skip `&anchor` and `!tag` properties at `start` (they are not part of the value's span).
    fn skip_props(&self, start: usize, limit: usize) -> usize {
        let bytes = self.text.as_bytes();
        let mut i = start;
        while i < limit && matches!(bytes.get(i), Some(b'&' | b'!')) {
            while i < limit && !matches!(bytes.get(i), Some(b' ' | b'\t' | b'\n' | b'\r') | None) {
                i += 1;
            }
            while i < limit && matches!(bytes.get(i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
                i += 1;
            }
        }
        i.min(limit.max(start))
    }

    /// The source range of a scalar: without anchor/tag; block scalars from their indicator to
    /// their last content character.
    fn scalar_range(&self, style: ScalarStyle, props: bool, start: usize, end: usize) -> (usize, usize) {
        let bytes = self.text.as_bytes();
        match style {
            ScalarStyle::Literal | ScalarStyle::Folded => {
                let start = if props { self.skip_props(start, end) } else { start };
                let from = self.last_end.min(start);
                let header = if matches!(bytes.get(start), Some(b'|' | b'>')) {
                    start
                } else {
                    self.text.get(from..start).and_then(|h| h.find(['|', '>'])).map_or(start, |i| from + i)
                };
                let mut e = end;
                while e > start && matches!(bytes.get(e - 1), Some(b' ' | b'\t' | b'\n' | b'\r')) {
                    e -= 1;
                }
                if e <= start {
                    // Empty block scalar: the header itself.
                    let mut h = header;
                    while h < bytes.len() && !matches!(bytes.get(h), Some(b'\n' | b'\r' | b'#')) {
                        h += 1;
                    }
                    while h > header && matches!(bytes.get(h - 1), Some(b' ' | b'\t')) {
                        h -= 1;
                    }
                    return (header, h.max(header + 1).min(bytes.len().max(header)));
                }
                (header, e)
            }
            ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => {
                let s = if props { self.skip_props(start, end) } else { start };
                // The parser's end mark can lie past trailing blanks and comments: end at the
                // closing quote instead.
                (s, self.closing_quote(s).unwrap_or(end).max(s))
            }
            _ => {
                let s = if props { self.skip_props(start, end) } else { start };
                (s, end.max(s))
            }
        }
    }

    /// Offset just past the quote closing the quoted scalar that opens at `start`.
    fn closing_quote(&self, start: usize) -> Option<usize> {
        let bytes = self.text.as_bytes();
        let q = *bytes.get(start)?;
        if q != b'"' && q != b'\'' {
            return None;
        }
        let mut i = start + 1;
        while let Some(&b) = bytes.get(i) {
            if q == b'"' && b == b'\\' {
                i += 2;
                continue;
            }
            if b == q {
                if q == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                    i += 2;
                    continue;
                }
                return Some(i + 1);
            }
            i += 1;
        }
        None
    }

    /// Add a finished node to the open collection (or make it the document root).
    fn add(&mut self, node: Node, is_merge_key: bool) {
        let Some(top) = self.stack.last_mut() else {
            self.doc_root = Some(node);
            return;
        };
        top.end = top.end.max(node.span.end as usize);
        match &mut top.kind {
            Kind::Seq(items) => items.push(node),
            Kind::Map { entries, key, merges, merge_at } => match key.take() {
                None => *key = Some((node, is_merge_key)),
                Some((_, true)) => {
                    merge_at.get_or_insert(entries.len());
                    merges.push(node);
                }
                Some((k, false)) => entries.push((k, node)),
            },
        }
    }

    /// Close a collection: resolve merge keys and duplicate keys.
    fn finish(&mut self, frame: Frame, fallback_end: usize) -> Node {
        let end = if frame.end > frame.start { frame.end } else { fallback_end.max(frame.start) };
        let span = self.span(frame.start, end);
        match frame.kind {
            Kind::Seq(items) => Node::new(span, Value::Seq(items)),
            Kind::Map { entries, key, merges, merge_at } => {
                let mut entries = entries;
                if let Some((k, false)) = key {
                    // A key without a value (only after an error): keep it with null.
                    let ks = k.span;
                    entries.push((k, Node::new(Span { start: ks.end, ..ks }, Value::Null)));
                }
                let entries = self.dedup(entries);
                let entries = apply_merges(entries, merges, merge_at);
                Node::new(span, Value::Map(entries))
            }
        }
    }

    /// Drop earlier entries whose scalar key repeats (the last wins), with a warning each.
    fn dedup(&mut self, entries: Vec<(Node, Node)>) -> Vec<(Node, Node)> {
        if entries.len() < 2 {
            return entries;
        }
        let mut last: HashMap<String, usize> = HashMap::with_capacity(entries.len());
        let mut dup = false;
        for (i, (k, _)) in entries.iter().enumerate() {
            if let Some(t) = key_text(k) {
                if last.insert(t, i).is_some() {
                    dup = true;
                }
            }
        }
        if !dup {
            return entries;
        }
        let mut first_seen: HashMap<String, Span> = HashMap::new();
        let mut out = Vec::with_capacity(entries.len());
        for (i, (k, v)) in entries.into_iter().enumerate() {
            let Some(t) = key_text(&k) else {
                out.push((k, v));
                continue;
            };
            if let Some(first) = first_seen.get(&t) {
                self.dup_warning(&t, *first, k.span);
            } else {
                first_seen.insert(t.clone(), k.span);
            }
            if last.get(&t) == Some(&i) {
                out.push((k, v));
            }
        }
        out
    }

    fn dup_warning(&mut self, key: &str, first: Span, dup: Span) {
        self.dup_warnings += 1;
        if self.dup_warnings > MAX_DUP_WARNINGS {
            if self.dup_warnings == MAX_DUP_WARNINGS + 1 {
                let d = self.diag_at(
                    DiagnosticLevel::Warning,
                    "yaml-duplicate-key",
                    dup.start as usize,
                    "more duplicate keys follow; not listed".to_owned(),
                );
                self.diags.push(d);
            }
            return;
        }
        let fl = self.src.start(first);
        let shown: String = key.chars().take(60).collect();
        let d = self.diag_at(
            DiagnosticLevel::Warning,
            "yaml-duplicate-key",
            dup.start as usize,
            format!("duplicate key \"{shown}\" (first defined at line {}); the last value is used", fl.line),
        );
        self.diags.push(d);
    }
}

/// Text of a scalar key, for duplicate and merge comparisons.
fn key_text(k: &Node) -> Option<String> {
    match &k.value {
        Value::Null => Some("~".to_owned()),
        _ => k.scalar_text(),
    }
}

/// Insert the entries of `<<` merge sources that the mapping does not define itself.
fn apply_merges(entries: Vec<(Node, Node)>, merges: Vec<Node>, merge_at: Option<usize>) -> Vec<(Node, Node)> {
    if merges.is_empty() {
        return entries;
    }
    let mut seen: std::collections::HashSet<String> = entries.iter().filter_map(|(k, _)| key_text(k)).collect();
    let mut merged = Vec::new();
    let mut take = |m: Node, merged: &mut Vec<(Node, Node)>| {
        if let Value::Map(es) = m.value {
            for (k, v) in es {
                match key_text(&k) {
                    Some(t) if seen.contains(&t) => {}
                    Some(t) => {
                        seen.insert(t);
                        merged.push((k, v));
                    }
                    None => merged.push((k, v)),
                }
            }
        }
    };
    for m in merges {
        match m.value {
            Value::Seq(items) => {
                for it in items {
                    take(it, &mut merged);
                }
            }
            Value::Map(_) => take(m, &mut merged),
            _ => {}
        }
    }
    let at = merge_at.unwrap_or(0).min(entries.len());
    let mut entries = entries;
    let tail = entries.split_off(at);
    entries.extend(merged);
    entries.extend(tail);
    entries
}

/// Node count and collection height of a tree (recursion bounded by [`MAX_DEPTH`]).
fn stats(node: &Node) -> (usize, usize) {
    match &node.value {
        Value::Seq(items) => items.iter().fold((1, 1), |(c, h), n| {
            let (nc, nh) = stats(n);
            (c.saturating_add(nc), h.max(nh + 1))
        }),
        Value::Map(entries) => entries.iter().fold((1, 1), |(c, h), (k, v)| {
            let (kc, kh) = stats(k);
            let (vc, vh) = stats(v);
            (c.saturating_add(kc).saturating_add(vc), h.max(kh + 1).max(vh + 1))
        }),
        _ => (1, 0),
    }
}

/// Resolve a plain scalar (YAML 1.2 core schema; numbers only when the text is canonical).
fn resolve_plain(s: &str) -> Value {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    let first = s.as_bytes().first().copied().unwrap_or(b'x');
    if first.is_ascii_digit() || first == b'-' || first == b'.' {
        if let Ok(i) = s.parse::<i64>() {
            if i.to_string() == s {
                return Value::Int(i);
            }
        } else if s.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E')) {
            if let Ok(f) = s.parse::<f64>() {
                if f.is_finite() && f.to_string() == s {
                    return Value::Float(f);
                }
            }
        }
    }
    Value::Str(s.to_owned())
}

/// The span of `range` (byte offsets into the node's string value) in the source, when the
/// scalar's source text holds the value verbatim (plain or quoted without escapes and on one
/// line); otherwise the whole node's span.
#[must_use]
pub fn sub_span(src: &SourceFile, node: &Node, range: std::ops::Range<usize>) -> Span {
    let Some(value) = node.as_str() else { return node.span };
    let raw = src.slice(node.span);
    let inner = match raw.as_bytes().first() {
        Some(b'"' | b'\'') if raw.len() >= 2 => raw.get(1..raw.len() - 1).unwrap_or(""),
        _ => raw,
    };
    let offset = if raw.len() == inner.len() { 0 } else { 1 };
    if inner == value && range.end <= value.len() && range.start <= range.end {
        let s = node.span.start as usize + offset;
        Span::new(node.span.file, s + range.start, s + range.end)
    } else {
        node.span
    }
}

/// A string scalar (or a number/boolean rendered as text) with its span.
#[must_use]
pub fn text(node: &Node) -> Option<Spanned<String>> {
    node.scalar_text().map(|v| Spanned::new(v, node.span))
}

/// The entries of a mapping node with string keys: `(key, key span, value)`.
pub fn entries(node: &Node) -> impl Iterator<Item = (&str, Span, &Node)> {
    node.as_map().unwrap_or(&[]).iter().filter_map(|(k, v)| k.as_str().map(|ks| (ks, k.span, v)))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::base::source::{FileId, LineCol};
    use std::time::{Duration, Instant};

    fn src(text: &str) -> SourceFile {
        SourceFile::new(FileId(0), "t.yml", text)
    }

    fn lc(s: &SourceFile, span: Span) -> (u32, u32) {
        let LineCol { line, col } = s.start(span);
        (line, col)
    }

    fn codes(l: &Loaded) -> Vec<&str> {
        l.diagnostics.iter().map(|d| d.code.as_str()).collect()
    }

    #[test]
    fn spans_of_keys_and_values() {
        let s = src("a: \"quoted x\"  # c\nb: 'it''s'\nc: plain text\nd: |\n  block\n  text\n\ne: [1, {x: y}]\nf: \"a\\\"b\" # \"x\"\n");
        let l = load_all(&s);
        assert!(l.diagnostics.is_empty(), "{:?}", l.diagnostics);
        let root = &l.docs[0];
        let (k, v) = root.entry("a").unwrap();
        assert_eq!(lc(&s, k.span), (1, 1));
        assert_eq!(s.slice(v.span), "\"quoted x\"");
        assert_eq!(v.as_str(), Some("quoted x"));
        assert_eq!(s.slice(root.get("b").unwrap().span), "'it''s'");
        assert_eq!(s.slice(root.get("f").unwrap().span), "\"a\\\"b\"");
        assert_eq!(s.slice(root.get("c").unwrap().span), "plain text");
        let d = root.get("d").unwrap();
        assert_eq!(s.slice(d.span), "|\n  block\n  text");
        assert_eq!(d.as_str(), Some("block\ntext\n"));
        let e = root.get("e").unwrap();
        assert_eq!(s.slice(e.span), "[1, {x: y}]");
        assert_eq!(lc(&s, e.span), (8, 4));
        let x = e.as_seq().unwrap()[1].get("x").unwrap();
        assert_eq!(lc(&s, x.span), (8, 12));
    }

    #[test]
    fn anchors_and_tags_are_not_part_of_spans() {
        let s = src("&k a: &v !!str 12\nb: !custom |\n  x\n");
        let l = load_all(&s);
        let root = &l.docs[0];
        let (k, v) = root.entry("a").unwrap();
        assert_eq!(s.slice(k.span), "a");
        assert_eq!(s.slice(v.span), "12");
        assert_eq!(v.as_str(), Some("12"));
        assert_eq!(s.slice(root.get("b").unwrap().span), "|\n  x");
    }

    #[test]
    fn raw_numbers_are_kept() {
        let s = src("p: 3.10\nq: 3.5\nr: 0755\ns: 42\nt: on\nu: ~\nv: 1e3\n");
        let root = &load_all(&s).docs[0];
        assert_eq!(root.get("p").unwrap().as_str(), Some("3.10"));
        assert_eq!(root.get("q").unwrap().value, Value::Float(3.5));
        assert_eq!(root.get("r").unwrap().as_str(), Some("0755"));
        assert_eq!(root.get("s").unwrap().value, Value::Int(42));
        assert_eq!(root.get("t").unwrap().as_str(), Some("on"));
        assert!(root.get("u").unwrap().is_null());
        assert_eq!(root.get("v").unwrap().as_str(), Some("1e3"));
    }

    #[test]
    fn unicode_spans_are_bytes() {
        let s = src("é: \"ü\"\nk: v\n");
        let root = &load_all(&s).docs[0];
        let (k, v) = root.entry("k").unwrap();
        assert_eq!(lc(&s, k.span), (2, 1));
        assert_eq!(s.slice(v.span), "v");
        assert_eq!(s.slice(root.get("é").unwrap().span), "\"ü\"");
    }

    #[test]
    fn merge_keys_resolve_and_keep_definition_spans() {
        let s = src("base: &b\n  image: x\n  user: root\nsvc:\n  <<: *b\n  user: app\n");
        let l = load_all(&s);
        assert!(l.diagnostics.is_empty(), "{:?}", l.diagnostics);
        let svc = l.docs[0].get("svc").unwrap();
        assert_eq!(svc.get("user").unwrap().as_str(), Some("app"));
        let img = svc.get("image").unwrap();
        assert_eq!(img.as_str(), Some("x"));
        assert_eq!(lc(&s, img.span), (2, 10));
        assert!(svc.get("<<").is_none());
        // merge of a list of mappings: earlier wins
        let s = src("a: &a {k: 1}\nb: &b {k: 2, j: 3}\nc:\n  <<: [*a, *b]\n");
        let c = load_all(&s).docs[0].get("c").cloned().unwrap();
        assert_eq!(c.get("k").unwrap().value, Value::Int(1));
        assert_eq!(c.get("j").unwrap().value, Value::Int(3));
    }

    #[test]
    fn duplicate_keys_warn_and_last_wins() {
        let s = src("a: 1\nb: 2\na: 3\n");
        let l = load_all(&s);
        assert_eq!(codes(&l), vec!["yaml-duplicate-key"]);
        assert_eq!(l.diagnostics[0].level, DiagnosticLevel::Warning);
        assert_eq!((l.diagnostics[0].line, l.diagnostics[0].column), (Some(3), Some(1)));
        let root = &l.docs[0];
        assert_eq!(root.get("a").unwrap().value, Value::Int(3));
        assert_eq!(root.as_map().unwrap().len(), 2);
    }

    #[test]
    fn syntax_errors_have_line_and_col_and_keep_partial_doc() {
        let s = src("a: 1\nb: [1, 2\n");
        let l = load_all(&s);
        assert_eq!(codes(&l), vec!["yaml-syntax"]);
        assert!(l.diagnostics[0].line.is_some());
        assert_eq!(l.docs[0].get("a").unwrap().value, Value::Int(1));
        let s = src("a:\n\tb: 1\n");
        let l = load_all(&s);
        assert_eq!(codes(&l), vec!["yaml-syntax"]);
        assert_eq!(l.diagnostics[0].line, Some(2));
        assert!(load(&s).is_err());
    }

    fn quick(text: &str) -> Loaded {
        let t = Instant::now();
        let l = load_all(&src(text));
        assert!(t.elapsed() < Duration::from_secs(5), "took {:?}", t.elapsed());
        l
    }

    #[test]
    fn deep_block_nesting_is_refused() {
        let l = quick(&"- ".repeat(20_000));
        assert_eq!(codes(&l), vec!["yaml-too-deep"]);
        assert_eq!(l.diagnostics[0].line, Some(1));
    }

    #[test]
    fn deep_flow_nesting_is_refused() {
        let l = quick(&format!("{}{}", "[".repeat(20_000), "]".repeat(20_000)));
        assert_eq!(codes(&l), vec!["yaml-too-deep"]);
        let l = quick(&"{a: ".repeat(20_000));
        assert_eq!(codes(&l), vec!["yaml-too-deep"]);
    }

    #[test]
    fn nesting_at_the_limit_is_fine() {
        // flow collections: saphyr-parser's own limit is a little below ours
        let l = quick(&format!("{}{}", "[".repeat(200), "]".repeat(200)));
        assert!(l.diagnostics.is_empty(), "{:?}", l.diagnostics);
        // block collections: exactly MAX_DEPTH levels are accepted
        let block = |n: usize| (0..n).map(|i| format!("{}k:\n", "  ".repeat(i))).collect::<String>();
        let l = quick(&block(MAX_DEPTH));
        assert!(l.diagnostics.is_empty(), "{:?}", l.diagnostics);
        let l = quick(&block(MAX_DEPTH + 1));
        assert_eq!(codes(&l), vec!["yaml-too-deep"]);
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut y = String::from("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
        for w in names.windows(2) {
            let (p, n) = (w[0], w[1]);
            y.push_str(&format!("{n}: &{n} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n"));
        }
        let l = quick(&y);
        assert_eq!(codes(&l), vec!["yaml-alias-bomb"]);
        assert!(l.diagnostics[0].line.unwrap() > 2);
    }

    #[test]
    fn aliases_cannot_build_depth() {
        // each level nests the previous anchor one deeper: height grows past the limit.
        let mut y = String::from("a0: &a0 [x]\n");
        for i in 1..400 {
            y.push_str(&format!("a{i}: &a{i} [[*a{}]]\n", i - 1));
        }
        let l = quick(&y);
        assert_eq!(codes(&l), vec!["yaml-too-deep"]);
    }

    #[test]
    fn truncated_file_is_an_error_not_a_panic() {
        let l = quick("on:\n  push:\n    branches: [main\n");
        assert_eq!(codes(&l), vec!["yaml-syntax"]);
        let l = quick("key: \"unterminated\n");
        assert_eq!(codes(&l), vec!["yaml-syntax"]);
    }

    #[test]
    fn multiple_and_empty_documents() {
        let l = quick("---\na: 1\n---\n---\nb: 2\n");
        assert!(l.diagnostics.is_empty());
        assert_eq!(l.docs.len(), 3);
        assert!(l.docs[1].is_null());
        assert!(quick("").docs.is_empty());
        assert_eq!(quick("# only a comment\n").docs.len(), 0);
    }

    #[test]
    fn sub_span_points_inside_list_items() {
        let s = src("env:\n  - \"KEY=VALUE\"\n  - A=b\n");
        let root = &load_all(&s).docs[0];
        let items = root.get("env").unwrap().as_seq().unwrap();
        let v = sub_span(&s, &items[0], 4..9);
        assert_eq!(s.slice(v), "VALUE");
        assert_eq!(lc(&s, v), (2, 10));
        assert_eq!(s.slice(sub_span(&s, &items[1], 0..1)), "A");
    }
}

#[cfg(test)]
mod proptests {
    use super::*;
    use crate::base::source::FileId;
    use proptest::prelude::*;

    const WORKFLOW: &str = "name: CI\non:\n  pull_request_target:\n    types: [opened]\npermissions: {}\njobs:\n  build:\n    runs-on: ubuntu-latest\n    env: &e\n      A: \"${{ github.event.issue.title }}\"\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n      - run: |\n          echo \"${{ github.head_ref }}\"\n        env:\n          <<: *e\n          B: 'x'\n";

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn never_panics_on_random_text(s in "\\PC{0,200}") {
            let l = load_all(&SourceFile::new(FileId(0), "r.yml", s.as_str()));
            for d in &l.diagnostics { prop_assert!(d.line.is_some()); }
        }

        #[test]
        fn never_panics_on_yamlish_text(s in "[-:{}\\[\\],&*!|>'\"#? \\n\\ta-c0-9<]{0,300}") {
            let _ = load_all(&SourceFile::new(FileId(0), "r.yml", s.as_str()));
        }

        #[test]
        fn never_panics_on_mutated_workflow(pos in 0usize..WORKFLOW.len(), len in 0usize..20, ins in "[-:{}\\[\\]&*|>'\" \\n\\tx]{0,6}") {
            let mut t = WORKFLOW.to_owned();
            let start = (0..=pos).rev().find(|&i| t.is_char_boundary(i)).unwrap_or(0);
            let end = (start + len).min(t.len());
            let end = (end..=t.len()).find(|&i| t.is_char_boundary(i)).unwrap_or(t.len());
            t.replace_range(start..end, &ins);
            let s = SourceFile::new(FileId(0), "w.yml", t.as_str());
            let l = load_all(&s);
            // every span lies inside the text
            fn check(n: &Node, len: u32) -> bool {
                n.span.end <= len && n.span.start <= n.span.end && match &n.value {
                    Value::Seq(v) => v.iter().all(|c| check(c, len)),
                    Value::Map(m) => m.iter().all(|(k, v)| check(k, len) && check(v, len)),
                    _ => true,
                }
            }
            let tl = u32::try_from(t.len()).unwrap_or(u32::MAX);
            for d in &l.docs { prop_assert!(check(d, tl)); }
        }
    }
}
