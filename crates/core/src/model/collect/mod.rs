//! Cross-format facts per document: what each parsed file adds to [`Facts`] (services,
//! datastores, secret candidates, CI cloud auth, SQL tables). Parsers only build documents; this
//! module reads them.

mod compose;
mod dockerfile;
mod dotenv;
mod edge;
mod fly;
mod platform;
mod sql;
pub(crate) mod workflow;

pub use compose::datastore_kind;
pub use edge::collect_nginx;
pub use fly::datastore_kind_of_image;
pub use sql::apply_tenancy_columns;

use super::{Facts, ParsedFile};
use crate::syntax::Document;

/// Add one parsed file's cross-format facts.
pub fn collect(file: &ParsedFile, doc: &Document, facts: &mut Facts) {
    match doc {
        // Terraform facts come from the evaluated model (`terraform::collect_facts`), not per file.
        Document::Terraform(_) => {}
        Document::Compose(d) => compose::collect_facts(file, d, facts),
        Document::Workflow(d) => workflow::collect_facts(file, d, facts),
        Document::Dockerfile(d) => dockerfile::collect_facts(file, d, facts),
        Document::Env(d) => dotenv::collect_facts(file, d, facts),
        Document::Fly(d) => fly::collect_facts(file, d, facts),
        Document::Sql(d) => sql::collect_facts(file, d, facts),
        Document::Railway(d) => platform::collect_railway(file, d, facts),
        Document::Vercel(d) => platform::collect_vercel(file, d, facts),
        Document::Wrangler(d) => platform::collect_wrangler(file, d, facts),
        // nginx servers are collected across files (includes, upstreams): `collect_nginx`.
        Document::Nginx(_) => {}
        // Read by the Postgres replay (`model::pg`) and the Supabase rules directly.
        Document::SupabaseConfig(_) => {}
    }
}
