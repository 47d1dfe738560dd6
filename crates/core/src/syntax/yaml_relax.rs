//! Flow collections as PyYAML and GitHub read them.
//!
//! YAML 1.2 asks every line of a flow collection (`[ … ]`, `{ … }`) that sits in block context to
//! be indented deeper than the enclosing block; PyYAML and GitHub's loader do not check the
//! indentation inside flow collections at all, so workflows like
//!
//! ```yaml
//! on:
//!   push:
//!     branches: [
//!       main
//!   ]
//! ```
//!
//! run on GitHub. When the strict parse fails with an indentation error, the loader retries on a
//! copy of the text where such lines are padded with spaces (whitespace at the start of a line
//! inside a flow collection carries no meaning), and maps every offset back with [`Shifts`], so
//! spans stay exact in the original text.

/// Spaces inserted at line starts: `(original byte offset of the line start, spaces)`, ascending.
#[derive(Debug, Default, Clone)]
pub(crate) struct Shifts(Vec<(usize, usize)>);

impl Shifts {
    /// The original offset of an offset in the padded text (inside inserted padding: the line start).
    pub(crate) fn original(&self, padded: usize) -> usize {
        let mut before = 0;
        for &(orig, count) in &self.0 {
            let at = orig + before;
            if padded < at {
                break;
            }
            if padded < at + count {
                return orig;
            }
            before += count;
        }
        padded - before
    }
}

/// Where a value starts on a line: after `key:`, `- ` or at the line start (past the indent).
fn value_start(line: &str) -> Option<usize> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let mut i = indent;
    let b = line.as_bytes();
    // block sequence entries `- - x`
    while b.get(i) == Some(&b'-') && matches!(b.get(i + 1), Some(b' ') | None) {
        i += 1;
        while b.get(i) == Some(&b' ') {
            i += 1;
        }
    }
    match b.get(i) {
        Some(b'[' | b'{') => return Some(i),
        Some(b'"' | b'\'' | b'#' | b'|' | b'>') | None => return None,
        _ => {}
    }
    // a plain key followed by `: ` and a bracket
    let rest = line.get(i..)?;
    let colon = rest.find(": ").map(|c| c + 1).or_else(|| rest.ends_with(':').then_some(rest.len()))?;
    let after = rest.get(colon..)?;
    let skip = after.len() - after.trim_start_matches(' ').len();
    match after.as_bytes().get(skip) {
        Some(b'[' | b'{') => Some(i + colon + skip),
        _ => None,
    }
}

/// Whether a line's value is a block scalar header (`key: |`, `- >-` …).
fn opens_block_scalar(line: &str) -> bool {
    let t = line.split(" #").next().unwrap_or(line).trim_end();
    let last = t.rsplit([' ', ':']).next().unwrap_or("");
    let head = t.len() > last.len() && (t.ends_with(&format!(": {last}")) || t.ends_with(&format!("- {last}")));
    head && last.starts_with(['|', '>']) && last.chars().skip(1).all(|c| matches!(c, '-' | '+' | '0'..='9'))
}

/// The text with lines inside block-context flow collections padded to sit right of the opening
/// bracket, or `None` when nothing needs padding.
pub(crate) fn relax(text: &str) -> Option<(String, Shifts)> {
    let mut shifts = Vec::new();
    // inside a flow collection: (depth, column the contents must reach); quote state
    let mut depth = 0usize;
    let mut need = 0usize;
    let mut quote: Option<u8> = None;
    // block scalar: lines indented deeper than this belong to it
    let mut block_scalar: Option<usize> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let indent = body.len() - body.trim_start_matches(' ').len();
        if let Some(bs) = block_scalar {
            if body.trim().is_empty() || indent > bs {
                continue;
            }
            block_scalar = None;
        }
        let scan_from = if depth > 0 || quote.is_some() {
            if indent < need && !body.trim().is_empty() {
                shifts.push((start, need - indent));
            }
            Some(indent)
        } else if let Some(v) = value_start(body) {
            need = v + 1;
            Some(v)
        } else {
            if opens_block_scalar(body) {
                block_scalar = Some(indent);
            }
            None
        };
        let Some(from) = scan_from else { continue };
        let bytes = body.as_bytes();
        let mut i = from;
        while let Some(&c) = bytes.get(i) {
            match quote {
                Some(q) => {
                    if c == b'\\' && q == b'"' {
                        i += 1;
                    } else if c == q {
                        if q == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                            i += 1;
                        } else {
                            quote = None;
                        }
                    }
                }
                None => match c {
                    b'[' | b'{' => depth += 1,
                    b']' | b'}' => depth = depth.saturating_sub(1),
                    b'"' | b'\'' => quote = Some(c),
                    b'#' if i == 0 || matches!(bytes.get(i - 1), Some(b' ' | b'\t')) => break,
                    _ => {}
                },
            }
            i += 1;
            if depth == 0 && quote.is_none() {
                break;
            }
        }
    }
    if shifts.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len() + shifts.iter().map(|s| s.1).sum::<usize>());
    let mut last = 0;
    for &(at, n) in &shifts {
        out.push_str(text.get(last..at).unwrap_or(""));
        out.extend(std::iter::repeat_n(' ', n));
        last = at;
    }
    out.push_str(text.get(last..).unwrap_or(""));
    Some((out, Shifts(shifts)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pads_lines_left_of_the_bracket_and_maps_back() {
        let text = "on:\n  push:\n    branches: [\n      main,\n  ]\njobs: {}\n";
        let (padded, shifts) = relax(text).unwrap();
        assert_eq!(padded, "on:\n  push:\n    branches: [\n               main,\n               ]\njobs: {}\n");
        let close = padded.find(']').unwrap();
        assert_eq!(&text[shifts.original(close)..=shifts.original(close)], "]");
        let jobs = padded.find("jobs").unwrap();
        assert_eq!(shifts.original(jobs), text.find("jobs").unwrap());
        // inside the padding: the line start
        assert_eq!(shifts.original(close - 3), text.find("\n  ]").unwrap() + 1);
    }

    #[test]
    fn leaves_well_indented_text_and_scalars_alone() {
        assert!(relax("a: [\n    b\n    ]\n").is_none());
        // brackets inside block scalars and plain scalars are not flow collections
        assert!(relax("run: |\n  echo [\nx: 1\n").is_none());
        assert!(relax("run: echo [\nx: 1\n").is_none());
        assert!(relax("a: '['\nb: 1\n").is_none());
        assert!(relax("a: [1, 2] # [\nb: 1\n").is_none());
    }

    #[test]
    fn quotes_and_comments_inside_flow() {
        let text = "k: [ \"]\", # ]\n'x'\n]\n";
        let (padded, _) = relax(text).unwrap();
        assert_eq!(padded, "k: [ \"]\", # ]\n    'x'\n    ]\n");
    }
}
