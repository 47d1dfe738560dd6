//! Cross-format facts from sql documents (see [`crate::facts`]).

use crate::facts::Facts;
use crate::facts::SqlTable;
use infra_lint_core::base::source::Span;
use infra_lint_core::model::ParsedFile;
use infra_lint_core::syntax::sql::*;

use crate::settings::{normalize_column, TENANCY_COLUMNS};

/// Whether a column name is one of the built-in tenancy columns (see [`TENANCY_COLUMNS`]).
fn is_tenancy_column(name: &str) -> bool {
    TENANCY_COLUMNS.contains(&normalize_column(name).as_str())
}

/// Recompute every table's [`SqlTable::tenancy_columns`] from its columns with a configured list
/// of (normalised, see [`normalize_column`]) tenancy column names (`[sql] tenancy-columns`).
pub fn apply_tenancy_columns(tables: &mut [SqlTable], names: &[String]) {
    for t in tables {
        t.tenancy_columns = t.columns.iter().filter(|(c, _)| names.contains(&normalize_column(c))).cloned().collect();
    }
}

/// The [`Facts::table_index`] key of table `q` in `project`.
fn table_key(project: &str, q: &QualifiedName) -> (String, String, String) {
    (project.to_owned(), q.schema_or_public().to_owned(), q.name.clone())
}

/// Find the live (not dropped) table `name` in `project` (the latest one of that name).
fn find_table<'a>(facts: &'a mut Facts, project: &str, q: &QualifiedName) -> Option<&'a mut SqlTable> {
    let i = *facts.table_index.get(&table_key(project, q))?;
    facts.tables.get_mut(i)
}

/// Re-point `key` at the latest live table that has it (after a rename or drop moved it away).
fn reindex(facts: &mut Facts, key: (String, String, String)) {
    let found =
        facts.tables.iter().rposition(|t| !t.dropped && t.project == key.0 && t.schema == key.1 && t.name == key.2);
    match found {
        Some(i) => facts.table_index.insert(key, i),
        None => facts.table_index.remove(&key),
    };
}

/// Merge this migration's statements into [`Facts::tables`]. Files are visited in path order
/// (migration order), so later migrations see the tables earlier ones created: RLS switches,
/// policies, added columns, renames and drops are applied to the table they name. Rollback
/// files (`down.sql`, `*.down.sql`) are skipped, and so are rollback sections inside a file.
pub fn collect_facts(file: &ParsedFile, doc: &SqlMigration, facts: &mut Facts) {
    let _ = file;
    if doc.down {
        return;
    }
    let project = doc.project.as_str();
    for st in &doc.statements {
        match &st.kind {
            StatementKind::CreateTable { table, columns, partition_of, .. } => {
                if *partition_of {
                    continue;
                }
                let tenancy: Vec<(String, Span)> =
                    columns.iter().filter(|c| is_tenancy_column(&c.name)).map(|c| (c.name.clone(), c.span)).collect();
                let all: Vec<(String, Span)> = columns.iter().map(|c| (c.name.clone(), c.span)).collect();
                if let Some(existing) = find_table(facts, project, table) {
                    // `CREATE TABLE IF NOT EXISTS` of a table that exists: keep the first, add columns.
                    for c in all {
                        if !existing.columns.iter().any(|(n, _)| *n == c.0) {
                            existing.columns.push(c);
                        }
                    }
                    for t in tenancy {
                        if !existing.tenancy_columns.iter().any(|(n, _)| *n == t.0) {
                            existing.tenancy_columns.push(t);
                        }
                    }
                    continue;
                }
                facts.table_index.insert(table_key(project, table), facts.tables.len());
                facts.tables.push(SqlTable {
                    schema: table.schema_or_public().to_owned(),
                    name: table.name.clone(),
                    span: table.span,
                    tenancy_columns: tenancy,
                    columns: all,
                    rls_enabled: Vec::new(),
                    rls_forced: Vec::new(),
                    policies: Vec::new(),
                    policy_names: Vec::new(),
                    dropped: false,
                    flavour: doc.flavour.as_str().to_owned(),
                    project: project.to_owned(),
                });
            }
            StatementKind::AlterRls { table, action } => {
                if let Some(t) = find_table(facts, project, table) {
                    match action {
                        RlsAction::Enable => t.rls_enabled.push(st.span),
                        RlsAction::Disable => t.rls_enabled.clear(),
                        RlsAction::Force => t.rls_forced.push(st.span),
                        RlsAction::NoForce => t.rls_forced.clear(),
                    }
                }
            }
            StatementKind::AddColumn { table, column } => {
                if let Some(t) = find_table(facts, project, table) {
                    if !t.columns.iter().any(|(n, _)| *n == column.name) {
                        t.columns.push((column.name.clone(), column.span));
                    }
                    if is_tenancy_column(&column.name) && !t.tenancy_columns.iter().any(|(n, _)| *n == column.name) {
                        t.tenancy_columns.push((column.name.clone(), column.span));
                    }
                }
            }
            StatementKind::RenameTable { table, new_name } => {
                if let Some(t) = find_table(facts, project, table) {
                    t.name.clone_from(&new_name.name);
                    let schema = t.schema.clone();
                    reindex(facts, table_key(project, table));
                    reindex(facts, (project.to_owned(), schema, new_name.name.clone()));
                }
            }
            StatementKind::CreatePolicy { table, name, .. } => {
                if let Some(t) = find_table(facts, project, table) {
                    t.policies.push(st.span);
                    t.policy_names.push(name.name.clone());
                }
            }
            StatementKind::DropPolicy { table, name } => {
                if let Some(t) = find_table(facts, project, table) {
                    if let Some(i) = t.policy_names.iter().position(|n| *n == name.name) {
                        t.policy_names.remove(i);
                        if i < t.policies.len() {
                            t.policies.remove(i);
                        }
                    }
                }
            }
            StatementKind::DropTable { tables } => {
                for q in tables {
                    if let Some(t) = find_table(facts, project, q) {
                        t.dropped = true;
                        reindex(facts, table_key(project, q));
                    }
                }
            }
        }
    }
}
