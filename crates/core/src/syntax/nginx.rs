//! nginx configuration: a tokenizer and a parser for directives and blocks with exact spans.
//!
//! nginx's grammar is small: a directive is a name, zero or more arguments and either `;` or a
//! `{ … }` block of further directives; `#` starts a comment to the end of the line; arguments may
//! be quoted with `"` or `'` (backslash escapes the next character). The parser keeps every word's
//! span (quotes included) and its unquoted text, recovers from stray `}` and missing `;`, bounds the
//! nesting depth and the number of directives, and never panics.

use serde::Serialize;

use crate::base::env::EnvEvidence;
use crate::base::finding::Diagnostic;
use crate::base::source::{FileId, SourceFile, Span};

/// Deepest block nesting read; deeper blocks are skipped with a diagnostic.
pub const MAX_DEPTH: usize = 64;
/// Most directives read from one file.
pub const MAX_DIRECTIVES: usize = 200_000;
/// At most this many syntax diagnostics per file.
const MAX_DIAGNOSTICS: usize = 20;

/// A word: a directive name or an argument.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Word {
    /// The text without quotes (escapes kept as written except `\"`, `\'` and `\\`).
    pub text: String,
    /// Span of the word in source, quotes included.
    pub span: Span,
    /// The word was quoted.
    pub quoted: bool,
}

/// One directive: `name arg… ;` or `name arg… { … }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Directive {
    /// The directive name.
    pub name: Word,
    /// Its arguments.
    pub args: Vec<Word>,
    /// From the name to the `;` (or to the name's line end for a block: the block header).
    pub span: Span,
    /// The block's directives, for a block directive.
    pub block: Option<Vec<Directive>>,
    /// Span of the whole block directive through its closing `}` (same as `span` for simple ones).
    pub full_span: Span,
}

impl Directive {
    /// The directive name.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name.text
    }

    /// The `i`th argument's text.
    #[must_use]
    pub fn arg(&self, i: usize) -> Option<&str> {
        self.args.get(i).map(|w| w.text.as_str())
    }

    /// The children of a block (empty for a simple directive).
    #[must_use]
    pub fn children(&self) -> &[Directive] {
        self.block.as_deref().unwrap_or(&[])
    }

    /// The first direct child named `name`.
    #[must_use]
    pub fn child(&self, name: &str) -> Option<&Directive> {
        self.children().iter().find(|d| d.name() == name)
    }
}

/// A parsed nginx file.
#[derive(Debug, Clone, Serialize)]
pub struct NginxConf {
    /// Top-level directives.
    pub directives: Vec<Directive>,
    /// `include` targets named in the file (glob patterns as written), with their spans.
    pub includes: Vec<(String, Span)>,
}

impl NginxConf {
    /// Every directive, depth first, with its ancestors (outermost first).
    pub fn walk<'a>(&'a self, f: &mut dyn FnMut(&'a Directive, &[&'a Directive])) {
        fn go<'a>(
            ds: &'a [Directive],
            stack: &mut Vec<&'a Directive>,
            f: &mut dyn FnMut(&'a Directive, &[&'a Directive]),
        ) {
            for d in ds {
                f(d, stack);
                if let Some(b) = &d.block {
                    stack.push(d);
                    go(b, stack, f);
                    stack.pop();
                }
            }
        }
        go(&self.directives, &mut Vec::new(), f);
    }

    /// Every block directive named `name` (e.g. `server`), at any depth.
    #[must_use]
    pub fn blocks(&self, name: &str) -> Vec<&Directive> {
        let mut out = Vec::new();
        self.walk(&mut |d, _| {
            if d.name() == name && d.block.is_some() {
                out.push(d);
            }
        });
        out
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(Word),
    Open(usize),
    Close(usize),
    Semi(usize),
}

/// Split into tokens. Unterminated quotes become an error diagnostic and end the input.
fn tokenize(file: FileId, text: &str, diags: &mut Vec<(usize, String)>) -> Vec<Tok> {
    let b = text.as_bytes();
    let mut toks = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            b' ' | b'\t' | b'\r' | b'\n' | 0x0b | 0x0c => i += 1,
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'{' => {
                toks.push(Tok::Open(i));
                i += 1;
            }
            b'}' => {
                toks.push(Tok::Close(i));
                i += 1;
            }
            b';' => {
                toks.push(Tok::Semi(i));
                i += 1;
            }
            b'"' | b'\'' => {
                let start = i;
                i += 1;
                let mut out = Vec::new();
                let mut closed = false;
                while i < b.len() {
                    match b[i] {
                        b'\\' if i + 1 < b.len() && matches!(b[i + 1], b'"' | b'\'' | b'\\') => {
                            out.push(b[i + 1]);
                            i += 2;
                        }
                        x if x == c => {
                            i += 1;
                            closed = true;
                            break;
                        }
                        x => {
                            out.push(x);
                            i += 1;
                        }
                    }
                }
                if !closed {
                    diags.push((start, "unterminated quoted string".to_owned()));
                    break;
                }
                let text = String::from_utf8_lossy(&out).into_owned();
                toks.push(Tok::Word(Word { text, span: Span::new(file, start, i), quoted: true }));
            }
            _ => {
                let start = i;
                let mut out = Vec::new();
                // `${var}` may hold `{`/`}` inside a word.
                let mut in_var = false;
                while i < b.len() {
                    let x = b[i];
                    if x == b'\\' && i + 1 < b.len() {
                        out.push(x);
                        out.push(b[i + 1]);
                        i += 2;
                        continue;
                    }
                    if x == b'$' && b.get(i + 1) == Some(&b'{') {
                        in_var = true;
                        out.extend_from_slice(b"${");
                        i += 2;
                        continue;
                    }
                    if in_var && x == b'}' {
                        in_var = false;
                        out.push(x);
                        i += 1;
                        continue;
                    }
                    if x.is_ascii_whitespace() || x == b';' || x == b'{' || x == b'}' || (x == b'#' && out.is_empty()) {
                        break;
                    }
                    if (x == b'"' || x == b'\'') && out.is_empty() {
                        break;
                    }
                    out.push(x);
                    i += 1;
                }
                if i == start {
                    // Defensive: never loop without progress.
                    i += 1;
                    continue;
                }
                let text = String::from_utf8_lossy(&out).into_owned();
                toks.push(Tok::Word(Word { text, span: Span::new(file, start, i), quoted: false }));
            }
        }
    }
    toks
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
    file: FileId,
    count: usize,
    errors: Vec<(usize, String)>,
}

impl Parser {
    /// Directives until a `}` (consumed when `nested`) or the end of input.
    fn block(&mut self, depth: usize, nested: bool) -> (Vec<Directive>, Option<usize>) {
        let mut out = Vec::new();
        loop {
            let Some(tok) = self.toks.get(self.pos).cloned() else {
                if nested {
                    let at = self.toks.last().map_or(0, tok_end);
                    self.errors.push((at, "unexpected end of file, expecting \"}\"".to_owned()));
                }
                return (out, None);
            };
            match tok {
                Tok::Close(at) => {
                    self.pos += 1;
                    if nested {
                        return (out, Some(at + 1));
                    }
                    self.errors.push((at, "unexpected \"}\"".to_owned()));
                }
                Tok::Semi(at) | Tok::Open(at) => {
                    self.pos += 1;
                    self.errors
                        .push((at, format!("unexpected \"{}\"", if matches!(tok, Tok::Semi(_)) { ';' } else { '{' })));
                    if matches!(tok, Tok::Open(_)) {
                        // Skip the anonymous block.
                        let _ = self.skip_block();
                    }
                }
                Tok::Word(name) => {
                    self.pos += 1;
                    if self.count >= MAX_DIRECTIVES {
                        self.errors
                            .push((name.span.start as usize, "too many directives; the rest is not read".to_owned()));
                        self.pos = self.toks.len();
                        return (out, None);
                    }
                    self.count += 1;
                    let mut args = Vec::new();
                    loop {
                        match self.toks.get(self.pos).cloned() {
                            Some(Tok::Word(w)) => {
                                self.pos += 1;
                                args.push(w);
                            }
                            Some(Tok::Semi(at)) => {
                                self.pos += 1;
                                let span = Span::new(self.file, name.span.start as usize, at + 1);
                                out.push(Directive { name, args, span, block: None, full_span: span });
                                break;
                            }
                            Some(Tok::Open(at)) => {
                                self.pos += 1;
                                let header = Span::new(self.file, name.span.start as usize, at + 1);
                                if depth + 1 > MAX_DEPTH {
                                    self.errors
                                        .push((at, "blocks nested too deeply; this block is skipped".to_owned()));
                                    let end = self.skip_block().unwrap_or(at + 1);
                                    let full = Span::new(self.file, name.span.start as usize, end);
                                    out.push(Directive {
                                        name,
                                        args,
                                        span: header,
                                        block: Some(Vec::new()),
                                        full_span: full,
                                    });
                                    break;
                                }
                                let (children, end) = self.block(depth + 1, true);
                                let end = end.unwrap_or_else(|| self.toks.last().map_or(at + 1, tok_end));
                                let full = Span::new(self.file, name.span.start as usize, end);
                                out.push(Directive {
                                    name,
                                    args,
                                    span: header,
                                    block: Some(children),
                                    full_span: full,
                                });
                                break;
                            }
                            Some(Tok::Close(_)) | None => {
                                let at = args.last().map_or(name.span.end, |w| w.span.end) as usize;
                                self.errors
                                    .push((at, format!("directive \"{}\" is not terminated by \";\"", name.text)));
                                let span = Span::new(self.file, name.span.start as usize, at);
                                out.push(Directive { name, args, span, block: None, full_span: span });
                                break;
                            }
                        }
                    }
                }
            }
        }
    }

    /// Skip to the `}` matching an already consumed `{`; returns the end offset.
    fn skip_block(&mut self) -> Option<usize> {
        let mut depth = 1usize;
        while let Some(t) = self.toks.get(self.pos) {
            self.pos += 1;
            match t {
                Tok::Open(_) => depth += 1,
                Tok::Close(at) => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(at + 1);
                    }
                }
                _ => {}
            }
        }
        None
    }
}

fn tok_end(t: &Tok) -> usize {
    match t {
        Tok::Word(w) => w.span.end as usize,
        Tok::Open(a) | Tok::Close(a) | Tok::Semi(a) => a + 1,
    }
}

/// Parse text into directives plus (offset, message) errors.
#[must_use]
pub fn parse_text(file: FileId, text: &str) -> (NginxConf, Vec<(usize, String)>) {
    let mut errors = Vec::new();
    let toks = tokenize(file, text, &mut errors);
    let mut p = Parser { toks, pos: 0, file, count: 0, errors };
    let (directives, _) = p.block(0, false);
    let mut conf = NginxConf { directives, includes: Vec::new() };
    let mut includes = Vec::new();
    conf.walk(&mut |d, _| {
        if d.name() == "include" {
            if let Some(w) = d.args.first() {
                includes.push((w.text.clone(), w.span));
            }
        }
    });
    conf.includes = includes;
    (conf, p.errors)
}

/// Parse a file. Never panics; syntax errors become diagnostics with line:column and the rest of
/// the file is still read.
#[must_use]
pub fn parse(src: &SourceFile) -> (Option<NginxConf>, Vec<Diagnostic>) {
    let (conf, errors) = parse_text(src.id, &src.text);
    let path = src.path_str();
    let mut diags: Vec<Diagnostic> = errors
        .iter()
        .take(MAX_DIAGNOSTICS)
        .map(|(off, msg)| {
            let lc = src.lines.line_col(&src.text, *off);
            Diagnostic::warning("parse-error", &path, format!("nginx syntax error: {msg}")).at(lc.line, lc.col)
        })
        .collect();
    if errors.len() > MAX_DIAGNOSTICS {
        diags.push(Diagnostic::warning(
            "parse-error",
            &path,
            format!("{} more nginx syntax errors not shown", errors.len() - MAX_DIAGNOSTICS),
        ));
    }
    (Some(conf), diags)
}

/// Where an `include` target may be, relative to the scan root: `dir` is the including file's
/// directory (relative, `/`-separated). A relative target is resolved against that directory and
/// each of its ancestors (nginx resolves it against its configuration prefix, usually the
/// directory of `nginx.conf`); an absolute one (`/etc/nginx/snippets/a.conf`) by its path below
/// the conventional `/etc/nginx/` (or its last two components) under those same directories.
/// Patterns may keep `*` and `?` in their last component. Candidates never leave the root.
#[must_use]
pub fn include_candidates(dir: &str, target: &str) -> Vec<String> {
    let target = target.trim();
    if target.is_empty() || target.contains('$') {
        return Vec::new();
    }
    let tails: Vec<String> = if let Some(abs) = target.strip_prefix('/') {
        let below = abs.split_once("nginx/").map(|(_, t)| t.to_owned());
        let parts: Vec<&str> = abs.split('/').filter(|p| !p.is_empty()).collect();
        let last_two = parts.len().checked_sub(2).map(|i| parts[i..].join("/"));
        below.into_iter().chain(last_two).collect()
    } else {
        vec![target.to_owned()]
    };
    let mut dirs = Vec::new();
    let mut d = dir.trim_matches('/').to_owned();
    loop {
        dirs.push(d.clone());
        match d.rsplit_once('/') {
            Some((parent, _)) => d = parent.to_owned(),
            None if !d.is_empty() => d.clear(),
            None => break,
        }
    }
    let mut out = Vec::new();
    for base in &dirs {
        for tail in &tails {
            let joined = if base.is_empty() { tail.clone() } else { format!("{base}/{tail}") };
            if let Some(n) = normalize(&joined) {
                if !out.contains(&n) {
                    out.push(n);
                }
            }
        }
    }
    out
}

/// Resolve `.` and `..` lexically; `None` when the path climbs above the root.
fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for p in path.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// Whether `path` matches an include pattern (`*` and `?` within one component).
#[must_use]
pub fn include_matches(pattern: &str, path: &str) -> bool {
    let (pp, p) = (pattern.split('/').collect::<Vec<_>>(), path.split('/').collect::<Vec<_>>());
    pp.len() == p.len() && pp.iter().zip(&p).all(|(a, b)| glob_component(a.as_bytes(), b.as_bytes()))
}

fn glob_component(pat: &[u8], s: &[u8]) -> bool {
    // Iterative wildcard match with one backtrack point (linear for `*` patterns).
    let (mut i, mut j, mut star, mut mark) = (0, 0, None, 0);
    while j < s.len() {
        if i < pat.len() && (pat[i] == b'?' || pat[i] == s[j]) {
            i += 1;
            j += 1;
        } else if i < pat.len() && pat[i] == b'*' {
            star = Some(i);
            mark = j;
            i += 1;
        } else if let Some(st) = star {
            i = st + 1;
            mark += 1;
            j = mark;
        } else {
            return false;
        }
    }
    pat[i..].iter().all(|c| *c == b'*')
}

/// nginx files carry no environment words of their own beyond the path.
#[must_use]
pub fn env_hint(_doc: &NginxConf) -> Option<EnvEvidence> {
    None
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn p(t: &str) -> (NginxConf, Vec<(usize, String)>) {
        parse_text(FileId(0), t)
    }

    #[test]
    fn directives_blocks_and_spans() {
        let t = "# c\nhttp {\n  server_tokens off; # x\n  server {\n    listen 443 ssl;\n    add_header X-A \"v; w\" always;\n    location ~ ^/a/(.*)$ { return 301 https://$host/${1}x; }\n  }\n}\ninclude conf.d/*.conf;\n";
        let (c, e) = p(t);
        assert!(e.is_empty(), "{e:?}");
        assert_eq!(c.directives.len(), 2);
        let http = &c.directives[0];
        assert_eq!(&t[http.span.range()], "http {");
        let server = http.child("server").unwrap();
        let listen = server.child("listen").unwrap();
        assert_eq!(&t[listen.span.range()], "listen 443 ssl;");
        let ah = server.child("add_header").unwrap();
        assert_eq!(ah.arg(1), Some("v; w"));
        assert!(ah.args[1].quoted);
        assert_eq!(&t[ah.args[1].span.range()], "\"v; w\"");
        let loc = server.child("location").unwrap();
        assert_eq!(loc.arg(1), Some("^/a/(.*)$"));
        assert_eq!(loc.child("return").unwrap().arg(1), Some("https://$host/${1}x"));
        assert!(t[loc.full_span.range()].ends_with('}'));
        assert_eq!(c.includes.len(), 1);
        assert_eq!(c.includes[0].0, "conf.d/*.conf");
        assert_eq!(c.blocks("server").len(), 1);
    }

    #[test]
    fn recovers_from_errors() {
        let (c, e) = p("}\nserver_tokens on\nserver { listen 80; ");
        assert_eq!(e.len(), 2, "{e:?}");
        assert_eq!(c.directives.len(), 1);
        assert_eq!(c.directives[0].arg(0), Some("on"));
        let (c, e) = p("server { listen 80; }\nworker \"open");
        assert_eq!(c.directives.len(), 2);
        assert!(!e.is_empty());
    }

    #[test]
    fn hostile_input() {
        let deep = format!("{}{}", "a {".repeat(10_000), "}".repeat(10_000));
        let (c, e) = p(&deep);
        assert!(!e.is_empty());
        assert_eq!(c.directives.len(), 1);
        let (_, _) = p(&"{".repeat(50_000));
        let (_, _) = p(&"}".repeat(50_000));
        let (_, _) = p("\\");
        let (_, _) = p("a \\");
        let (_, _) = p("${");
        let (_, _) = p("é { ü 'ö' ; }");
        let (c, _) = p(&"x;".repeat(MAX_DIRECTIVES + 5));
        assert_eq!(c.directives.len(), MAX_DIRECTIVES);
    }

    #[test]
    fn include_resolution() {
        let c = include_candidates("deploy/proxy", "snippets/*.conf");
        assert_eq!(c, ["deploy/proxy/snippets/*.conf", "deploy/snippets/*.conf", "snippets/*.conf"]);
        let c = include_candidates("docker", "/etc/nginx/conf.d/default.conf");
        assert_eq!(c[0], "docker/conf.d/default.conf");
        assert!(include_candidates("a", "../../../etc/passwd").is_empty());
        assert!(include_candidates("a", "$dir/x.conf").is_empty());
        assert!(include_matches("a/snippets/*.conf", "a/snippets/ssl.conf"));
        assert!(!include_matches("a/snippets/*.conf", "a/snippets/x/ssl.conf"));
        assert!(include_matches("a/s?.conf", "a/s1.conf"));
        assert!(!include_matches("a/*.conf", "a/ssl.txt"));
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "[a-z${}; \\n#\"'\\\\é]{0,200}") {
            let (c, _) = p(&s);
            c.walk(&mut |d, _| { let _ = &s.get(d.span.range()); });
        }
    }
}
