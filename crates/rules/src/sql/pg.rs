//! Shared helpers of the rules over the replayed Postgres schema ([`infra_lint_core::model::pg`]).

use infra_lint_core::model::pg::{is_system_schema, PgProject, PgRelation};
use infra_lint_core::source::Span;
use infra_lint_core::{Finding, Model, Severity};

/// The Supabase projects (Splinter's lints only make sense there).
pub(crate) fn supabase(model: &Model) -> impl Iterator<Item = &PgProject> {
    model.pg.iter().filter(|p| p.supabase)
}

/// A finding weighted by the environment of its file, keyed in its project.
pub(crate) fn finding(
    model: &Model,
    id: &'static str,
    sev: Severity,
    span: Span,
    key: String,
    message: String,
    fix: &str,
) -> Finding {
    let env = model.env_of(span);
    Finding::new(id, sev.weigh(env), span, message).fix(fix.to_owned()).key(key).env(env)
}

/// Live relations of a project outside the schemas Supabase manages.
pub(crate) fn user_relations(p: &PgProject) -> impl Iterator<Item = &PgRelation> {
    p.live_relations().filter(|r| !is_system_schema(&r.schema))
}

/// Live relations in a schema the Data API exposes (system schemas excluded).
pub(crate) fn api_relations(p: &PgProject) -> impl Iterator<Item = &PgRelation> {
    user_relations(p).filter(|r| p.is_exposed(&r.schema))
}

/// Add "granted here" as a related location when the grant is not the creating statement.
pub(crate) fn with_grant(f: Finding, r: &PgRelation, role: &str, granted: Span) -> Finding {
    if granted == r.span {
        f.related(granted, format!("`{role}` may select it through Supabase's default privileges on this schema"))
    } else {
        f.related(granted, format!("`SELECT` granted to `{role}` here"))
    }
}

/// An expression's text without whitespace, lower case (as Splinter compares them).
pub(crate) fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect()
}

/// Every parsed `supabase/config.toml` with its file.
pub(crate) fn supabase_configs(
    model: &Model,
) -> impl Iterator<Item = (&infra_lint_core::model::ParsedFile, &infra_lint_core::parse::supabase_config::SupabaseConfig)>
{
    model.files_of(infra_lint_core::kind::FileKind::SupabaseConfig).filter_map(|f| match &f.doc {
        Some(infra_lint_core::parse::Document::SupabaseConfig(d)) => Some((f, d)),
        _ => None,
    })
}

/// Every `key = value` of a TOML tree with its dotted table path (`auth.external.github`).
pub(crate) fn toml_entries<'a>(
    node: &'a infra_lint_core::parse::node::Node,
    path: &str,
    out: &mut Vec<(String, &'a infra_lint_core::parse::node::Node, &'a infra_lint_core::parse::node::Node)>,
) {
    let Some(map) = node.as_map() else { return };
    for (k, v) in map {
        let key = k.as_str().unwrap_or("");
        let full = if path.is_empty() { key.to_owned() } else { format!("{path}.{key}") };
        if v.as_map().is_some() {
            toml_entries(v, &full, out);
        } else {
            out.push((full, k, v));
        }
    }
}
