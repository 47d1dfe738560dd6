//! conftest's input shapes, built from the documents `infra-lint-core` parsed (no format has a
//! second parser here) with the span of every node kept, so a conftest policy's verdict can be
//! located.
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
use infra_lint_core::parse::Document;
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

/// As [`conftest_input`], built from the parsed document: every format is parsed once, by its
/// parser in `infra-lint-core` (given no document, this parses the file with that same parser).
/// A file that does not parse has no input (the loader reported it, and the scan fails closed).
#[must_use]
pub fn conftest_input_with(src: &SourceFile, kind: FileKind, doc: Option<&Document>) -> Vec<STree> {
    let parsed;
    let doc = match doc {
        Some(d) => d,
        None => {
            parsed = infra_lint_core::syntax::parse(src, kind).0;
            match &parsed {
                Some(d) => d,
                None => return Vec::new(),
            }
        }
    };
    // A YAML file: its documents, as parsed (conftest evaluates each one).
    let yaml = |root: Option<&infra_lint_core::parse::node::Node>, more: &[infra_lint_core::parse::node::Node]| {
        root.into_iter().chain(more).map(STree::from_node).collect::<Vec<_>>()
    };
    match doc {
        Document::Terraform(d) => match &d.json {
            Some(json) => vec![STree::from_node(json)],
            None => vec![tf_body(src, &d.body, whole(src), 0)],
        },
        Document::Compose(d) => yaml(d.root.as_ref(), &d.more_documents),
        Document::Workflow(d) => yaml(d.root.as_ref(), &d.more_documents),
        Document::Fly(d) => vec![STree::from_node(&d.root)],
        Document::SupabaseConfig(d) => vec![STree::from_node(&d.root)],
        Document::Dependabot(d) => vec![STree::from_node(&d.root)],
        Document::PreCommit(d) => vec![STree::from_node(&d.root)],
        Document::Dockerfile(d) => vec![dockerfile_doc(src, d)],
        Document::Env(d) => vec![dotenv_doc(src, d)],
        Document::Railway(d) => vec![STree::from_node(&d.root)],
        Document::Vercel(d) => vec![STree::from_node(&d.root)],
        Document::Wrangler(d) => vec![STree::from_node(&d.root)],
        Document::Nginx(d) => vec![nginx(src, d)],
        // conftest has no SQL parser.
        Document::Sql(_) => Vec::new(),
        #[allow(unreachable_patterns)]
        _ => Vec::new(),
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

// ---------------------------------------------------------------- nginx

/// nginx in crossplane's shape: an array of `{directive, args, line, block}` objects.
fn nginx(src: &SourceFile, conf: &infra_lint_core::syntax::nginx::NginxConf) -> STree {
    use infra_lint_core::syntax::nginx::Directive;
    fn list(src: &SourceFile, span: Span, ds: &[Directive], depth: usize) -> STree {
        if depth > MAX_DEPTH {
            return STree::arr(span, Vec::new());
        }
        STree::arr(
            span,
            ds.iter()
                .map(|d| {
                    let mut members = vec![
                        ("directive".to_owned(), STree::scalar(d.name.span, J::from(d.name.text.clone()))),
                        (
                            "args".to_owned(),
                            STree::arr(
                                d.span,
                                d.args.iter().map(|a| STree::scalar(a.span, J::from(a.text.clone()))).collect(),
                            ),
                        ),
                        ("line".to_owned(), STree::scalar(d.span, J::from(src.start(d.span).line))),
                    ];
                    if let Some(b) = &d.block {
                        members.push(("block".to_owned(), list(src, d.full_span, b, depth + 1)));
                    }
                    STree::obj(d.span, members)
                })
                .collect(),
        )
    }
    list(src, whole(src), &conf.directives, 0)
}

fn whole(src: &SourceFile) -> Span {
    src.span(0, src.text.len())
}

// ---------------------------------------------------------------- Dockerfile

/// buildkit's node values, from the parsed Dockerfile: one command per instruction (keyword, flags
/// and arguments as written, continuations joined) and one `comment` command per comment line
/// that precedes an instruction (comment lines inside continuations and heredoc bodies, and the
/// parser directives at the top, are not commands — as in buildkit).
fn dockerfile_doc(src: &SourceFile, d: &infra_lint_core::parse::dockerfile::Dockerfile) -> STree {
    let text: &str = &src.text;
    let inside = |at: usize| {
        d.instructions.iter().any(|i| (i.span.start as usize) <= at && at < i.span.end as usize)
            || d.directives.iter().any(|x| (x.span.start as usize) <= at && at < x.span.end as usize)
    };
    // Whole-line comments outside instructions and directives: (text after `#`, line span).
    let mut comments: Vec<(String, usize, usize)> =
        infra_lint_core::syntax::comments::comments(FileKind::Dockerfile, &src.path.to_string_lossy(), text)
            .into_iter()
            .filter_map(|c| {
                let line_start = text[..c.start].rfind('\n').map_or(0, |p| p + 1);
                let alone = text[line_start..c.start].trim().is_empty();
                (alone && !inside(c.start)).then(|| (text[c.start + 1..c.end].trim().to_owned(), line_start, c.end))
            })
            .collect();
    comments.reverse();
    let mut commands = Vec::new();
    for ins in &d.instructions {
        let stage = ins.stage.unwrap_or(0);
        while comments.last().is_some_and(|c| c.1 < ins.span.start as usize) {
            if let Some((c, s, e)) = comments.pop() {
                let span = src.span(s, e);
                commands.push(command(span, "comment", "", false, Vec::new(), vec![(c, span)], stage));
            }
        }
        let mut line = src.slice(ins.keyword_span).to_owned();
        for f in &ins.flags {
            line.push(' ');
            line.push_str(src.slice(f.span));
        }
        line.push(' ');
        line.push_str(&ins.args_text);
        let end = ins.span.end as usize;
        let end = if text[..end].ends_with('\n') { end - 1 } else { end };
        let end = if text[..end].ends_with('\r') { end - 1 } else { end };
        let logical = Logical { text: line, start: ins.span.start as usize, end };
        commands.push(instruction(src, &logical, stage));
    }
    STree::arr(whole(src), commands)
}

/// One logical Dockerfile line: its text (continuations joined) and source range.
struct Logical {
    text: String,
    start: usize,
    end: usize,
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
        let t = conftest_input(&src, FileKind::Terraform).pop().unwrap();
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
    fn hcl_unlabelled_blocks_and_broken_input() {
        let src = sf("x.tf", "terraform {\n  required_version = \">= 1.5\"\n}\nlocals { a = 1 }\n");
        let j = conftest_input(&src, FileKind::Terraform).pop().unwrap().to_json();
        assert_eq!(j["terraform"][0]["required_version"], ">= 1.5");
        assert_eq!(j["locals"][0]["a"], 1);
        assert!(conftest_input(&sf("bad.tf", "resource \"x\" {\n"), FileKind::Terraform).is_empty());
    }

    #[test]
    fn dockerfile_shape() {
        let text = "# syntax=docker/dockerfile:1\n# base image\nFROM --platform=linux/amd64 node:20 AS build\nRUN apt-get update \\\n  # comment inside\n  && apt-get install -y curl\nENV A=1 B=\"two words\"\nENV LEGACY some value\nCOPY --from=build /app /app\nCMD [\"node\", \"server.js\"]\nRUN <<EOF\necho hi\nEOF\nFROM alpine\nUSER app\nONBUILD RUN make\nHEALTHCHECK CMD curl -f http://localhost/\n";
        let src = sf("Dockerfile", text);
        let t = conftest_input(&src, FileKind::Dockerfile).pop().unwrap();
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
    fn several_yaml_documents_are_each_an_input() {
        let src = sf("docker-compose.yml", "services:\n  a:\n    image: x\n---\nservices:\n  b:\n    image: y\n");
        let docs = conftest_input(&src, FileKind::Compose);
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[1].to_json()["services"]["b"]["image"], "y");
        assert_eq!(at(&src, &docs[1], &[k("services"), k("b"), k("image")]), (7, 12, "y".into()));
        let one = conftest_input(&sf("docker-compose.yml", "---\nservices: {}\n"), FileKind::Compose);
        assert_eq!(one.len(), 1);
    }

    #[test]
    fn dotenv_shape() {
        let src = sf(".env", "# c\nexport A=1\nB = \"x y\" \nC='q' # c\nD=plain # comment\nnot a line\n");
        let t = conftest_input(&src, FileKind::Env).pop().unwrap();
        let j = t.to_json();
        assert_eq!(j, serde_json::json!({"A": "1", "B": "x y", "C": "q", "D": "plain"}));
        assert_eq!(at(&src, &t, &[k("B")]), (3, 6, "x y".into()));
        assert_eq!(at(&src, &t, &[k("D")]), (5, 3, "plain".into()));
    }

    #[test]
    fn toml_shape() {
        let src = sf("fly.toml", "app = \"web\"\n[http_service]\n  internal_port = 8080\n  min_machines_running = 0\n[[vm]]\n  memory = '1gb'\n");
        let t = conftest_input(&src, FileKind::Fly).pop().unwrap();
        let j = t.to_json();
        assert_eq!(j["http_service"]["min_machines_running"], 0);
        assert_eq!(j["vm"][0]["memory"], "1gb");
        assert_eq!(at(&src, &t, &[k("http_service"), k("min_machines_running")]), (4, 26, "0".into()));
    }

    #[test]
    fn platform_and_nginx_shapes() {
        // wrangler.jsonc: comments and trailing commas, spans kept.
        let src = sf("wrangler.jsonc", "// w\n{\n  \"name\": \"api\",\n  \"vars\": { \"A\": \"b\", },\n}\n");
        let t = conftest_input(&src, FileKind::Wrangler).pop().unwrap();
        assert_eq!(t.to_json()["vars"]["A"], "b");
        assert_eq!(at(&src, &t, &[k("vars"), k("A")]), (4, 18, "\"b\"".into()));
        // railway.toml through the TOML tree.
        let src = sf("railway.toml", "[deploy]\nhealthcheckPath = \"/h\"\n");
        let t = conftest_input(&src, FileKind::Railway).pop().unwrap();
        assert_eq!(t.to_json()["deploy"]["healthcheckPath"], "/h");
        // nginx in crossplane's shape.
        let src = sf("nginx.conf", "http {\n  server {\n    listen 443 ssl;\n  }\n}\n");
        let t = conftest_input(&src, FileKind::Nginx).pop().unwrap();
        let j = t.to_json();
        assert_eq!(j[0]["directive"], "http");
        let listen = &j[0]["block"][0]["block"][0];
        assert_eq!(listen["directive"], "listen");
        assert_eq!(listen["args"], serde_json::json!(["443", "ssl"]));
        assert_eq!(listen["line"], 3);
        let path = [Seg::Index(0), k("block"), Seg::Index(0), k("block"), Seg::Index(0), k("args"), Seg::Index(1)];
        assert_eq!(at(&src, &t, &path), (3, 16, "ssl".into()));
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
        fn shapes_never_panic(text in "(FROM|RUN|ENV|COPY|LABEL|ONBUILD|HEALTHCHECK|#|<<EOF|EOF|\\\\|\\[|\\]|\"|'|=| |\n|--from=x|[a-zA-Z0-9:/._-]{1,8}){0,60}") {
            let src = sf("Dockerfile", &text);
            let d = conftest_input(&src, FileKind::Dockerfile).pop().unwrap();
            proptest::prop_assert!(spans_in_bounds(&d, text.len()));
            let e = conftest_input(&sf(".env", &text), FileKind::Env).pop().unwrap();
            proptest::prop_assert!(spans_in_bounds(&e, text.len()));
            let _ = conftest_input(&sf("x.tf", &text), FileKind::Terraform);
            let _ = conftest_input(&sf("fly.toml", &text), FileKind::Fly);
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
