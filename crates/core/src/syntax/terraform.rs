//! Terraform (`.tf`, `.tf.json`, `.tfvars`, `.tfvars.json`) parsed into one spanned document.
//!
//! `.tf` and `.tfvars` are parsed with `hcl-edit` (byte spans on every block, label, attribute
//! and expression) and converted into our own small expression tree ([`Expr`]) that the
//! evaluator in the model layer walks. `.tf.json` and `.tfvars.json` are read with a small
//! spanned JSON reader ([`crate::syntax::json`]) and mapped onto the same structures (strings
//! holding `${…}` are parsed as templates), so evaluation does not care which syntax a file used.
//!
//! The document serialises compactly for Rego: blocks with type, labels and spans; attributes
//! with key, key span, expression source text, span and the literal value where the expression
//! is a literal. The expression tree itself is not serialised.

use hcl_edit::expr::{Expression, ObjectKey, TraversalOperator};
use hcl_edit::structure::{BlockLabel, Body as HclBody};
use hcl_edit::template::{Directive, Element, Template};
use hcl_edit::Span as _;
use serde::Serialize;

use crate::base::env::{EnvEvidence, Environment};
use crate::base::finding::Diagnostic;
use crate::base::source::{FileId, SourceFile, Span};
use crate::syntax::node::{Node, Value as NodeValue};

/// Which Terraform syntax a document came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum TfSyntax {
    /// `.tf` (native HCL).
    #[default]
    Hcl,
    /// `.tf.json`.
    Json,
    /// `.tfvars` / `.auto.tfvars` (HCL attributes only).
    Tfvars,
    /// `.tfvars.json`.
    TfvarsJson,
}

impl TfSyntax {
    /// Whether this is a variable-definitions file (`*.tfvars`, `*.tfvars.json`).
    #[must_use]
    pub fn is_tfvars(self) -> bool {
        matches!(self, TfSyntax::Tfvars | TfSyntax::TfvarsJson)
    }

    /// The syntax implied by a file name (example suffixes such as `.example` are ignored).
    #[must_use]
    pub fn from_path(path: &str) -> TfSyntax {
        let mut name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
        for suf in [".example", ".sample", ".template", ".dist", ".tpl", ".tmpl"] {
            if let Some(s) = name.strip_suffix(suf) {
                name = s.to_owned();
            }
        }
        if name.ends_with(".tfvars.json") {
            TfSyntax::TfvarsJson
        } else if name.ends_with(".tfvars") {
            TfSyntax::Tfvars
        } else if name.ends_with(".json") {
            TfSyntax::Json
        } else {
            TfSyntax::Hcl
        }
    }
}

/// A parsed Terraform file.
#[derive(Debug, Default, Serialize)]
pub struct TfDocument {
    /// Which syntax the file used.
    pub syntax: TfSyntax,
    /// The top-level body (attributes: tfvars entries; blocks: `resource`, `variable` …).
    pub body: Body,
    /// The JSON tree as written, for `.tf.json` / `.tfvars.json` (policies that read the file's
    /// own shape use it, so it is never parsed twice).
    #[serde(skip)]
    pub json: Option<crate::syntax::node::Node>,
}

/// A body: attributes and nested blocks in source order.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Body {
    /// Attributes (`key = expr`).
    pub attributes: Vec<Attribute>,
    /// Blocks (`type "label" { … }`).
    pub blocks: Vec<Block>,
}

impl Body {
    /// The attribute named `key`.
    #[must_use]
    pub fn attr(&self, key: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.key == key)
    }

    /// Blocks of one type.
    pub fn blocks_of<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a Block> + 'a {
        self.blocks.iter().filter(move |b| b.kind == kind)
    }
}

/// A block label and its span (quotes included for string labels).
#[derive(Debug, Clone, Serialize)]
pub struct Label {
    /// The label text (unquoted).
    pub value: String,
    /// Its span.
    pub span: Span,
}

/// A block: `resource "aws_db_instance" "main" { … }`.
#[derive(Debug, Clone, Serialize)]
pub struct Block {
    /// Block type (`resource`, `ingress`, …).
    #[serde(rename = "type")]
    pub kind: String,
    /// Span of the block type identifier.
    pub kind_span: Span,
    /// Labels.
    pub labels: Vec<Label>,
    /// The whole block.
    pub span: Span,
    /// The header: block type through the last label.
    pub header: Span,
    /// Contents.
    pub body: Body,
}

impl Block {
    /// The `i`-th label's text.
    #[must_use]
    pub fn label(&self, i: usize) -> Option<&str> {
        self.labels.get(i).map(|l| l.value.as_str())
    }
}

/// An attribute: `key = expression`.
#[derive(Debug, Clone, Serialize)]
pub struct Attribute {
    /// The key.
    pub key: String,
    /// Span of the key.
    pub key_span: Span,
    /// Span of the whole attribute (key through value).
    pub span: Span,
    /// Span of the value expression.
    pub value_span: Span,
    /// The expression's source text.
    pub text: String,
    /// The value when the expression is a literal (no references, functions or templates).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub literal: Option<serde_json::Value>,
    /// The expression tree (not serialised).
    #[serde(skip)]
    pub expr: Expr,
}

/// An expression with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    /// Source span.
    pub span: Span,
    /// What it is.
    pub kind: ExprKind,
}

impl Default for Expr {
    fn default() -> Self {
        Expr { span: Span::default(), kind: ExprKind::Null }
    }
}

/// Unary operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnOp {
    /// `-x`
    Neg,
    /// `!x`
    Not,
}

/// Binary operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    /// `==`
    Eq,
    /// `!=`
    NotEq,
    /// `<=`
    LessEq,
    /// `>=`
    GreaterEq,
    /// `<`
    Less,
    /// `>`
    Greater,
    /// `+`
    Plus,
    /// `-`
    Minus,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Mod,
    /// `&&`
    And,
    /// `||`
    Or,
}

/// A traversal step.
#[derive(Debug, Clone, PartialEq)]
pub enum TravOp {
    /// `.name`
    Attr(String, Span),
    /// `[expr]` (also legacy `.0`)
    Index(Expr),
    /// `.*`
    AttrSplat,
    /// `[*]`
    FullSplat,
}

/// An object key.
#[derive(Debug, Clone, PartialEq)]
pub enum ObjKey {
    /// A bare identifier key (`name = …`).
    Ident(String, Span),
    /// An expression key (`"name" = …`, `(var.k) = …`).
    Expr(Expr),
}

/// A part of a string template.
#[derive(Debug, Clone, PartialEq)]
pub enum TplPart {
    /// Literal text.
    Lit(String),
    /// `${expr}`
    Interp(Expr),
    /// `%{if cond}…%{else}…%{endif}`
    If(Expr, Vec<TplPart>, Vec<TplPart>),
    /// `%{for k, v in coll}…%{endfor}`
    For(Option<String>, String, Expr, Vec<TplPart>),
}

/// The expression kinds of Terraform's expression language.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number.
    Number(f64),
    /// A plain string (no interpolation).
    Str(String),
    /// A string or heredoc with interpolations/directives.
    Template(Vec<TplPart>),
    /// `[a, b]`
    Array(Vec<Expr>),
    /// `{ k = v }`
    Object(Vec<(ObjKey, Expr)>),
    /// A bare variable (`var`, `local`, `each`, a `for` variable …).
    Var(String),
    /// `expr.attr[idx].*`
    Traversal(Box<Expr>, Vec<TravOp>),
    /// `name(args...)`; the flag is a trailing `...` expansion of the last argument.
    Call(String, Vec<Expr>, bool),
    /// `c ? a : b`
    Cond(Box<Expr>, Box<Expr>, Box<Expr>),
    /// `-x`, `!x`
    Unary(UnOp, Box<Expr>),
    /// `a op b`
    Binary(BinOp, Box<Expr>, Box<Expr>),
    /// `[for k, v in coll : val if cond]` / `{for k, v in coll : key => val... if cond}`
    For(Box<ForExpr>),
}

/// A `for` expression.
#[derive(Debug, Clone, PartialEq)]
pub struct ForExpr {
    /// Key (or index) variable.
    pub key_var: Option<String>,
    /// Value variable.
    pub val_var: String,
    /// The collection.
    pub coll: Expr,
    /// Key expression (object `for` only).
    pub key: Option<Expr>,
    /// Value expression.
    pub val: Expr,
    /// `if` condition.
    pub cond: Option<Expr>,
    /// `...` grouping.
    pub grouping: bool,
}

impl Expr {
    /// The literal value as JSON when the expression contains no references, calls or templates.
    #[must_use]
    pub fn literal(&self) -> Option<serde_json::Value> {
        use serde_json::Value as J;
        Some(match &self.kind {
            ExprKind::Null => J::Null,
            ExprKind::Bool(b) => J::Bool(*b),
            ExprKind::Number(n) => number_json(*n),
            ExprKind::Str(s) => J::String(s.clone()),
            ExprKind::Template(parts) => {
                let mut s = String::new();
                for p in parts {
                    match p {
                        TplPart::Lit(l) => s.push_str(l),
                        _ => return None,
                    }
                }
                J::String(s)
            }
            ExprKind::Array(items) => J::Array(items.iter().map(Expr::literal).collect::<Option<Vec<_>>>()?),
            ExprKind::Object(entries) => {
                let mut m = serde_json::Map::new();
                for (k, v) in entries {
                    let key = match k {
                        ObjKey::Ident(s, _) => s.clone(),
                        ObjKey::Expr(e) => match e.literal()? {
                            J::String(s) => s,
                            other => other.to_string(),
                        },
                    };
                    m.insert(key, v.literal()?);
                }
                J::Object(m)
            }
            ExprKind::Unary(UnOp::Neg, inner) => match &inner.kind {
                ExprKind::Number(n) => number_json(-n),
                _ => return None,
            },
            _ => return None,
        })
    }

    /// The string value of a plain string literal.
    #[must_use]
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            ExprKind::Str(s) => Some(s),
            ExprKind::Template(parts) => match parts.as_slice() {
                [TplPart::Lit(s)] => Some(s),
                _ => None,
            },
            _ => None,
        }
    }

    /// The traversal as a dotted path of plain attribute names (`var.x`, `aws_lb.main.arn`), if it is one.
    #[must_use]
    pub fn dotted(&self) -> Option<String> {
        match &self.kind {
            ExprKind::Var(v) => Some(v.clone()),
            ExprKind::Traversal(base, ops) => {
                let mut s = base.dotted()?;
                for op in ops {
                    match op {
                        TravOp::Attr(a, _) => {
                            s.push('.');
                            s.push_str(a);
                        }
                        _ => return None,
                    }
                }
                Some(s)
            }
            _ => None,
        }
    }
}

/// A number as JSON (integers without a fraction).
#[must_use]
pub fn number_json(n: f64) -> serde_json::Value {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        #[allow(clippy::cast_possible_truncation)]
        serde_json::Value::from(n as i64)
    } else {
        serde_json::Number::from_f64(n).map_or(serde_json::Value::Null, serde_json::Value::Number)
    }
}

/// Parse a file. Never panics; problems become diagnostics naming the file.
#[must_use]
pub fn parse(src: &SourceFile) -> (Option<TfDocument>, Vec<Diagnostic>) {
    let syntax = TfSyntax::from_path(&src.path_str());
    match syntax {
        TfSyntax::Hcl | TfSyntax::Tfvars => parse_hcl(src, syntax),
        TfSyntax::Json | TfSyntax::TfvarsJson => parse_json(src, syntax),
    }
}

/// hcl-edit is stricter than Terraform in two places real code relies on: a conditional whose
/// `?`/`:` starts a new line inside an object `for` expression, and duplicate keys in an object
/// constructor (Terraform keeps the last). On a parse error we retry on a same-length copy with
/// those repaired, so every byte offset (and so every span) stays exact.
fn parse_tolerant(text: &str) -> Result<HclBody, hcl_edit::parser::Error> {
    let first = match hcl_edit::parser::parse_body(text) {
        Ok(b) => return Ok(b),
        Err(e) => e,
    };
    let mut fixed = text.as_bytes().to_vec();
    let mut joined = false;
    let mut err = first.clone();
    for _ in 0..16 {
        let off = err.location().offset();
        if err.message().contains("redefined object key") {
            // Rename the duplicate key in place (same length): `project_ids` → `_roject_ids`.
            let Some(b) = fixed.get_mut(off) else { break };
            *b = if *b == b'_' { b'Z' } else { b'_' };
        } else if !joined {
            joined = true;
            join_ternary_lines(&mut fixed);
        } else {
            break;
        }
        let Ok(t) = std::str::from_utf8(&fixed) else { break };
        match hcl_edit::parser::parse_body(t) {
            Ok(b) => return Ok(b),
            Err(e) => err = e,
        }
    }
    Err(first)
}

/// Replace the newline before a line starting with `?` or `:` by a space (same length).
fn join_ternary_lines(bytes: &mut [u8]) {
    let mut i = 0;
    while i < bytes.len() {
        if bytes.get(i) == Some(&b'\n') {
            let mut j = i + 1;
            while matches!(bytes.get(j), Some(b' ' | b'\t' | b'\r')) {
                j += 1;
            }
            if matches!(bytes.get(j), Some(b'?' | b':')) {
                if let Some(b) = bytes.get_mut(i) {
                    *b = b' ';
                }
                if i > 0 && bytes.get(i - 1) == Some(&b'\r') {
                    if let Some(b) = bytes.get_mut(i - 1) {
                        *b = b' ';
                    }
                }
            }
        }
        i += 1;
    }
}

fn parse_hcl(src: &SourceFile, syntax: TfSyntax) -> (Option<TfDocument>, Vec<Diagnostic>) {
    let text: &str = &src.text;
    match parse_tolerant(text) {
        Ok(body) => {
            let conv = Conv { file: src.id, base: 0, fixed: None, text };
            let body = conv.body(&body, 0);
            (Some(TfDocument { syntax, body, json: None }), Vec::new())
        }
        Err(e) => {
            let off = e.location().offset();
            let lc = src.lines.line_col(text, off);
            let d = Diagnostic::error("parse-error", src.path.clone(), format!("HCL syntax error: {}", e.message()))
                .at(lc.line, lc.col);
            (None, vec![d])
        }
    }
}

/// Maximum nesting depth converted; deeper expressions become `null` (hcl-edit itself bounds recursion).
const MAX_DEPTH: usize = 200;

/// Converts hcl-edit structures into ours, turning byte ranges into [`Span`]s.
struct Conv<'a> {
    file: FileId,
    /// Offset added to every hcl-edit range (for templates parsed out of JSON strings).
    base: usize,
    /// When set, every span is this one (JSON strings with escapes cannot be mapped exactly).
    fixed: Option<Span>,
    text: &'a str,
}

impl Conv<'_> {
    fn sp(&self, r: Option<std::ops::Range<usize>>, fallback: Span) -> Span {
        if let Some(f) = self.fixed {
            return f;
        }
        match r {
            Some(r) => Span::new(self.file, r.start + self.base, r.end + self.base),
            None => fallback,
        }
    }

    fn body(&self, body: &HclBody, depth: usize) -> Body {
        let mut out = Body::default();
        if depth > MAX_DEPTH {
            return out;
        }
        let whole = Span::new(self.file, self.base, self.base);
        for attr in body.attributes() {
            let key_span = self.sp(attr.key.span(), whole);
            let expr = self.expr(&attr.value, key_span, depth + 1);
            let span = self.sp(attr.span(), key_span.cover(expr.span));
            out.attributes.push(self.attribute(attr.key.value().to_string(), key_span, span, expr));
        }
        for block in body.blocks() {
            let kind_span = self.sp(block.ident.span(), whole);
            let labels: Vec<Label> = block
                .labels
                .iter()
                .map(|l| {
                    let (value, r) = match l {
                        BlockLabel::Ident(i) => (i.value().to_string(), i.span()),
                        BlockLabel::String(s) => (s.value().clone(), s.span()),
                    };
                    Label { value, span: self.sp(r, kind_span) }
                })
                .collect();
            let header = labels.last().map_or(kind_span, |l| kind_span.cover(l.span));
            let span = self.sp(block.span(), header);
            let body = self.body(&block.body, depth + 1);
            out.blocks.push(Block { kind: block.ident.value().to_string(), kind_span, labels, span, header, body });
        }
        out
    }

    fn attribute(&self, key: String, key_span: Span, span: Span, expr: Expr) -> Attribute {
        let text = self.text.get(expr.span.range()).unwrap_or("").to_owned();
        Attribute { key, key_span, span, value_span: expr.span, text, literal: expr.literal(), expr }
    }

    fn expr(&self, e: &Expression, fallback: Span, depth: usize) -> Expr {
        let span = self.sp(e.span(), fallback);
        if depth > MAX_DEPTH {
            return Expr { span, kind: ExprKind::Null };
        }
        let d = depth + 1;
        let kind = match e {
            Expression::Null(_) => ExprKind::Null,
            Expression::Bool(b) => ExprKind::Bool(*b.value()),
            Expression::Number(n) => ExprKind::Number(n.value().as_f64().unwrap_or(0.0)),
            Expression::String(s) => ExprKind::Str(s.value().clone()),
            Expression::Array(a) => ExprKind::Array(a.iter().map(|x| self.expr(x, span, d)).collect()),
            Expression::Object(o) => ExprKind::Object(
                o.iter()
                    .map(|(k, v)| {
                        let key = match k {
                            ObjectKey::Ident(i) => ObjKey::Ident(i.value().to_string(), self.sp(i.span(), span)),
                            ObjectKey::Expression(x) => ObjKey::Expr(self.expr(x, span, d)),
                        };
                        (key, self.expr(v.expr(), span, d))
                    })
                    .collect(),
            ),
            Expression::StringTemplate(t) => {
                let parts = self.template(t.iter(), span, d, None);
                simplify_template(parts)
            }
            Expression::HeredocTemplate(h) => {
                let parts = self.template(h.template.iter(), span, d, h.indent());
                simplify_template(parts)
            }
            Expression::Parenthesis(p) => return self.expr(p.inner(), span, d),
            Expression::Variable(v) => ExprKind::Var(v.value().to_string()),
            Expression::Conditional(c) => ExprKind::Cond(
                Box::new(self.expr(&c.cond_expr, span, d)),
                Box::new(self.expr(&c.true_expr, span, d)),
                Box::new(self.expr(&c.false_expr, span, d)),
            ),
            Expression::FuncCall(f) => {
                let mut name = String::new();
                for ns in &f.name.namespace {
                    name.push_str(ns.value().as_str());
                    name.push_str("::");
                }
                name.push_str(f.name.name.value().as_str());
                ExprKind::Call(name, f.args.iter().map(|a| self.expr(a, span, d)).collect(), f.args.expand_final())
            }
            Expression::Traversal(t) => {
                let base = self.expr(&t.expr, span, d);
                let ops = t
                    .operators
                    .iter()
                    .map(|op| match op.value() {
                        TraversalOperator::AttrSplat(_) => TravOp::AttrSplat,
                        TraversalOperator::FullSplat(_) => TravOp::FullSplat,
                        TraversalOperator::GetAttr(i) => TravOp::Attr(i.value().to_string(), self.sp(op.span(), span)),
                        TraversalOperator::Index(x) => TravOp::Index(self.expr(x, span, d)),
                        TraversalOperator::LegacyIndex(i) => {
                            #[allow(clippy::cast_precision_loss)]
                            let n = *i.value() as f64;
                            TravOp::Index(Expr { span: self.sp(op.span(), span), kind: ExprKind::Number(n) })
                        }
                    })
                    .collect();
                ExprKind::Traversal(Box::new(base), ops)
            }
            Expression::UnaryOp(u) => {
                let op = match u.operator.value() {
                    hcl_edit::expr::UnaryOperator::Neg => UnOp::Neg,
                    hcl_edit::expr::UnaryOperator::Not => UnOp::Not,
                };
                ExprKind::Unary(op, Box::new(self.expr(&u.expr, span, d)))
            }
            Expression::BinaryOp(b) => {
                use hcl_edit::expr::BinaryOperator as B;
                let op = match b.operator.value() {
                    B::Eq => BinOp::Eq,
                    B::NotEq => BinOp::NotEq,
                    B::LessEq => BinOp::LessEq,
                    B::GreaterEq => BinOp::GreaterEq,
                    B::Less => BinOp::Less,
                    B::Greater => BinOp::Greater,
                    B::Plus => BinOp::Plus,
                    B::Minus => BinOp::Minus,
                    B::Mul => BinOp::Mul,
                    B::Div => BinOp::Div,
                    B::Mod => BinOp::Mod,
                    B::And => BinOp::And,
                    B::Or => BinOp::Or,
                };
                ExprKind::Binary(
                    op,
                    Box::new(self.expr(&b.lhs_expr, span, d)),
                    Box::new(self.expr(&b.rhs_expr, span, d)),
                )
            }
            Expression::ForExpr(f) => ExprKind::For(Box::new(ForExpr {
                key_var: f.intro.key_var.as_ref().map(|k| k.value().to_string()),
                val_var: f.intro.value_var.value().to_string(),
                coll: self.expr(&f.intro.collection_expr, span, d),
                key: f.key_expr.as_ref().map(|k| self.expr(k, span, d)),
                val: self.expr(&f.value_expr, span, d),
                cond: f.cond.as_ref().map(|c| self.expr(&c.expr, span, d)),
                grouping: f.grouping,
            })),
        };
        Expr { span, kind }
    }

    fn template<'t>(
        &self,
        elems: impl Iterator<Item = &'t Element>,
        span: Span,
        depth: usize,
        indent: Option<usize>,
    ) -> Vec<TplPart> {
        let mut parts = Vec::new();
        if depth > MAX_DEPTH {
            return parts;
        }
        for el in elems {
            match el {
                Element::Literal(l) => {
                    let s = l.value();
                    parts.push(TplPart::Lit(match indent {
                        Some(n) if n > 0 => dedent(s, n),
                        _ => s.clone(),
                    }));
                }
                Element::Interpolation(i) => parts.push(TplPart::Interp(self.expr(&i.expr, span, depth + 1))),
                Element::Directive(dir) => match dir.as_ref() {
                    Directive::If(d) => {
                        let then = self.template(d.if_expr.template.iter(), span, depth + 1, indent);
                        let els = d
                            .else_expr
                            .as_ref()
                            .map(|e| self.template(e.template.iter(), span, depth + 1, indent))
                            .unwrap_or_default();
                        parts.push(TplPart::If(self.expr(&d.if_expr.cond_expr, span, depth + 1), then, els));
                    }
                    Directive::For(d) => {
                        let f = &d.for_expr;
                        parts.push(TplPart::For(
                            f.key_var.as_ref().map(|k| k.value().to_string()),
                            f.value_var.value().to_string(),
                            self.expr(&f.collection_expr, span, depth + 1),
                            self.template(f.template.iter(), span, depth + 1, indent),
                        ));
                    }
                },
            }
        }
        parts
    }
}

/// Remove up to `n` leading spaces from every line of a `<<-` heredoc literal.
fn dedent(s: &str, n: usize) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, line) in s.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let strip = line.chars().take(n).take_while(|c| *c == ' ' || *c == '\t').count();
        out.push_str(line.get(strip..).unwrap_or(line));
    }
    out
}

fn simplify_template(parts: Vec<TplPart>) -> ExprKind {
    if parts.iter().all(|p| matches!(p, TplPart::Lit(_))) {
        let mut s = String::new();
        for p in parts {
            if let TplPart::Lit(l) = p {
                s.push_str(&l);
            }
        }
        ExprKind::Str(s)
    } else {
        ExprKind::Template(parts)
    }
}

/// Parse a template string (the contents of a JSON string) into an expression; `None` if it
/// holds no interpolation or does not parse.
fn json_template(file: FileId, text: &str, s: &str, span: Span) -> Option<Expr> {
    if !s.contains("${") && !s.contains("%{") {
        return None;
    }
    let tpl: Template = hcl_edit::parser::parse_template(s).ok()?;
    let conv = Conv { file, base: 0, fixed: Some(span), text };
    let parts = conv.template(tpl.iter(), span, 0, None);
    Some(Expr { span, kind: simplify_template(parts) })
}

/// A JSON node as an expression (strings with `${…}` become templates).
fn node_expr(file: FileId, text: &str, n: &Node, depth: usize) -> Expr {
    let span = n.span;
    if depth > MAX_DEPTH {
        return Expr { span, kind: ExprKind::Null };
    }
    let kind = match &n.value {
        NodeValue::Null => ExprKind::Null,
        NodeValue::Bool(b) => ExprKind::Bool(*b),
        #[allow(clippy::cast_precision_loss)]
        NodeValue::Int(i) => ExprKind::Number(*i as f64),
        NodeValue::Float(f) => ExprKind::Number(*f),
        NodeValue::Str(s) => {
            if let Some(e) = json_template(file, text, s, span) {
                return e;
            }
            ExprKind::Str(s.clone())
        }
        NodeValue::Seq(items) => ExprKind::Array(items.iter().map(|i| node_expr(file, text, i, depth + 1)).collect()),
        NodeValue::Map(entries) => ExprKind::Object(
            entries
                .iter()
                .map(|(k, v)| {
                    (ObjKey::Ident(k.scalar_text().unwrap_or_default(), k.span), node_expr(file, text, v, depth + 1))
                })
                .collect(),
        ),
    };
    Expr { span, kind }
}

fn parse_json(src: &SourceFile, syntax: TfSyntax) -> (Option<TfDocument>, Vec<Diagnostic>) {
    let text: &str = &src.text;
    let root = match crate::syntax::json::parse(src.id, text) {
        Ok(n) => n,
        Err((off, msg)) => {
            let lc = src.lines.line_col(text, off);
            let d = Diagnostic::error("parse-error", src.path.clone(), format!("JSON syntax error: {msg}"))
                .at(lc.line, lc.col);
            return (None, vec![d]);
        }
    };
    let Some(entries) = root.as_map() else {
        let lc = src.lines.line_col(text, root.span.start as usize);
        let d = Diagnostic::error("parse-error", src.path.clone(), "Terraform JSON must be an object at the top level")
            .at(lc.line, lc.col);
        return (None, vec![d]);
    };
    let mut body = Body::default();
    if syntax == TfSyntax::TfvarsJson {
        for (k, v) in entries {
            body.attributes.push(json_attr(src, k, v));
        }
    } else {
        for (k, v) in entries {
            let kind = k.scalar_text().unwrap_or_default();
            let nlabels = match kind.as_str() {
                "resource" | "data" => 2,
                "variable" | "output" | "module" | "provider" => 1,
                _ => 0,
            };
            json_blocks(src, &kind, k.span, Vec::new(), nlabels, v, &mut body.blocks, 0);
        }
    }
    (Some(TfDocument { syntax, body, json: Some(root) }), Vec::new())
}

fn json_attr(src: &SourceFile, k: &Node, v: &Node) -> Attribute {
    let expr = node_expr(src.id, &src.text, v, 0);
    let text = src.slice(v.span).to_owned();
    Attribute {
        key: k.scalar_text().unwrap_or_default(),
        key_span: k.span,
        span: k.span.cover(v.span),
        value_span: v.span,
        text,
        literal: expr.literal(),
        expr,
    }
}

/// Nested blocks in `.tf.json` whose contents are blocks, not attributes (the rest of the JSON
/// object values are treated as attributes, which the evaluator reads like blocks when asked).
const JSON_NESTED_BLOCKS: [&str; 6] = ["lifecycle", "provisioner", "connection", "dynamic", "content", "backend"];

#[allow(clippy::too_many_arguments)]
fn json_blocks(
    src: &SourceFile,
    kind: &str,
    kind_span: Span,
    labels: Vec<Label>,
    remaining: usize,
    v: &Node,
    out: &mut Vec<Block>,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    if remaining > 0 {
        let Some(entries) = v.as_map() else { return };
        for (k, inner) in entries {
            let mut l = labels.clone();
            l.push(Label { value: k.scalar_text().unwrap_or_default(), span: k.span });
            json_blocks(src, kind, kind_span, l, remaining - 1, inner, out, depth + 1);
        }
        return;
    }
    let bodies: Vec<&Node> = match &v.value {
        NodeValue::Seq(items) => items.iter().collect(),
        _ => vec![v],
    };
    for b in bodies {
        let Some(entries) = b.as_map() else { continue };
        let mut body = Body::default();
        for (k, val) in entries {
            let key = k.scalar_text().unwrap_or_default();
            if JSON_NESTED_BLOCKS.contains(&key.as_str()) || (kind == "terraform" && key != "required_version") {
                let n = usize::from(matches!(key.as_str(), "dynamic" | "provisioner" | "backend"));
                json_blocks(src, &key, k.span, Vec::new(), n, val, &mut body.blocks, depth + 1);
            } else {
                body.attributes.push(json_attr(src, k, val));
            }
        }
        let header = labels.last().map_or(kind_span, |l| kind_span.cover(l.span));
        out.push(Block { kind: kind.to_owned(), kind_span, labels: labels.clone(), span: b.span, header, body });
    }
}

/// Environment evidence found in the document itself: a tfvars `environment`/`env`/`stage`
/// (also `environment_name`, `env_name`) set to an environment word.
#[must_use]
pub fn env_hint(doc: &TfDocument) -> Option<EnvEvidence> {
    if !doc.syntax.is_tfvars() {
        return None;
    }
    tfvars_env(&doc.body)
}

/// The environment a tfvars body names, with the attribute as evidence.
#[must_use]
pub fn tfvars_env(body: &Body) -> Option<EnvEvidence> {
    const KEYS: [&str; 6] = ["environment", "env", "stage", "environment_name", "env_name", "deployment_environment"];
    for a in &body.attributes {
        if !KEYS.contains(&a.key.as_str()) {
            continue;
        }
        let Some(v) = a.expr.as_str() else { continue };
        if let Some(env) = Environment::from_word(v.trim()).or_else(|| Environment::from_name(v)) {
            return Some(EnvEvidence { env, reason: format!("tfvars {} = \"{v}\"", a.key), span: Some(a.span) });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn src(path: &str, text: &str) -> SourceFile {
        SourceFile::new(FileId(0), path, text)
    }

    fn lc(s: &SourceFile, sp: Span) -> (u32, u32) {
        let p = s.start(sp);
        (p.line, p.col)
    }

    #[test]
    fn spans_of_blocks_labels_attributes() {
        let text = "resource \"aws_db_instance\" \"main\" {\n  engine = \"postgres\"\n  publicly_accessible = var.public\n  ingress {\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }\n}\n";
        let s = src("main.tf", text);
        let (doc, diags) = parse(&s);
        assert!(diags.is_empty());
        let doc = doc.unwrap();
        let b = &doc.body.blocks[0];
        assert_eq!(b.kind, "resource");
        assert_eq!(b.label(0), Some("aws_db_instance"));
        assert_eq!(b.label(1), Some("main"));
        assert_eq!(lc(&s, b.labels[1].span), (1, 28));
        assert_eq!(s.slice(b.labels[1].span), "\"main\"");
        assert_eq!(s.slice(b.header), "resource \"aws_db_instance\" \"main\"");
        assert_eq!(lc(&s, b.span), (1, 1));
        let pa = b.body.attr("publicly_accessible").unwrap();
        assert_eq!(lc(&s, pa.key_span), (3, 3));
        assert_eq!(lc(&s, pa.value_span), (3, 25));
        assert_eq!(pa.text, "var.public");
        assert_eq!(s.slice(pa.span), "publicly_accessible = var.public");
        assert!(pa.literal.is_none());
        let eng = b.body.attr("engine").unwrap();
        assert_eq!(eng.literal, Some(serde_json::json!("postgres")));
        let ing = b.body.blocks_of("ingress").next().unwrap();
        let cidr = ing.body.attr("cidr_blocks").unwrap();
        assert_eq!(lc(&s, cidr.value_span), (5, 19));
        assert_eq!(cidr.literal, Some(serde_json::json!(["0.0.0.0/0"])));
    }

    #[test]
    fn syntax_error_is_a_diagnostic_with_line_col() {
        let s = src("envs/prod/main.tf", "resource \"a\" \"b\" {\n  x = \n}\n");
        let (doc, diags) = parse(&s);
        assert!(doc.is_none());
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].path, std::path::PathBuf::from("envs/prod/main.tf"));
        assert_eq!(diags[0].line, Some(2));
        assert!(diags[0].column.is_some());
    }

    #[test]
    fn tolerates_what_terraform_accepts() {
        let text = "locals {\n  u = {\n    for k, v in var.m : k =>\n    local.c\n    ? { a = 1 }\n    : { a = 2 }\n  }\n  o = {\n    x = 1\n    x = 2\n  }\n}\n";
        let s = src("main.tf", text);
        let (doc, diags) = parse(&s);
        assert!(diags.is_empty(), "{diags:?}");
        let l = &doc.unwrap().body.blocks[0].body;
        assert_eq!(lc(&s, l.attr("o").unwrap().value_span), (8, 7));
        assert!(matches!(l.attr("u").unwrap().expr.kind, ExprKind::For(_)));
    }

    #[test]
    fn tfvars_env_hint_with_span() {
        let s = src("terraform.tfvars", "region = \"eu-west-1\"\nenvironment = \"staging\"\n");
        let (doc, _) = parse(&s);
        let doc = doc.unwrap();
        let ev = env_hint(&doc).unwrap();
        assert_eq!(ev.env, Environment::Staging);
        assert_eq!(lc(&s, ev.span.unwrap()), (2, 1));
    }

    #[test]
    fn heredoc_and_template() {
        let text = "locals {\n  a = \"x-${var.y}-z\"\n  b = <<-EOT\n    {\"k\": 1}\n    EOT\n}\n";
        let s = src("l.tf", text);
        let doc = parse(&s).0.unwrap();
        let l = &doc.body.blocks[0].body;
        assert!(matches!(l.attr("a").unwrap().expr.kind, ExprKind::Template(_)));
        assert_eq!(l.attr("b").unwrap().expr.as_str(), Some("{\"k\": 1}\n"));
    }

    #[test]
    fn tf_json_blocks_and_templates() {
        let text = r#"{"resource": {"aws_db_instance": {"db": {"publicly_accessible": true, "name": "${var.n}"}}},
 "variable": {"n": {"default": "x"}}}"#;
        let s = src("main.tf.json", text);
        let (doc, diags) = parse(&s);
        assert!(diags.is_empty(), "{diags:?}");
        let doc = doc.unwrap();
        let r = doc.body.blocks_of("resource").next().unwrap();
        assert_eq!(r.label(0), Some("aws_db_instance"));
        assert_eq!(r.label(1), Some("db"));
        let pa = r.body.attr("publicly_accessible").unwrap();
        assert_eq!(lc(&s, pa.value_span), (1, 65));
        assert!(matches!(r.body.attr("name").unwrap().expr.kind, ExprKind::Template(_)));
        assert_eq!(doc.body.blocks_of("variable").next().unwrap().label(0), Some("n"));
    }

    #[test]
    fn tfvars_json() {
        let s = src("x.tfvars.json", "{\n  \"environment\": \"production\",\n  \"n\": 3\n}");
        let doc = parse(&s).0.unwrap();
        assert_eq!(doc.body.attributes.len(), 2);
        assert_eq!(env_hint(&doc).unwrap().env, Environment::Production);
        let bad = src("x.tfvars.json", "{\n  \"a\": \n");
        let (d, diags) = parse(&bad);
        assert!(d.is_none());
        assert_eq!(diags[0].line, Some(3));
    }

    #[test]
    fn serialises_compactly() {
        let s = src("main.tf", "resource \"a\" \"b\" {\n  x = 1\n  y = var.z\n}\n");
        let doc = parse(&s).0.unwrap();
        let j = serde_json::to_value(&doc).unwrap();
        assert_eq!(j["body"]["blocks"][0]["type"], "resource");
        assert_eq!(j["body"]["blocks"][0]["body"]["attributes"][0]["literal"], 1);
        assert_eq!(j["body"]["blocks"][0]["body"]["attributes"][1]["text"], "var.z");
        assert!(j["body"]["blocks"][0]["body"]["attributes"][1].get("literal").is_none());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
        #[test]
        fn never_panics_on_random_hcl(s in "[a-z{}\\[\\]()\"=.,:?<>!*$%~ \n0-9-]{0,200}") {
            let _ = parse(&src("r.tf", &s));
            let _ = parse(&src("r.tf.json", &s));
            let _ = parse(&src("r.tfvars", &s));
        }

        #[test]
        fn never_panics_on_mutated_hcl(cut in 0usize..400, ins in "[{}\"$\\\\\n<]{0,3}") {
            let base = "resource \"aws_db_instance\" \"x\" {\n  count = var.n\n  a = \"${var.y}-%{if true}z%{endif}\"\n  b = <<-EOT\n   hi ${local.q}\n  EOT\n  c = [for k, v in var.m : v if k != \"\"]\n  d = { for k in var.l : k => k... }\n  dynamic \"ingress\" {\n    for_each = var.i\n    content { x = ingress.value }\n  }\n}\n";
            let mut t = base.to_owned();
            let mut at = cut.min(t.len());
            while !t.is_char_boundary(at) { at -= 1; }
            t.insert_str(at, &ins);
            let _ = parse(&src("m.tf", &t));
            let _ = parse(&src("m.tf.json", &t));
        }
    }
}
