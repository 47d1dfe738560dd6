//! Source files, byte spans and the line index that turns spans into 1-based line:column.
//!
//! Every parsed key and value carries a [`Span`]: the file it comes from and a byte range in it.
//! Line and column are computed late, when output is written, through [`LineIndex`]. Columns are
//! counted in Unicode code points (SARIF `columnKind: unicodeCodePoints`).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// Index of a file in the scan (position in the model's file list).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(transparent)]
pub struct FileId(pub u32);

/// A byte range `start..end` in one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default)]
pub struct Span {
    /// The file this span points into.
    pub file: FileId,
    /// Byte offset of the first byte.
    pub start: u32,
    /// Byte offset one past the last byte.
    pub end: u32,
}

impl Span {
    /// A span over `range` in `file`; offsets saturate at `u32::MAX`.
    #[must_use]
    pub fn new(file: FileId, start: usize, end: usize) -> Self {
        let start = u32::try_from(start).unwrap_or(u32::MAX);
        let end = u32::try_from(end).unwrap_or(u32::MAX).max(start);
        Self { file, start, end }
    }

    /// The byte range as `usize`.
    #[must_use]
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Smallest span covering both (same file assumed).
    #[must_use]
    pub fn cover(self, other: Span) -> Span {
        Span { file: self.file, start: self.start.min(other.start), end: self.end.max(other.end) }
    }

    /// Whether `other` lies within this span.
    #[must_use]
    pub fn contains(&self, other: &Span) -> bool {
        self.file == other.file && self.start <= other.start && other.end <= self.end
    }
}

/// A 1-based line and column (column in Unicode code points).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct LineCol {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in Unicode code points.
    pub col: u32,
}

/// Byte offset ⇄ line:column for one file's text.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    line_starts: Vec<u32>,
    /// UTF-8 continuation bytes before each multiple of [`BLOCK`] bytes, so a column (in code
    /// points) is found in time bounded by the block size, not the line length.
    continuation: Vec<u32>,
}

/// Block size of [`LineIndex::continuation`].
const BLOCK: usize = 4096;

fn is_continuation(b: u8) -> bool {
    (b & 0xC0) == 0x80
}

impl LineIndex {
    /// Build the index for `text` (`\n`, `\r\n` and lone `\r` end lines).
    #[must_use]
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0u32];
        let mut continuation = Vec::with_capacity(bytes.len() / BLOCK + 1);
        let mut cont = 0u32;
        let mut i = 0;
        while i < bytes.len() {
            if i % BLOCK == 0 {
                continuation.push(cont);
            }
            cont += u32::from(is_continuation(bytes[i]));
            match bytes[i] {
                b'\n' => line_starts.push(u32::try_from(i + 1).unwrap_or(u32::MAX)),
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => {
                    line_starts.push(u32::try_from(i + 1).unwrap_or(u32::MAX));
                }
                _ => {}
            }
            i += 1;
        }
        Self { line_starts, continuation }
    }

    /// UTF-8 continuation bytes in `text[..offset]`.
    fn continuation_before(&self, text: &str, offset: usize) -> usize {
        let block = offset / BLOCK;
        let base = self.continuation.get(block).copied().unwrap_or(0) as usize;
        let from = (block * BLOCK).min(offset);
        base + text.as_bytes().get(from..offset).map_or(0, |s| s.iter().filter(|&&b| is_continuation(b)).count())
    }

    /// Number of lines.
    #[must_use]
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Byte offset where 1-based `line` starts, if it exists.
    #[must_use]
    pub fn line_start(&self, line: u32) -> Option<usize> {
        self.line_starts.get((line as usize).checked_sub(1)?).map(|&s| s as usize)
    }

    /// The 1-based line:column of byte `offset` in `text` (clamped to the text, and to a char boundary).
    #[must_use]
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let mut offset = offset.min(text.len());
        while offset > 0 && !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line_idx = match self.line_starts.binary_search(&u32::try_from(offset).unwrap_or(u32::MAX)) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.line_starts.get(line_idx).copied().unwrap_or(0) as usize;
        // Code points = bytes minus continuation bytes (both ends are char boundaries).
        let col = if offset - start < 2 * BLOCK || self.continuation.is_empty() {
            text.get(start..offset).map_or(0, |s| s.chars().count())
        } else {
            (offset - start) - (self.continuation_before(text, offset) - self.continuation_before(text, start))
        };
        LineCol {
            line: u32::try_from(line_idx + 1).unwrap_or(u32::MAX),
            col: u32::try_from(col + 1).unwrap_or(u32::MAX),
        }
    }

    /// Byte offset of 1-based `line`:`col` (code points), if it exists.
    #[must_use]
    pub fn offset(&self, text: &str, lc: LineCol) -> Option<usize> {
        let start = self.line_start(lc.line)?;
        let rest = text.get(start..)?;
        let mut chars = rest.char_indices();
        let skip = (lc.col as usize).checked_sub(1)?;
        match chars.nth(skip) {
            Some((i, _)) => Some(start + i),
            None => Some(text.len()),
        }
    }
}

/// One file of the scan: its path (relative to the scan root, `/`-separated), its text and line index.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Index of this file in the scan.
    pub id: FileId,
    /// Path relative to the scan root, with `/` separators (used in every output).
    pub path: PathBuf,
    /// Full text (always valid UTF-8; files that are not are diagnostics, not sources).
    pub text: Arc<str>,
    /// Line index of `text`.
    pub lines: LineIndex,
}

impl SourceFile {
    /// Build a source file from its relative path and text.
    #[must_use]
    pub fn new(id: FileId, path: impl Into<PathBuf>, text: impl Into<Arc<str>>) -> Self {
        let text: Arc<str> = text.into();
        let lines = LineIndex::new(&text);
        Self { id, path: path.into(), text, lines }
    }

    /// The relative path as a `/`-separated string.
    #[must_use]
    pub fn path_str(&self) -> String {
        path_to_slash(&self.path)
    }

    /// The text a span covers (empty if out of range).
    #[must_use]
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.range()).unwrap_or("")
    }

    /// A span in this file.
    #[must_use]
    pub fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.id, start, end)
    }

    /// Start line:column of a span.
    #[must_use]
    pub fn start(&self, span: Span) -> LineCol {
        self.lines.line_col(&self.text, span.start as usize)
    }

    /// End line:column of a span (exclusive column, as SARIF `endColumn`).
    #[must_use]
    pub fn end(&self, span: Span) -> LineCol {
        self.lines.line_col(&self.text, span.end as usize)
    }

    /// The full text of 1-based `line`, without its line terminator.
    #[must_use]
    pub fn line_text(&self, line: u32) -> &str {
        let Some(start) = self.lines.line_start(line) else { return "" };
        let end = self.lines.line_start(line + 1).unwrap_or(self.text.len());
        self.text.get(start..end).unwrap_or("").trim_end_matches(['\n', '\r'])
    }
}

/// The directory of a relative `/`-separated path (`""` for a file at the root).
#[must_use]
pub fn parent_dir(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(d, _)| d)
}

/// `dir` and every directory above it, ending with the root `""` (`a/b` → `a/b`, `a`, `""`):
/// the search order for "the nearest directory at or above" a file.
pub fn dir_and_ancestors(dir: &str) -> impl Iterator<Item = &str> {
    let mut next = Some(dir);
    std::iter::from_fn(move || {
        let cur = next?;
        next = if cur.is_empty() { None } else { Some(parent_dir(cur)) };
        Some(cur)
    })
}

/// A path as a `/`-separated string.
#[must_use]
pub fn path_to_slash(path: &Path) -> String {
    let s = path.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '\\' {
        s.replace('\\', "/")
    } else {
        s.into_owned()
    }
}

/// Join a relative path onto a directory and normalise `.`/`..`.
#[must_use]
pub fn join_dir(dir: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty() && *p != ".").collect();
    for p in rel.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    parts.push("..");
                }
            }
            x => parts.push(x),
        }
    }
    // Absolute directories (scanning absolute paths) stay absolute.
    if dir.starts_with('/') {
        format!("/{}", parts.join("/"))
    } else {
        parts.join("/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directories_of_relative_paths() {
        assert_eq!(parent_dir("infra/envs/prod/main.tf"), "infra/envs/prod");
        assert_eq!(parent_dir("main.tf"), "");
        assert_eq!(dir_and_ancestors("infra/envs").collect::<Vec<_>>(), ["infra/envs", "infra", ""]);
        assert_eq!(dir_and_ancestors("").collect::<Vec<_>>(), [""]);
    }

    #[test]
    fn line_col_ascii_and_unicode() {
        let text = "ab\ncé d\r\nx";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 0), LineCol { line: 1, col: 1 });
        assert_eq!(idx.line_col(text, 3), LineCol { line: 2, col: 1 });
        // 'd' is after "cé " : c(1) é(2 bytes) space
        let d = text.find('d').unwrap();
        assert_eq!(idx.line_col(text, d), LineCol { line: 2, col: 4 });
        let x = text.find('x').unwrap();
        assert_eq!(idx.line_col(text, x), LineCol { line: 3, col: 1 });
        assert_eq!(idx.offset(text, LineCol { line: 2, col: 4 }), Some(d));
    }

    #[test]
    fn line_col_clamps_out_of_range_and_mid_char() {
        let text = "é";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 1), LineCol { line: 1, col: 1 });
        assert_eq!(idx.line_col(text, 99), LineCol { line: 1, col: 2 });
    }
}
