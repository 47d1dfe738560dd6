//! Dockerfiles: parser directives, escape char, continuations, heredocs, stages and instructions
//! with spans.
//!
//! A small parser of our own that follows BuildKit's Dockerfile frontend:
//! - **Parser directives** (`# syntax=…`, `# escape=…`, `# check=…`) are only recognised in the
//!   leading lines of the file; the first line that is not a known directive ends them. The escape
//!   character may be `\` (default) or `` ` ``.
//! - **Logical lines**: a line ending in the escape character (trailing whitespace allowed)
//!   continues on the next; comment lines and empty lines inside a continuation are skipped.
//!   Comments are whole lines starting with `#`.
//! - **Instructions**: the keyword is case-insensitive (stored upper-case); leading `--flag[=value]`
//!   words become [`Flag`]s; the arguments are in exec form (a JSON array of strings) or shell form.
//! - **Heredocs** (`<<EOF`, `<<-EOF`, `<<"EOF"`, several per line) on `RUN`, `COPY` and `ADD`
//!   consume the following lines up to their terminator.
//! - `ENV` / `LABEL` `key=value` pairs (quoted values, the legacy `ENV key value` form) and `ARG`
//!   `name[=default]` become [`KeyValue`]s; each `FROM` starts a [`Stage`].
//!
//! Every instruction, keyword, flag, word, key and value keeps its exact byte [`Span`], mapped back
//! through continuations to the physical source.

use serde::Serialize;

use crate::base::env::EnvEvidence;
use crate::base::finding::Diagnostic;
use crate::base::source::{FileId, SourceFile, Span};

/// A parsed Dockerfile.
#[derive(Debug, Default, Serialize)]
pub struct Dockerfile {
    /// Parser directives from the top of the file.
    pub directives: Vec<Directive>,
    /// The escape character (`\` or `` ` ``).
    pub escape: char,
    /// Every instruction, in order.
    pub instructions: Vec<Instruction>,
    /// Build stages, one per `FROM`, in order.
    pub stages: Vec<Stage>,
}

/// A parser directive such as `# syntax=docker/dockerfile:1`.
#[derive(Debug, Clone, Serialize)]
pub struct Directive {
    /// Lower-case directive name (`syntax`, `escape`, `check`).
    pub name: String,
    /// Its value.
    pub value: String,
    /// Span of the whole comment line.
    pub span: Span,
    /// Span of the value.
    pub value_span: Span,
}

/// A word (argument) with its unquoted value and the span of its raw source text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Word {
    /// The value with quotes removed and escapes processed.
    pub value: String,
    /// Span of the raw token (including any quotes).
    pub span: Span,
}

/// A `--name[=value]` flag of an instruction (`--from=build`, `--chown=app`, `--mount=…`).
#[derive(Debug, Clone, Serialize)]
pub struct Flag {
    /// Flag name without the dashes (`from`, `platform`, `mount`).
    pub name: String,
    /// Value after `=`, if any.
    pub value: Option<String>,
    /// Span of the whole flag.
    pub span: Span,
    /// Span of the value.
    pub value_span: Option<Span>,
}

/// A `key=value` pair of `ENV`, `LABEL` or `ARG`.
#[derive(Debug, Clone, Serialize)]
pub struct KeyValue {
    /// The key (unquoted).
    pub key: String,
    /// Span of the key.
    pub key_span: Span,
    /// The value (unquoted, unescaped); `None` for an `ARG` without default.
    pub value: Option<String>,
    /// Span of the value: inside the quotes when the whole value is one quoted string.
    pub value_span: Option<Span>,
    /// Span of the whole pair.
    pub span: Span,
}

/// A heredoc attached to an instruction.
#[derive(Debug, Clone, Serialize)]
pub struct Heredoc {
    /// The terminator word (`EOF`).
    pub name: String,
    /// `<<-`: leading tabs are stripped.
    pub strip_tabs: bool,
    /// The word was quoted (`<<"EOF"`): no expansion in the body.
    pub quoted: bool,
    /// Span of the `<<EOF` marker.
    pub marker_span: Span,
    /// The body text (without the terminator line).
    pub body: String,
    /// Span of the body.
    pub body_span: Span,
    /// The terminator line was found.
    pub terminated: bool,
}

/// Argument form of an instruction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Form {
    /// Shell form: a command line.
    Shell,
    /// Exec form: a JSON array of strings.
    Exec,
}

/// One instruction (`RUN`, `FROM`, `COPY` …), continuations joined.
#[derive(Debug, Clone, Serialize)]
pub struct Instruction {
    /// Upper-case keyword.
    pub keyword: String,
    /// Span of the keyword as written.
    pub keyword_span: Span,
    /// Span of the whole instruction, continuations and heredoc bodies included.
    pub span: Span,
    /// Leading `--flags`.
    pub flags: Vec<Flag>,
    /// Exec or shell form.
    pub form: Form,
    /// The argument text after the flags, continuations joined (escape + newline removed).
    pub args_text: String,
    /// Span of the argument text in source (empty at the end of the keyword when there is none).
    pub args_span: Span,
    /// The arguments: JSON array elements in exec form, shell words otherwise.
    pub args: Vec<Word>,
    /// `ENV` / `LABEL` / `ARG` pairs.
    pub pairs: Vec<KeyValue>,
    /// Heredocs, in order.
    pub heredocs: Vec<Heredoc>,
    /// Index of the stage this instruction belongs to (`None` before the first `FROM`).
    pub stage: Option<usize>,
}

impl Instruction {
    /// The flag named `name`, if present.
    #[must_use]
    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags.iter().find(|f| f.name.eq_ignore_ascii_case(name))
    }
}

/// A parsed image reference `name[:tag][@digest]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImageRef {
    /// Repository, registry included (`ghcr.io/org/app`, `node`).
    pub name: String,
    /// Tag, if any.
    pub tag: Option<String>,
    /// Digest (`sha256:…`), if any.
    pub digest: Option<String>,
}

impl ImageRef {
    /// Parse `name[:tag][@digest]` (a registry port such as `localhost:5000/app` is not a tag).
    #[must_use]
    pub fn parse(s: &str) -> ImageRef {
        let (rest, digest) = match s.split_once('@') {
            Some((r, d)) => (r, Some(d.to_string())),
            None => (s, None),
        };
        let slash = rest.rfind('/').map_or(0, |i| i + 1);
        let last = rest.get(slash..).unwrap_or("");
        match last.find(':') {
            Some(c) => ImageRef {
                name: rest.get(..slash + c).unwrap_or(rest).to_string(),
                tag: Some(last.get(c + 1..).unwrap_or("").to_string()),
                digest,
            },
            None => ImageRef { name: rest.to_string(), tag: None, digest },
        }
    }
}

/// A build stage, started by a `FROM`.
#[derive(Debug, Clone, Serialize)]
pub struct Stage {
    /// 0-based stage index.
    pub index: usize,
    /// Index of the `FROM` instruction in [`Dockerfile::instructions`].
    pub from: usize,
    /// The base image word as written (`node:20-alpine`, `build`, `$BASE`).
    pub image: Word,
    /// The base image parsed.
    pub image_ref: ImageRef,
    /// The base is an earlier stage (by name or index): index of that stage.
    pub base_stage: Option<usize>,
    /// `AS name`, if any.
    pub name: Option<Word>,
    /// `--platform` value, if any.
    pub platform: Option<Word>,
    /// The last `USER` of this stage (value and span), if any.
    pub user: Option<Word>,
    /// Indices of this stage's instructions (the `FROM` included).
    pub instructions: Vec<usize>,
}

impl Dockerfile {
    /// The final stage (what `docker build` produces without `--target`).
    #[must_use]
    pub fn final_stage(&self) -> Option<&Stage> {
        self.stages.last()
    }

    /// The user a stage runs as, following its chain of stage bases (`FROM build`): the nearest
    /// `USER`, or `None` when no stage in the chain sets one (the base image's default applies).
    #[must_use]
    pub fn effective_user<'a>(&'a self, stage: &'a Stage) -> Option<&'a Word> {
        let mut cur = stage;
        for _ in 0..=self.stages.len() {
            if let Some(u) = &cur.user {
                return Some(u);
            }
            cur = self.stages.get(cur.base_stage?)?;
        }
        None
    }

    /// The external base image of a stage, following stage bases: the root stage of the chain.
    #[must_use]
    pub fn root_stage<'a>(&'a self, stage: &'a Stage) -> &'a Stage {
        let stages: &'a [Stage] = &self.stages;
        let mut cur = stage;
        for _ in 0..=self.stages.len() {
            match cur.base_stage.and_then(|i| stages.get(i)) {
                Some(s) => cur = s,
                None => break,
            }
        }
        cur
    }
}

// ---------------------------------------------------------------------------------------------
// Logical lines: text with a byte → source offset map.

/// A logical line assembled from physical pieces, with each byte's source offset.
#[derive(Debug, Default)]
struct Logical {
    text: String,
    map: Vec<usize>,
    end: usize,
}

impl Logical {
    fn push(&mut self, src: &str, start: usize, end: usize) {
        let Some(piece) = src.get(start..end) else { return };
        self.text.push_str(piece);
        self.map.extend(start..end);
        self.end = end;
    }

    /// Source byte offset of logical offset `i` (the end for `i == len`).
    fn at(&self, i: usize) -> usize {
        self.map.get(i).copied().unwrap_or(self.end)
    }

    /// Source span of the logical range `a..b`.
    fn span(&self, file: FileId, a: usize, b: usize) -> Span {
        if b <= a {
            let p = self.at(a);
            return Span::new(file, p, p);
        }
        let start = self.at(a);
        let end = self.map.get(b - 1).map_or(self.end, |&x| x + 1);
        Span::new(file, start, end.max(start))
    }
}

/// Physical lines: (content start, content end without terminator).
fn physical_lines(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes.get(i) {
            Some(b'\n') => {
                let end = if i > start && bytes.get(i - 1) == Some(&b'\r') { i - 1 } else { i };
                out.push((start, end));
                start = i + 1;
            }
            Some(b'\r') if bytes.get(i + 1) != Some(&b'\n') => {
                out.push((start, i));
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if start < bytes.len() {
        out.push((start, bytes.len()));
    }
    out
}

fn is_ws(c: char) -> bool {
    c == ' ' || c == '\t'
}

// ---------------------------------------------------------------------------------------------
// Parser.

/// Parse a file. Never panics; problems become diagnostics naming the file.
#[must_use]
pub fn parse(src: &SourceFile) -> (Option<Dockerfile>, Vec<Diagnostic>) {
    let mut p = Parser { src, text: &src.text, diags: Vec::new(), escape: '\\' };
    let doc = p.run();
    (Some(doc), p.diags)
}

struct Parser<'a> {
    src: &'a SourceFile,
    text: &'a str,
    diags: Vec<Diagnostic>,
    escape: char,
}

const KNOWN: &[&str] = &[
    "ADD",
    "ARG",
    "CMD",
    "COPY",
    "ENTRYPOINT",
    "ENV",
    "EXPOSE",
    "FROM",
    "HEALTHCHECK",
    "LABEL",
    "MAINTAINER",
    "ONBUILD",
    "RUN",
    "SHELL",
    "STOPSIGNAL",
    "USER",
    "VOLUME",
    "WORKDIR",
];

impl Parser<'_> {
    fn file(&self) -> FileId {
        self.src.id
    }

    fn diag_at(&mut self, offset: usize, code: &str, msg: String) {
        let lc = self.src.lines.line_col(self.text, offset);
        self.diags.push(Diagnostic::warning(code, self.src.path.clone(), msg).at(lc.line, lc.col));
    }

    fn run(&mut self) -> Dockerfile {
        let text = self.text;
        let mut lines = physical_lines(text);
        if let Some(first) = lines.first_mut() {
            if text.get(first.0..).is_some_and(|t| t.starts_with('\u{feff}')) {
                first.0 = (first.0 + 3).min(first.1.max(first.0));
            }
        }
        let mut doc = Dockerfile { escape: '\\', ..Dockerfile::default() };
        let mut i = 0;
        // Parser directives.
        while let Some(&(s, e)) = lines.get(i) {
            match self.directive(s, e, &doc.directives) {
                Some(d) => {
                    if d.name == "escape" {
                        match d.value.as_str() {
                            "\\" => self.escape = '\\',
                            "`" => self.escape = '`',
                            other => {
                                let msg = format!("invalid escape parser directive {other:?}: must be \\ or `");
                                self.diag_at(d.value_span.start as usize, "dockerfile-directive", msg);
                            }
                        }
                    }
                    doc.directives.push(d);
                    i += 1;
                }
                None => break,
            }
        }
        doc.escape = self.escape;

        while let Some(&(s, e)) = lines.get(i) {
            i += 1;
            let line = text.get(s..e).unwrap_or("");
            let lead = line.len() - line.trim_start_matches(is_ws).len();
            let rest = line.get(lead..).unwrap_or("");
            if rest.trim().is_empty() || rest.starts_with('#') {
                continue;
            }
            let first_line_start = s + lead;
            let mut logical = Logical::default();
            let (mut cs, mut ce) = (first_line_start, e);
            loop {
                let seg = text.get(cs..ce).unwrap_or("");
                let trimmed = seg.trim_end_matches(|c: char| c.is_whitespace());
                if trimmed.ends_with(self.escape) {
                    let cut = cs + trimmed.len() - self.escape.len_utf8();
                    logical.push(text, cs, cut);
                    // Find the next non-empty, non-comment line.
                    let mut next = None;
                    while let Some(&(ns, ne)) = lines.get(i) {
                        i += 1;
                        let nl = text.get(ns..ne).unwrap_or("");
                        let t = nl.trim_start_matches(is_ws);
                        if t.trim().is_empty() || t.starts_with('#') {
                            continue;
                        }
                        next = Some((ns, ne));
                        break;
                    }
                    match next {
                        Some((ns, ne)) => {
                            cs = ns;
                            ce = ne;
                        }
                        None => break,
                    }
                } else {
                    logical.push(text, cs, ce);
                    break;
                }
            }
            let instr = self.instruction(&logical, &lines, &mut i, &doc);
            if let Some(mut instr) = instr {
                let idx = doc.instructions.len();
                if instr.keyword == "FROM" {
                    self.start_stage(&mut doc, &instr, idx);
                }
                instr.stage = doc.stages.len().checked_sub(1);
                if let Some(stage) = doc.stages.last_mut() {
                    stage.instructions.push(idx);
                    if instr.keyword == "USER" {
                        let value = instr.args_text.trim().to_string();
                        stage.user = Some(Word { value, span: trim_span(text, instr.args_span) });
                    }
                }
                doc.instructions.push(instr);
            }
        }
        doc
    }

    /// A parser directive line, if `s..e` is one (and directives are still allowed).
    fn directive(&mut self, s: usize, e: usize, seen: &[Directive]) -> Option<Directive> {
        let line = self.text.get(s..e)?;
        let body = line.strip_prefix('#')?;
        let body_start = s + 1;
        let eq = body.find('=')?;
        let name_raw = body.get(..eq)?;
        let name = name_raw.trim();
        if name.is_empty()
            || !name.starts_with(|c: char| c.is_ascii_alphabetic())
            || !name.chars().all(|c| c.is_ascii_alphanumeric())
        {
            return None;
        }
        let lname = name.to_ascii_lowercase();
        if !matches!(lname.as_str(), "syntax" | "escape" | "check") {
            return None;
        }
        let value_raw = body.get(eq + 1..)?;
        let vlead = value_raw.len() - value_raw.trim_start().len();
        let value = value_raw.trim();
        if value.is_empty() {
            return None;
        }
        if seen.iter().any(|d| d.name == lname) {
            self.diag_at(s, "dockerfile-directive", format!("only one {lname} parser directive can be used"));
            return None;
        }
        let vstart = body_start + eq + 1 + vlead;
        Some(Directive {
            name: lname,
            value: value.to_string(),
            span: Span::new(self.file(), s, e),
            value_span: Span::new(self.file(), vstart, vstart + value.len()),
        })
    }

    fn start_stage(&mut self, doc: &mut Dockerfile, instr: &Instruction, idx: usize) {
        let index = doc.stages.len();
        let mut words = instr.args.iter();
        let Some(image) = words.next().cloned() else {
            let off = instr.keyword_span.start as usize;
            self.diag_at(off, "dockerfile-syntax", "FROM requires an image argument".to_string());
            let image = Word { value: String::new(), span: instr.args_span };
            doc.stages.push(Stage {
                index,
                from: idx,
                image_ref: ImageRef::parse(""),
                image,
                base_stage: None,
                name: None,
                platform: None,
                user: None,
                instructions: Vec::new(),
            });
            return;
        };
        let name = match (words.next(), words.next()) {
            (Some(kw), Some(n)) if kw.value.eq_ignore_ascii_case("as") => Some(n.clone()),
            _ => None,
        };
        let lower = image.value.to_ascii_lowercase();
        let base_stage = doc.stages.iter().position(|s| {
            s.name.as_ref().is_some_and(|n| n.value.eq_ignore_ascii_case(&lower)) || s.index.to_string() == lower
        });
        let platform = instr.flag("platform").and_then(|f| Some(Word { value: f.value.clone()?, span: f.value_span? }));
        doc.stages.push(Stage {
            index,
            from: idx,
            image_ref: ImageRef::parse(&image.value),
            image,
            base_stage,
            name,
            platform,
            user: None,
            instructions: Vec::new(),
        });
    }

    fn instruction(
        &mut self,
        lg: &Logical,
        lines: &[(usize, usize)],
        i: &mut usize,
        doc: &Dockerfile,
    ) -> Option<Instruction> {
        let file = self.file();
        let t = lg.text.as_str();
        let kw_end = t.find(|c: char| c.is_whitespace()).unwrap_or(t.len());
        let keyword_raw = t.get(..kw_end)?;
        let keyword = keyword_raw.to_ascii_uppercase();
        let keyword_span = lg.span(file, 0, kw_end);
        if !KNOWN.contains(&keyword.as_str()) {
            let off = lg.at(0);
            let shown: String = keyword_raw.chars().take(40).collect();
            self.diag_at(off, "dockerfile-syntax", format!("unknown instruction {shown:?}"));
            return None;
        }
        let mut pos = skip_ws(t, kw_end);
        // Flags.
        let mut flags = Vec::new();
        if matches!(keyword.as_str(), "FROM" | "RUN" | "COPY" | "ADD" | "HEALTHCHECK") {
            while t.get(pos..).is_some_and(|r| r.starts_with("--")) {
                let (end, value) = scan_word(t, pos, self.escape);
                let raw = t.get(pos + 2..end).unwrap_or("");
                let (name, val) = match raw.find('=') {
                    Some(eq) => {
                        let vstart = pos + 2 + eq + 1;
                        let unq = value.split_once('=').map_or(String::new(), |(_, v)| v.to_string());
                        (raw.get(..eq).unwrap_or("").to_string(), Some((unq, lg.span(file, vstart, end))))
                    }
                    None => (raw.to_string(), None),
                };
                flags.push(Flag {
                    name,
                    value: val.as_ref().map(|v| v.0.clone()),
                    span: lg.span(file, pos, end),
                    value_span: val.map(|v| v.1),
                });
                pos = skip_ws(t, end);
            }
        }
        let args_end = t.trim_end().len().max(pos);
        let args_text = t.get(pos..args_end).unwrap_or("").to_string();
        let args_span = lg.span(file, pos, args_end);

        // Exec form?
        let exec_capable =
            matches!(keyword.as_str(), "RUN" | "CMD" | "ENTRYPOINT" | "COPY" | "ADD" | "SHELL" | "VOLUME");
        let mut form = Form::Shell;
        let mut args = Vec::new();
        if exec_capable && args_text.starts_with('[') {
            if let Some(items) = json_array(t, pos, args_end) {
                form = Form::Exec;
                args = items.into_iter().map(|(v, a, b)| Word { value: v, span: lg.span(file, a, b) }).collect();
            }
        }
        if form == Form::Shell {
            let mut p = pos;
            while p < args_end {
                let (end, value) = scan_word(t, p, self.escape);
                if end <= p {
                    break;
                }
                args.push(Word { value, span: lg.span(file, p, end) });
                p = skip_ws(t, end);
            }
        }

        // Pairs.
        let mut pairs = Vec::new();
        match keyword.as_str() {
            "ENV" | "LABEL" => self.pairs_kv(lg, pos, args_end, &keyword, &mut pairs),
            "ARG" => {
                let mut p = pos;
                while p < args_end {
                    let (end, _) = scan_word(t, p, self.escape);
                    if end <= p {
                        break;
                    }
                    pairs.push(self.pair(lg, p, end, false));
                    p = skip_ws(t, end);
                }
            }
            _ => {}
        }
        if args_text.is_empty() && !matches!(keyword.as_str(), "HEALTHCHECK") {
            let off = lg.at(0);
            self.diag_at(off, "dockerfile-syntax", format!("{keyword} requires at least one argument"));
        }

        // Heredocs.
        let mut heredocs = Vec::new();
        let mut end_offset = lg.end;
        if matches!(keyword.as_str(), "RUN" | "COPY" | "ADD") && form == Form::Shell {
            for (name, strip_tabs, quoted, a, b) in heredoc_markers(t, pos) {
                let body_start = lines.get(*i).map_or(self.text.len(), |l| l.0);
                let mut body_end = body_start;
                let mut terminated = false;
                let mut body = String::new();
                while let Some(&(s, e)) = lines.get(*i) {
                    *i += 1;
                    let line = self.text.get(s..e).unwrap_or("");
                    let cmp = if strip_tabs { line.trim_start_matches('\t') } else { line };
                    if cmp.trim_end() == name {
                        terminated = true;
                        end_offset = e;
                        break;
                    }
                    let next_start = lines.get(*i).map_or(self.text.len(), |l| l.0);
                    body.push_str(self.text.get(s..next_start).unwrap_or(""));
                    body_end = next_start;
                    end_offset = e;
                }
                if strip_tabs {
                    body = body.lines().map(|l| l.trim_start_matches('\t')).collect::<Vec<_>>().join("\n");
                }
                if !terminated {
                    let off = lg.at(a);
                    self.diag_at(off, "dockerfile-heredoc", format!("heredoc <<{name} is not terminated"));
                }
                heredocs.push(Heredoc {
                    name,
                    strip_tabs,
                    quoted,
                    marker_span: lg.span(file, a, b),
                    body,
                    body_span: Span::new(file, body_start, body_end.max(body_start)),
                    terminated,
                });
            }
        }
        let _ = doc;
        Some(Instruction {
            keyword,
            keyword_span,
            span: Span::new(file, lg.at(0), end_offset.max(lg.at(0))),
            flags,
            form,
            args_text,
            args_span,
            args,
            pairs,
            heredocs,
            stage: None,
        })
    }

    /// `ENV` / `LABEL` pairs: `k=v k2="v 2"` or the legacy `ENV k v`.
    fn pairs_kv(&mut self, lg: &Logical, pos: usize, end: usize, keyword: &str, out: &mut Vec<KeyValue>) {
        let t = lg.text.as_str();
        let file = self.file();
        let (first_end, _) = scan_word(t, pos, self.escape);
        let first_raw = t.get(pos..first_end).unwrap_or("");
        if !first_raw.contains('=') {
            // Legacy `ENV key value…` (one pair; the value is the rest of the line).
            let key = first_raw.to_string();
            let vpos = skip_ws(t, first_end);
            let (value, vspan) = if vpos < end {
                let raw = t.get(vpos..end).unwrap_or("");
                let (v, a, b) = unquote_span(raw, vpos, self.escape);
                (Some(v), Some(lg.span(file, a, b)))
            } else {
                let off = lg.at(pos);
                self.diag_at(off, "dockerfile-syntax", format!("{keyword} {key:?} has no value"));
                (None, None)
            };
            if !key.is_empty() {
                out.push(KeyValue {
                    key,
                    key_span: lg.span(file, pos, first_end),
                    value,
                    value_span: vspan,
                    span: lg.span(file, pos, end),
                });
            }
            return;
        }
        let mut p = pos;
        while p < end {
            let (wend, _) = scan_word(t, p, self.escape);
            if wend <= p {
                break;
            }
            let raw = t.get(p..wend).unwrap_or("");
            if raw.contains('=') {
                out.push(self.pair(lg, p, wend, true));
            } else {
                let off = lg.at(p);
                let shown: String = raw.chars().take(40).collect();
                self.diag_at(off, "dockerfile-syntax", format!("{keyword}: expected key=value, found {shown:?}"));
            }
            p = skip_ws(t, wend);
        }
    }

    /// One `key[=value]` word at logical `a..b`.
    fn pair(&self, lg: &Logical, a: usize, b: usize, _require_eq: bool) -> KeyValue {
        let t = lg.text.as_str();
        let file = self.file();
        let raw = t.get(a..b).unwrap_or("");
        match find_unquoted_eq(raw) {
            Some(eq) => {
                let (key, _, _) = unquote_span(raw.get(..eq).unwrap_or(""), a, self.escape);
                let vraw = raw.get(eq + 1..).unwrap_or("");
                let (v, va, vb) = unquote_span(vraw, a + eq + 1, self.escape);
                KeyValue {
                    key,
                    key_span: lg.span(file, a, a + eq),
                    value: Some(v),
                    value_span: Some(lg.span(file, va, vb)),
                    span: lg.span(file, a, b),
                }
            }
            None => {
                let (key, _, _) = unquote_span(raw, a, self.escape);
                KeyValue {
                    key,
                    key_span: lg.span(file, a, b),
                    value: None,
                    value_span: None,
                    span: lg.span(file, a, b),
                }
            }
        }
    }
}

fn trim_span(text: &str, span: Span) -> Span {
    let s = text.get(span.range()).unwrap_or("");
    let lead = s.len() - s.trim_start().len();
    let trimmed = s.trim().len();
    Span::new(span.file, span.start as usize + lead, span.start as usize + lead + trimmed)
}

fn skip_ws(t: &str, mut p: usize) -> usize {
    let b = t.as_bytes();
    while matches!(b.get(p), Some(b' ' | b'\t' | b'\r' | b'\n')) {
        p += 1;
    }
    p
}

/// Scan one shell word starting at `p`: returns (end offset, unquoted value). Quotes may appear
/// anywhere in the word; the escape character escapes the next character outside single quotes.
fn scan_word(t: &str, p: usize, escape: char) -> (usize, String) {
    let Some(rest) = t.get(p..) else { return (p, String::new()) };
    let mut value = String::new();
    let mut quote: Option<char> = None;
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match quote {
            None => {
                if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
                    return (p + i, value);
                }
                if c == '"' || c == '\'' {
                    quote = Some(c);
                } else if c == escape {
                    match chars.next() {
                        Some((_, n)) => value.push(n),
                        None => value.push(c),
                    }
                } else {
                    value.push(c);
                }
            }
            Some(q) => {
                if c == q {
                    quote = None;
                } else if q == '"' && c == escape {
                    match chars.peek() {
                        Some(&(_, n)) if n == '"' || n == escape || n == '$' => {
                            value.push(n);
                            chars.next();
                        }
                        _ => value.push(c),
                    }
                } else {
                    value.push(c);
                }
            }
        }
    }
    (t.len(), value)
}

/// Unquote a raw value at logical offset `a`: returns (value, span start, span end) where the span
/// is inside the quotes when the whole value is one quoted string.
fn unquote_span(raw: &str, a: usize, escape: char) -> (String, usize, usize) {
    let b = a + raw.len();
    let bytes = raw.as_bytes();
    if raw.len() >= 2 {
        let (f, l) = (bytes.first().copied(), bytes.last().copied());
        if (f == Some(b'"') && l == Some(b'"')) || (f == Some(b'\'') && l == Some(b'\'')) {
            let inner = raw.get(1..raw.len() - 1).unwrap_or("");
            let q = char::from(f.unwrap_or(b'"'));
            // Whole value is one quoted string when the inner part has no unescaped same quote.
            if !has_unescaped(inner, q, escape) {
                let (_, v) = scan_word_all(raw, escape);
                return (v, a + 1, b - 1);
            }
        }
    }
    let (_, v) = scan_word_all(raw, escape);
    (v, a, b)
}

/// Unquote a whole string (whitespace kept as is).
fn scan_word_all(raw: &str, escape: char) -> (usize, String) {
    let mut value = String::new();
    let mut quote: Option<char> = None;
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match quote {
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == escape => value.push(chars.next().unwrap_or(c)),
            None => value.push(c),
            Some(q) if c == q => quote = None,
            Some('"') if c == escape => match chars.peek() {
                Some(&n) if n == '"' || n == escape || n == '$' => {
                    value.push(n);
                    chars.next();
                }
                _ => value.push(c),
            },
            Some(_) => value.push(c),
        }
    }
    (raw.len(), value)
}

fn has_unescaped(s: &str, q: char, escape: char) -> bool {
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == escape && q == '"' {
            chars.next();
        } else if c == q {
            return true;
        }
    }
    false
}

/// Byte offset of the first `=` outside quotes.
fn find_unquoted_eq(raw: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    for (i, c) in raw.char_indices() {
        match quote {
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '=' => return Some(i),
            Some(q) if c == q => quote = None,
            _ => {}
        }
    }
    None
}

/// Parse a JSON array of strings at `t[a..b]`: elements as (value, start, end) logical offsets
/// (spans include the quotes). `None` if it is not exactly such an array.
fn json_array(t: &str, a: usize, b: usize) -> Option<Vec<(String, usize, usize)>> {
    let s = t.get(..b)?;
    let bytes = s.as_bytes();
    let mut p = a;
    if bytes.get(p) != Some(&b'[') {
        return None;
    }
    p = skip_ws(s, p + 1);
    let mut out = Vec::new();
    if bytes.get(p) == Some(&b']') {
        return (skip_ws(s, p + 1) >= b).then_some(out);
    }
    loop {
        if bytes.get(p) != Some(&b'"') {
            return None;
        }
        let start = p;
        p += 1;
        let mut v = String::new();
        loop {
            let c = s.get(p..)?.chars().next()?;
            p += c.len_utf8();
            match c {
                '"' => break,
                '\\' => {
                    let e = s.get(p..)?.chars().next()?;
                    p += e.len_utf8();
                    match e {
                        '"' => v.push('"'),
                        '\\' => v.push('\\'),
                        '/' => v.push('/'),
                        'b' => v.push('\u{8}'),
                        'f' => v.push('\u{c}'),
                        'n' => v.push('\n'),
                        'r' => v.push('\r'),
                        't' => v.push('\t'),
                        'u' => {
                            let hex = s.get(p..p + 4)?;
                            let code = u32::from_str_radix(hex, 16).ok()?;
                            p += 4;
                            v.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                        }
                        _ => return None,
                    }
                }
                c if (c as u32) < 0x20 => return None,
                c => v.push(c),
            }
        }
        out.push((v, start, p));
        p = skip_ws(s, p);
        match bytes.get(p) {
            Some(b',') => p = skip_ws(s, p + 1),
            Some(b']') => return (skip_ws(s, p + 1) >= b).then_some(out),
            _ => return None,
        }
    }
}

/// Heredoc markers in a logical line (outside quotes): (name, strip tabs, quoted, start, end).
fn heredoc_markers(t: &str, from: usize) -> Vec<(String, bool, bool, usize, usize)> {
    let mut out = Vec::new();
    let bytes = t.as_bytes();
    let mut quote: Option<u8> = None;
    let mut p = from;
    while p < bytes.len() {
        let c = bytes.get(p).copied().unwrap_or(0);
        match quote {
            Some(q) => {
                if c == q {
                    quote = None;
                }
                p += 1;
                continue;
            }
            None if c == b'"' || c == b'\'' => {
                quote = Some(c);
                p += 1;
                continue;
            }
            None => {}
        }
        let prev_ok = p == from
            || matches!(bytes.get(p.wrapping_sub(1)), Some(b' ' | b'\t' | b'|' | b';' | b'&' | b'('))
            || (p >= 1
                && bytes.get(p - 1).is_some_and(u8::is_ascii_digit)
                && p >= 2
                && bytes.get(p - 2) == Some(&b' '));
        if c == b'<' && bytes.get(p + 1) == Some(&b'<') && bytes.get(p + 2) != Some(&b'<') && prev_ok {
            let start = p;
            let mut q = p + 2;
            let strip = bytes.get(q) == Some(&b'-');
            if strip {
                q += 1;
            }
            let open = bytes.get(q).copied().filter(|b| *b == b'"' || *b == b'\'');
            if open.is_some() {
                q += 1;
            }
            let name_start = q;
            while bytes.get(q).is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-')) {
                q += 1;
            }
            let name = t.get(name_start..q).unwrap_or("");
            let valid_first = name.chars().next().is_some_and(|ch| ch.is_ascii_alphabetic() || ch == '_');
            let closed = match open {
                Some(o) => bytes.get(q) == Some(&o),
                None => true,
            };
            if valid_first && closed {
                if open.is_some() {
                    q += 1;
                }
                out.push((name.to_string(), strip, open.is_some(), start, q));
                p = q;
                continue;
            }
            p = q.max(p + 2);
            continue;
        }
        p += 1;
    }
    out
}

/// Environment evidence found in the document itself (none: a Dockerfile does not say where it runs).
#[must_use]
pub fn env_hint(doc: &Dockerfile) -> Option<EnvEvidence> {
    let _ = doc;
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> (SourceFile, Dockerfile, Vec<Diagnostic>) {
        let src = SourceFile::new(FileId(0), "Dockerfile", text);
        let (doc, diags) = parse(&src);
        (src.clone(), doc.unwrap_or_default(), diags)
    }

    fn lc(src: &SourceFile, span: Span) -> (u32, u32) {
        let l = src.start(span);
        (l.line, l.col)
    }

    #[test]
    fn stages_flags_and_spans() {
        let text = "# syntax=docker/dockerfile:1\nARG BASE=node:20\nFROM --platform=$BUILDPLATFORM node:20-alpine AS build\nRUN npm ci\nfrom gcr.io/distroless/nodejs20:nonroot@sha256:abc\nCOPY --from=build --chown=app:app /app /app\nUSER 1000:1000\n";
        let (src, doc, diags) = parse_str(text);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(doc.directives.len(), 1);
        assert_eq!(doc.directives.first().map(|d| d.value.as_str()), Some("docker/dockerfile:1"));
        assert_eq!(doc.stages.len(), 2);
        let s0 = doc.stages.first().unwrap();
        assert_eq!(s0.image.value, "node:20-alpine");
        assert_eq!(lc(&src, s0.image.span), (3, 32));
        assert_eq!(src.slice(s0.image.span), "node:20-alpine");
        assert_eq!(s0.name.as_ref().map(|n| n.value.as_str()), Some("build"));
        assert_eq!(s0.platform.as_ref().map(|p| src.slice(p.span)), Some("$BUILDPLATFORM"));
        let s1 = doc.stages.get(1).unwrap();
        assert_eq!(s1.image_ref.name, "gcr.io/distroless/nodejs20");
        assert_eq!(s1.image_ref.tag.as_deref(), Some("nonroot"));
        assert_eq!(s1.image_ref.digest.as_deref(), Some("sha256:abc"));
        assert_eq!(s1.user.as_ref().map(|u| (u.value.as_str(), lc(&src, u.span))), Some(("1000:1000", (7, 6))));
        let copy = doc.instructions.iter().find(|i| i.keyword == "COPY").unwrap();
        let from = copy.flag("from").unwrap();
        assert_eq!(from.value.as_deref(), Some("build"));
        assert_eq!(src.slice(from.value_span.unwrap()), "build");
        assert_eq!(copy.args.iter().map(|w| w.value.as_str()).collect::<Vec<_>>(), vec!["/app", "/app"]);
        let arg = doc.instructions.first().unwrap();
        assert_eq!(arg.stage, None);
        let kv = arg.pairs.first().unwrap();
        assert_eq!((kv.key.as_str(), kv.value.as_deref()), ("BASE", Some("node:20")));
        assert_eq!(lc(&src, kv.value_span.unwrap()), (2, 10));
        // lower-case keyword
        assert_eq!(doc.instructions.get(3).map(|i| i.keyword.as_str()), Some("FROM"));
    }

    #[test]
    fn continuations_with_comments_and_blank_lines() {
        let text = "FROM alpine:3.19\nRUN apk add \\\n    # a comment inside\n\n    curl \\\n    git\nENV A=1 \\\n    B=\"two words\" \\\n    C='x'\n";
        let (src, doc, diags) = parse_str(text);
        assert!(diags.is_empty(), "{diags:?}");
        let run = doc.instructions.get(1).unwrap();
        assert_eq!(run.args.iter().map(|w| w.value.as_str()).collect::<Vec<_>>(), vec!["apk", "add", "curl", "git"]);
        let git = run.args.get(3).unwrap();
        assert_eq!(lc(&src, git.span), (6, 5));
        assert_eq!(lc(&src, run.span), (2, 1));
        assert_eq!(src.end(run.span).line, 6);
        let env = doc.instructions.get(2).unwrap();
        let pairs: Vec<_> = env.pairs.iter().map(|p| (p.key.as_str(), p.value.as_deref().unwrap_or(""))).collect();
        assert_eq!(pairs, vec![("A", "1"), ("B", "two words"), ("C", "x")]);
        let b = env.pairs.get(1).unwrap();
        assert_eq!(lc(&src, b.key_span), (8, 5));
        assert_eq!(src.slice(b.value_span.unwrap()), "two words");
        assert_eq!(lc(&src, b.value_span.unwrap()), (8, 8));
    }

    #[test]
    fn escape_directive_backtick() {
        let text = "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir c:\\ `\n    && echo hi\n";
        let (src, doc, diags) = parse_str(text);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(doc.escape, '`');
        let run = doc.instructions.get(1).unwrap();
        assert!(run.args_text.contains("c:\\"), "{}", run.args_text);
        assert!(run.args_text.contains("&& echo hi"));
        assert_eq!(src.end(run.span).line, 4);
    }

    #[test]
    fn directives_stop_at_first_other_line() {
        let text = "# comment\n# escape=`\nFROM alpine:3\nRUN echo \\\n  hi\n";
        let (_, doc, _) = parse_str(text);
        assert!(doc.directives.is_empty());
        assert_eq!(doc.escape, '\\');
        assert_eq!(doc.instructions.len(), 2);
    }

    #[test]
    fn exec_form_and_shell_form() {
        let text = "FROM alpine:3\nCMD [\"node\", \"server.js\", \"a\\\"b\"]\nENTRYPOINT [not json\nRUN [\"sh\", \"-c\", \"echo hi\"]\n";
        let (src, doc, diags) = parse_str(text);
        assert!(diags.is_empty(), "{diags:?}");
        let cmd = doc.instructions.get(1).unwrap();
        assert_eq!(cmd.form, Form::Exec);
        assert_eq!(cmd.args.iter().map(|w| w.value.as_str()).collect::<Vec<_>>(), vec!["node", "server.js", "a\"b"]);
        assert_eq!(lc(&src, cmd.args.get(1).unwrap().span), (2, 14));
        let ep = doc.instructions.get(2).unwrap();
        assert_eq!(ep.form, Form::Shell);
        assert_eq!(doc.instructions.get(3).unwrap().form, Form::Exec);
    }

    #[test]
    fn heredocs() {
        let text = "# syntax=docker/dockerfile:1.4\nFROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\nCOPY <<-\"A\" /a <<B /b\n\tline a\n\tA\nline b\nB\nRUN echo done\n";
        let (src, doc, diags) = parse_str(text);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(doc.instructions.len(), 4);
        let run = doc.instructions.get(1).unwrap();
        let h = run.heredocs.first().unwrap();
        assert_eq!(h.name, "EOF");
        assert_eq!(h.body, "apt-get update\napt-get install -y curl\n");
        assert_eq!(lc(&src, h.body_span), (4, 1));
        assert_eq!(src.end(run.span).line, 6);
        let copy = doc.instructions.get(2).unwrap();
        assert_eq!(copy.heredocs.len(), 2);
        let a = copy.heredocs.first().unwrap();
        assert!(a.strip_tabs && a.quoted);
        assert_eq!(a.body, "line a");
        assert_eq!(copy.heredocs.get(1).unwrap().body, "line b\n");
        assert_eq!(doc.instructions.get(3).unwrap().args_text, "echo done");
        // Not heredocs: here-strings and shifts.
        let (_, doc, diags) = parse_str("FROM a:1\nRUN cat <<< \"x\" && echo $((1<<2))\nRUN echo ok\n");
        assert!(diags.is_empty(), "{diags:?}");
        assert!(doc.instructions.iter().all(|i| i.heredocs.is_empty()));
        assert_eq!(doc.instructions.len(), 3);
    }

    #[test]
    fn unterminated_heredoc_is_a_diagnostic() {
        let (_, doc, diags) = parse_str("FROM a:1\nRUN <<EOF\necho hi\n");
        assert_eq!(diags.len(), 1);
        assert_eq!(
            diags.first().map(|d| (d.code.as_str(), d.line, d.column)),
            Some(("dockerfile-heredoc", Some(2), Some(5)))
        );
        assert!(!doc.instructions.get(1).unwrap().heredocs.first().unwrap().terminated);
    }

    #[test]
    fn legacy_env_and_arg() {
        let text = "FROM a:1\nENV API_TOKEN some value here\nARG X\nARG Y=\"q q\" Z=3\nLABEL \"com.x\"=\"v\" b=c\n";
        let (src, doc, diags) = parse_str(text);
        assert!(diags.is_empty(), "{diags:?}");
        let env = doc.instructions.get(1).unwrap().pairs.first().unwrap();
        assert_eq!(env.key, "API_TOKEN");
        assert_eq!(env.value.as_deref(), Some("some value here"));
        assert_eq!(lc(&src, env.value_span.unwrap()), (2, 15));
        let args: Vec<_> = doc
            .instructions
            .iter()
            .filter(|i| i.keyword == "ARG")
            .flat_map(|i| i.pairs.iter().map(|p| (p.key.clone(), p.value.clone())))
            .collect();
        assert_eq!(
            args,
            vec![
                ("X".to_string(), None),
                ("Y".to_string(), Some("q q".to_string())),
                ("Z".to_string(), Some("3".to_string()))
            ]
        );
        let label = doc.instructions.get(4).unwrap();
        assert_eq!(label.pairs.first().map(|p| p.key.as_str()), Some("com.x"));
    }

    #[test]
    fn crlf_bom_and_unknown_instruction() {
        let text = "\u{feff}FROM a:1\r\nBOGUS x\r\nUSER app\r\n";
        let (src, doc, diags) = parse_str(text);
        assert_eq!(diags.len(), 1);
        assert_eq!(diags.first().and_then(|d| d.line), Some(2));
        let stage = doc.stages.first().unwrap();
        assert_eq!(stage.image.value, "a:1");
        assert_eq!(src.slice(stage.user.as_ref().unwrap().span), "app");
    }

    #[test]
    fn stage_chain_user() {
        let text = "FROM node:20 AS base\nUSER node\nFROM base AS final\nRUN echo\n";
        let (_, doc, _) = parse_str(text);
        let last = doc.final_stage().unwrap();
        assert_eq!(last.base_stage, Some(0));
        assert_eq!(doc.effective_user(last).map(|u| u.value.as_str()), Some("node"));
        assert_eq!(doc.root_stage(last).image.value, "node:20");
    }

    #[test]
    fn image_refs() {
        let r = ImageRef::parse("localhost:5000/app");
        assert_eq!((r.name.as_str(), r.tag), ("localhost:5000/app", None));
        let r = ImageRef::parse("node@sha256:ff");
        assert_eq!((r.name.as_str(), r.tag, r.digest.as_deref()), ("node", None, Some("sha256:ff")));
        let r = ImageRef::parse("ghcr.io/a/b:1.2");
        assert_eq!(r.tag.as_deref(), Some("1.2"));
    }
}
