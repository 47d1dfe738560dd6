//! The rest of a migration's DDL that decides Postgres/Supabase security: views, functions,
//! grants, extensions, indexes, table constraints, storage buckets and queues.
//!
//! Read per statement with the tokens of [`super::sql`] (so spans are exact and one odd statement
//! never hides the rest); the cross-file replay of these statements into a schema lives in
//! the model layer's Postgres replay (`model::pg`).

use serde::Serialize;

use super::sql::{collapse_ws, ident_name, Cur, Ident, QualifiedName, Tk, Tok};
use crate::base::source::{FileId, Span};

/// A column list entry, normalised (`lower("Col")` → `lower(col)`), as written otherwise.
pub type ColumnKey = String;

/// A table constraint of interest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "constraint", rename_all = "kebab-case")]
pub enum Constraint {
    /// `PRIMARY KEY (cols)` (or a column's `PRIMARY KEY`).
    PrimaryKey {
        /// Columns.
        columns: Vec<String>,
    },
    /// `UNIQUE (cols)`.
    Unique {
        /// Columns.
        columns: Vec<String>,
    },
    /// `FOREIGN KEY (cols) REFERENCES table (cols)` (or a column's `REFERENCES`).
    ForeignKey {
        /// Referencing columns.
        columns: Vec<String>,
        /// Referenced table.
        references: QualifiedName,
        /// Referenced columns (empty: the referenced table's primary key).
        ref_columns: Vec<String>,
    },
}

/// A constraint with its name and span.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NamedConstraint {
    /// `CONSTRAINT name`, when given.
    pub name: Option<String>,
    /// Span of the constraint (or of the column carrying it).
    pub span: Span,
    /// What it is.
    #[serde(flatten)]
    pub constraint: Constraint,
}

/// What a `GRANT`/`REVOKE` is on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "on", rename_all = "kebab-case")]
pub enum GrantTarget {
    /// `ON [TABLE] a, b` (tables, views, materialized and foreign tables).
    Tables {
        /// The relations.
        names: Vec<QualifiedName>,
    },
    /// `ON ALL TABLES IN SCHEMA s, …`.
    AllTablesIn {
        /// Schemas.
        schemas: Vec<String>,
    },
    /// `ON FUNCTION|PROCEDURE|ROUTINE f(args), …`.
    Functions {
        /// The functions with their argument list text (`None` when not given).
        names: Vec<(QualifiedName, Option<String>)>,
    },
    /// `ON ALL FUNCTIONS|ROUTINES IN SCHEMA s, …`.
    AllFunctionsIn {
        /// Schemas.
        schemas: Vec<String>,
    },
    /// `ALTER DEFAULT PRIVILEGES [IN SCHEMA s] … ON TABLES`.
    DefaultTables {
        /// Schemas (empty: every schema).
        schemas: Vec<String>,
    },
    /// `ALTER DEFAULT PRIVILEGES [IN SCHEMA s] … ON FUNCTIONS|ROUTINES`.
    DefaultFunctions {
        /// Schemas (empty: every schema).
        schemas: Vec<String>,
    },
}

/// A storage bucket row of `INSERT INTO storage.buckets`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BucketRow {
    /// `id` value.
    pub id: String,
    /// `name` value (the id when absent).
    pub name: String,
    /// `public` value (`false` when absent).
    pub public: bool,
    /// Span of the row's `( … )`.
    pub span: Span,
}

/// A DDL statement of interest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum DdlKind {
    /// `CREATE [MATERIALIZED] VIEW`.
    CreateView {
        /// The view.
        view: QualifiedName,
        /// `MATERIALIZED`.
        materialized: bool,
        /// `WITH (security_invoker = …)`: `Some(true)` when on.
        security_invoker: Option<bool>,
        /// Relations the query reads (`FROM`/`JOIN` targets), qualified as written.
        reads: Vec<QualifiedName>,
    },
    /// `ALTER VIEW v SET (security_invoker = …)` / `RESET (security_invoker)`.
    AlterViewInvoker {
        /// The view.
        view: QualifiedName,
        /// New value (`false` for `RESET`).
        security_invoker: bool,
    },
    /// `ALTER VIEW|MATERIALIZED VIEW|FOREIGN TABLE v RENAME TO n`.
    RenameRelation {
        /// The relation.
        relation: QualifiedName,
        /// New name.
        new_name: Ident,
    },
    /// `DROP VIEW|MATERIALIZED VIEW|FOREIGN TABLE`.
    DropRelations {
        /// The relations.
        names: Vec<QualifiedName>,
    },
    /// `CREATE FOREIGN TABLE`.
    CreateForeignTable {
        /// The table.
        table: QualifiedName,
    },
    /// `CREATE [OR REPLACE] FUNCTION|PROCEDURE`.
    CreateFunction {
        /// The function.
        name: QualifiedName,
        /// Argument list text (whitespace-collapsed, lower case).
        args: String,
        /// `SECURITY DEFINER`.
        security_definer: bool,
        /// `SET search_path …` given.
        search_path: bool,
        /// `RETURNS` type, lower case (`trigger`, `setof …`).
        returns: String,
    },
    /// `ALTER FUNCTION f[(args)] …`.
    AlterFunction {
        /// The function.
        name: QualifiedName,
        /// Argument list, when given.
        args: Option<String>,
        /// `SECURITY DEFINER` (`Some(true)`) / `SECURITY INVOKER` (`Some(false)`).
        security_definer: Option<bool>,
        /// `SET search_path` (`Some(true)`) / `RESET search_path` / `RESET ALL` (`Some(false)`).
        search_path: Option<bool>,
        /// `RENAME TO`.
        rename: Option<String>,
    },
    /// `DROP FUNCTION|PROCEDURE|ROUTINE`.
    DropFunctions {
        /// The functions with their argument lists when given.
        names: Vec<(QualifiedName, Option<String>)>,
    },
    /// `GRANT` / `REVOKE` (also `ALTER DEFAULT PRIVILEGES … GRANT|REVOKE`).
    Grant {
        /// `REVOKE`.
        revoke: bool,
        /// Privileges, lower case (`all` for `ALL [PRIVILEGES]`).
        privileges: Vec<String>,
        /// What on.
        target: GrantTarget,
        /// Roles, lower case (`public` for `PUBLIC`).
        roles: Vec<String>,
    },
    /// `CREATE EXTENSION`.
    CreateExtension {
        /// Extension name.
        name: Ident,
        /// `SCHEMA s`.
        schema: Option<String>,
    },
    /// `ALTER EXTENSION e SET SCHEMA s`.
    AlterExtensionSchema {
        /// Extension name.
        name: String,
        /// New schema.
        schema: String,
    },
    /// `DROP EXTENSION`.
    DropExtensions {
        /// Names.
        names: Vec<String>,
    },
    /// `CREATE SCHEMA`.
    CreateSchema {
        /// Name.
        name: Ident,
    },
    /// `INSERT INTO storage.buckets`.
    InsertBuckets {
        /// Rows.
        rows: Vec<BucketRow>,
    },
    /// `UPDATE storage.buckets SET public = … WHERE id|name = '…'`.
    UpdateBucketPublic {
        /// Bucket id or name.
        bucket: String,
        /// New `public`.
        public: bool,
    },
    /// `SET pgrst.db_schemas = '…'` (also `ALTER ROLE authenticator SET …`, `set_config(…)`):
    /// the schemas PostgREST exposes.
    ExposedSchemas {
        /// Schemas.
        schemas: Vec<String>,
    },
    /// `pgmq.create('q')` (a queue: table `pgmq.q_q`).
    CreateQueue {
        /// Queue name.
        name: String,
    },
    /// `CREATE [UNIQUE] INDEX`.
    CreateIndex {
        /// Index name.
        name: Option<String>,
        /// The table.
        table: QualifiedName,
        /// `UNIQUE`.
        unique: bool,
        /// Access method (`btree` by default).
        method: String,
        /// Key columns/expressions, normalised.
        columns: Vec<ColumnKey>,
        /// `INCLUDE`/`WHERE` tail, normalised (part of the definition).
        tail: String,
    },
    /// `DROP INDEX`.
    DropIndexes {
        /// Names (without schema).
        names: Vec<String>,
    },
    /// Constraints of `CREATE TABLE` or `ALTER TABLE … ADD`.
    Constraints {
        /// The table.
        table: QualifiedName,
        /// The constraints.
        constraints: Vec<NamedConstraint>,
    },
    /// `ALTER TABLE … DROP CONSTRAINT name`.
    DropConstraint {
        /// The table.
        table: QualifiedName,
        /// Constraint name.
        name: String,
    },
    /// `ALTER TABLE … RENAME COLUMN a TO b` (indexes and constraints follow).
    RenameColumn {
        /// The table.
        table: QualifiedName,
        /// Old name.
        from: String,
        /// New name.
        to: String,
    },
}

/// A DDL statement with its span.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DdlStatement {
    /// Span of the whole statement.
    pub span: Span,
    /// What it does.
    #[serde(flatten)]
    pub kind: DdlKind,
}

/// The tokens inside the parenthesis starting at the cursor (cursor moved past the `)`).
fn paren_group<'a>(c: &mut Cur<'a>) -> Option<&'a [Tok]> {
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
                    return c.toks.get(start..c.i - 1);
                }
            }
            _ => {}
        }
    }
    c.toks.get(start..)
}

/// Split tokens at top-level commas.
fn elements(toks: &[Tok]) -> Vec<&[Tok]> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, t) in toks.iter().enumerate() {
        match t.kind {
            Tk::Punct(b'(' | b'[') => depth += 1,
            Tk::Punct(b')' | b']') => depth -= 1,
            Tk::Punct(b',') if depth == 0 => {
                out.push(toks.get(start..i).unwrap_or(&[]));
                start = i + 1;
            }
            _ => {}
        }
    }
    if start < toks.len() {
        out.push(toks.get(start..).unwrap_or(&[]));
    }
    out
}

/// Normalised text of tokens: identifiers folded as Postgres does, whitespace collapsed.
fn norm(toks: &[Tok], text: &str) -> String {
    let mut out = String::new();
    let mut prev_word = false;
    for t in toks {
        let s = text.get(t.start..t.end).unwrap_or("");
        let is_word = matches!(t.kind, Tk::Word | Tk::QIdent | Tk::Num | Tk::Str);
        if is_word && prev_word {
            out.push(' ');
        }
        match ident_name(*t, s) {
            Some(n) => out.push_str(&n),
            None => out.push_str(s),
        }
        prev_word = is_word;
    }
    out
}

/// A list of column names in parentheses.
fn column_list(c: &mut Cur<'_>) -> Vec<String> {
    let Some(inner) = paren_group(c) else { return Vec::new() };
    elements(inner)
        .iter()
        .filter_map(|el| el.first().and_then(|t| ident_name(*t, c.text.get(t.start..t.end)?)))
        .collect()
}

/// A string literal's value (`'a''b'` → `a'b`).
fn str_value(t: Tok, text: &str) -> Option<String> {
    if t.kind != Tk::Str {
        return None;
    }
    let s = text.get(t.start..t.end)?;
    let s = s.strip_prefix(['e', 'E']).unwrap_or(s);
    let inner = s.strip_prefix('\'')?.strip_suffix('\'')?;
    Some(inner.replace("''", "'"))
}

/// Comma-separated names (`a, b.c`).
fn qnames(c: &mut Cur<'_>) -> Vec<QualifiedName> {
    let mut out = Vec::new();
    while let Some(q) = c.qname() {
        out.push(q);
        if !c.punct(b',') {
            break;
        }
    }
    out
}

/// Comma-separated names, each with an optional `(args)` list.
fn function_names(c: &mut Cur<'_>) -> Vec<(QualifiedName, Option<String>)> {
    let mut out = Vec::new();
    while let Some(q) = c.qname() {
        let args = if c.peek().is_some_and(|t| t.kind == Tk::Punct(b'(')) {
            paren_group(c).map(|a| norm(a, c.text))
        } else {
            None
        };
        out.push((q, args));
        if !c.punct(b',') {
            break;
        }
    }
    out
}

/// Read a statement's DDL of interest (empty when none).
pub(crate) fn recognise(toks: &[Tok], text: &str, file: FileId) -> Vec<DdlKind> {
    let mut c = Cur::new(toks, text, file);
    let r = if c.kw("create") {
        create(&mut c)
    } else if c.kw("alter") {
        alter(&mut c)
    } else if c.kw("drop") {
        drop(&mut c)
    } else if c.peek_kw("grant") || c.peek_kw("revoke") {
        grant(&mut c, None).into_iter().collect()
    } else if c.kw("insert") {
        insert(&mut c).into_iter().collect()
    } else if c.kw("update") {
        update(&mut c).into_iter().collect()
    } else if c.peek_kw("select") || c.peek_kw("perform") {
        queue(&c).or_else(|| db_schemas(&c)).into_iter().collect()
    } else if c.peek_kw("set") {
        db_schemas(&c).into_iter().collect()
    } else {
        Vec::new()
    };
    if r.is_empty() && c.toks.first().is_some_and(|t| c.is_kw(*t, "alter")) {
        return db_schemas(&c).into_iter().collect();
    }
    let _ = file;
    r
}

fn create(c: &mut Cur<'_>) -> Vec<DdlKind> {
    let or_replace = c.kws(&["or", "replace"]);
    let _ = or_replace;
    if c.kw("schema") {
        c.kws(&["if", "not", "exists"]);
        return c.ident().map(|name| DdlKind::CreateSchema { name }).into_iter().collect();
    }
    if c.kw("extension") {
        c.kws(&["if", "not", "exists"]);
        let Some(name) = c.ident() else { return Vec::new() };
        let mut schema = None;
        while !c.at_end() {
            if c.kw("schema") {
                schema = c.ident().map(|i| i.name);
            } else {
                c.i += 1;
            }
        }
        return vec![DdlKind::CreateExtension { name, schema }];
    }
    if c.peek_kw("function") || c.peek_kw("procedure") {
        c.i += 1;
        return function(c).into_iter().collect();
    }
    if c.kws(&["foreign", "table"]) {
        c.kws(&["if", "not", "exists"]);
        return c.qname().map(|table| DdlKind::CreateForeignTable { table }).into_iter().collect();
    }
    let save = c.i;
    let _ = c.kw("temp") || c.kw("temporary");
    c.kw("recursive");
    let materialized = c.kw("materialized");
    if c.kw("view") {
        if save != c.i
            && !materialized
            && c.toks.get(save).is_some_and(|t| c.is_kw(*t, "temp") || c.is_kw(*t, "temporary"))
        {
            return Vec::new();
        }
        c.kws(&["if", "not", "exists"]);
        return view(c, materialized).into_iter().collect();
    }
    c.i = save;
    let unique = c.kw("unique");
    if c.kw("index") {
        return index(c, unique).into_iter().collect();
    }
    c.i = save;
    let _ = c.kw("global") || c.kw("local");
    if c.kw("temp") || c.kw("temporary") {
        return Vec::new();
    }
    c.kw("unlogged");
    if c.kw("table") {
        c.kws(&["if", "not", "exists"]);
        let Some(table) = c.qname() else { return Vec::new() };
        if c.peek_kw("partition") || c.peek_kw("as") || c.peek_kw("of") {
            return Vec::new();
        }
        let Some(inner) = paren_group(c) else { return Vec::new() };
        let mut constraints = Vec::new();
        for el in elements(inner) {
            constraints.extend(table_element(el, c.text, c.file));
        }
        return vec![DdlKind::Constraints { table, constraints }];
    }
    Vec::new()
}

/// Constraints of one `CREATE TABLE` element (a column or a table constraint).
fn table_element(el: &[Tok], text: &str, file: FileId) -> Vec<NamedConstraint> {
    let Some((first, last)) = el.first().zip(el.last()) else { return Vec::new() };
    let span = Span::new(file, first.start, last.end);
    let mut c = Cur::new(el, text, file);
    let mut name = None;
    if c.kw("constraint") {
        name = c.ident().map(|i| i.name);
    }
    if c.kws(&["primary", "key"]) {
        let columns = column_list(&mut c);
        return vec![NamedConstraint { name, span, constraint: Constraint::PrimaryKey { columns } }];
    }
    if c.kw("unique") {
        c.kws(&["nulls", "not", "distinct"]);
        c.kws(&["nulls", "distinct"]);
        let columns = column_list(&mut c);
        return vec![NamedConstraint { name, span, constraint: Constraint::Unique { columns } }];
    }
    if c.kws(&["foreign", "key"]) {
        let columns = column_list(&mut c);
        if !c.kw("references") {
            return Vec::new();
        }
        let Some(references) = c.qname() else { return Vec::new() };
        let ref_columns =
            if c.peek().is_some_and(|t| t.kind == Tk::Punct(b'(')) { column_list(&mut c) } else { Vec::new() };
        return vec![NamedConstraint {
            name,
            span,
            constraint: Constraint::ForeignKey { columns, references, ref_columns },
        }];
    }
    if name.is_some() || ["check", "exclude", "like", "period"].iter().any(|k| c.peek_kw(k)) {
        return Vec::new();
    }
    // A column: inline PRIMARY KEY / UNIQUE / REFERENCES.
    let Some(col) = c.ident() else { return Vec::new() };
    let mut out = Vec::new();
    let mut cname = None;
    while !c.at_end() {
        if c.kw("constraint") {
            cname = c.ident().map(|i| i.name);
        } else if c.kws(&["primary", "key"]) {
            out.push(NamedConstraint {
                name: cname.take(),
                span,
                constraint: Constraint::PrimaryKey { columns: vec![col.name.clone()] },
            });
        } else if c.kw("unique") {
            out.push(NamedConstraint {
                name: cname.take(),
                span,
                constraint: Constraint::Unique { columns: vec![col.name.clone()] },
            });
        } else if c.kw("references") {
            let Some(references) = c.qname() else { break };
            let ref_columns =
                if c.peek().is_some_and(|t| t.kind == Tk::Punct(b'(')) { column_list(&mut c) } else { Vec::new() };
            out.push(NamedConstraint {
                name: cname.take(),
                span,
                constraint: Constraint::ForeignKey { columns: vec![col.name.clone()], references, ref_columns },
            });
        } else if c.peek().is_some_and(|t| t.kind == Tk::Punct(b'(')) {
            let _ = paren_group(&mut c);
        } else {
            c.i += 1;
        }
    }
    out
}

/// `WITH (k = v, …)` options: the value of `security_invoker` when present.
fn invoker_option(opts: &[Tok], text: &str) -> Option<bool> {
    for el in elements(opts) {
        let mut it = el.iter();
        let Some(k) = it.next() else { continue };
        let key = ident_name(*k, text.get(k.start..k.end).unwrap_or("")).unwrap_or_default();
        if key != "security_invoker" {
            continue;
        }
        let rest: Vec<&Tok> = it.filter(|t| t.kind != Tk::Punct(b'=')).collect();
        let Some(v) = rest.first() else { return Some(true) };
        let raw = text.get(v.start..v.end).unwrap_or("");
        let val = str_value(**v, text).unwrap_or_else(|| raw.to_owned()).to_ascii_lowercase();
        return Some(matches!(val.as_str(), "true" | "on" | "1" | "yes" | "t" | "y"));
    }
    None
}

fn view(c: &mut Cur<'_>, materialized: bool) -> Option<DdlKind> {
    let view = c.qname()?;
    if c.peek().is_some_and(|t| t.kind == Tk::Punct(b'(')) {
        let _ = paren_group(c);
    }
    let mut security_invoker = None;
    if c.kw("using") {
        c.i += 1;
    }
    if c.kw("with") {
        if let Some(opts) = paren_group(c) {
            security_invoker = invoker_option(opts, c.text);
        }
    }
    // Relations read by the query: names after FROM / JOIN / `,` in a FROM list.
    let mut reads = Vec::new();
    let mut in_from = false;
    while let Some(t) = c.peek() {
        if c.is_kw(t, "from") || c.is_kw(t, "join") {
            c.i += 1;
            in_from = true;
            c.kw("only");
            c.kw("lateral");
            if let Some(q) = c.qname() {
                if !c.peek().is_some_and(|t| t.kind == Tk::Punct(b'(')) {
                    reads.push(q);
                }
            }
            continue;
        }
        if in_from && t.kind == Tk::Punct(b',') {
            c.i += 1;
            if let Some(q) = c.qname() {
                if !c.peek().is_some_and(|t| t.kind == Tk::Punct(b'(')) {
                    reads.push(q);
                }
            }
            continue;
        }
        if ["where", "group", "order", "limit", "having", "union", "on", "select"].iter().any(|k| c.is_kw(t, k)) {
            in_from = false;
        }
        c.i += 1;
    }
    Some(DdlKind::CreateView { view, materialized, security_invoker, reads })
}

fn index(c: &mut Cur<'_>, unique: bool) -> Option<DdlKind> {
    c.kw("concurrently");
    c.kws(&["if", "not", "exists"]);
    let name = if c.peek_kw("on") { None } else { c.ident().map(|i| i.name) };
    if !c.kw("on") {
        return None;
    }
    c.kw("only");
    let table = c.qname()?;
    let mut method = "btree".to_owned();
    if c.kw("using") {
        let t = c.peek()?;
        method = c.slice(t).to_ascii_lowercase();
        c.i += 1;
    }
    let inner = paren_group(c)?;
    let columns = elements(inner).iter().map(|el| norm(el, c.text)).collect();
    let tail = norm(c.toks.get(c.i..).unwrap_or(&[]), c.text);
    Some(DdlKind::CreateIndex { name, table, unique, method, columns, tail })
}

fn function(c: &mut Cur<'_>) -> Option<DdlKind> {
    let name = c.qname()?;
    let args = paren_group(c).map(|a| norm(a, c.text)).unwrap_or_default();
    let mut security_definer = false;
    let mut search_path = false;
    let mut returns = String::new();
    while let Some(t) = c.peek() {
        if c.kws(&["security", "definer"]) || c.kws(&["external", "security", "definer"]) {
            security_definer = true;
        } else if c.kws(&["security", "invoker"]) || c.kws(&["external", "security", "invoker"]) {
            security_definer = false;
        } else if c.kw("set") {
            if c.peek().is_some_and(|t| ident_name(t, c.slice(t)).as_deref() == Some("search_path")) {
                search_path = true;
            }
        } else if c.kw("returns") {
            let start = c.i;
            while let Some(t) = c.peek() {
                if ["language", "as", "security", "set", "immutable", "stable", "volatile", "strict", "begin"]
                    .iter()
                    .any(|k| c.is_kw(t, k))
                    || matches!(t.kind, Tk::Dollar | Tk::Str)
                {
                    break;
                }
                c.i += 1;
            }
            returns = norm(c.toks.get(start..c.i).unwrap_or(&[]), c.text);
        } else if c.is_kw(t, "begin") && c.toks.get(c.i.wrapping_sub(1)).is_some_and(|p| c.is_kw(*p, "atomic")) {
            break;
        } else {
            c.i += 1;
        }
    }
    Some(DdlKind::CreateFunction { name, args, security_definer, search_path, returns })
}

fn alter(c: &mut Cur<'_>) -> Vec<DdlKind> {
    if c.peek_kw("function") || c.peek_kw("procedure") || c.peek_kw("routine") {
        c.i += 1;
        let Some(name) = c.qname() else { return Vec::new() };
        let args = if c.peek().is_some_and(|t| t.kind == Tk::Punct(b'(')) {
            paren_group(c).map(|a| norm(a, c.text))
        } else {
            None
        };
        let (mut security_definer, mut search_path, mut rename) = (None, None, None);
        while !c.at_end() {
            if c.kws(&["security", "definer"]) || c.kws(&["external", "security", "definer"]) {
                security_definer = Some(true);
            } else if c.kws(&["security", "invoker"]) || c.kws(&["external", "security", "invoker"]) {
                security_definer = Some(false);
            } else if c.kw("set") {
                if c.peek().is_some_and(|t| ident_name(t, c.slice(t)).as_deref() == Some("search_path")) {
                    search_path = Some(true);
                }
            } else if c.kw("reset") {
                if c.peek().is_some_and(|t| matches!(ident_name(t, c.slice(t)).as_deref(), Some("search_path" | "all")))
                {
                    search_path = Some(false);
                }
            } else if c.kws(&["rename", "to"]) {
                rename = c.ident().map(|i| i.name);
            } else {
                c.i += 1;
            }
        }
        return vec![DdlKind::AlterFunction { name, args, security_definer, search_path, rename }];
    }
    if c.kws(&["default", "privileges"]) {
        let mut schemas = Vec::new();
        loop {
            if c.kws(&["for", "role"]) || c.kws(&["for", "user"]) {
                let mut owners = Vec::new();
                while let Some(r) = c.ident() {
                    owners.push(r.name);
                    if !c.punct(b',') {
                        break;
                    }
                }
                // Default privileges of another owner do not apply to what migrations create.
                if !owners.iter().any(|o| o == "postgres" || o == "supabase_admin") {
                    return Vec::new();
                }
            } else if c.kws(&["in", "schema"]) {
                while let Some(s) = c.ident() {
                    schemas.push(s.name);
                    if !c.punct(b',') {
                        break;
                    }
                }
            } else {
                break;
            }
        }
        return grant(c, Some(schemas)).into_iter().collect();
    }
    if c.kw("extension") {
        let Some(name) = c.ident() else { return Vec::new() };
        if c.kws(&["set", "schema"]) {
            if let Some(s) = c.ident() {
                return vec![DdlKind::AlterExtensionSchema { name: name.name, schema: s.name }];
            }
        }
        return Vec::new();
    }
    let materialized = c.kw("materialized");
    if c.kw("view") || (!materialized && c.kws(&["foreign", "table"])) {
        c.kws(&["if", "exists"]);
        let Some(relation) = c.qname() else { return Vec::new() };
        if c.kws(&["rename", "to"]) {
            return c.ident().map(|new_name| DdlKind::RenameRelation { relation, new_name }).into_iter().collect();
        }
        if c.kw("set") {
            if let Some(opts) = paren_group(c) {
                if let Some(v) = invoker_option(opts, c.text) {
                    return vec![DdlKind::AlterViewInvoker { view: relation, security_invoker: v }];
                }
            }
        } else if c.kw("reset") {
            if let Some(opts) = paren_group(c) {
                if invoker_option(opts, c.text).is_some() {
                    return vec![DdlKind::AlterViewInvoker { view: relation, security_invoker: false }];
                }
            }
        }
        return Vec::new();
    }
    if c.kw("table") {
        c.kws(&["if", "exists"]);
        c.kw("only");
        let Some(table) = c.qname() else { return Vec::new() };
        let rest = c.toks.get(c.i..).unwrap_or(&[]);
        let mut out = Vec::new();
        let mut constraints = Vec::new();
        for el in elements(rest) {
            let mut a = Cur::new(el, c.text, c.file);
            if a.kw("add") {
                a.kw("column");
                a.kws(&["if", "not", "exists"]);
                constraints.extend(table_element(el.get(a.i..).unwrap_or(&[]), c.text, c.file));
            } else if a.kws(&["drop", "constraint"]) {
                a.kws(&["if", "exists"]);
                if let Some(n) = a.ident() {
                    out.push(DdlKind::DropConstraint { table: table.clone(), name: n.name });
                }
            } else if a.kw("rename") {
                a.kw("column");
                if a.peek_kw("to") || a.peek_kw("constraint") {
                    continue;
                }
                if let Some(from) = a.ident() {
                    if a.kw("to") {
                        if let Some(to) = a.ident() {
                            out.push(DdlKind::RenameColumn { table: table.clone(), from: from.name, to: to.name });
                        }
                    }
                }
            }
        }
        if !constraints.is_empty() {
            out.insert(0, DdlKind::Constraints { table, constraints });
        }
        return out;
    }
    Vec::new()
}

fn drop(c: &mut Cur<'_>) -> Vec<DdlKind> {
    if c.peek_kw("function") || c.peek_kw("procedure") || c.peek_kw("routine") {
        c.i += 1;
        c.kws(&["if", "exists"]);
        return vec![DdlKind::DropFunctions { names: function_names(c) }];
    }
    if c.kw("extension") {
        c.kws(&["if", "exists"]);
        return vec![DdlKind::DropExtensions { names: qnames(c).into_iter().map(|q| q.name).collect() }];
    }
    if c.kw("index") {
        c.kw("concurrently");
        c.kws(&["if", "exists"]);
        return vec![DdlKind::DropIndexes { names: qnames(c).into_iter().map(|q| q.name).collect() }];
    }
    let materialized = c.kw("materialized");
    if c.kw("view") || (!materialized && c.kws(&["foreign", "table"])) {
        c.kws(&["if", "exists"]);
        return vec![DdlKind::DropRelations { names: qnames(c) }];
    }
    Vec::new()
}

/// `GRANT|REVOKE privileges ON target TO|FROM roles` (`defaults`: inside `ALTER DEFAULT PRIVILEGES`).
fn grant(c: &mut Cur<'_>, defaults: Option<Vec<String>>) -> Option<DdlKind> {
    let revoke = if c.kw("grant") {
        false
    } else if c.kw("revoke") {
        c.kws(&["grant", "option", "for"]);
        true
    } else {
        return None;
    };
    let mut privileges = Vec::new();
    while let Some(t) = c.peek() {
        if c.is_kw(t, "on") {
            break;
        }
        match t.kind {
            Tk::Word => {
                let w = c.slice(t).to_ascii_lowercase();
                if w != "privileges" {
                    privileges.push(w);
                }
                c.i += 1;
            }
            Tk::Punct(b'(') => {
                // Column privileges: not a table privilege.
                let _ = paren_group(c);
                privileges.pop();
            }
            _ => c.i += 1,
        }
    }
    if !c.kw("on") {
        return None;
    }
    let schemas_list = |c: &mut Cur<'_>| {
        let mut v = Vec::new();
        while let Some(s) = c.ident() {
            v.push(s.name);
            if !c.punct(b',') {
                break;
            }
        }
        v
    };
    let target = if let Some(schemas) = defaults {
        if c.kw("tables") {
            GrantTarget::DefaultTables { schemas }
        } else if c.kw("functions") || c.kw("routines") {
            GrantTarget::DefaultFunctions { schemas }
        } else {
            return None;
        }
    } else if c.kw("all") {
        let tables = c.kw("tables");
        let funcs = !tables && (c.kw("functions") || c.kw("routines") || c.kw("procedures"));
        if !(tables || funcs) || !c.kws(&["in", "schema"]) {
            return None;
        }
        let schemas = schemas_list(c);
        if tables {
            GrantTarget::AllTablesIn { schemas }
        } else {
            GrantTarget::AllFunctionsIn { schemas }
        }
    } else if c.kw("function") || c.kw("procedure") || c.kw("routine") {
        GrantTarget::Functions { names: function_names(c) }
    } else if [
        "schema",
        "sequence",
        "sequences",
        "database",
        "type",
        "domain",
        "language",
        "foreign",
        "large",
        "tablespace",
        "parameter",
    ]
    .iter()
    .any(|k| c.peek_kw(k))
    {
        return None;
    } else {
        c.kw("table");
        GrantTarget::Tables { names: qnames(c) }
    };
    if !(c.kw("to") || c.kw("from")) {
        return None;
    }
    let mut roles = Vec::new();
    while let Some(t) = c.peek() {
        if c.is_kw(t, "group") {
            c.i += 1;
            continue;
        }
        match c.ident() {
            Some(r) => roles.push(r.name),
            None => break,
        }
        if !c.punct(b',') {
            break;
        }
    }
    Some(DdlKind::Grant { revoke, privileges, target, roles })
}

fn insert(c: &mut Cur<'_>) -> Option<DdlKind> {
    if !c.kw("into") {
        return None;
    }
    let q = c.qname()?;
    if q.schema.as_deref() != Some("storage") || q.name != "buckets" {
        return None;
    }
    let cols = column_list(c);
    if !c.kw("values") {
        return None;
    }
    let mut rows = Vec::new();
    loop {
        let start = c.peek()?;
        let Some(vals) = paren_group(c) else { break };
        let end = c.toks.get(c.i.wrapping_sub(1)).copied().unwrap_or(start);
        let values = elements(vals);
        let get = |name: &str| -> Option<&[Tok]> {
            let i = cols.iter().position(|n| n == name)?;
            values.get(i).copied()
        };
        let text = |v: Option<&[Tok]>| v.and_then(|v| v.first().and_then(|t| str_value(*t, c.text)));
        let id = text(get("id"));
        let name = text(get("name"));
        let public = get("public").is_some_and(|v| {
            let s = norm(v, c.text).to_ascii_lowercase();
            matches!(s.as_str(), "true" | "'true'" | "'t'" | "'on'" | "'yes'" | "true::boolean")
        });
        if let Some(id) = id.clone().or_else(|| name.clone()) {
            rows.push(BucketRow {
                name: name.unwrap_or_else(|| id.clone()),
                id,
                public,
                span: Span::new(c.file, start.start, end.end),
            });
        }
        if !c.punct(b',') {
            break;
        }
    }
    Some(DdlKind::InsertBuckets { rows })
}

fn update(c: &mut Cur<'_>) -> Option<DdlKind> {
    let q = c.qname()?;
    if q.schema.as_deref() != Some("storage") || q.name != "buckets" || !c.kw("set") {
        return None;
    }
    let mut public = None;
    let mut bucket = None;
    while let Some(t) = c.peek() {
        let n = ident_name(t, c.slice(t));
        c.i += 1;
        if n.as_deref() == Some("public") && c.punct(b'=') {
            public = c.peek().map(|v| c.slice(v).eq_ignore_ascii_case("true"));
        } else if matches!(n.as_deref(), Some("id" | "name")) && c.punct(b'=') {
            bucket = c.peek().and_then(|v| str_value(v, c.text));
        }
    }
    Some(DdlKind::UpdateBucketPublic { bucket: bucket?, public: public? })
}

/// `select pgmq.create('name')` (also `create_unlogged`, `create_partitioned`).
fn queue(c: &Cur<'_>) -> Option<DdlKind> {
    let toks = c.toks;
    for (i, t) in toks.iter().enumerate() {
        if ident_name(*t, c.slice(*t)).as_deref() != Some("pgmq") {
            continue;
        }
        let f = toks.get(i + 2)?;
        let fname = ident_name(*f, c.slice(*f))?;
        if toks.get(i + 1).is_some_and(|d| d.kind == Tk::Punct(b'.'))
            && matches!(fname.as_str(), "create" | "create_unlogged" | "create_partitioned")
            && toks.get(i + 3).is_some_and(|p| p.kind == Tk::Punct(b'('))
        {
            let name = str_value(*toks.get(i + 4)?, c.text)?;
            return Some(DdlKind::CreateQueue { name: name.to_lowercase() });
        }
    }
    None
}

/// `pgrst.db_schemas` set to a string literal anywhere in the statement.
fn db_schemas(c: &Cur<'_>) -> Option<DdlKind> {
    let toks = c.toks;
    let text = c.text;
    let at = toks.iter().position(|t| {
        let s = text.get(t.start..t.end).unwrap_or("").to_ascii_lowercase();
        s == "db_schemas" || s == "'pgrst.db_schemas'"
    })?;
    let value = toks.iter().skip(at + 1).find_map(|t| str_value(*t, text))?;
    let schemas: Vec<String> =
        value.split(',').map(|s| s.trim().trim_matches('"').to_owned()).filter(|s| !s.is_empty()).collect();
    (!schemas.is_empty()).then_some(DdlKind::ExposedSchemas { schemas })
}

/// Whitespace-collapsed text of a span (for messages).
#[must_use]
pub fn collapse(s: &str) -> String {
    collapse_ws(s)
}
