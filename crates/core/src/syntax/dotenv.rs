//! .env files: `KEY=VALUE` entries (quotes, `export` prefix, comments) with spans.
//!
//! Accepted syntax (the common ground of dotenv, docker compose `env_file` and shell `source`):
//! - blank lines and `#` comment lines;
//! - an optional `export ` prefix; a key `[A-Za-z_][A-Za-z0-9_.-]*`; `=` with optional spaces around;
//! - values: unquoted (to the end of the line, an inline `#` comment only after whitespace,
//!   trailing whitespace trimmed), single-quoted (literal), back-quoted (literal) or
//!   double-quoted (`\n`, `\t`, `\r`, `\"`, `\\`, `\$` escapes); quoted values may span lines.
//!
//! A line that is not an assignment becomes a warning diagnostic with its line:column, and
//! parsing goes on with the next line. The value span of a quoted value is the text inside the
//! quotes.

use serde::Serialize;

use crate::base::env::EnvEvidence;
use crate::base::finding::Diagnostic;
use crate::base::source::{SourceFile, Span};

/// A parsed `.env` file.
#[derive(Debug, Default, Serialize)]
pub struct EnvFile {
    /// The assignments, in order.
    pub entries: Vec<EnvEntry>,
}

/// One `KEY=VALUE` assignment.
#[derive(Debug, Clone, Serialize)]
pub struct EnvEntry {
    /// The key.
    pub key: String,
    /// Span of the key.
    pub key_span: Span,
    /// The value, unquoted (escapes processed inside double quotes).
    pub value: String,
    /// Span of the value (inside the quotes for a quoted value; empty span after `=` for an empty value).
    pub value_span: Span,
    /// The quote character used (`"`, `'`, `` ` ``), if any.
    pub quote: Option<char>,
    /// Written with an `export ` prefix.
    pub exported: bool,
    /// Span of the whole assignment.
    pub span: Span,
}

/// Parse a file. Never panics; problems become diagnostics naming the file.
#[must_use]
pub fn parse(src: &SourceFile) -> (Option<EnvFile>, Vec<Diagnostic>) {
    let text: &str = &src.text;
    let bytes = text.as_bytes();
    let mut doc = EnvFile::default();
    let mut diags = Vec::new();
    let mut pos = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let warn = |diags: &mut Vec<Diagnostic>, off: usize, msg: String| {
        let lc = src.lines.line_col(text, off);
        diags.push(Diagnostic::warning("env-syntax", src.path.clone(), msg).at(lc.line, lc.col));
    };
    while pos < bytes.len() {
        let line_end = find_eol(bytes, pos);
        let next = next_line(bytes, line_end);
        let line = text.get(pos..line_end).unwrap_or("");
        let lead = line.len() - line.trim_start().len();
        let body = line.get(lead..).unwrap_or("");
        if body.is_empty() || body.starts_with('#') {
            pos = next;
            continue;
        }
        let mut p = pos + lead;
        let start = p;
        let mut exported = false;
        if let Some(rest) = body.strip_prefix("export") {
            if rest.starts_with([' ', '\t']) && rest.trim_start().chars().next().is_some_and(is_key_start) {
                exported = true;
                p += 6;
                p = skip_blank(bytes, p);
            }
        }
        let key_start = p;
        if !bytes.get(p).is_some_and(|&b| is_key_start(char::from(b))) {
            let shown: String = body.chars().take(40).collect();
            warn(&mut diags, p, format!("not a KEY=VALUE assignment: {shown:?}"));
            pos = next;
            continue;
        }
        while bytes.get(p).is_some_and(|&b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-')) {
            p += 1;
        }
        let key_end = p;
        p = skip_blank(bytes, p);
        if bytes.get(p) != Some(&b'=') {
            let shown: String = body.chars().take(40).collect();
            warn(&mut diags, p.min(line_end), format!("not a KEY=VALUE assignment (missing '='): {shown:?}"));
            pos = next;
            continue;
        }
        p = skip_blank(bytes, p + 1);
        let key = text.get(key_start..key_end).unwrap_or("").to_string();
        let quote = bytes.get(p).copied().filter(|b| matches!(b, b'"' | b'\'' | b'`')).map(char::from);
        let (value, vs, ve, end, resume) = match quote {
            Some(q) => match scan_quoted(text, p + 1, q) {
                Some((value, close)) => {
                    let after_eol = find_eol(bytes, close + 1);
                    let trailing = text.get(close + 1..after_eol).unwrap_or("").trim();
                    if !trailing.is_empty() && !trailing.starts_with('#') {
                        let shown: String = trailing.chars().take(40).collect();
                        warn(&mut diags, close + 1, format!("unexpected text after quoted value of {key}: {shown:?}"));
                    }
                    (value, p + 1, close, close + 1, next_line(bytes, after_eol))
                }
                None => {
                    warn(&mut diags, p, format!("unterminated {q} quote in value of {key}; read to end of line"));
                    let raw = text.get(p + 1..line_end).unwrap_or("").trim_end();
                    (raw.to_string(), p + 1, p + 1 + raw.len(), line_end, next)
                }
            },
            None => {
                let rest = text.get(p..line_end).unwrap_or("");
                let mut cut = rest.len();
                let rb = rest.as_bytes();
                for (i, &b) in rb.iter().enumerate() {
                    if b == b'#' && (i == 0 || matches!(rb.get(i - 1), Some(b' ' | b'\t'))) {
                        cut = i;
                        break;
                    }
                }
                let raw = rest.get(..cut).unwrap_or("").trim_end();
                (raw.to_string(), p, p + raw.len(), p + raw.len(), next)
            }
        };
        doc.entries.push(EnvEntry {
            key,
            key_span: src.span(key_start, key_end),
            value,
            value_span: src.span(vs, ve),
            quote,
            exported,
            span: src.span(start, end.max(start)),
        });
        pos = resume.max(pos + 1);
    }
    (Some(doc), diags)
}

fn is_key_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn skip_blank(bytes: &[u8], mut p: usize) -> usize {
    while matches!(bytes.get(p), Some(b' ' | b'\t')) {
        p += 1;
    }
    p
}

/// Offset of the end of the line starting at or after `p` (before `\r\n` / `\n` / `\r`).
fn find_eol(bytes: &[u8], mut p: usize) -> usize {
    while let Some(&b) = bytes.get(p) {
        if b == b'\n' || b == b'\r' {
            return p;
        }
        p += 1;
    }
    bytes.len()
}

/// Start of the line after the terminator at `eol`.
fn next_line(bytes: &[u8], eol: usize) -> usize {
    match bytes.get(eol) {
        Some(b'\r') if bytes.get(eol + 1) == Some(&b'\n') => eol + 2,
        Some(_) => eol + 1,
        None => bytes.len(),
    }
}

/// Scan a quoted value starting after the opening quote at `p`: (value, offset of closing quote).
fn scan_quoted(text: &str, p: usize, q: char) -> Option<(String, usize)> {
    let rest = text.get(p..)?;
    let mut value = String::new();
    let mut chars = rest.char_indices();
    while let Some((i, c)) = chars.next() {
        if c == q {
            return Some((value, p + i));
        }
        if c == '\\' && q == '"' {
            match chars.next() {
                Some((_, 'n')) => value.push('\n'),
                Some((_, 't')) => value.push('\t'),
                Some((_, 'r')) => value.push('\r'),
                Some((_, e @ ('"' | '\\' | '$'))) => value.push(e),
                Some((_, other)) => {
                    value.push('\\');
                    value.push(other);
                }
                None => value.push('\\'),
            }
            continue;
        }
        value.push(c);
    }
    None
}

/// Environment evidence found in the document itself (none: the file name and path decide).
#[must_use]
pub fn env_hint(doc: &EnvFile) -> Option<EnvEvidence> {
    let _ = doc;
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::source::FileId;

    fn parse_str(text: &str) -> (SourceFile, EnvFile, Vec<Diagnostic>) {
        let src = SourceFile::new(FileId(0), ".env", text);
        let (doc, diags) = parse(&src);
        (src.clone(), doc.unwrap_or_default(), diags)
    }

    fn lc(src: &SourceFile, span: Span) -> (u32, u32) {
        let l = src.start(span);
        (l.line, l.col)
    }

    #[test]
    fn entries_and_spans() {
        let text = "# comment\n\nA=1\nexport B = two # note\nC=\"x\\ny\" # c\nD='lit $X \\n'\nE=`tick`\nF=a#b\nG=\nH=\"multi\nline\"\nI=after\n";
        let (src, doc, diags) = parse_str(text);
        assert!(diags.is_empty(), "{diags:?}");
        let got: Vec<_> = doc.entries.iter().map(|e| (e.key.as_str(), e.value.as_str())).collect();
        assert_eq!(
            got,
            vec![
                ("A", "1"),
                ("B", "two"),
                ("C", "x\ny"),
                ("D", "lit $X \\n"),
                ("E", "tick"),
                ("F", "a#b"),
                ("G", ""),
                ("H", "multi\nline"),
                ("I", "after")
            ]
        );
        let b = doc.entries.get(1).unwrap();
        assert!(b.exported);
        assert_eq!(lc(&src, b.key_span), (4, 8));
        assert_eq!(lc(&src, b.value_span), (4, 12));
        assert_eq!(src.slice(b.value_span), "two");
        let c = doc.entries.get(2).unwrap();
        assert_eq!(c.quote, Some('"'));
        assert_eq!(lc(&src, c.value_span), (5, 4));
        assert_eq!(src.slice(c.value_span), "x\\ny");
        let g = doc.entries.get(6).unwrap();
        assert_eq!(lc(&src, g.value_span), (9, 3));
        let h = doc.entries.get(7).unwrap();
        assert_eq!(src.end(h.span).line, 11);
        assert_eq!(lc(&src, doc.entries.get(8).unwrap().key_span), (12, 1));
    }

    #[test]
    fn bad_lines_warn_and_continue() {
        let text = "A=1\nthis is not valid\nB=2\n=nokey\nC\nD=\"open\nE=5\r\n";
        let (_, doc, diags) = parse_str(text);
        let keys: Vec<_> = doc.entries.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, vec!["A", "B", "D", "E"]);
        let at: Vec<_> = diags.iter().map(|d| (d.line, d.column)).collect();
        assert_eq!(at, vec![(Some(2), Some(6)), (Some(4), Some(1)), (Some(5), Some(2)), (Some(6), Some(3))]);
        assert_eq!(doc.entries.get(2).map(|e| e.value.as_str()), Some("open"));
    }

    #[test]
    fn crlf_and_bom() {
        let (src, doc, diags) = parse_str("\u{feff}KEY=value\r\nK2=\"q\"\r\n");
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(doc.entries.len(), 2);
        assert_eq!(src.slice(doc.entries.first().unwrap().value_span), "value");
        assert_eq!(lc(&src, doc.entries.get(1).unwrap().value_span), (2, 5));
    }
}
