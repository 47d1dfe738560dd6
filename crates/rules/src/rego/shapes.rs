//! conftest's input shapes, built from a file's source text (never re-read from disk) with the
//! span of every node kept, so a conftest policy's verdict can be located.
//!
//! - Terraform / tfvars: the hcl2json shape — blocks keyed by type then labels, the innermost
//!   level an array of bodies; literal values as JSON, other expressions as `"${…}"` source text.
//! - Dockerfile: `[{Cmd, SubCmd, JSON, Flags, Value, Stage}]` with lower-case `Cmd`, comments as
//!   `comment` commands (buildkit's node values, as conftest's Dockerfile parser gives them).
//! - YAML (compose, workflows, actions): the document, or an array of documents when the file
//!   has several (conftest then evaluates each document separately).
//! - TOML (fly.toml) and JSON (`.tf.json`, `.tfvars.json`): plain data.
//! - dotenv: a flat `{KEY: "value"}` map.

use infra_lint_core::discover::FileKind;
use infra_lint_core::parse::terraform as tf;
use infra_lint_core::parse::{yaml, Document};
use infra_lint_core::source::SourceFile;
use infra_lint_core::Span;
use serde_json::Value as J;

use super::stree::{STree, SVal};

/// Deeper nesting than this is kept as source text (bounds the recursion on hostile input).
const MAX_DEPTH: usize = 128;

/// Build the conftest-shaped documents of a file (one, or several for multi-document YAML);
/// empty when conftest has no parser for the format (SQL) or the file cannot be read as its
/// format (the loader already reported that).
#[must_use]
pub fn conftest_input(src: &SourceFile, kind: FileKind) -> Vec<STree> {
    conftest_input_with(src, kind, None)
}

/// As [`conftest_input`], built from the parsed document (no second parse) wherever it holds
/// everything conftest's shape needs: Terraform blocks, the YAML tree of a single-document
/// compose file or workflow, fly.toml's tree, `.env` entries. The source is read again only
/// without a document, for multi-document YAML, for `.tf.json` and for Dockerfiles.
#[must_use]
pub fn conftest_input_with(src: &SourceFile, kind: FileKind, doc: Option<&Document>) -> Vec<STree> {
    // A YAML file with one document: its parsed tree is the whole input.
    let single_yaml = |root: Option<&infra_lint_core::parse::node::Node>| {
        root.filter(|_| !src.text.contains("\n---") && !src.text.starts_with("---\n---")).map(STree::from_node)
    };
    match (kind, doc) {
        (FileKind::Terraform | FileKind::Tfvars, Some(Document::Terraform(d))) => {
            vec![tf_body(src, &d.body, whole(src), 0)]
        }
        (FileKind::Terraform | FileKind::Tfvars, _) => hcl(src).into_iter().collect(),
        (FileKind::TerraformJson | FileKind::TfvarsJson, _) => json(src).into_iter().collect(),
        (FileKind::Compose, Some(Document::Compose(d))) => {
            single_yaml(d.root.as_ref()).map_or_else(|| yaml_docs(src), |t| vec![t])
        }
        (FileKind::Workflow | FileKind::Action, Some(Document::Workflow(d))) => {
            single_yaml(d.root.as_ref()).map_or_else(|| yaml_docs(src), |t| vec![t])
        }
        (FileKind::Compose | FileKind::Workflow | FileKind::Action, _) => yaml_docs(src),
        (FileKind::Fly, Some(Document::Fly(d))) => vec![STree::from_node(&d.root)],
        (FileKind::Fly, _) => toml_doc(src).into_iter().collect(),
        (FileKind::Dockerfile, _) => vec![dockerfile(src)],
        (FileKind::Env, Some(Document::Env(d))) => vec![dotenv_doc(src, d)],
        (FileKind::Env, _) => vec![dotenv(src)],
        (FileKind::Sql, _) => Vec::new(),
    }
}

/// The flat `{KEY: "value"}` map of a parsed `.env` file (later keys win, as in conftest).
fn dotenv_doc(src: &SourceFile, d: &infra_lint_core::parse::dotenv::EnvFile) -> STree {
    let mut members: Vec<(String, STree)> = Vec::new();
    for e in &d.entries {
        let node = STree::scalar(e.value_span, J::from(e.value.clone())).with_key(e.key_span);
        members.push((e.key.clone(), node));
    }
    STree::obj(whole(src), members)
}

fn whole(src: &SourceFile) -> Span {
    src.span(0, src.text.len())
}

fn yaml_docs(src: &SourceFile) -> Vec<STree> {
    yaml::load(src).map(|docs| docs.iter().map(STree::from_node).collect()).unwrap_or_default()
}

fn json(src: &SourceFile) -> Option<STree> {
    // JSON is YAML: the YAML loader gives spans. Fall back to spanless plain JSON.
    if let Ok(docs) = yaml::load(src) {
        if let Some(d) = docs.first() {
            return Some(STree::from_node(d));
        }
    }
    let v: J = serde_json::from_str(&src.text).ok()?;
    Some(spanless(whole(src), &v))
}

/// A tree where every node points at `span` (used when a parser gives no spans).
fn spanless(span: Span, v: &J) -> STree {
    match v {
        J::Array(items) => STree::arr(span, items.iter().map(|i| spanless(span, i)).collect()),
        J::Object(m) => STree::obj(span, m.iter().map(|(k, v)| (k.clone(), spanless(span, v))).collect()),
        other => STree::scalar(span, other.clone()),
    }
}

// ---------------------------------------------------------------- TOML

fn toml_doc(src: &SourceFile) -> Option<STree> {
    let (table, _errors) = toml::de::DeTable::parse_recoverable(&src.text);
    let span = src.span(table.span().start, table.span().end);
    Some(toml_table(src, span, table.get_ref(), 0))
}

fn toml_table(src: &SourceFile, span: Span, t: &toml::de::DeTable<'_>, depth: usize) -> STree {
    if depth > MAX_DEPTH {
        return STree::scalar(span, J::from(src.slice(span)));
    }
    let members = t
        .iter()
        .map(|(k, v)| {
            let ks = k.span();
            let vs = v.span();
            (
                k.get_ref().to_string(),
                toml_value(src, src.span(vs.start, vs.end), v.get_ref(), depth + 1)
                    .with_key(src.span(ks.start, ks.end)),
            )
        })
        .collect();
    STree::obj(span, members)
}

fn toml_value(src: &SourceFile, span: Span, v: &toml::de::DeValue<'_>, depth: usize) -> STree {
    use toml::de::DeValue as D;
    if depth > MAX_DEPTH {
        return STree::scalar(span, J::from(src.slice(span)));
    }
    match v {
        D::String(s) => STree::scalar(span, J::from(s.to_string())),
        D::Integer(i) => {
            let digits = i.as_str().replace('_', "");
            let n = i64::from_str_radix(&digits, i.radix()).map_or_else(|_| J::from(i.as_str()), J::from);
            STree::scalar(span, n)
        }
        D::Float(f) => {
            let text = f.as_str().replace('_', "");
            let n = text
                .parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
                .map_or_else(|| J::from(text), J::Number);
            STree::scalar(span, n)
        }
        D::Boolean(b) => STree::scalar(span, J::Bool(*b)),
        D::Datetime(d) => STree::scalar(span, J::from(d.to_string())),
        D::Array(a) => STree::arr(
            span,
            a.into_iter()
                .map(|it| {
                    let s = it.span();
                    toml_value(src, src.span(s.start, s.end), it.get_ref(), depth + 1)
                })
                .collect(),
        ),
        D::Table(t) => toml_table(src, span, t, depth + 1),
    }
}

// ---------------------------------------------------------------- dotenv

fn dotenv(src: &SourceFile) -> STree {
    let text: &str = &src.text;
    let mut members = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let lead = body.len() - body.trim_start().len();
        let mut rest = &body[lead..];
        let mut at = start + lead;
        if rest.is_empty() || rest.starts_with('#') {
            continue;
        }
        if let Some(r) = rest.strip_prefix("export ") {
            let skip = rest.len() - r.trim_start().len();
            at += skip;
            rest = &rest[skip..];
        }
        let Some(eq) = rest.find('=') else { continue };
        let key = rest[..eq].trim_end();
        if key.is_empty() || key.contains(char::is_whitespace) {
            continue;
        }
        let raw = &rest[eq + 1..];
        let vlead = raw.len() - raw.trim_start().len();
        let raw = raw.trim_start();
        let vstart = at + eq + 1 + vlead;
        let (value, vlen) = dotenv_value(raw);
        members.push((
            key.to_owned(),
            STree::scalar(src.span(vstart, vstart + vlen), J::from(value)).with_key(src.span(at, at + key.len())),
        ));
    }
    STree::obj(whole(src), members)
}

/// The value of a dotenv entry and the byte length of its source text.
fn dotenv_value(raw: &str) -> (String, usize) {
    let mut chars = raw.char_indices();
    match chars.next() {
        Some((_, q @ ('"' | '\''))) => {
            let mut out = String::new();
            let mut escaped = false;
            for (i, c) in chars {
                if escaped {
                    out.push(match c {
                        'n' if q == '"' => '\n',
                        't' if q == '"' => '\t',
                        other => other,
                    });
                    escaped = false;
                } else if c == '\\' && q == '"' {
                    escaped = true;
                } else if c == q {
                    return (out, i + 1);
                } else {
                    out.push(c);
                }
            }
            (raw.to_owned(), raw.len())
        }
        _ => {
            // Unquoted: an inline comment starts at " #".
            let end = raw.find(" #").unwrap_or(raw.len());
            let v = raw[..end].trim_end();
            (v.to_owned(), v.len())
        }
    }
}

// ---------------------------------------------------------------- Dockerfile

/// One logical Dockerfile line: its text (continuations joined) and source range.
struct Logical {
    text: String,
    start: usize,
    end: usize,
}

fn dockerfile(src: &SourceFile) -> STree {
    let text: &str = &src.text;
    let lines: Vec<(usize, &str)> = {
        let mut v = Vec::new();
        let mut off = 0;
        for l in text.split_inclusive('\n') {
            v.push((off, l.trim_end_matches(['\n', '\r'])));
            off += l.len();
        }
        v
    };
    let mut escape = '\\';
    let mut i = 0;
    // Parser directives: only at the very top.
    while let Some((_, l)) = lines.get(i) {
        let Some(d) = l.trim().strip_prefix('#') else { break };
        let Some((k, v)) = d.split_once('=') else { break };
        let k = k.trim().to_ascii_lowercase();
        if k.is_empty() || k.contains(char::is_whitespace) {
            break;
        }
        if k == "escape" {
            if let Some(c) = v.trim().chars().next() {
                escape = c;
            }
        }
        i += 1;
    }
    let mut commands = Vec::new();
    let mut comments: Vec<(String, usize, usize)> = Vec::new();
    let mut stages = 0usize;
    while let Some(&(off, l)) = lines.get(i) {
        i += 1;
        let t = l.trim();
        if t.is_empty() {
            continue;
        }
        if let Some(c) = t.strip_prefix('#') {
            comments.push((c.trim().to_owned(), off, off + l.len()));
            continue;
        }
        // Join continuation lines.
        let mut logical =
            Logical { text: String::new(), start: off + (l.len() - l.trim_start().len()), end: off + l.len() };
        let mut cur = l.trim_start();
        loop {
            let trimmed = cur.trim_end();
            if let Some(head) = trimmed.strip_suffix(escape) {
                logical.text.push_str(head);
                // Skip comment and empty lines inside the continuation.
                let mut next = None;
                while let Some(&(noff, nl)) = lines.get(i) {
                    i += 1;
                    let nt = nl.trim();
                    if nt.starts_with('#') || nt.is_empty() {
                        continue;
                    }
                    next = Some((noff, nl));
                    break;
                }
                match next {
                    Some((noff, nl)) => {
                        logical.end = noff + nl.len();
                        cur = nl;
                    }
                    None => break,
                }
            } else {
                logical.text.push_str(trimmed);
                break;
            }
        }
        // Heredocs: consume their bodies.
        for word in heredoc_words(&logical.text) {
            while let Some(&(hoff, hl)) = lines.get(i) {
                i += 1;
                logical.end = hoff + hl.len();
                if hl.trim() == word {
                    break;
                }
            }
        }
        let keyword: String = logical.text.split_whitespace().next().unwrap_or("").to_ascii_lowercase();
        if keyword == "from" {
            stages += 1;
        }
        let stage = stages.saturating_sub(1);
        for (c, s, e) in comments.drain(..) {
            let span = src.span(s, e);
            commands.push(command(span, "comment", "", false, Vec::new(), vec![(c, span)], stage));
        }
        commands.push(instruction(src, &logical, stage));
    }
    STree::arr(whole(src), commands)
}

/// Heredoc delimiters (`<<EOF`, `<<-EOF`, `<<"EOF"`) on an instruction line.
fn heredoc_words(line: &str) -> Vec<String> {
    let first = line.split_whitespace().next().unwrap_or("").to_ascii_lowercase();
    if !matches!(first.as_str(), "run" | "copy" | "add") {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(p) = rest.find("<<") {
        let after = rest[p + 2..].trim_start_matches('-');
        let after = after.trim_start_matches(['"', '\'']);
        let word: String = after.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        if !word.is_empty() {
            out.push(word);
        }
        rest = &rest[p + 2..];
    }
    out
}

fn command(
    span: Span,
    cmd: &str,
    sub: &str,
    json: bool,
    flags: Vec<(String, Span)>,
    value: Vec<(String, Span)>,
    stage: usize,
) -> STree {
    let strs =
        |v: Vec<(String, Span)>| STree::arr(span, v.into_iter().map(|(s, sp)| STree::scalar(sp, J::from(s))).collect());
    STree::obj(
        span,
        vec![
            ("Cmd".to_owned(), STree::scalar(span, J::from(cmd))),
            ("SubCmd".to_owned(), STree::scalar(span, J::from(sub))),
            ("JSON".to_owned(), STree::scalar(span, J::Bool(json))),
            ("Flags".to_owned(), strs(flags)),
            ("Value".to_owned(), strs(value)),
            ("Stage".to_owned(), STree::scalar(span, J::from(stage))),
        ],
    )
}

fn instruction(src: &SourceFile, l: &Logical, stage: usize) -> STree {
    let span = src.span(l.start, l.end);
    let source = src.text.get(l.start..l.end).unwrap_or("");
    // Locate a word of the joined text in the source (continuations make offsets differ).
    let mut cursor = 0;
    let mut locate = |w: &str| -> Span {
        match source.get(cursor..).and_then(|s| s.find(w)) {
            Some(p) if !w.is_empty() => {
                let s = l.start + cursor + p;
                cursor += p + w.len();
                src.span(s, s + w.len())
            }
            _ => span,
        }
    };
    let text = l.text.trim();
    let (kw, rest) = split_word(text);
    let cmd = kw.to_ascii_lowercase();
    let _ = locate(kw);
    let (sub, rest) = if cmd == "onbuild" {
        let (s, r) = split_word(rest);
        let _ = locate(s);
        (s.to_ascii_lowercase(), r)
    } else {
        (String::new(), rest)
    };
    let inner = if sub.is_empty() { cmd.as_str() } else { sub.as_str() };
    // Flags (`--from=build`) come first.
    let mut flags = Vec::new();
    let mut rest = rest;
    loop {
        let (w, r) = split_word(rest);
        if w.starts_with("--") && w.len() > 2 {
            flags.push((w.to_owned(), locate(w)));
            rest = r;
        } else {
            break;
        }
    }
    let rest = rest.trim();
    let mut json = false;
    let values: Vec<String> = match inner {
        "run" | "cmd" | "entrypoint" | "shell" | "copy" | "add" | "volume" => match json_list(rest) {
            Some(items) => {
                json = true;
                items
            }
            None if matches!(inner, "copy" | "add" | "volume") => rest.split_whitespace().map(str::to_owned).collect(),
            None if rest.is_empty() => Vec::new(),
            None => vec![rest.to_owned()],
        },
        "healthcheck" => {
            let (w, r) = split_word(rest);
            if w.eq_ignore_ascii_case("cmd") {
                let r = r.trim();
                let mut v = vec![w.to_ascii_uppercase()];
                match json_list(r) {
                    Some(items) => {
                        json = true;
                        v.extend(items);
                    }
                    None if r.is_empty() => {}
                    None => v.push(r.to_owned()),
                }
                v
            } else if w.is_empty() {
                Vec::new()
            } else {
                vec![w.to_ascii_uppercase()]
            }
        }
        "env" | "label" => name_values(rest),
        "from" | "expose" | "arg" | "stopsignal" => words_quoted(rest, inner == "arg"),
        _ if rest.is_empty() => Vec::new(),
        _ => vec![rest.to_owned()],
    };
    let value = values.into_iter().map(|v| (v.clone(), locate(&v))).collect();
    command(span, &cmd, &sub, json, flags, value, stage)
}

fn split_word(s: &str) -> (&str, &str) {
    let s = s.trim_start();
    let end = s.find(char::is_whitespace).unwrap_or(s.len());
    (&s[..end], &s[end..])
}

fn json_list(s: &str) -> Option<Vec<String>> {
    if !s.starts_with('[') {
        return None;
    }
    let v: Vec<J> = serde_json::from_str(s).ok()?;
    v.into_iter()
        .map(|x| match x {
            J::String(s) => Some(s),
            _ => None,
        })
        .collect()
}

/// Whitespace-separated words; with `quotes`, quoted sections do not split.
fn words_quoted(s: &str, quotes: bool) -> Vec<String> {
    if !quotes {
        return s.split_whitespace().map(str::to_owned).collect();
    }
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut q: Option<char> = None;
    for c in s.chars() {
        match (q, c) {
            (None, '"' | '\'') => {
                q = Some(c);
                cur.push(c);
            }
            (Some(open), _) if c == open => {
                q = None;
                cur.push(c);
            }
            (None, c) if c.is_whitespace() => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            _ => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// `ENV`/`LABEL` arguments as buildkit's name/value nodes: `k=v k2=v2` → `[k, v, k2, v2]`
/// (quotes kept), legacy `ENV k v w` → `[k, "v w"]`.
fn name_values(s: &str) -> Vec<String> {
    let words = words_quoted(s, true);
    match words.first() {
        Some(w) if w.contains('=') => words
            .into_iter()
            .flat_map(|w| match w.split_once('=') {
                Some((k, v)) => vec![k.to_owned(), v.to_owned()],
                None => vec![w, String::new()],
            })
            .collect(),
        Some(_) => {
            let (k, r) = split_word(s);
            vec![k.to_owned(), r.trim().to_owned()]
        }
        None => Vec::new(),
    }
}

// ---------------------------------------------------------------- HCL

fn hcl(src: &SourceFile) -> Option<STree> {
    let body = hcl_edit::parser::parse_body(&src.text).ok()?;
    Some(hcl_body(src, &body, whole(src), 0))
}

fn r2s(src: &SourceFile, r: Option<std::ops::Range<usize>>, fallback: Span) -> Span {
    r.map_or(fallback, |r| src.span(r.start, r.end))
}

fn member<'a>(members: &'a mut Vec<(String, STree)>, key: &str, make: impl FnOnce() -> STree) -> &'a mut STree {
    let pos = match members.iter().position(|(k, _)| k == key) {
        Some(p) => p,
        None => {
            members.push((key.to_owned(), make()));
            members.len() - 1
        }
    };
    // `pos` is in range: found above or just pushed.
    let last = members.len().saturating_sub(1);
    &mut members[pos.min(last)].1
}

fn hcl_body(src: &SourceFile, body: &hcl_edit::structure::Body, span: Span, depth: usize) -> STree {
    use hcl_edit::structure::{BlockLabel, Structure};
    use hcl_edit::Span as _;
    if depth > MAX_DEPTH {
        return STree::scalar(span, J::from(src.slice(span)));
    }
    let mut members: Vec<(String, STree)> = Vec::new();
    for st in body.iter() {
        match st {
            Structure::Attribute(a) => {
                let ks = r2s(src, a.key.span(), span);
                let v = hcl_expr(src, &a.value, span, depth + 1).with_key(ks);
                members.retain(|(k, _)| k != a.key.as_str());
                members.push((a.key.as_str().to_owned(), v));
            }
            Structure::Block(b) => {
                let bspan = r2s(src, b.span(), span);
                let ident_span = r2s(src, b.ident.span(), bspan);
                let labels: Vec<(String, Span)> = b
                    .labels
                    .iter()
                    .map(|l| match l {
                        BlockLabel::Ident(i) => (i.as_str().to_owned(), r2s(src, i.span(), ident_span)),
                        BlockLabel::String(s) => (s.value().clone(), r2s(src, s.span(), ident_span)),
                    })
                    .collect();
                let header = labels.last().map_or(ident_span, |(_, ls)| ident_span.cover(*ls));
                let inner = hcl_body(src, &b.body, bspan, depth + 1).with_key(header);
                // type → label… → [bodies]
                let mut keys = vec![(b.ident.as_str().to_owned(), ident_span)];
                keys.extend(labels);
                insert_block(&mut members, &keys, inner, bspan);
            }
        }
    }
    STree::obj(span, members)
}

/// The hcl2json shape of a parsed Terraform body.
fn tf_body(src: &SourceFile, body: &tf::Body, span: Span, depth: usize) -> STree {
    if depth > MAX_DEPTH {
        return STree::scalar(span, J::from(src.slice(span)));
    }
    let mut members: Vec<(String, STree)> = Vec::new();
    for a in &body.attributes {
        let v = tf_expr(src, &a.expr, depth + 1).with_key(a.key_span);
        members.retain(|(k, _)| k != &a.key);
        members.push((a.key.clone(), v));
    }
    for b in &body.blocks {
        let inner = tf_body(src, &b.body, b.span, depth + 1).with_key(b.header);
        let mut keys = vec![(b.kind.clone(), b.kind_span)];
        keys.extend(b.labels.iter().map(|l| (l.value.clone(), l.span)));
        insert_block(&mut members, &keys, inner, b.span);
    }
    STree::obj(span, members)
}

/// hcl2json's value of an expression: literals as JSON, arrays and objects structurally, a
/// template as its source text, anything else as `"${source}"`.
fn tf_expr(src: &SourceFile, e: &tf::Expr, depth: usize) -> STree {
    use tf::ExprKind as K;
    let span = e.span;
    let source = src.slice(span).trim();
    if depth > MAX_DEPTH {
        return STree::scalar(span, J::from(format!("${{{source}}}")));
    }
    match &e.kind {
        K::Null => STree::scalar(span, J::Null),
        K::Bool(b) => STree::scalar(span, J::Bool(*b)),
        K::Number(n) => {
            #[allow(clippy::cast_possible_truncation)]
            let j = if n.fract() == 0.0 && n.abs() < 9.0e15 {
                J::from(*n as i64)
            } else {
                serde_json::Number::from_f64(*n).map_or(J::Null, J::Number)
            };
            STree::scalar(span, j)
        }
        K::Str(s) => STree::scalar(span, J::from(s.clone())),
        K::Template(_) => {
            let text = if source.starts_with("<<") {
                let body = source.split_once('\n').map_or("", |(_, b)| b);
                format!("{}\n", body.rsplit_once('\n').map_or("", |(b, _)| b))
            } else {
                source.strip_prefix('"').and_then(|s| s.strip_suffix('"')).unwrap_or(source).to_owned()
            };
            STree::scalar(span, J::from(text))
        }
        K::Array(items) => STree::arr(span, items.iter().map(|x| tf_expr(src, x, depth + 1)).collect()),
        K::Object(entries) => STree::obj(
            span,
            entries
                .iter()
                .map(|(k, v)| {
                    let (name, ks) = match k {
                        tf::ObjKey::Ident(n, s) => (n.clone(), *s),
                        tf::ObjKey::Expr(ke) => {
                            let kt = tf_expr(src, ke, depth + 1);
                            let name = match kt.to_json() {
                                J::String(s) => s,
                                other => other.to_string(),
                            };
                            (name, ke.span)
                        }
                    };
                    (name, tf_expr(src, v, depth + 1).with_key(ks))
                })
                .collect(),
        ),
        K::Unary(tf::UnOp::Neg, inner) if matches!(inner.kind, K::Number(_)) => {
            match tf_expr(src, inner, depth + 1).v {
                SVal::Scalar(J::Number(n)) => {
                    let neg = n
                        .as_i64()
                        .map(|i| J::from(-i))
                        .or_else(|| n.as_f64().and_then(|f| serde_json::Number::from_f64(-f)).map(J::Number));
                    STree::scalar(span, neg.unwrap_or(J::Null))
                }
                _ => STree::scalar(span, J::from(format!("${{{source}}}"))),
            }
        }
        _ => STree::scalar(span, J::from(format!("${{{source}}}"))),
    }
}

/// Insert a block body under its type and labels; the innermost level is an array of bodies.
fn insert_block(members: &mut Vec<(String, STree)>, keys: &[(String, Span)], inner: STree, bspan: Span) {
    let Some(((key, kspan), rest)) = keys.split_first() else { return };
    let slot = member(members, key, || STree::obj(bspan, Vec::new()).with_key(*kspan));
    if rest.is_empty() {
        match &mut slot.v {
            SVal::Arr(items) => items.push(inner),
            _ => slot.v = SVal::Arr(vec![inner]),
        }
        return;
    }
    if !matches!(slot.v, SVal::Obj(_)) {
        slot.v = SVal::Obj(Vec::new());
    }
    if let SVal::Obj(m) = &mut slot.v {
        insert_block(m, rest, inner, bspan);
    }
}

fn hcl_expr(src: &SourceFile, e: &hcl_edit::expr::Expression, fallback: Span, depth: usize) -> STree {
    use hcl_edit::expr::{Expression as E, ObjectKey};
    use hcl_edit::Span as _;
    let span = r2s(src, e.span(), fallback);
    let source = src.slice(span).trim();
    if depth > MAX_DEPTH {
        return STree::scalar(span, J::from(format!("${{{source}}}")));
    }
    match e {
        E::Null(_) => STree::scalar(span, J::Null),
        E::Bool(b) => STree::scalar(span, J::Bool(*b.value())),
        E::Number(n) => {
            let n = n.value();
            let j =
                n.as_i64().map(J::from).or_else(|| n.as_f64().and_then(serde_json::Number::from_f64).map(J::Number));
            STree::scalar(span, j.unwrap_or(J::Null))
        }
        E::String(s) => STree::scalar(span, J::from(s.value().clone())),
        E::Array(a) => STree::arr(span, a.iter().map(|x| hcl_expr(src, x, span, depth + 1)).collect()),
        E::Object(o) => STree::obj(
            span,
            o.iter()
                .map(|(k, v)| {
                    let (name, ks) = match k {
                        ObjectKey::Ident(i) => (i.as_str().to_owned(), r2s(src, i.span(), span)),
                        ObjectKey::Expression(ke) => {
                            let kt = hcl_expr(src, ke, span, depth + 1);
                            let name = match kt.to_json() {
                                J::String(s) => s,
                                other => other.to_string(),
                            };
                            (name, kt.span)
                        }
                    };
                    (name, hcl_expr(src, v.expr(), span, depth + 1).with_key(ks))
                })
                .collect(),
        ),
        E::StringTemplate(_) => {
            // The template source between its quotes: literal parts as written, `${…}` kept.
            let inner = source.strip_prefix('"').and_then(|s| s.strip_suffix('"')).unwrap_or(source);
            STree::scalar(span, J::from(inner))
        }
        E::HeredocTemplate(_) => {
            let body = source.split_once('\n').map_or("", |(_, b)| b);
            let body = body.rsplit_once('\n').map_or("", |(b, _)| b);
            STree::scalar(span, J::from(format!("{body}\n")))
        }
        _ => {
            if let Ok(i) = source.parse::<i64>() {
                return STree::scalar(span, J::from(i));
            }
            STree::scalar(span, J::from(format!("${{{source}}}")))
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::rego::stree::Seg;
    use infra_lint_core::FileId;

    fn sf(path: &str, text: &str) -> SourceFile {
        SourceFile::new(FileId(0), path, text)
    }

    fn at(src: &SourceFile, t: &STree, path: &[Seg]) -> (u32, u32, String) {
        let (n, matched) = t.resolve(path);
        assert_eq!(matched, path.len(), "path {path:?} not found");
        let s = n.report_span();
        let lc = src.start(s);
        (lc.line, lc.col, src.slice(s).to_owned())
    }

    fn k(s: &str) -> Seg {
        Seg::Key(s.to_owned())
    }

    #[test]
    fn hcl2json_shape() {
        let src = sf(
            "main.tf",
            "resource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"logs-${var.env}\"\n  acl    = \"private\"\n  versioning {\n    enabled = true\n  }\n  tags = { Team = \"infra\", Env = var.env }\n  count = 2\n}\nresource \"aws_s3_bucket\" \"data\" {\n  bucket = var.name\n}\n",
        );
        let t = hcl(&src).unwrap();
        let j = t.to_json();
        let logs = &j["resource"]["aws_s3_bucket"]["logs"][0];
        assert_eq!(logs["acl"], "private");
        assert_eq!(logs["bucket"], "logs-${var.env}");
        assert_eq!(logs["versioning"][0]["enabled"], true);
        assert_eq!(logs["tags"]["Team"], "infra");
        assert_eq!(logs["tags"]["Env"], "${var.env}");
        assert_eq!(logs["count"], 2);
        assert_eq!(j["resource"]["aws_s3_bucket"]["data"][0]["bucket"], "${var.name}");
        let p = [k("resource"), k("aws_s3_bucket"), k("logs"), Seg::Index(0), k("acl")];
        assert_eq!(at(&src, &t, &p), (3, 12, "\"private\"".into()));
        let p = [k("resource"), k("aws_s3_bucket"), k("data")];
        assert_eq!(at(&src, &t, &p).0, 10);
        let p =
            [k("resource"), k("aws_s3_bucket"), k("logs"), Seg::Index(0), k("versioning"), Seg::Index(0), k("enabled")];
        assert_eq!(at(&src, &t, &p), (5, 15, "true".into()));
    }

    #[test]
    fn shape_from_the_parsed_document_matches_the_reparse() {
        let text = "resource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"logs-${var.env}\"\n  count  = -2\n  ratio  = 0.5\n  versioning {\n    enabled = true\n  }\n  tags = { Team = \"infra\", Env = var.env, \"a-b\" = [1, null] }\n  policy = <<EOT\n{\"a\": 1}\nEOT\n  n = length(var.x)\n}\nlocals {\n  x = 1\n}\n";
        let src = sf("main.tf", text);
        let (doc, diags) = infra_lint_core::parse::terraform::parse(&src);
        assert!(diags.is_empty(), "{diags:?}");
        let doc = Document::Terraform(doc.unwrap());
        let from_doc = conftest_input_with(&src, FileKind::Terraform, Some(&doc));
        let reparsed = hcl(&src).unwrap();
        assert_eq!(from_doc.first().unwrap().to_json(), reparsed.to_json());
        let p = [k("resource"), k("aws_s3_bucket"), k("logs"), Seg::Index(0), k("tags"), k("Team")];
        assert_eq!(at(&src, from_doc.first().unwrap(), &p), at(&src, &reparsed, &p));
        let p = [k("resource"), k("aws_s3_bucket"), k("logs")];
        assert_eq!(at(&src, from_doc.first().unwrap(), &p), at(&src, &reparsed, &p));
    }

    #[test]
    fn hcl_unlabelled_blocks_and_broken_input() {
        let src = sf("x.tf", "terraform {\n  required_version = \">= 1.5\"\n}\nlocals { a = 1 }\n");
        let j = hcl(&src).unwrap().to_json();
        assert_eq!(j["terraform"][0]["required_version"], ">= 1.5");
        assert_eq!(j["locals"][0]["a"], 1);
        assert!(hcl(&sf("bad.tf", "resource \"x\" {\n")).is_none());
    }

    #[test]
    fn dockerfile_shape() {
        let text = "# syntax=docker/dockerfile:1\n# base image\nFROM --platform=linux/amd64 node:20 AS build\nRUN apt-get update \\\n  # comment inside\n  && apt-get install -y curl\nENV A=1 B=\"two words\"\nENV LEGACY some value\nCOPY --from=build /app /app\nCMD [\"node\", \"server.js\"]\nRUN <<EOF\necho hi\nEOF\nFROM alpine\nUSER app\nONBUILD RUN make\nHEALTHCHECK CMD curl -f http://localhost/\n";
        let src = sf("Dockerfile", text);
        let t = dockerfile(&src);
        let j = t.to_json();
        let cmds: Vec<&str> = j.as_array().unwrap().iter().map(|c| c["Cmd"].as_str().unwrap()).collect();
        assert_eq!(
            cmds,
            ["comment", "from", "run", "env", "env", "copy", "cmd", "run", "from", "user", "onbuild", "healthcheck"]
        );
        assert_eq!(j[0]["Value"][0], "base image");
        assert_eq!(j[1]["Flags"][0], "--platform=linux/amd64");
        assert_eq!(j[1]["Value"], serde_json::json!(["node:20", "AS", "build"]));
        assert_eq!(j[1]["Stage"], 0);
        assert!(j[2]["Value"][0].as_str().unwrap().contains("apt-get install -y curl"));
        assert_eq!(j[3]["Value"], serde_json::json!(["A", "1", "B", "\"two words\""]));
        assert_eq!(j[4]["Value"], serde_json::json!(["LEGACY", "some value"]));
        assert_eq!(j[5]["Flags"][0], "--from=build");
        assert_eq!(j[6]["JSON"], true);
        assert_eq!(j[6]["Value"], serde_json::json!(["node", "server.js"]));
        assert_eq!(j[8]["Stage"], 1);
        assert_eq!(j[10]["SubCmd"], "run");
        assert_eq!(j[10]["Value"][0], "make");
        assert_eq!(j[11]["Value"], serde_json::json!(["CMD", "curl -f http://localhost/"]));
        // Locations: the image value of the first FROM, the RUN instruction.
        assert_eq!(at(&src, &t, &[Seg::Index(1), k("Value"), Seg::Index(0)]), (3, 29, "node:20".into()));
        assert_eq!(at(&src, &t, &[Seg::Index(2)]).0, 4);
        assert_eq!(at(&src, &t, &[Seg::Index(9)]).0, 15);
    }

    #[test]
    fn dotenv_shape() {
        let src = sf(".env", "# c\nexport A=1\nB = \"x y\" \nC='q' # c\nD=plain # comment\nnot a line\n");
        let t = dotenv(&src);
        let j = t.to_json();
        assert_eq!(j, serde_json::json!({"A": "1", "B": "x y", "C": "q", "D": "plain"}));
        assert_eq!(at(&src, &t, &[k("B")]), (3, 5, "\"x y\"".into()));
        assert_eq!(at(&src, &t, &[k("D")]), (5, 3, "plain".into()));
    }

    #[test]
    fn toml_shape() {
        let src = sf("fly.toml", "app = \"web\"\n[http_service]\n  internal_port = 8080\n  min_machines_running = 0\n[[vm]]\n  memory = '1gb'\n");
        let t = toml_doc(&src).unwrap();
        let j = t.to_json();
        assert_eq!(j["http_service"]["min_machines_running"], 0);
        assert_eq!(j["vm"][0]["memory"], "1gb");
        assert_eq!(at(&src, &t, &[k("http_service"), k("min_machines_running")]), (4, 26, "0".into()));
    }

    fn spans_in_bounds(t: &STree, len: usize) -> bool {
        let ok = |s: Span| s.start as usize <= len && s.end as usize <= len && s.start <= s.end;
        ok(t.span)
            && t.key_span.is_none_or(ok)
            && match &t.v {
                SVal::Scalar(_) => true,
                SVal::Arr(a) => a.iter().all(|x| spans_in_bounds(x, len)),
                SVal::Obj(m) => m.iter().all(|(_, x)| spans_in_bounds(x, len)),
            }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        #[test]
        fn own_parsers_never_panic(text in "(FROM|RUN|ENV|COPY|LABEL|ONBUILD|HEALTHCHECK|#|<<EOF|EOF|\\\\|\\[|\\]|\"|'|=| |\n|--from=x|[a-zA-Z0-9:/._-]{1,8}){0,60}") {
            let src = sf("Dockerfile", &text);
            let d = dockerfile(&src);
            proptest::prop_assert!(spans_in_bounds(&d, text.len()));
            let e = dotenv(&sf(".env", &text));
            proptest::prop_assert!(spans_in_bounds(&e, text.len()));
            let _ = hcl(&sf("x.tf", &text));
            let _ = toml_doc(&sf("fly.toml", &text));
            let _ = d.trace(&text);
        }

        #[test]
        fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
            for kind in [FileKind::Dockerfile, FileKind::Env, FileKind::Terraform, FileKind::Fly, FileKind::Compose, FileKind::TerraformJson] {
                for t in conftest_input(&sf("f", &text), kind) {
                    proptest::prop_assert!(spans_in_bounds(&t, text.len()));
                    let _ = t.trace(&text);
                }
            }
        }
    }
}
