//! The Postgres schema a project's migrations build, replayed in the order the migration tool
//! applies them (files in path order, statements in file order; rollbacks skipped).
//!
//! Relations (tables, views, materialized views, foreign tables, queue tables) with their
//! columns, row-level security, policies, `security_invoker`, the roles that may `SELECT` them,
//! keys and indexes; functions with `SECURITY DEFINER`, `search_path` and the roles that may
//! execute them; extensions and their schema; storage buckets. Drops, renames and
//! `CREATE OR REPLACE` are applied. Every piece of state remembers the statement that set it, so
//! rules point at the statement that created the offending state.
//!
//! Privileges follow Postgres and Supabase defaults: `PUBLIC` may execute every new function;
//! in a Supabase project, objects created in `public` are granted to `anon`, `authenticated` and
//! `service_role` (Supabase's default privileges), and `ALTER DEFAULT PRIVILEGES` changes that
//! for later objects.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::base::kind::FileKind;
use crate::base::source::Span;
use crate::syntax::sql::{PolicyClauses, QualifiedName, SqlMigration, StatementKind};
use crate::syntax::sql_ddl::{Constraint, DdlKind, GrantTarget};
use crate::syntax::Document;

use super::ParsedFile;

/// Schemas Supabase (and Postgres) manage; Splinter's lints skip them.
pub const SYSTEM_SCHEMAS: &[&str] = &[
    "_timescaledb_cache",
    "_timescaledb_catalog",
    "_timescaledb_config",
    "_timescaledb_internal",
    "auth",
    "cron",
    "extensions",
    "graphql",
    "graphql_public",
    "information_schema",
    "net",
    "pgmq",
    "pgroonga",
    "pgsodium",
    "pgsodium_masks",
    "pgtle",
    "pgbouncer",
    "pg_catalog",
    "realtime",
    "repack",
    "storage",
    "supabase_functions",
    "supabase_migrations",
    "tiger",
    "topology",
    "vault",
];

/// Whether `schema` is one Supabase or Postgres manages.
#[must_use]
pub fn is_system_schema(schema: &str) -> bool {
    SYSTEM_SCHEMAS.contains(&schema) || schema.starts_with("pg_")
}

/// The kind of a relation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RelKind {
    /// `CREATE TABLE`.
    Table,
    /// `CREATE VIEW`.
    View,
    /// `CREATE MATERIALIZED VIEW`.
    MaterializedView,
    /// `CREATE FOREIGN TABLE`.
    ForeignTable,
}

impl RelKind {
    /// Lower-case words.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            RelKind::Table => "table",
            RelKind::View => "view",
            RelKind::MaterializedView => "materialized view",
            RelKind::ForeignTable => "foreign table",
        }
    }
}

/// A column.
#[derive(Debug, Clone, Serialize)]
pub struct PgColumn {
    /// Name.
    pub name: String,
    /// Type and constraints as written (whitespace-collapsed).
    pub definition: String,
    /// Span of the name.
    pub span: Span,
}

/// A live policy.
#[derive(Debug, Clone, Serialize)]
pub struct PgPolicy {
    /// Name.
    pub name: String,
    /// The `CREATE POLICY` statement.
    pub span: Span,
    /// Its clauses.
    pub clauses: PolicyClauses,
}

impl PgPolicy {
    /// Whether the policy applies to a role the Supabase Data API uses (`public`, `anon`,
    /// `authenticated`).
    #[must_use]
    pub fn for_api_roles(&self) -> bool {
        self.clauses.roles.is_empty()
            || self.clauses.roles.iter().any(|r| matches!(r.as_str(), "public" | "anon" | "authenticated"))
    }
}

/// A foreign key.
#[derive(Debug, Clone, Serialize)]
pub struct PgForeignKey {
    /// Constraint name.
    pub name: Option<String>,
    /// Referencing columns.
    pub columns: Vec<String>,
    /// Referenced schema.
    pub ref_schema: String,
    /// Referenced table.
    pub ref_table: String,
    /// Referenced columns (empty: primary key).
    pub ref_columns: Vec<String>,
    /// Where it is declared.
    pub span: Span,
}

/// An index (also the ones primary keys and unique constraints create).
#[derive(Debug, Clone, Serialize)]
pub struct PgIndex {
    /// Name, when known.
    pub name: Option<String>,
    /// Unique.
    pub unique: bool,
    /// Access method.
    pub method: String,
    /// Key columns/expressions (normalised).
    pub columns: Vec<String>,
    /// `INCLUDE`/`WHERE` tail (normalised).
    pub tail: String,
    /// Created by a constraint (primary key / unique), not `CREATE INDEX`.
    pub constraint: bool,
    /// Where it is created.
    pub span: Span,
}

/// A relation (table, view, …).
#[derive(Debug, Clone, Serialize)]
pub struct PgRelation {
    /// Schema.
    pub schema: String,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: RelKind,
    /// Span of the name in the statement that created it.
    pub span: Span,
    /// The creating statement.
    pub stmt: Span,
    /// Columns.
    pub columns: Vec<PgColumn>,
    /// Where row-level security was (last) enabled, while it is enabled.
    pub rls: Option<Span>,
    /// Where row-level security was disabled last, when it was.
    pub rls_disabled: Option<Span>,
    /// Live policies.
    pub policies: Vec<PgPolicy>,
    /// `security_invoker` of a view and where it was set.
    pub security_invoker: bool,
    /// Where `security_invoker` was last set (on or off).
    pub invoker_span: Option<Span>,
    /// Relations a view reads (schema, name).
    pub reads: Vec<(String, String)>,
    /// Roles that may `SELECT` it, with the statement that granted it (the creating statement for
    /// default privileges).
    pub select: BTreeMap<String, Span>,
    /// Primary key, where declared.
    pub primary_key: Option<Span>,
    /// Foreign keys.
    pub foreign_keys: Vec<PgForeignKey>,
    /// Indexes.
    pub indexes: Vec<PgIndex>,
    /// A pgmq queue table.
    pub queue: bool,
    /// Dropped later.
    pub dropped: bool,
}

impl PgRelation {
    /// Whether `role` may `SELECT` it (directly or through `PUBLIC`); the granting statement.
    #[must_use]
    pub fn selectable_by(&self, role: &str) -> Option<Span> {
        self.select.get(role).or_else(|| self.select.get("public")).copied()
    }

    /// `anon` or `authenticated` may `SELECT` it: the first such role and where.
    #[must_use]
    pub fn api_select(&self) -> Option<(&'static str, Span)> {
        self.selectable_by("anon")
            .map(|s| ("anon", s))
            .or_else(|| self.selectable_by("authenticated").map(|s| ("authenticated", s)))
    }

    /// `schema.name`, quoting names that need it.
    #[must_use]
    pub fn display(&self) -> String {
        format!("{}.{}", quote(&self.schema), quote(&self.name))
    }
}

/// `name` as Postgres would print it (quoted unless plain lower case).
#[must_use]
pub fn quote(s: &str) -> String {
    let plain = s.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if plain {
        s.to_owned()
    } else {
        format!("\"{}\"", s.replace('"', "\"\""))
    }
}

/// A function or procedure.
#[derive(Debug, Clone, Serialize)]
pub struct PgFunction {
    /// Schema.
    pub schema: String,
    /// Name.
    pub name: String,
    /// Argument types (normalised identity).
    pub args: String,
    /// Span of the name in the (last) `CREATE [OR REPLACE] FUNCTION`.
    pub span: Span,
    /// `SECURITY DEFINER`.
    pub security_definer: bool,
    /// `search_path` is pinned (`SET search_path …`).
    pub search_path: bool,
    /// Return type, lower case.
    pub returns: String,
    /// Roles that may execute it (`public` = everyone), with the granting statement.
    pub execute: BTreeMap<String, Span>,
    /// Where `SECURITY DEFINER` / `search_path` were last changed by `ALTER FUNCTION`.
    pub altered: Vec<Span>,
    /// Dropped later.
    pub dropped: bool,
}

impl PgFunction {
    /// Whether `role` may execute it; the granting statement.
    #[must_use]
    pub fn executable_by(&self, role: &str) -> Option<Span> {
        self.execute.get(role).or_else(|| self.execute.get("public")).copied()
    }
}

/// An extension.
#[derive(Debug, Clone, Serialize)]
pub struct PgExtension {
    /// Name.
    pub name: String,
    /// Schema it lives in.
    pub schema: String,
    /// The `CREATE EXTENSION` (or `ALTER EXTENSION … SET SCHEMA`) that put it there.
    pub span: Span,
    /// Dropped later.
    pub dropped: bool,
}

/// A storage bucket.
#[derive(Debug, Clone, Serialize)]
pub struct PgBucket {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Public.
    pub public: bool,
    /// Where it was inserted (the row) or last made public.
    pub span: Span,
}

/// The schema one migrations project builds.
#[derive(Debug, Clone, Serialize)]
pub struct PgProject {
    /// The project (directory containing `migrations/`).
    pub project: String,
    /// Supabase migrations (by path, or by what they use: `auth.uid()`, `anon`, storage).
    pub supabase: bool,
    /// Schemas the Data API exposes (`[api] schemas` of `supabase/config.toml`, default
    /// `public`, `graphql_public`).
    pub exposed: Vec<String>,
    /// Relations, dropped ones included (flagged).
    pub relations: Vec<PgRelation>,
    /// Functions, dropped ones included (flagged).
    pub functions: Vec<PgFunction>,
    /// Extensions, dropped ones included (flagged).
    pub extensions: Vec<PgExtension>,
    /// Storage buckets.
    pub buckets: Vec<PgBucket>,
    /// The migrations set `pgrst.db_schemas` themselves (it wins over `config.toml`).
    #[serde(skip)]
    pub exposed_set: bool,
}

impl PgProject {
    /// Whether `schema` is exposed through the Data API.
    #[must_use]
    pub fn is_exposed(&self, schema: &str) -> bool {
        self.exposed.iter().any(|s| s == schema)
    }

    /// Live relations.
    pub fn live_relations(&self) -> impl Iterator<Item = &PgRelation> {
        self.relations.iter().filter(|r| !r.dropped)
    }

    /// Live functions.
    pub fn live_functions(&self) -> impl Iterator<Item = &PgFunction> {
        self.functions.iter().filter(|f| !f.dropped)
    }

    /// Whether an extension is installed (live).
    #[must_use]
    pub fn has_extension(&self, name: &str) -> bool {
        self.extensions.iter().any(|e| !e.dropped && e.name == name)
    }

    /// The live relation `schema.name`.
    #[must_use]
    pub fn relation(&self, schema: &str, name: &str) -> Option<&PgRelation> {
        self.relations.iter().rev().find(|r| !r.dropped && r.schema == schema && r.name == name)
    }
}

/// Extensions whose control file pins their schema (they never land in `public`).
const PINNED_EXTENSIONS: &[&str] =
    &["plpgsql", "pg_cron", "pg_graphql", "pgsodium", "supabase_vault", "pgmq", "pg_net", "pg_tle", "pgtle"];

/// Argument identity of a function: the types, without names, modes and defaults.
#[must_use]
pub fn arg_identity(args: &str) -> String {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut cur = String::new();
    let mut parts = Vec::new();
    for ch in args.chars() {
        match ch {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(std::mem::take(&mut cur));
                continue;
            }
            _ => {}
        }
        cur.push(ch);
    }
    if !cur.trim().is_empty() {
        parts.push(cur);
    }
    for p in parts {
        let p = p.trim();
        let p = p.split(" default ").next().unwrap_or(p);
        let p = p.split('=').next().unwrap_or(p).trim();
        let mut words: Vec<&str> = p.split_whitespace().collect();
        if words.first().is_some_and(|w| matches!(*w, "out")) {
            continue;
        }
        if words.first().is_some_and(|w| matches!(*w, "in" | "inout" | "variadic")) {
            words.remove(0);
        }
        let multi = ["varying", "precision", "with", "without", "zone", "time", "[]"];
        if words.len() >= 2
            && !words.get(1).is_some_and(|w| multi.contains(w) || w.starts_with('(') || w.starts_with('['))
        {
            let first = words.first().copied().unwrap_or("");
            let type_starts = ["double", "character", "bit", "timestamp", "time", "interval", "national"];
            if !type_starts.contains(&first) {
                words.remove(0);
            }
        }
        out.push(words.join(" "));
    }
    out.join(",")
}

#[derive(Default)]
struct Replay {
    projects: BTreeMap<String, PgProject>,
    /// Default privileges per project: (schema or "", tables?) → roles.
    defaults: BTreeMap<(String, String, bool), BTreeSet<String>>,
}

fn schema_of(q: &QualifiedName) -> String {
    q.schema_or_public().to_owned()
}

fn find_rel<'a>(p: &'a mut PgProject, q: &QualifiedName) -> Option<&'a mut PgRelation> {
    let schema = schema_of(q);
    p.relations.iter_mut().rev().find(|r| !r.dropped && r.schema == schema && r.name == q.name)
}

/// Whether a migration file looks like Supabase's (uses its roles, auth schema or storage).
fn looks_supabase(doc: &SqlMigration) -> bool {
    doc.statements.iter().any(|s| match &s.kind {
        StatementKind::CreatePolicy { clauses, .. } => {
            clauses.roles.iter().any(|r| matches!(r.as_str(), "anon" | "authenticated" | "service_role"))
                || [&clauses.using, &clauses.with_check].iter().any(|e| {
                    e.as_ref().is_some_and(|e| {
                        let t = e.text.to_ascii_lowercase();
                        ["auth.uid()", "auth.jwt()", "auth.role()", "auth.email()"].iter().any(|f| t.contains(f))
                    })
                })
        }
        _ => false,
    }) || doc.ddl.iter().any(|d| match &d.kind {
        DdlKind::Grant { roles, .. } => {
            roles.iter().any(|r| matches!(r.as_str(), "anon" | "authenticated" | "service_role"))
        }
        DdlKind::InsertBuckets { .. } | DdlKind::CreateQueue { .. } | DdlKind::ExposedSchemas { .. } => true,
        DdlKind::CreateView { reads, .. } => reads.iter().any(|q| q.schema.as_deref() == Some("auth")),
        DdlKind::Constraints { constraints, .. } => constraints.iter().any(|c| {
            matches!(&c.constraint, Constraint::ForeignKey { references, .. } if references.schema.as_deref() == Some("auth"))
        }),
        DdlKind::CreateExtension { name, .. } => {
            matches!(name.name.as_str(), "pg_graphql" | "pgmq" | "supabase_vault" | "pgsodium" | "pg_net")
        }
        _ => false,
    })
}

impl Replay {
    fn default_roles(&self, project: &str, schema: &str, tables: bool) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for s in ["", schema] {
            if let Some(r) = self.defaults.get(&(project.to_owned(), s.to_owned(), tables)) {
                out.extend(r.iter().cloned());
            }
        }
        out
    }

    fn ensure(&mut self, project: &str, supabase: bool) {
        if !self.projects.contains_key(project) {
            self.projects.insert(
                project.to_owned(),
                PgProject {
                    project: project.to_owned(),
                    supabase,
                    exposed: vec!["public".to_owned(), "graphql_public".to_owned()],
                    relations: Vec::new(),
                    functions: Vec::new(),
                    extensions: Vec::new(),
                    buckets: Vec::new(),
                    exposed_set: false,
                },
            );
            let key = |s: &str, t: bool| (project.to_owned(), s.to_owned(), t);
            self.defaults.insert(key("", false), ["public".to_owned()].into());
            if supabase {
                let api: BTreeSet<String> =
                    ["anon", "authenticated", "service_role"].iter().map(|s| (*s).to_owned()).collect();
                self.defaults.insert(key("public", true), api.clone());
                self.defaults.insert(key("public", false), api);
            }
        }
    }

    /// Supabase's own tables (`storage.objects`/`storage.buckets`, with RLS on, and
    /// `auth.users`) exist before any migration: policies and RLS switches on them are recorded
    /// on an implicit relation.
    fn implicit(&mut self, project: &str, q: &QualifiedName) {
        let storage = q.schema.as_deref() == Some("storage") && matches!(q.name.as_str(), "objects" | "buckets");
        let auth_users = q.schema.as_deref() == Some("auth") && q.name == "users";
        if !storage && !auth_users {
            return;
        }
        if self.projects.get_mut(project).and_then(|p| find_rel(p, q)).is_some() {
            return;
        }
        let i = self.new_relation(project, q, RelKind::Table, q.span);
        if let Some(r) = self.projects.get_mut(project).and_then(|p| p.relations.get_mut(i)) {
            r.rls = storage.then_some(q.span);
            r.select.clear();
        }
    }

    fn new_relation(&mut self, project: &str, q: &QualifiedName, kind: RelKind, stmt: Span) -> usize {
        let schema = schema_of(q);
        let select: BTreeMap<String, Span> =
            self.default_roles(project, &schema, true).into_iter().map(|r| (r, q.name_span)).collect();
        let Some(p) = self.projects.get_mut(project) else { return 0 };
        p.relations.push(PgRelation {
            schema,
            name: q.name.clone(),
            kind,
            span: q.name_span,
            stmt,
            columns: Vec::new(),
            rls: None,
            rls_disabled: None,
            policies: Vec::new(),
            security_invoker: false,
            invoker_span: None,
            reads: Vec::new(),
            select,
            primary_key: None,
            foreign_keys: Vec::new(),
            indexes: Vec::new(),
            queue: false,
            dropped: false,
        });
        p.relations.len() - 1
    }

    fn statement(&mut self, project: &str, span: Span, kind: &StatementKind) {
        match kind {
            StatementKind::CreateTable { table, columns, partition_of, .. } => {
                let Some(p) = self.projects.get_mut(project) else { return };
                if let Some(existing) = find_rel(p, table) {
                    if existing.kind == RelKind::Table {
                        for c in columns {
                            if !existing.columns.iter().any(|x| x.name == c.name) {
                                existing.columns.push(PgColumn {
                                    name: c.name.clone(),
                                    definition: c.definition.clone(),
                                    span: c.span,
                                });
                            }
                        }
                        return;
                    }
                }
                if *partition_of {
                    return;
                }
                let i = self.new_relation(project, table, RelKind::Table, span);
                if let Some(r) = self.projects.get_mut(project).and_then(|p| p.relations.get_mut(i)) {
                    r.columns = columns
                        .iter()
                        .map(|c| PgColumn { name: c.name.clone(), definition: c.definition.clone(), span: c.span })
                        .collect();
                }
            }
            StatementKind::AlterRls { table, action } => {
                use crate::syntax::sql::RlsAction;
                self.implicit(project, table);
                let Some(r) = self.projects.get_mut(project).and_then(|p| find_rel(p, table)) else { return };
                match action {
                    RlsAction::Enable => {
                        if r.rls.is_none() {
                            r.rls = Some(span);
                        }
                    }
                    RlsAction::Disable => {
                        r.rls = None;
                        r.rls_disabled = Some(span);
                    }
                    RlsAction::Force | RlsAction::NoForce => {}
                }
            }
            StatementKind::AddColumn { table, column } => {
                let Some(r) = self.projects.get_mut(project).and_then(|p| find_rel(p, table)) else { return };
                if !r.columns.iter().any(|c| c.name == column.name) {
                    r.columns.push(PgColumn {
                        name: column.name.clone(),
                        definition: column.definition.clone(),
                        span: column.span,
                    });
                }
            }
            StatementKind::RenameTable { table, new_name } => {
                let Some(r) = self.projects.get_mut(project).and_then(|p| find_rel(p, table)) else { return };
                r.name.clone_from(&new_name.name);
            }
            StatementKind::CreatePolicy { name, table, clauses } => {
                self.implicit(project, table);
                let Some(r) = self.projects.get_mut(project).and_then(|p| find_rel(p, table)) else { return };
                r.policies.retain(|p| p.name != name.name);
                r.policies.push(PgPolicy { name: name.name.clone(), span, clauses: clauses.clone() });
            }
            StatementKind::DropPolicy { name, table } => {
                let Some(r) = self.projects.get_mut(project).and_then(|p| find_rel(p, table)) else { return };
                r.policies.retain(|p| p.name != name.name);
            }
            StatementKind::DropTable { tables } => {
                let Some(p) = self.projects.get_mut(project) else { return };
                for q in tables {
                    if let Some(r) = find_rel(p, q) {
                        r.dropped = true;
                    }
                }
            }
        }
    }

    #[allow(clippy::too_many_lines)]
    fn ddl(&mut self, project: &str, span: Span, kind: &DdlKind) {
        match kind {
            DdlKind::CreateView { view, materialized, security_invoker, reads } => {
                let kind = if *materialized { RelKind::MaterializedView } else { RelKind::View };
                let reads: Vec<(String, String)> = reads.iter().map(|q| (schema_of(q), q.name.clone())).collect();
                if let Some(r) = self.projects.get_mut(project).and_then(|p| find_rel(p, view)) {
                    if r.kind == kind {
                        // CREATE OR REPLACE: the same object, new query and options; grants kept.
                        r.span = view.name_span;
                        r.stmt = span;
                        r.security_invoker = security_invoker.unwrap_or(false);
                        r.invoker_span = security_invoker.map(|_| span);
                        r.reads = reads;
                        return;
                    }
                }
                let i = self.new_relation(project, view, kind, span);
                if let Some(r) = self.projects.get_mut(project).and_then(|p| p.relations.get_mut(i)) {
                    r.security_invoker = security_invoker.unwrap_or(false);
                    r.invoker_span = security_invoker.map(|_| span);
                    r.reads = reads;
                }
            }
            DdlKind::AlterViewInvoker { view, security_invoker } => {
                if let Some(r) = self.projects.get_mut(project).and_then(|p| find_rel(p, view)) {
                    r.security_invoker = *security_invoker;
                    r.invoker_span = Some(span);
                }
            }
            DdlKind::RenameRelation { relation, new_name } => {
                if let Some(r) = self.projects.get_mut(project).and_then(|p| find_rel(p, relation)) {
                    r.name.clone_from(&new_name.name);
                }
            }
            DdlKind::DropRelations { names } => {
                let Some(p) = self.projects.get_mut(project) else { return };
                for q in names {
                    if let Some(r) = find_rel(p, q) {
                        r.dropped = true;
                    }
                }
            }
            DdlKind::CreateForeignTable { table } => {
                self.new_relation(project, table, RelKind::ForeignTable, span);
            }
            DdlKind::CreateQueue { name } => {
                let q =
                    QualifiedName { schema: Some("pgmq".to_owned()), name: format!("q_{name}"), span, name_span: span };
                let i = self.new_relation(project, &q, RelKind::Table, span);
                if let Some(r) = self.projects.get_mut(project).and_then(|p| p.relations.get_mut(i)) {
                    r.queue = true;
                }
            }
            DdlKind::CreateFunction { name, args, security_definer, search_path, returns } => {
                let schema = schema_of(name);
                let ident = arg_identity(args);
                let execute: BTreeMap<String, Span> =
                    self.default_roles(project, &schema, false).into_iter().map(|r| (r, name.name_span)).collect();
                let Some(p) = self.projects.get_mut(project) else { return };
                if let Some(f) = p
                    .functions
                    .iter_mut()
                    .rev()
                    .find(|f| !f.dropped && f.schema == schema && f.name == name.name && f.args == ident)
                {
                    f.span = name.name_span;
                    f.security_definer = *security_definer;
                    f.search_path = *search_path;
                    f.returns.clone_from(returns);
                    f.altered.clear();
                    return;
                }
                p.functions.push(PgFunction {
                    schema,
                    name: name.name.clone(),
                    args: ident,
                    span: name.name_span,
                    security_definer: *security_definer,
                    search_path: *search_path,
                    returns: returns.clone(),
                    execute,
                    altered: Vec::new(),
                    dropped: false,
                });
            }
            DdlKind::AlterFunction { name, args, security_definer, search_path, rename } => {
                let Some(p) = self.projects.get_mut(project) else { return };
                let schema = schema_of(name);
                let ident = args.as_deref().map(arg_identity);
                for f in p.functions.iter_mut().filter(|f| {
                    !f.dropped
                        && f.schema == schema
                        && f.name == name.name
                        && ident.as_ref().is_none_or(|a| *a == f.args)
                }) {
                    if let Some(v) = security_definer {
                        f.security_definer = *v;
                        f.altered.push(span);
                    }
                    if let Some(v) = search_path {
                        f.search_path = *v;
                        f.altered.push(span);
                    }
                    if let Some(n) = rename {
                        f.name.clone_from(n);
                    }
                }
            }
            DdlKind::DropFunctions { names } => {
                let Some(p) = self.projects.get_mut(project) else { return };
                for (q, args) in names {
                    let schema = schema_of(q);
                    let ident = args.as_deref().map(arg_identity);
                    for f in p.functions.iter_mut().filter(|f| {
                        !f.dropped
                            && f.schema == schema
                            && f.name == q.name
                            && ident.as_ref().is_none_or(|a| *a == f.args)
                    }) {
                        f.dropped = true;
                    }
                }
            }
            DdlKind::Grant { revoke, privileges, target, roles } => {
                self.grant(project, span, *revoke, privileges, target, roles)
            }
            DdlKind::CreateExtension { name, schema } => {
                let Some(p) = self.projects.get_mut(project) else { return };
                if p.extensions.iter().any(|e| !e.dropped && e.name == name.name) {
                    return;
                }
                let schema = if PINNED_EXTENSIONS.contains(&name.name.as_str()) {
                    schema.clone().unwrap_or_else(|| name.name.clone())
                } else {
                    schema.clone().unwrap_or_else(|| "public".to_owned())
                };
                p.extensions.push(PgExtension { name: name.name.clone(), schema, span: name.span, dropped: false });
            }
            DdlKind::AlterExtensionSchema { name, schema } => {
                let Some(p) = self.projects.get_mut(project) else { return };
                if let Some(e) = p.extensions.iter_mut().rev().find(|e| !e.dropped && e.name == *name) {
                    e.schema.clone_from(schema);
                    e.span = span;
                }
            }
            DdlKind::DropExtensions { names } => {
                let Some(p) = self.projects.get_mut(project) else { return };
                for e in p.extensions.iter_mut().filter(|e| names.contains(&e.name)) {
                    e.dropped = true;
                }
            }
            DdlKind::CreateSchema { .. } => {}
            DdlKind::ExposedSchemas { schemas } => {
                if let Some(p) = self.projects.get_mut(project) {
                    p.exposed.clone_from(schemas);
                    p.exposed_set = true;
                }
            }
            DdlKind::InsertBuckets { rows } => {
                let Some(p) = self.projects.get_mut(project) else { return };
                for row in rows {
                    if p.buckets.iter().any(|b| b.id == row.id) {
                        continue; // ON CONFLICT DO NOTHING, or a duplicate insert that fails
                    }
                    p.buckets.push(PgBucket {
                        id: row.id.clone(),
                        name: row.name.clone(),
                        public: row.public,
                        span: row.span,
                    });
                }
            }
            DdlKind::UpdateBucketPublic { bucket, public } => {
                let Some(p) = self.projects.get_mut(project) else { return };
                for b in p.buckets.iter_mut().filter(|b| b.id == *bucket || b.name == *bucket) {
                    b.public = *public;
                    b.span = span;
                }
            }
            DdlKind::CreateIndex { name, table, unique, method, columns, tail } => {
                let Some(r) = self.projects.get_mut(project).and_then(|p| find_rel(p, table)) else { return };
                r.indexes.push(PgIndex {
                    name: name.clone(),
                    unique: *unique,
                    method: method.clone(),
                    columns: columns.clone(),
                    tail: tail.clone(),
                    constraint: false,
                    span,
                });
            }
            DdlKind::DropIndexes { names } => {
                let Some(p) = self.projects.get_mut(project) else { return };
                for r in p.relations.iter_mut().filter(|r| !r.dropped) {
                    r.indexes.retain(|i| i.name.as_ref().is_none_or(|n| !names.contains(n)));
                }
            }
            DdlKind::Constraints { table, constraints } => {
                let Some(r) = self.projects.get_mut(project).and_then(|p| find_rel(p, table)) else { return };
                for c in constraints {
                    match &c.constraint {
                        Constraint::PrimaryKey { columns } => {
                            r.primary_key = Some(c.span);
                            r.indexes.push(PgIndex {
                                name: c.name.clone(),
                                unique: true,
                                method: "btree".to_owned(),
                                columns: columns.clone(),
                                tail: String::new(),
                                constraint: true,
                                span: c.span,
                            });
                        }
                        Constraint::Unique { columns } => r.indexes.push(PgIndex {
                            name: c.name.clone(),
                            unique: true,
                            method: "btree".to_owned(),
                            columns: columns.clone(),
                            tail: String::new(),
                            constraint: true,
                            span: c.span,
                        }),
                        Constraint::ForeignKey { columns, references, ref_columns } => {
                            r.foreign_keys.push(PgForeignKey {
                                name: c.name.clone(),
                                columns: columns.clone(),
                                ref_schema: schema_of(references),
                                ref_table: references.name.clone(),
                                ref_columns: ref_columns.clone(),
                                span: c.span,
                            });
                        }
                    }
                }
            }
            DdlKind::DropConstraint { table, name } => {
                let Some(r) = self.projects.get_mut(project).and_then(|p| find_rel(p, table)) else { return };
                r.foreign_keys.retain(|f| f.name.as_deref() != Some(name));
                let before = r.indexes.len();
                r.indexes.retain(|i| !(i.constraint && i.name.as_deref() == Some(name)));
                if name.ends_with("_pkey") && before != r.indexes.len() {
                    r.primary_key = None;
                }
            }
            DdlKind::RenameColumn { table, from, to } => {
                let Some(r) = self.projects.get_mut(project).and_then(|p| find_rel(p, table)) else { return };
                for c in r.columns.iter_mut().filter(|c| c.name == *from) {
                    c.name.clone_from(to);
                }
                for i in &mut r.indexes {
                    for c in i.columns.iter_mut().filter(|c| **c == *from) {
                        c.clone_from(to);
                    }
                }
                for f in &mut r.foreign_keys {
                    for c in f.columns.iter_mut().filter(|c| **c == *from) {
                        c.clone_from(to);
                    }
                }
            }
        }
    }

    fn grant(
        &mut self,
        project: &str,
        span: Span,
        revoke: bool,
        privileges: &[String],
        target: &GrantTarget,
        roles: &[String],
    ) {
        let table_select = privileges.iter().any(|p| p == "all" || p == "select");
        let execute = privileges.iter().any(|p| p == "all" || p == "execute");
        let apply = |map: &mut BTreeMap<String, Span>| {
            for role in roles {
                if revoke {
                    map.remove(role);
                } else {
                    map.entry(role.clone()).or_insert(span);
                }
            }
        };
        match target {
            GrantTarget::DefaultTables { schemas } | GrantTarget::DefaultFunctions { schemas } => {
                let tables = matches!(target, GrantTarget::DefaultTables { .. });
                if (tables && !table_select) || (!tables && !execute) {
                    return;
                }
                let schemas = if schemas.is_empty() { vec![String::new()] } else { schemas.clone() };
                for s in schemas {
                    let set = self.defaults.entry((project.to_owned(), s, tables)).or_default();
                    for role in roles {
                        if revoke {
                            set.remove(role);
                        } else {
                            set.insert(role.clone());
                        }
                    }
                }
            }
            GrantTarget::Tables { names } => {
                if !table_select {
                    return;
                }
                let Some(p) = self.projects.get_mut(project) else { return };
                for q in names {
                    if let Some(r) = find_rel(p, q) {
                        apply(&mut r.select);
                    }
                }
            }
            GrantTarget::AllTablesIn { schemas } => {
                if !table_select {
                    return;
                }
                let Some(p) = self.projects.get_mut(project) else { return };
                for r in p.relations.iter_mut().filter(|r| !r.dropped && schemas.contains(&r.schema)) {
                    apply(&mut r.select);
                }
            }
            GrantTarget::Functions { names } => {
                if !execute {
                    return;
                }
                let Some(p) = self.projects.get_mut(project) else { return };
                for (q, args) in names {
                    let schema = schema_of(q);
                    let ident = args.as_deref().map(arg_identity);
                    for f in p.functions.iter_mut().filter(|f| {
                        !f.dropped
                            && f.schema == schema
                            && f.name == q.name
                            && ident.as_ref().is_none_or(|a| *a == f.args)
                    }) {
                        apply(&mut f.execute);
                    }
                }
            }
            GrantTarget::AllFunctionsIn { schemas } => {
                if !execute {
                    return;
                }
                let Some(p) = self.projects.get_mut(project) else { return };
                for f in p.functions.iter_mut().filter(|f| !f.dropped && schemas.contains(&f.schema)) {
                    apply(&mut f.execute);
                }
            }
        }
    }
}

/// Replay every SQL migration of `files` (in the given order, which is path order) into one
/// schema per project. `exposed` gives the Data API schemas of a project's `config.toml`
/// (`supabase/config.toml` for the project `supabase`), when known.
#[must_use]
pub fn replay(files: &[ParsedFile], exposed: &BTreeMap<String, Vec<String>>) -> Vec<PgProject> {
    // Which projects are Supabase ones.
    let mut supabase: BTreeMap<&str, bool> = BTreeMap::new();
    for f in files.iter().filter(|f| f.kind == FileKind::Sql) {
        let Some(Document::Sql(doc)) = &f.doc else { continue };
        let s = supabase.entry(doc.project.as_str()).or_default();
        *s = *s || doc.flavour == crate::syntax::sql::Flavour::Supabase || (!doc.down && looks_supabase(doc));
    }
    let mut r = Replay::default();
    for f in files.iter().filter(|f| f.kind == FileKind::Sql) {
        let Some(Document::Sql(doc)) = &f.doc else { continue };
        if doc.down {
            continue;
        }
        let project = doc.project.as_str();
        r.ensure(project, supabase.get(project).copied().unwrap_or(false));
        // Merge the two statement lists in file order (a CREATE TABLE's constraints after it).
        let (mut i, mut j) = (0, 0);
        loop {
            let a = doc.statements.get(i);
            let b = doc.ddl.get(j);
            match (a, b) {
                (Some(a), Some(b)) if a.span.start <= b.span.start => {
                    r.statement(project, a.span, &a.kind);
                    i += 1;
                }
                (_, Some(b)) => {
                    r.ddl(project, b.span, &b.kind);
                    j += 1;
                }
                (Some(a), None) => {
                    r.statement(project, a.span, &a.kind);
                    i += 1;
                }
                (None, None) => break,
            }
        }
    }
    let mut out: Vec<PgProject> = r.projects.into_values().collect();
    for p in &mut out {
        if let Some(e) = exposed.get(&p.project).filter(|_| !p.exposed_set) {
            p.exposed.clone_from(e);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn arg_identity_drops_names_modes_and_defaults() {
        assert_eq!(arg_identity("uid uuid, n integer default 3"), "uuid,integer");
        assert_eq!(arg_identity("uuid"), "uuid");
        assert_eq!(arg_identity("in p text, out r int"), "text");
        assert_eq!(arg_identity("character varying, double precision"), "character varying,double precision");
        assert_eq!(arg_identity("ts timestamp with time zone"), "timestamp with time zone");
    }
}
