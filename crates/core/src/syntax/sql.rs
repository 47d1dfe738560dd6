//! SQL migrations: the statements that decide row-level security, with exact spans.
//!
//! A migration is split into statements by a small lexer of our own (quotes, quoted identifiers,
//! `E'…'` escapes, dollar-quoted bodies `$$ … $$` / `$tag$ … $tag$`, line and nested block
//! comments), so one statement nobody understands never hides the rest of the file. Statements of
//! interest — `CREATE TABLE`, `ALTER TABLE` (ENABLE/DISABLE/FORCE ROW LEVEL SECURITY, RENAME TO,
//! ADD COLUMN), `CREATE POLICY`, `DROP TABLE` — are parsed with `sqlparser` (PostgreSQL dialect);
//! when it rejects one, a small recogniser over our own tokens reads it instead. Spans always come
//! from our tokens (sqlparser's identifier positions are mapped onto them), so the table name of a
//! `CREATE TABLE` and each column name point at their exact bytes.
//!
//! Tables are followed across all migrations of a project (a project is the directory holding
//! `migrations/`): files are visited in path order, which is migration order for timestamped names,
//! and [`collect_facts`] merges each file's statements into [`Facts::tables`].

use serde::Serialize;
use sqlparser::ast::{AlterTableOperation, ObjectName, ObjectNamePart, ObjectType, RenameTableNameKind, Statement};
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::Parser;

use super::sql_ddl::DdlStatement;
use crate::base::env::EnvEvidence;
use crate::base::finding::{Diagnostic, DiagnosticLevel};
use crate::base::source::{FileId, SourceFile, Span};

/// Which migration tool wrote the file (from its path).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Flavour {
    /// `prisma/migrations/**`
    Prisma,
    /// `supabase/migrations/**`
    Supabase,
    /// Anything else under a `migrations/` directory.
    Plain,
}

impl Flavour {
    /// Lower-case name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Flavour::Prisma => "prisma",
            Flavour::Supabase => "supabase",
            Flavour::Plain => "plain",
        }
    }

    /// The flavour of a migration at `path` (relative, `/`-separated).
    #[must_use]
    pub fn of_path(path: &str) -> Flavour {
        let lower = path.to_ascii_lowercase();
        let padded = format!("/{lower}");
        if padded.contains("/prisma/migrations/") {
            Flavour::Prisma
        } else if padded.contains("/supabase/migrations/") {
            Flavour::Supabase
        } else {
            Flavour::Plain
        }
    }
}

/// The project a migration belongs to: the directory containing its (last) `migrations/`
/// directory (`packages/db/prisma`), or `.` at the root.
#[must_use]
pub fn project_of_path(path: &str) -> String {
    let parts: Vec<&str> = path.split('/').collect();
    let dirs = parts.len().saturating_sub(1);
    let pos = parts.iter().take(dirs).rposition(|p| p.eq_ignore_ascii_case("migrations"));
    match pos {
        Some(0) | None => ".".to_owned(),
        Some(i) => parts.iter().take(i).copied().collect::<Vec<_>>().join("/"),
    }
}

/// Which parser understood a statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ParsedBy {
    /// `sqlparser` (PostgreSQL dialect).
    Sqlparser,
    /// The tolerant recogniser (sqlparser rejected the statement).
    Fallback,
}

/// An identifier with its span (name normalised as PostgreSQL does: unquoted folds to lower case).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ident {
    /// Normalised name.
    pub name: String,
    /// Span of the identifier (quotes included).
    pub span: Span,
}

/// A possibly schema-qualified name (`public."Tenant"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QualifiedName {
    /// The schema, when qualified.
    pub schema: Option<String>,
    /// The object name.
    pub name: String,
    /// Span of the whole qualified name.
    pub span: Span,
    /// Span of the last part (the object name itself).
    pub name_span: Span,
}

impl QualifiedName {
    /// The schema, `public` when unqualified.
    #[must_use]
    pub fn schema_or_public(&self) -> &str {
        self.schema.as_deref().unwrap_or("public")
    }
}

/// A column definition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Column {
    /// Normalised column name.
    pub name: String,
    /// Span of the column name.
    pub span: Span,
    /// The rest of the definition as written (type and constraints), whitespace-collapsed.
    pub definition: String,
}

/// A policy expression (`USING (…)` / `WITH CHECK (…)`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PolicyExpr {
    /// The expression as written, whitespace-collapsed, without the outer parentheses.
    pub text: String,
    /// Span of the expression inside the parentheses.
    pub span: Span,
}

impl PolicyExpr {
    /// Whether the expression is a constant true (`true`, `(true)`, `1 = 1`).
    #[must_use]
    pub fn is_always_true(&self) -> bool {
        let t: String = self.text.chars().filter(|c| !c.is_whitespace() && *c != '(' && *c != ')').collect();
        t.eq_ignore_ascii_case("true") || t == "1=1"
    }
}

/// The clauses of a `CREATE POLICY` after `ON table`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct PolicyClauses {
    /// `AS RESTRICTIVE` (default permissive).
    pub restrictive: bool,
    /// `FOR …` command, lower-case (`all` when absent).
    pub command: String,
    /// `TO …` roles, normalised (empty when absent, which means `public`).
    pub roles: Vec<String>,
    /// `USING (…)`.
    pub using: Option<PolicyExpr>,
    /// `WITH CHECK (…)`.
    pub with_check: Option<PolicyExpr>,
}

/// Row-level-security switches of `ALTER TABLE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RlsAction {
    /// `ENABLE ROW LEVEL SECURITY`
    Enable,
    /// `DISABLE ROW LEVEL SECURITY`
    Disable,
    /// `FORCE ROW LEVEL SECURITY`
    Force,
    /// `NO FORCE ROW LEVEL SECURITY`
    NoForce,
}

/// What a statement of interest does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum StatementKind {
    /// `CREATE TABLE`.
    CreateTable {
        /// The table.
        table: QualifiedName,
        /// Column definitions (table constraints excluded).
        columns: Vec<Column>,
        /// `IF NOT EXISTS`.
        if_not_exists: bool,
        /// `PARTITION OF parent` (RLS is decided on the parent).
        partition_of: bool,
    },
    /// `ALTER TABLE … ENABLE/DISABLE/FORCE/NO FORCE ROW LEVEL SECURITY`.
    AlterRls {
        /// The table.
        table: QualifiedName,
        /// The switch.
        action: RlsAction,
    },
    /// `ALTER TABLE … ADD [COLUMN]`.
    AddColumn {
        /// The table.
        table: QualifiedName,
        /// The new column.
        column: Column,
    },
    /// `ALTER TABLE … RENAME TO new`.
    RenameTable {
        /// The table (old name).
        table: QualifiedName,
        /// The new name.
        new_name: Ident,
    },
    /// `CREATE POLICY name ON table [AS …] [FOR …] [TO …] [USING (…)] [WITH CHECK (…)]`.
    CreatePolicy {
        /// Policy name.
        name: Ident,
        /// The table.
        table: QualifiedName,
        /// What the rest of the statement says.
        #[serde(flatten)]
        clauses: PolicyClauses,
    },
    /// `DROP POLICY [IF EXISTS] name ON table`.
    DropPolicy {
        /// Policy name.
        name: Ident,
        /// The table.
        table: QualifiedName,
    },
    /// `DROP TABLE a, b`.
    DropTable {
        /// The tables dropped.
        tables: Vec<QualifiedName>,
    },
}

/// A statement of interest with the span of the whole statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SqlStatement {
    /// Span of the statement (without the terminating `;`).
    pub span: Span,
    /// Which parser read it.
    pub parsed_by: ParsedBy,
    /// What it does.
    #[serde(flatten)]
    pub kind: StatementKind,
}

/// A parsed migration file.
#[derive(Debug, Clone, Serialize)]
pub struct SqlMigration {
    /// Prisma, Supabase or plain.
    pub flavour: Flavour,
    /// The project (directory containing `migrations/`) the file belongs to.
    pub project: String,
    /// Number of statements in the file.
    pub statement_count: usize,
    /// Statements of interest, in file order (one `ALTER TABLE` with several actions gives several).
    pub statements: Vec<SqlStatement>,
    /// The other DDL that decides Postgres/Supabase security (views, functions, grants,
    /// extensions, indexes, constraints, buckets, queues), in file order.
    pub ddl: Vec<DdlStatement>,
    /// Spans of statements that looked interesting (CREATE/ALTER/DROP TABLE, CREATE POLICY) but
    /// that neither parser could read.
    pub unrecognised: Vec<Span>,
    /// The whole file is a rollback (`down.sql`, `*.down.sql`): its statements are read but
    /// never applied to the tables of the project.
    pub down: bool,
    /// Statements of interest skipped because they sit in a rollback section
    /// (`-- +goose Down`, `-- +migrate Down`, `-- migrate:down`).
    pub down_section_statements: usize,
}

/// Whether a migration file is a rollback script by its name (`down.sql`, `0001_x.down.sql`,
/// `0001_x_down.sql`).
#[must_use]
pub fn is_down_file(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    name == "down.sql" || name.ends_with(".down.sql") || name.ends_with("_down.sql") || name.ends_with("-down.sql")
}

/// Offsets where rollback (`true`) and forward (`false`) sections start, from the section
/// comments of goose (`-- +goose Down`), sql-migrate (`-- +migrate Down`) and dbmate
/// (`-- migrate:down`).
fn section_markers(text: &str) -> Vec<(usize, bool)> {
    let mut out = Vec::new();
    let mut off = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim();
        if let Some(rest) = t.strip_prefix("--") {
            let words: String = rest.split_whitespace().collect::<Vec<_>>().join(" ").to_ascii_lowercase();
            match words.as_str() {
                "+goose down" | "+migrate down" | "migrate:down" => out.push((off, true)),
                "+goose up" | "+migrate up" | "migrate:up" => out.push((off, false)),
                _ => {}
            }
        }
        off += line.len();
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Lexer
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tk {
    Word,
    QIdent,
    Str,
    Dollar,
    Num,
    Param,
    Punct(u8),
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok {
    pub(crate) kind: Tk,
    pub(crate) start: usize,
    pub(crate) end: usize,
}

/// An unterminated construct found while lexing: (byte offset of its start, what it was).
type LexError = (usize, &'static str);

fn is_word_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b >= 0x80
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80
}

/// Lex the whole text into tokens (comments and whitespace dropped).
fn lex(text: &str) -> (Vec<Tok>, Vec<LexError>) {
    let b = text.as_bytes();
    let n = b.len();
    let mut toks = Vec::new();
    let mut errs = Vec::new();
    let mut i = 0;
    let at = |j: usize| b.get(j).copied().unwrap_or(0);
    while i < n {
        let c = at(i);
        let start = i;
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c == b'-' && at(i + 1) == b'-' {
            while i < n && at(i) != b'\n' {
                i += 1;
            }
        } else if c == b'/' && at(i + 1) == b'*' {
            let mut depth = 0usize;
            loop {
                if i >= n {
                    errs.push((start, "unterminated block comment"));
                    break;
                }
                if at(i) == b'/' && at(i + 1) == b'*' {
                    depth += 1;
                    i += 2;
                } else if at(i) == b'*' && at(i + 1) == b'/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if c == b'\'' {
            i = lex_string(b, i + 1, false, &mut errs, start);
            toks.push(Tok { kind: Tk::Str, start, end: i });
        } else if c == b'"' {
            i += 1;
            loop {
                if i >= n {
                    errs.push((start, "unterminated quoted identifier"));
                    break;
                }
                if at(i) == b'"' {
                    if at(i + 1) == b'"' {
                        i += 2;
                        continue;
                    }
                    i += 1;
                    break;
                }
                i += 1;
            }
            toks.push(Tok { kind: Tk::QIdent, start, end: i });
        } else if c == b'$' {
            // `$1` parameter, or `$tag$ … $tag$` / `$$ … $$`.
            if at(i + 1).is_ascii_digit() {
                i += 1;
                while i < n && at(i).is_ascii_digit() {
                    i += 1;
                }
                toks.push(Tok { kind: Tk::Param, start, end: i });
                continue;
            }
            let mut j = i + 1;
            if is_word_start(at(j)) && at(j) < 0x80 {
                while j < n && (at(j).is_ascii_alphanumeric() || at(j) == b'_') {
                    j += 1;
                }
            }
            if at(j) == b'$' {
                let tag = &b[i..=j];
                let body = j + 1;
                match find(b, body, tag) {
                    Some(close) => i = close + tag.len(),
                    None => {
                        errs.push((start, "unterminated dollar-quoted string"));
                        i = n;
                    }
                }
                toks.push(Tok { kind: Tk::Dollar, start, end: i });
            } else {
                i += 1;
                toks.push(Tok { kind: Tk::Punct(b'$'), start, end: i });
            }
        } else if is_word_start(c) {
            while i < n && is_word_byte(at(i)) {
                i += 1;
            }
            // `E'…'` escape strings.
            if i - start == 1 && (c == b'e' || c == b'E') && at(i) == b'\'' {
                i = lex_string(b, i + 1, true, &mut errs, start);
                toks.push(Tok { kind: Tk::Str, start, end: i });
            } else {
                toks.push(Tok { kind: Tk::Word, start, end: i });
            }
        } else if c.is_ascii_digit() || (c == b'.' && at(i + 1).is_ascii_digit()) {
            while i < n && (at(i).is_ascii_alphanumeric() || at(i) == b'.' || at(i) == b'_') {
                i += 1;
            }
            toks.push(Tok { kind: Tk::Num, start, end: i });
        } else {
            i += 1;
            toks.push(Tok { kind: Tk::Punct(c), start, end: i });
        }
    }
    (toks, errs)
}

/// Lex a `'…'` string body from `i` (after the opening quote); returns the offset after it.
fn lex_string(b: &[u8], mut i: usize, backslash: bool, errs: &mut Vec<LexError>, start: usize) -> usize {
    let n = b.len();
    loop {
        let Some(&c) = b.get(i) else {
            errs.push((start, "unterminated string literal"));
            return n;
        };
        if backslash && c == b'\\' {
            i += 2;
        } else if c == b'\'' {
            if b.get(i + 1) == Some(&b'\'') {
                i += 2;
            } else {
                return i + 1;
            }
        } else {
            i += 1;
        }
    }
}

/// Find `needle` in `hay` at or after `from`.
fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    hay.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|p| p + from)
}

/// Split tokens into statements at top-level `;`.
fn split(toks: &[Tok]) -> Vec<&[Tok]> {
    toks.split(|t| t.kind == Tk::Punct(b';')).filter(|s| !s.is_empty()).collect()
}

// ---------------------------------------------------------------------------------------------
// The recogniser (also used to locate spans for sqlparser's results)
// ---------------------------------------------------------------------------------------------

pub(crate) struct Cur<'a> {
    pub(crate) toks: &'a [Tok],
    pub(crate) i: usize,
    pub(crate) text: &'a str,
    pub(crate) file: FileId,
}

impl<'a> Cur<'a> {
    pub(crate) fn new(toks: &'a [Tok], text: &'a str, file: FileId) -> Self {
        Self { toks, i: 0, text, file }
    }

    pub(crate) fn peek(&self) -> Option<Tok> {
        self.toks.get(self.i).copied()
    }

    pub(crate) fn slice(&self, t: Tok) -> &'a str {
        self.text.get(t.start..t.end).unwrap_or("")
    }

    pub(crate) fn is_kw(&self, t: Tok, kw: &str) -> bool {
        t.kind == Tk::Word && self.slice(t).eq_ignore_ascii_case(kw)
    }

    pub(crate) fn peek_kw(&self, kw: &str) -> bool {
        self.peek().is_some_and(|t| self.is_kw(t, kw))
    }

    pub(crate) fn kw(&mut self, kw: &str) -> bool {
        if self.peek_kw(kw) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    /// All keywords in sequence, or nothing consumed.
    pub(crate) fn kws(&mut self, kws: &[&str]) -> bool {
        let save = self.i;
        if kws.iter().all(|k| self.kw(k)) {
            true
        } else {
            self.i = save;
            false
        }
    }

    pub(crate) fn punct(&mut self, c: u8) -> bool {
        if self.peek().is_some_and(|t| t.kind == Tk::Punct(c)) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    pub(crate) fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start, end)
    }

    pub(crate) fn ident(&mut self) -> Option<Ident> {
        let t = self.peek()?;
        let name = ident_name(t, self.slice(t))?;
        self.i += 1;
        Some(Ident { name, span: self.span(t.start, t.end) })
    }

    pub(crate) fn qname(&mut self) -> Option<QualifiedName> {
        let first = self.ident()?;
        let mut parts = vec![first];
        while parts.len() < 3 && self.peek().is_some_and(|t| t.kind == Tk::Punct(b'.')) {
            let save = self.i;
            self.i += 1;
            match self.ident() {
                Some(p) => parts.push(p),
                None => {
                    self.i = save;
                    break;
                }
            }
        }
        let first_span = parts.first()?.span;
        let last = parts.pop()?;
        Some(QualifiedName {
            schema: parts.pop().map(|p| p.name),
            name: last.name,
            span: first_span.cover(last.span),
            name_span: last.span,
        })
    }

    pub(crate) fn at_end(&self) -> bool {
        self.i >= self.toks.len()
    }

    /// Skip to the next top-level `,` (consumed) or the end; returns the skipped tokens.
    pub(crate) fn skip_element(&mut self) -> &'a [Tok] {
        let start = self.i;
        let mut depth = 0i32;
        while let Some(t) = self.peek() {
            match t.kind {
                Tk::Punct(b'(' | b'[') => depth += 1,
                Tk::Punct(b')' | b']') => depth -= 1,
                Tk::Punct(b',') if depth == 0 => {
                    let s = self.toks.get(start..self.i).unwrap_or(&[]);
                    self.i += 1;
                    return s;
                }
                _ => {}
            }
            self.i += 1;
        }
        self.toks.get(start..).unwrap_or(&[])
    }
}

/// The normalised name of an identifier token (`None` for tokens that are not identifiers).
pub(crate) fn ident_name(t: Tok, s: &str) -> Option<String> {
    match t.kind {
        Tk::Word => Some(s.to_lowercase()),
        Tk::QIdent => {
            let inner = s.strip_prefix('"')?;
            let inner = inner.strip_suffix('"').unwrap_or(inner);
            Some(inner.replace("\"\"", "\""))
        }
        _ => None,
    }
}

pub(crate) fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A column definition from its tokens (name first); `None` for table constraints.
fn column_def(toks: &[Tok], text: &str, file: FileId) -> Option<Column> {
    let first = *toks.first()?;
    let s = text.get(first.start..first.end)?;
    if first.kind == Tk::Word
        && ["constraint", "primary", "unique", "foreign", "check", "exclude", "like", "period"]
            .iter()
            .any(|k| s.eq_ignore_ascii_case(k))
    {
        return None;
    }
    let name = ident_name(first, s)?;
    let definition = match (toks.get(1), toks.last()) {
        (Some(a), Some(b)) => collapse_ws(text.get(a.start..b.end).unwrap_or("")),
        _ => String::new(),
    };
    Some(Column { name, span: Span::new(file, first.start, first.end), definition })
}

/// Read a statement of interest with the recogniser.
fn recognise(toks: &[Tok], text: &str, file: FileId) -> Option<Vec<StatementKind>> {
    let mut c = Cur::new(toks, text, file);
    if c.kw("create") {
        c.kws(&["or", "replace"]);
        if c.kw("policy") {
            let name = c.ident()?;
            if !c.kw("on") {
                return None;
            }
            let table = c.qname()?;
            let clauses = policy_clauses(toks.get(c.i..).unwrap_or(&[]), text, file);
            return Some(vec![StatementKind::CreatePolicy { name, table, clauses }]);
        }
        let _ = c.kw("global") || c.kw("local");
        if c.kw("temp") || c.kw("temporary") {
            return Some(Vec::new());
        }
        c.kw("unlogged");
        if !c.kw("table") {
            return None;
        }
        let if_not_exists = c.kws(&["if", "not", "exists"]);
        let table = c.qname()?;
        let partition_of = c.kws(&["partition", "of"]);
        let mut columns = Vec::new();
        if !partition_of && c.punct(b'(') {
            // Column list up to the matching `)`.
            let inner_start = c.i;
            let mut depth = 1i32;
            let mut end = None;
            while let Some(t) = c.peek() {
                match t.kind {
                    Tk::Punct(b'(') => depth += 1,
                    Tk::Punct(b')') => {
                        depth -= 1;
                        if depth == 0 {
                            end = Some(c.i);
                            break;
                        }
                    }
                    _ => {}
                }
                c.i += 1;
            }
            let inner = toks.get(inner_start..end?)?;
            let mut ic = Cur::new(inner, text, file);
            while !ic.at_end() {
                let el = ic.skip_element();
                if let Some(col) = column_def(el, text, file) {
                    columns.push(col);
                }
            }
        } else if !partition_of && !c.kw("as") && !c.kw("of") {
            return None;
        }
        return Some(vec![StatementKind::CreateTable { table, columns, if_not_exists, partition_of }]);
    }
    if c.kw("alter") {
        if !c.kw("table") {
            return None;
        }
        c.kws(&["if", "exists"]);
        c.kw("only");
        c.kws(&["if", "exists"]);
        let table = c.qname()?;
        c.punct(b'*');
        let mut out = Vec::new();
        while !c.at_end() {
            let el = c.skip_element();
            if let Some(k) = alter_action(el, &table, text, file) {
                out.push(k);
            }
        }
        return Some(out);
    }
    if c.kw("drop") {
        if c.kw("policy") {
            c.kws(&["if", "exists"]);
            let name = c.ident()?;
            if !c.kw("on") {
                return None;
            }
            let table = c.qname()?;
            return Some(vec![StatementKind::DropPolicy { name, table }]);
        }
        if !c.kw("table") {
            return None;
        }
        c.kws(&["if", "exists"]);
        let mut tables = vec![c.qname()?];
        while c.punct(b',') {
            tables.push(c.qname()?);
        }
        return Some(vec![StatementKind::DropTable { tables }]);
    }
    None
}

/// Read the clauses of a `CREATE POLICY` from the tokens after its table name.
pub(crate) fn policy_clauses(toks: &[Tok], text: &str, file: FileId) -> PolicyClauses {
    let mut c = Cur::new(toks, text, file);
    let mut out = PolicyClauses { command: "all".to_owned(), ..PolicyClauses::default() };
    // The expression inside `( … )` starting at the cursor.
    let paren = |c: &mut Cur<'_>| -> Option<PolicyExpr> {
        if !c.punct(b'(') {
            return None;
        }
        let start = c.i;
        let mut depth = 1i32;
        while let Some(t) = c.peek() {
            c.i += 1;
            match t.kind {
                Tk::Punct(b'(') => depth += 1,
                Tk::Punct(b')') => {
                    depth -= 1;
                    if depth == 0 {
                        let inner = c.toks.get(start..c.i - 1)?;
                        let (a, b) = (inner.first()?, inner.last()?);
                        return Some(PolicyExpr {
                            text: collapse_ws(text.get(a.start..b.end)?),
                            span: Span::new(file, a.start, b.end),
                        });
                    }
                }
                _ => {}
            }
        }
        None
    };
    while !c.at_end() {
        if c.kw("as") {
            out.restrictive = c.kw("restrictive");
            c.kw("permissive");
        } else if c.kw("for") {
            if let Some(t) = c.peek() {
                out.command = c.slice(t).to_ascii_lowercase();
                c.i += 1;
            }
        } else if c.kw("to") {
            while let Some(role) = c.ident() {
                out.roles.push(role.name);
                if !c.punct(b',') {
                    break;
                }
            }
        } else if c.kw("using") {
            out.using = paren(&mut c);
        } else if c.kws(&["with", "check"]) {
            out.with_check = paren(&mut c);
        } else {
            c.i += 1;
        }
    }
    out
}

/// One `ALTER TABLE` action (the tokens between top-level commas), if one of interest.
fn alter_action(el: &[Tok], table: &QualifiedName, text: &str, file: FileId) -> Option<StatementKind> {
    let rls = |words: &[&str], action: RlsAction| {
        let mut a = Cur::new(el, text, file);
        (a.kws(words) && a.kws(&["row", "level", "security"]) && a.at_end())
            .then(|| StatementKind::AlterRls { table: table.clone(), action })
    };
    let found = rls(&["enable"], RlsAction::Enable)
        .or_else(|| rls(&["disable"], RlsAction::Disable))
        .or_else(|| rls(&["force"], RlsAction::Force))
        .or_else(|| rls(&["no", "force"], RlsAction::NoForce));
    if found.is_some() {
        return found;
    }
    let mut a = Cur::new(el, text, file);
    if a.kws(&["rename", "to"]) {
        let new_name = a.ident()?;
        return Some(StatementKind::RenameTable { table: table.clone(), new_name });
    }
    let mut a = Cur::new(el, text, file);
    if a.kw("add") {
        a.kw("column");
        a.kws(&["if", "not", "exists"]);
        let column = column_def(el.get(a.i..).unwrap_or(&[]), text, file)?;
        return Some(StatementKind::AddColumn { table: table.clone(), column });
    }
    None
}

/// Whether a statement starts like one of interest (worth parsing at all).
fn interesting(toks: &[Tok], text: &str) -> bool {
    let w = |i: usize| {
        toks.get(i).filter(|t| t.kind == Tk::Word).and_then(|t| text.get(t.start..t.end)).map(str::to_ascii_lowercase)
    };
    match w(0).as_deref() {
        Some("alter") => w(1).as_deref() == Some("table"),
        Some("drop") => matches!(w(1).as_deref(), Some("table" | "policy")),
        Some("create") => {
            // CREATE [OR REPLACE] [GLOBAL|LOCAL] [TEMP|TEMPORARY|UNLOGGED] TABLE / POLICY
            let mut i = 1;
            if w(i).as_deref() == Some("or") && w(i + 1).as_deref() == Some("replace") {
                i += 2;
            }
            if matches!(w(i).as_deref(), Some("global" | "local")) {
                i += 1;
            }
            if matches!(w(i).as_deref(), Some("temp" | "temporary" | "unlogged")) {
                i += 1;
            }
            matches!(w(i).as_deref(), Some("table" | "policy"))
        }
        _ => false,
    }
}

// ---------------------------------------------------------------------------------------------
// sqlparser path
// ---------------------------------------------------------------------------------------------

/// Maps sqlparser's 1-based line/column (columns in chars, lines split on `\n` only) inside one
/// statement's text to absolute byte offsets, and finds our token starting there.
struct Mapper<'a> {
    stmt: &'a str,
    base: usize,
    line_starts: Vec<usize>,
    toks: &'a [Tok],
    file: FileId,
    text: &'a str,
}

impl<'a> Mapper<'a> {
    fn new(stmt: &'a str, base: usize, toks: &'a [Tok], file: FileId, text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(stmt.match_indices('\n').map(|(i, _)| i + 1));
        Self { stmt, base, line_starts, toks, file, text }
    }

    fn tok_at(&self, loc: sqlparser::tokenizer::Location) -> Option<Tok> {
        let line = usize::try_from(loc.line).ok()?.checked_sub(1)?;
        let col = usize::try_from(loc.column).ok()?.checked_sub(1)?;
        let ls = *self.line_starts.get(line)?;
        let rest = self.stmt.get(ls..)?;
        let off = match rest.char_indices().nth(col) {
            Some((o, _)) => ls + o,
            None => return None,
        };
        let abs = self.base + off;
        let idx = self.toks.binary_search_by_key(&abs, |t| t.start).ok()?;
        self.toks.get(idx).copied()
    }

    fn ident(&self, id: &sqlparser::ast::Ident) -> Option<Ident> {
        let t = self.tok_at(id.span.start)?;
        let name = ident_name(t, self.text.get(t.start..t.end)?)?;
        // The token must be this identifier (guards against a misplaced position).
        let expect = if id.quote_style.is_some() { id.value.clone() } else { id.value.to_lowercase() };
        (name == expect).then(|| Ident { name, span: Span::new(self.file, t.start, t.end) })
    }

    fn qname(&self, on: &ObjectName) -> Option<QualifiedName> {
        let mut parts = Vec::new();
        for p in &on.0 {
            match p {
                ObjectNamePart::Identifier(id) => parts.push(self.ident(id)?),
                ObjectNamePart::Function(_) => return None,
            }
        }
        if parts.len() > 3 {
            return None;
        }
        let first_span = parts.first()?.span;
        let last = parts.pop()?;
        Some(QualifiedName {
            schema: parts.pop().map(|p| p.name),
            name: last.name,
            span: first_span.cover(last.span),
            name_span: last.span,
        })
    }

    fn column(&self, cd: &sqlparser::ast::ColumnDef) -> Option<Column> {
        let name = self.ident(&cd.name)?;
        // The definition text: from after the name to the next top-level `,` or `)`.
        let idx = self.toks.binary_search_by_key(&(name.span.start as usize), |t| t.start).ok()?;
        let mut depth = 0i32;
        let mut last = None;
        for t in self.toks.get(idx + 1..)? {
            match t.kind {
                Tk::Punct(b'(' | b'[') => depth += 1,
                Tk::Punct(b')' | b']') if depth == 0 => break,
                Tk::Punct(b')' | b']') => depth -= 1,
                Tk::Punct(b',') if depth == 0 => break,
                _ => {}
            }
            last = Some(*t);
        }
        let definition = match (self.toks.get(idx + 1), last) {
            (Some(a), Some(b)) => collapse_ws(self.text.get(a.start..b.end).unwrap_or("")),
            _ => String::new(),
        };
        Some(Column { name: name.name, span: name.span, definition })
    }
}

/// Statements longer than this are read by sqlparser on a thread with a large stack: its parser
/// and the syntax tree's drop recurse once per nested (or chained) expression.
const BIG_STATEMENT_BYTES: usize = 16 * 1024;

/// [`with_sqlparser`], bounded: a long statement is parsed with a recursion limit on a thread
/// with a 256 MiB stack, so a 50,000-term expression cannot overflow the scanner's stack.
fn with_sqlparser_guarded(toks: &[Tok], text: &str, file: FileId) -> Option<Vec<StatementKind>> {
    let len = toks.last().map_or(0, |l| l.end) - toks.first().map_or(0, |f| f.start);
    if len < BIG_STATEMENT_BYTES {
        return with_sqlparser(toks, text, file);
    }
    std::thread::scope(|s| {
        std::thread::Builder::new()
            .name("infra-lint-sql".to_owned())
            .stack_size(256 * 1024 * 1024)
            .spawn_scoped(s, || with_sqlparser(toks, text, file))
            .ok()?
            .join()
            .ok()
            .flatten()
    })
}

/// Read a statement with sqlparser; `None` when it rejects it or positions cannot be mapped.
fn with_sqlparser(toks: &[Tok], text: &str, file: FileId) -> Option<Vec<StatementKind>> {
    let first = toks.first()?;
    let last = toks.last()?;
    let stmt = text.get(first.start..last.end)?;
    let parsed = Parser::new(&PostgreSqlDialect {}).try_with_sql(stmt).ok()?.parse_statements().ok()?;
    let [st] = parsed.as_slice() else { return None };
    let m = Mapper::new(stmt, first.start, toks, file, text);
    let out = match st {
        Statement::CreateTable(ct) => {
            if ct.temporary {
                return Some(Vec::new());
            }
            let table = m.qname(&ct.name)?;
            let columns = ct.columns.iter().map(|c| m.column(c)).collect::<Option<Vec<_>>>()?;
            vec![StatementKind::CreateTable {
                table,
                columns,
                if_not_exists: ct.if_not_exists,
                partition_of: ct.partition_of.is_some(),
            }]
        }
        Statement::AlterTable(at) => {
            let table = m.qname(&at.name)?;
            let mut out = Vec::new();
            for op in &at.operations {
                let rls = |action| StatementKind::AlterRls { table: table.clone(), action };
                match op {
                    AlterTableOperation::EnableRowLevelSecurity => out.push(rls(RlsAction::Enable)),
                    AlterTableOperation::DisableRowLevelSecurity => out.push(rls(RlsAction::Disable)),
                    AlterTableOperation::ForceRowLevelSecurity => out.push(rls(RlsAction::Force)),
                    AlterTableOperation::NoForceRowLevelSecurity => out.push(rls(RlsAction::NoForce)),
                    AlterTableOperation::RenameTable { table_name } => {
                        let (RenameTableNameKind::To(n) | RenameTableNameKind::As(n)) = table_name;
                        let new = m.qname(n)?;
                        let new_name = Ident { name: new.name, span: new.name_span };
                        out.push(StatementKind::RenameTable { table: table.clone(), new_name });
                    }
                    AlterTableOperation::AddColumn { column_def, .. } => {
                        out.push(StatementKind::AddColumn { table: table.clone(), column: m.column(column_def)? });
                    }
                    _ => {}
                }
            }
            out
        }
        Statement::CreatePolicy(cp) => {
            let table = m.qname(&cp.table_name)?;
            let after = toks.iter().position(|t| t.end == table.span.end as usize)? + 1;
            let clauses = policy_clauses(toks.get(after..)?, text, file);
            vec![StatementKind::CreatePolicy { name: m.ident(&cp.name)?, table, clauses }]
        }
        Statement::DropPolicy(dp) => {
            vec![StatementKind::DropPolicy { name: m.ident(&dp.name)?, table: m.qname(&dp.table_name)? }]
        }
        Statement::Drop { object_type: ObjectType::Table, names, .. } => {
            let tables = names.iter().map(|n| m.qname(n)).collect::<Option<Vec<_>>>()?;
            vec![StatementKind::DropTable { tables }]
        }
        _ => return None,
    };
    Some(out)
}

// ---------------------------------------------------------------------------------------------
// Entry points
// ---------------------------------------------------------------------------------------------

/// Parse a migration's text (without the path-derived flavour and project).
struct Parsed {
    statements: Vec<SqlStatement>,
    ddl: Vec<DdlStatement>,
    unrecognised: Vec<Span>,
    count: usize,
    errs: Vec<LexError>,
    down_section_statements: usize,
}

fn parse_text(text: &str, file: FileId) -> Parsed {
    let (toks, errs) = lex(text);
    let stmts = split(&toks);
    let markers = section_markers(text);
    let mut out = Vec::new();
    let mut unrecognised = Vec::new();
    let mut down_section_statements = 0;
    let mut ddl = Vec::new();
    for st in &stmts {
        let (Some(first), Some(last)) = (st.first(), st.last()) else { continue };
        let in_down = || markers.iter().rev().find(|(o, _)| *o <= first.start).is_some_and(|(_, down)| *down);
        let span = Span::new(file, first.start, last.end);
        if !interesting(st, text) {
            if !in_down() {
                ddl.extend(
                    super::sql_ddl::recognise(st, text, file).into_iter().map(|kind| DdlStatement { span, kind }),
                );
            }
            continue;
        }
        if in_down() {
            down_section_statements += 1;
            continue;
        }
        ddl.extend(super::sql_ddl::recognise(st, text, file).into_iter().map(|kind| DdlStatement { span, kind }));
        let (kinds, by) = match with_sqlparser_guarded(st, text, file) {
            Some(k) => (Some(k), ParsedBy::Sqlparser),
            None => (recognise(st, text, file), ParsedBy::Fallback),
        };
        match kinds {
            Some(kinds) => out.extend(kinds.into_iter().map(|kind| SqlStatement { span, parsed_by: by, kind })),
            None => unrecognised.push(span),
        }
    }
    Parsed { statements: out, ddl, unrecognised, count: stmts.len(), errs, down_section_statements }
}

/// Parse a file. Never panics; unterminated strings, comments and dollar-quoted bodies become
/// diagnostics with line:col, and statements neither parser reads are listed in
/// [`SqlMigration::unrecognised`] with a note.
#[must_use]
pub fn parse(src: &SourceFile) -> (Option<SqlMigration>, Vec<Diagnostic>) {
    let path = src.path_str();
    let Parsed { statements, ddl, unrecognised, count: statement_count, errs, down_section_statements } =
        parse_text(&src.text, src.id);
    let mut diags = Vec::new();
    for (off, what) in &errs {
        let off = *off;
        let lc = src.start(src.span(off, off));
        diags.push(
            Diagnostic::warning("parse-error", &path, format!("SQL: {what}; the rest of the file is not read"))
                .at(lc.line, lc.col),
        );
    }
    // A statement cut short by an unterminated construct already has its diagnostic.
    let cut = |s: &Span| errs.iter().any(|(o, _)| (s.start as usize) <= *o && *o <= s.end as usize);
    for span in unrecognised.iter().filter(|s| !cut(s)) {
        let lc = src.start(*span);
        diags.push(
            Diagnostic::new(
                DiagnosticLevel::Note,
                "sql-statement-unrecognised",
                &path,
                "SQL statement could not be read (neither sqlparser nor the fallback understood it); \
                 row-level security analysis skips it",
            )
            .at(lc.line, lc.col),
        );
    }
    let doc = SqlMigration {
        flavour: Flavour::of_path(&path),
        project: project_of_path(&path),
        statement_count,
        statements,
        ddl,
        unrecognised,
        down: is_down_file(&path),
        down_section_statements,
    };
    (Some(doc), diags)
}

/// Environment evidence found in the document itself (migrations carry none).
#[must_use]
pub fn env_hint(doc: &SqlMigration) -> Option<EnvEvidence> {
    let _ = doc;
    None
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use super::*;

    fn src(path: &str, text: &str) -> SourceFile {
        SourceFile::new(FileId(0), path, text)
    }

    fn lc(s: &SourceFile, span: Span) -> (u32, u32) {
        let p = s.start(span);
        (p.line, p.col)
    }

    const MIGRATION: &str = r#"-- CreateTable
CREATE TABLE "public"."Tenant" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    CONSTRAINT "Tenant_pkey" PRIMARY KEY ("id")
);

CREATE OR REPLACE FUNCTION f() RETURNS trigger AS $body$
BEGIN
  -- not a statement end; inside the body
  PERFORM 1; RETURN NEW;
END;
$body$ LANGUAGE plpgsql;

create table if not exists profiles (id uuid primary key, org_id uuid references orgs(id), note text default 'a;b');
ALTER TABLE ONLY public.profiles ENABLE ROW LEVEL SECURITY;
alter table "public"."Tenant" enable row level security, force row level security;
CREATE POLICY "own rows" ON profiles FOR SELECT USING (auth.uid() = id);
ALTER TABLE profiles RENAME TO user_profiles;
DROP TABLE IF EXISTS old_a, public.old_b CASCADE;
ALTER TABLE "Tenant" ADD COLUMN "team_id" INTEGER;
DROP POLICY IF EXISTS "own rows" ON user_profiles;
"#;

    #[test]
    fn statements_and_spans() {
        let s = src("prisma/migrations/20240101_init/migration.sql", MIGRATION);
        let (doc, diags) = parse(&s);
        assert!(diags.is_empty(), "{diags:?}");
        let doc = doc.unwrap();
        assert_eq!(doc.flavour, Flavour::Prisma);
        assert_eq!(doc.project, "prisma");
        let kinds: Vec<&StatementKind> = doc.statements.iter().map(|s| &s.kind).collect();
        assert_eq!(kinds.len(), 10, "{kinds:#?}");
        let StatementKind::CreateTable { table, columns, .. } = kinds[0] else { panic!("{:?}", kinds[0]) };
        assert_eq!(table.schema.as_deref(), Some("public"));
        assert_eq!(table.name, "Tenant");
        assert_eq!(lc(&s, table.span), (2, 14));
        assert_eq!(s.slice(table.span), "\"public\".\"Tenant\"");
        assert_eq!(lc(&s, table.name_span), (2, 23));
        assert_eq!(columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["id", "tenantId"]);
        assert_eq!(lc(&s, columns[1].span), (4, 5));
        assert_eq!(columns[1].definition, "TEXT NOT NULL");
        let StatementKind::CreateTable { table, columns, if_not_exists, .. } = kinds[1] else { panic!() };
        assert!(*if_not_exists);
        assert_eq!((table.schema.as_deref(), table.name.as_str()), (None, "profiles"));
        assert_eq!(lc(&s, table.span), (15, 28));
        assert_eq!(columns.len(), 3);
        assert_eq!(lc(&s, columns[1].span), (15, 59));
        assert!(matches!(kinds[2], StatementKind::AlterRls { action: RlsAction::Enable, .. }));
        assert!(matches!(kinds[3], StatementKind::AlterRls { action: RlsAction::Enable, .. }));
        assert!(matches!(kinds[4], StatementKind::AlterRls { action: RlsAction::Force, .. }));
        let StatementKind::CreatePolicy { name, table, clauses } = kinds[5] else { panic!() };
        assert_eq!(name.name, "own rows");
        assert_eq!(clauses.command, "select");
        let using = clauses.using.as_ref().unwrap();
        assert_eq!(using.text, "auth.uid() = id");
        assert_eq!(lc(&s, using.span), (18, 56));
        assert!(!using.is_always_true());
        assert_eq!(lc(&s, table.span), (18, 29));
        let StatementKind::RenameTable { new_name, .. } = kinds[6] else { panic!() };
        assert_eq!(new_name.name, "user_profiles");
        let StatementKind::DropTable { tables } = kinds[7] else { panic!() };
        assert_eq!(tables.len(), 2);
        assert_eq!(lc(&s, tables[1].span), (20, 29));
        let StatementKind::AddColumn { column, .. } = kinds[8] else { panic!() };
        assert_eq!(column.name, "team_id");
        assert_eq!(lc(&s, column.span), (21, 33));
        // Statement spans start at the statement's first token.
        assert_eq!(lc(&s, doc.statements[2].span), (16, 1));
        assert_eq!(doc.statement_count, 10);
        let StatementKind::DropPolicy { name, table } = kinds[9] else { panic!() };
        assert_eq!((name.name.as_str(), table.name.as_str()), ("own rows", "user_profiles"));
        assert_eq!(lc(&s, table.span), (22, 37));
    }

    /// The recogniser and sqlparser agree on every statement both can read.
    #[test]
    fn fallback_agrees_with_sqlparser() {
        let (toks, _) = lex(MIGRATION);
        let mut compared = 0;
        for st in split(&toks) {
            if !interesting(st, MIGRATION) {
                continue;
            }
            let a = with_sqlparser(st, MIGRATION, FileId(0)).expect("sqlparser reads the sample");
            let b = recognise(st, MIGRATION, FileId(0)).expect("fallback reads the sample");
            assert_eq!(a, b);
            compared += 1;
        }
        assert_eq!(compared, 9);
    }

    #[test]
    fn fallback_reads_what_sqlparser_rejects() {
        let text = "CREATE TABLE accounts (id int, account_id int) WITH (fillfactor = 70) TABLESPACE ts \
                    INHERITS_NOT_A_KEYWORD junk;\nALTER TABLE accounts ENABLE ROW LEVEL SECURITY;\n";
        let s = src("supabase/migrations/1_x.sql", text);
        let doc = parse(&s).0.unwrap();
        assert_eq!(doc.flavour, Flavour::Supabase);
        assert_eq!(doc.project, "supabase");
        assert_eq!(doc.statements.len(), 2);
        assert_eq!(doc.statements[0].parsed_by, ParsedBy::Fallback);
        let StatementKind::CreateTable { columns, .. } = &doc.statements[0].kind else { panic!() };
        assert_eq!(columns[1].name, "account_id");
        assert_eq!(doc.statements[1].parsed_by, ParsedBy::Sqlparser);
    }

    #[test]
    fn unterminated_constructs_are_diagnostics() {
        for (text, line, col) in [
            ("CREATE TABLE a (id int);\nSELECT 'oops;\n", 2, 8),
            ("CREATE TABLE a (id int);\n/* never closed", 2, 1),
            ("CREATE TABLE a (id int);\n  DO $x$ begin", 2, 6),
            ("CREATE TABLE \"a (id int);", 1, 14),
        ] {
            let s = src("db/migrations/1.sql", text);
            let (doc, diags) = parse(&s);
            assert_eq!(diags.len(), 1, "{text}: {diags:?}");
            assert_eq!((diags[0].line, diags[0].column), (Some(line), Some(col)), "{text}");
            assert!(doc.is_some());
        }
    }

    #[test]
    fn dollar_quotes_comments_and_escapes_do_not_split() {
        let text = "DO $$ BEGIN; CREATE TABLE inner_t (x int); END $$;\n\
                    SELECT E'it\\'s; fine', 'a''b;c' /* ; /* nested ; */ */ ; -- ; comment\n\
                    CREATE TABLE after_all (tenant_id int);\n";
        let s = src("migrations/0001.sql", text);
        let doc = parse(&s).0.unwrap();
        assert_eq!(doc.project, ".");
        assert_eq!(doc.statement_count, 3);
        assert_eq!(doc.statements.len(), 1);
        let StatementKind::CreateTable { table, .. } = &doc.statements[0].kind else { panic!() };
        assert_eq!(table.name, "after_all");
        assert_eq!(lc(&s, table.span), (3, 14));
    }

    #[test]
    fn rollbacks_are_not_applied() {
        let text = "-- +goose Up\nCREATE TABLE a (org_id int);\nALTER TABLE a ENABLE ROW LEVEL SECURITY;\n\
                    -- +goose Down\nDROP TABLE a;\n";
        let doc = parse(&src("db/migrations/001_a.sql", text)).0.unwrap();
        assert_eq!(doc.statements.len(), 2);
        assert_eq!(doc.down_section_statements, 1);
        assert!(!doc.down);
        let text = "CREATE TABLE b (id int);\n-- migrate:down\nDROP TABLE b;\n-- migrate:up\nDROP TABLE c;\n";
        let doc = parse(&src("db/migrations/002_b.sql", text)).0.unwrap();
        assert_eq!(doc.statements.len(), 2);
        assert!(matches!(doc.statements[1].kind, StatementKind::DropTable { .. }));
        for (p, down) in [
            ("migrations/2020-01-01-000000_init/down.sql", true),
            ("db/migrations/000001_init.down.sql", true),
            ("db/migrations/000001_init.up.sql", false),
            ("db/migrations/000001_shutdown.sql", false),
        ] {
            assert_eq!(is_down_file(p), down, "{p}");
        }
    }

    #[test]
    fn paths_give_flavour_and_project() {
        assert_eq!(Flavour::of_path("packages/db/prisma/migrations/1_x/migration.sql"), Flavour::Prisma);
        assert_eq!(project_of_path("packages/db/prisma/migrations/1_x/migration.sql"), "packages/db/prisma");
        assert_eq!(Flavour::of_path("supabase/migrations/1.sql"), Flavour::Supabase);
        assert_eq!(Flavour::of_path("db/migrations/1.sql"), Flavour::Plain);
        assert_eq!(project_of_path("db/migrations/1.sql"), "db");
    }

    fn ident_strategy() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        prop_oneof![
            "[a-z_][a-z0-9_]{0,8}".prop_filter("not a keyword", |s| !is_keyword(s)),
            "[A-Za-z][A-Za-z0-9 _é]{0,8}".prop_map(|s| format!("\"{s}\"")),
        ]
    }

    fn is_keyword(s: &str) -> bool {
        sqlparser::keywords::ALL_KEYWORDS.iter().any(|k| k.eq_ignore_ascii_case(s))
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 200, ..Default::default() })]

        /// For generated statements both parsers read, sqlparser and the fallback give the same
        /// names and spans.
        #[test]
        fn fallback_and_sqlparser_agree_on_generated_statements(
            schema in proptest::option::of(ident_strategy()),
            table in ident_strategy(),
            cols in proptest::collection::vec(ident_strategy(), 1..5),
            policy in ident_strategy(),
            pad in "[ \n\t]{1,3}",
        ) {
            let q = match &schema { Some(s) => format!("{s}.{table}"), None => table.clone() };
            let cols: Vec<String> = cols.iter().map(|c| format!("{c}{pad}integer NOT NULL")).collect();
            let text = format!(
                "CREATE TABLE IF NOT EXISTS{pad}{q} ({});\nALTER TABLE ONLY {q} ENABLE ROW LEVEL SECURITY, \
                 FORCE ROW LEVEL SECURITY;\nCREATE POLICY {policy} ON {q} FOR UPDATE TO authenticated USING (true) \
                 WITH CHECK ({table} IS NOT NULL);\nDROP POLICY IF EXISTS {policy} ON {q};\nALTER TABLE {q} RENAME TO \
                 {policy};\nDROP TABLE {q}, {policy};",
                cols.join(",")
            );
            let (toks, errs) = lex(&text);
            proptest::prop_assert!(errs.is_empty());
            let mut compared = 0;
            for st in split(&toks) {
                let a = with_sqlparser(st, &text, FileId(0));
                let b = recognise(st, &text, FileId(0));
                proptest::prop_assert!(b.is_some(), "fallback failed on {text}");
                if let Some(a) = a {
                    proptest::prop_assert_eq!(Some(a), b, "{}", text);
                    compared += 1;
                }
            }
            proptest::prop_assert_eq!(compared, 6, "sqlparser read only {} of 6 statements: {}", compared, text);
        }
    }

    #[test]
    fn non_ascii_identifiers_keep_exact_spans() {
        let text = "CREATE TABLE \"café\" (\"naïve\" int, tenant_id int);";
        let s = src("migrations/1.sql", text);
        let doc = parse(&s).0.unwrap();
        let StatementKind::CreateTable { table, columns, .. } = &doc.statements[0].kind else { panic!() };
        assert_eq!(table.name, "café");
        assert_eq!(s.slice(columns[1].span), "tenant_id");
        assert_eq!(lc(&s, columns[1].span), (1, 35));
    }
}
