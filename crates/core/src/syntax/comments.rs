//! Comments of every format, as byte ranges of the source: what inline suppressions are read
//! from. Each format's lexer knows its strings, heredocs and block scalars, so a `#` inside a
//! quoted value, a Terraform heredoc, a YAML `run: |` script or a SQL dollar-quoted body is never
//! taken for a comment (a hostile file cannot hide a suppression in a value).
//!
//! Lexers are linear, never panic, and return comments in source order.

use crate::base::kind::FileKind;

/// One comment: `start..end` covers the marker and the text up to the end of the line (a line
/// comment) or the closing `*/` (a block comment).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Comment {
    /// Byte offset of the marker.
    pub start: usize,
    /// Byte offset just past the comment (before the line break of a line comment).
    pub end: usize,
    /// The marker: `#`, `//`, `--` (line comments) or `/*` (a block comment).
    pub marker: &'static str,
}

impl Comment {
    /// Whether this is a line comment (`#`, `//`, `--`).
    #[must_use]
    pub fn is_line(&self) -> bool {
        self.marker != "/*"
    }
}

/// The comments of a file of `kind` at `path`.
#[must_use]
pub fn comments(kind: FileKind, path: &str, text: &str) -> Vec<Comment> {
    let json_like = path.ends_with(".json") || path.ends_with(".jsonc");
    match kind {
        FileKind::Terraform | FileKind::Tfvars => hcl(text),
        FileKind::TerraformJson | FileKind::TfvarsJson | FileKind::Vercel => Vec::new(),
        FileKind::Railway if json_like => Vec::new(),
        FileKind::Wrangler if json_like => jsonc(text),
        FileKind::Railway | FileKind::Wrangler | FileKind::Fly | FileKind::SupabaseConfig => toml(text),
        FileKind::Compose | FileKind::Workflow | FileKind::Action | FileKind::Dependabot | FileKind::PreCommit => {
            yaml(text)
        }
        FileKind::Sql => sql(text),
        FileKind::Env => hash(text, true),
        FileKind::Dockerfile | FileKind::Nginx => hash(text, false),
    }
}

/// The end of the line that holds `i` (the offset of its `\r\n` / `\n`, or the text's end).
fn line_end(b: &[u8], i: usize) -> usize {
    let end = b[i.min(b.len())..].iter().position(|&c| c == b'\n').map_or(b.len(), |p| i + p);
    if end > i && b.get(end - 1) == Some(&b'\r') {
        end - 1
    } else {
        end
    }
}

/// The offset just past the line break after `i` (or the text's end).
fn next_line(b: &[u8], i: usize) -> usize {
    b[i.min(b.len())..].iter().position(|&c| c == b'\n').map_or(b.len(), |p| i + p + 1)
}

fn line(b: &[u8], start: usize, marker: &'static str, out: &mut Vec<Comment>) -> usize {
    let end = line_end(b, start);
    out.push(Comment { start, end, marker });
    end
}

/// A block comment from `start` (at `/*`); `nested` for SQL's nesting. Returns where it ends.
fn block(b: &[u8], start: usize, nested: bool, out: &mut Vec<Comment>) -> usize {
    let mut depth = 0usize;
    let mut i = start;
    while i + 1 < b.len() {
        if b[i] == b'/' && b[i + 1] == b'*' && (nested || depth == 0) {
            depth += 1;
            i += 2;
        } else if b[i] == b'*' && b[i + 1] == b'/' {
            depth = depth.saturating_sub(1);
            i += 2;
            if depth == 0 {
                out.push(Comment { start, end: i, marker: "/*" });
                return i;
            }
        } else {
            i += 1;
        }
    }
    out.push(Comment { start, end: b.len(), marker: "/*" });
    b.len()
}

fn preceded_by_space(b: &[u8], i: usize) -> bool {
    i == 0 || matches!(b[i - 1], b' ' | b'\t' | b'\n' | b'\r')
}

/// `#` comments at a line start or after whitespace, outside `"…"` / `'…'` (Dockerfiles, nginx,
/// dotenv). With `multiline_quotes`, a double-quoted value may span lines (dotenv).
fn hash(text: &str, multiline_quotes: bool) -> Vec<Comment> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut quote: Option<u8> = None;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match quote {
            Some(q) => {
                if c == b'\\' && q == b'"' {
                    i += 2;
                    continue;
                }
                // A quote ends at its closing mark, or at the line's end unless it may span lines.
                if c == q || (c == b'\n' && !(multiline_quotes && q == b'"')) {
                    quote = None;
                }
                i += 1;
            }
            None => {
                if c == b'#' && preceded_by_space(b, i) {
                    i = line(b, i, "#", &mut out);
                } else {
                    // A quote opens a value only at the start of a word (`A="x"`, `'y'`), not
                    // inside one (`don't`).
                    if (c == b'"' || c == b'\'') && (i == 0 || matches!(b[i - 1], b' ' | b'\t' | b'=' | b'\n')) {
                        quote = Some(c);
                    }
                    i += 1;
                }
            }
        }
    }
    out
}

/// TOML: `#` outside basic, literal and multi-line strings.
fn toml(text: &str) -> Vec<Comment> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'#' => i = line(b, i, "#", &mut out),
            q @ (b'"' | b'\'') => {
                let triple = b.get(i..i + 3).is_some_and(|t| t == [q, q, q]);
                if triple {
                    i += 3;
                    while i < b.len() && b.get(i..i + 3).is_none_or(|t| t != [q, q, q]) {
                        i += if q == b'"' && b[i] == b'\\' { 2 } else { 1 };
                    }
                    i += 3;
                } else {
                    i += 1;
                    while i < b.len() && b[i] != q && b[i] != b'\n' {
                        i += if q == b'"' && b[i] == b'\\' { 2 } else { 1 };
                    }
                    i += 1;
                }
            }
            _ => i += 1,
        }
    }
    out
}

/// JSON with comments: `//` and `/* */` outside strings.
fn jsonc(text: &str) -> Vec<Comment> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match (b[i], b.get(i + 1)) {
            (b'/', Some(b'/')) => i = line(b, i, "//", &mut out),
            (b'/', Some(b'*')) => i = block(b, i, false, &mut out),
            (b'"', _) => {
                i += 1;
                while i < b.len() && b[i] != b'"' && b[i] != b'\n' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    out
}

/// HCL: `#`, `//` and `/* */` outside strings (with `${ … }` / `%{ … }` templates, which may
/// hold strings of their own) and heredocs (`<<EOF` … `EOF`, `<<-EOF`).
fn hcl(text: &str) -> Vec<Comment> {
    #[derive(Clone, Copy)]
    enum Ctx {
        Code(usize),
        Str,
    }
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut stack = vec![Ctx::Code(0)];
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        match stack.last().copied().unwrap_or(Ctx::Code(0)) {
            Ctx::Str => match c {
                b'\\' => i += 2,
                b'"' => {
                    stack.pop();
                    i += 1;
                }
                // `$${` and `%%{` are literal.
                b'$' | b'%' if next == Some(c) => i += 2,
                b'$' | b'%' if next == Some(b'{') => {
                    stack.push(Ctx::Code(0));
                    i += 2;
                }
                // A string never spans lines; a stray quote must not hide the rest of the file.
                b'\n' => {
                    stack.pop();
                    i += 1;
                }
                _ => i += 1,
            },
            Ctx::Code(depth) => match c {
                b'#' => i = line(b, i, "#", &mut out),
                b'/' if next == Some(b'/') => i = line(b, i, "//", &mut out),
                b'/' if next == Some(b'*') => i = block(b, i, false, &mut out),
                b'"' => {
                    stack.push(Ctx::Str);
                    i += 1;
                }
                b'{' => {
                    if let Some(Ctx::Code(d)) = stack.last_mut() {
                        *d = depth + 1;
                    }
                    i += 1;
                }
                b'}' => {
                    if depth == 0 && stack.len() > 1 {
                        stack.pop();
                    } else if let Some(Ctx::Code(d)) = stack.last_mut() {
                        *d = depth.saturating_sub(1);
                    }
                    i += 1;
                }
                b'<' if next == Some(b'<') => i = heredoc(b, i).unwrap_or(i + 2),
                _ => i += 1,
            },
        }
    }
    out
}

/// Skip an HCL heredoc starting at `i` (`<<`): returns the offset after its closing line, or
/// `None` when `<<` is not followed by an identifier.
fn heredoc(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 2;
    if b.get(j) == Some(&b'-') {
        j += 1;
    }
    let start = j;
    while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_') {
        j += 1;
    }
    if j == start {
        return None;
    }
    let tag = &b[start..j];
    let mut l = next_line(b, j);
    while l < b.len() {
        let e = line_end(b, l);
        let text = &b[l..e];
        let trimmed = text.trim_ascii();
        if trimmed == tag {
            return Some(e);
        }
        l = next_line(b, l);
    }
    Some(b.len())
}

/// SQL: `--` and nested `/* */` outside `'…'` strings, `"…"` identifiers and dollar-quoted
/// bodies (`$$ … $$`, `$fn$ … $fn$`).
fn sql(text: &str) -> Vec<Comment> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match (b[i], b.get(i + 1)) {
            (b'-', Some(b'-')) => i = line(b, i, "--", &mut out),
            (b'/', Some(b'*')) => i = block(b, i, true, &mut out),
            (q @ (b'\'' | b'"'), _) => {
                i += 1;
                while i < b.len() {
                    if b[i] == q {
                        // A doubled quote is an escaped one.
                        if b.get(i + 1) == Some(&q) {
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    i += 1;
                }
                i += 1;
            }
            (b'$', _) if i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_') => {
                let mut j = i + 1;
                while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_') {
                    j += 1;
                }
                if b.get(j) == Some(&b'$') && !b.get(i + 1).is_some_and(u8::is_ascii_digit) {
                    let tag = &b[i..=j];
                    let body = j + 1;
                    i = b[body..].windows(tag.len()).position(|w| w == tag).map_or(b.len(), |p| body + p + tag.len());
                } else {
                    i += 1;
                }
            }
            _ => i += 1,
        }
    }
    out
}

/// YAML: `#` at a line start or after whitespace, outside quoted scalars (which may span lines)
/// and block scalars (`key: |`, `- >-`: every following line indented deeper than the line that
/// opened it, and blank lines, are content).
fn yaml(text: &str) -> Vec<Comment> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut quote: Option<u8> = None;
    // The block scalar being read: the indentation of the line that opened it, and of its
    // content (set by its first non-blank line).
    let mut block: Option<(usize, Option<usize>)> = None;
    let mut l = 0;
    while l < b.len() {
        let e = line_end(b, l);
        let indent = b[l..e].iter().take_while(|&&c| c == b' ').count();
        let blank = b[l + indent..e].iter().all(|c| c.is_ascii_whitespace());
        if let Some((parent, content)) = block {
            let inside = match content {
                _ if blank => true,
                Some(c) => indent >= c,
                None => indent > parent,
            };
            if inside {
                if !blank && content.is_none() {
                    block = Some((parent, Some(indent)));
                }
                l = next_line(b, e);
                continue;
            }
            block = None;
        }
        let mut i = l + indent;
        // The last non-blank character before `i` on this line.
        let mut prev_sig: Option<u8> = None;
        let mut comment_at = e;
        while i < e {
            let c = b[i];
            if let Some(q) = quote {
                if q == b'\'' && c == b'\'' {
                    if b.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    quote = None;
                } else if q == b'"' && c == b'\\' {
                    i += 2;
                    continue;
                } else if c == q {
                    quote = None;
                }
                i += 1;
                continue;
            }
            match c {
                b'#' if preceded_by_space(b, i) => {
                    comment_at = i;
                    line(b, i, "#", &mut out);
                    break;
                }
                // A quote opens a scalar only where one may start: at the line's start, or after
                // `:`/`-`/`?` and a space, or inside a flow collection.
                b'"' | b'\''
                    if match prev_sig {
                        None => true,
                        Some(b'[' | b'{' | b',') => true,
                        Some(b':' | b'-' | b'?') => matches!(b[i - 1], b' ' | b'\t'),
                        _ => false,
                    } =>
                {
                    quote = Some(c);
                }
                _ => {}
            }
            if !c.is_ascii_whitespace() {
                prev_sig = Some(c);
            }
            i += 1;
        }
        // A block scalar indicator ends the line's content: `|`, `>`, with `-`/`+`/digits.
        if quote.is_none() {
            let content = b[l..comment_at].trim_ascii_end();
            let token_start = content.iter().rposition(|c| c.is_ascii_whitespace()).map_or(0, |p| p + 1);
            let token = &content[token_start..];
            let is_indicator = matches!(token.first(), Some(b'|' | b'>'))
                && token[1..].iter().all(|c| matches!(c, b'-' | b'+' | b'0'..=b'9'));
            let opens = is_indicator && {
                let before = content[..token_start].trim_ascii_end();
                before.is_empty() || before.ends_with(b":") || before.ends_with(b"-")
            };
            if opens {
                block = Some((indent, None));
            }
        }
        l = next_line(b, e);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(kind: FileKind, path: &str, text: &'a str) -> Vec<&'a str> {
        comments(kind, path, text).iter().map(|c| &text[c.start..c.end]).collect()
    }

    #[test]
    fn yaml_strings_and_block_scalars_hold_no_comments() {
        let text = "a: 1 # one\nb: \"x # not\" # two\nc: 'it''s # not'\nrun: |\n  echo # not\n\n  x\n# three\nd: x#y\n- >-\n    # not\n  # four\n";
        assert_eq!(texts(FileKind::Workflow, "w.yml", text), ["# one", "# two", "# three", "# four"]);
        // A comment after the indicator is a comment; `it's` in a plain scalar opens no quote.
        let text = "run: | # five\n  echo\nk: it's # six\n";
        assert_eq!(texts(FileKind::Compose, "c.yml", text), ["# five", "# six"]);
    }

    #[test]
    fn hcl_strings_templates_and_heredocs_hold_no_comments() {
        let text = "a = \"x # not ${f(\"# not\")} // not\" # one\n// two\n/* three */ b = <<-EOT\n  # not\n  EOT\nc = 1 # four\n";
        assert_eq!(texts(FileKind::Terraform, "m.tf", text), ["# one", "// two", "/* three */", "# four"]);
    }

    #[test]
    fn toml_json_sql_and_line_formats() {
        let text = "a = \"# not\" # one\nb = '''\n# not\n''' # two\n";
        assert_eq!(texts(FileKind::Fly, "fly.toml", text), ["# one", "# two"]);
        let text = "{ \"a\": \"// not\" // one\n /* two */ }\n";
        assert_eq!(texts(FileKind::Wrangler, "wrangler.jsonc", text), ["// one", "/* two */"]);
        assert_eq!(texts(FileKind::Wrangler, "wrangler.toml", "# one\n"), ["# one"]);
        let text = "select '-- not', \"--not\" -- one\n/* two /* nested */ */ create function f() as $fn$ -- not\n$fn$; $1 -- three\n";
        assert_eq!(texts(FileKind::Sql, "m.sql", text), ["-- one", "/* two /* nested */ */", "-- three"]);
        let text = "# one\nA=\"multi\n# not\" # two\nB=x#y\n";
        assert_eq!(texts(FileKind::Env, ".env", text), ["# one", "# two"]);
        let text = "# one\nRUN echo \"# not\" && x # two\nRUN don't # three\n";
        assert_eq!(texts(FileKind::Dockerfile, "Dockerfile", text), ["# one", "# two", "# three"]);
        assert!(texts(FileKind::TerraformJson, "a.tf.json", "{\"#\": 1}").is_empty());
    }

    #[test]
    fn comments_end_before_crlf() {
        let text = "a: 1 # one\r\nb: 2\r\n";
        let c = comments(FileKind::Compose, "c.yml", text);
        assert_eq!(&text[c[0].start..c[0].end], "# one");
    }
}

#[cfg(test)]
mod proptests {
    use super::*;
    use proptest::prelude::*;

    const KINDS: [(FileKind, &str); 9] = [
        (FileKind::Terraform, "m.tf"),
        (FileKind::Workflow, "w.yml"),
        (FileKind::Fly, "fly.toml"),
        (FileKind::Wrangler, "wrangler.jsonc"),
        (FileKind::Sql, "m.sql"),
        (FileKind::Env, ".env"),
        (FileKind::Dockerfile, "Dockerfile"),
        (FileKind::Nginx, "nginx.conf"),
        (FileKind::Compose, "compose.yml"),
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// Any text: comments are in order, inside the text, on character boundaries, and
        /// start with their marker.
        #[test]
        fn comments_are_well_formed(text in "[#/*\\-'\"$<{}|>:a-z \\n\\t\\\\é]{0,120}", k in 0usize..9) {
            let (kind, path) = KINDS[k];
            let found = comments(kind, path, &text);
            let mut last = 0;
            for c in found {
                prop_assert!(c.start >= last && c.start < c.end && c.end <= text.len());
                prop_assert!(text.is_char_boundary(c.start) && text.is_char_boundary(c.end));
                prop_assert!(text[c.start..].starts_with(c.marker));
                last = c.end;
            }
        }
    }
}
