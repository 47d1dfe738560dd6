//! `supabase/config.toml`: the Supabase CLI's project configuration (API schemas, auth
//! settings), as a spanned TOML tree.

use serde::Serialize;

use crate::base::finding::Diagnostic;
use crate::base::source::SourceFile;
use crate::syntax::node::Node;

/// A parsed `supabase/config.toml`.
#[derive(Debug, Clone, Serialize)]
pub struct SupabaseConfig {
    /// The whole file (every key and value with its span).
    pub root: Node,
}

impl SupabaseConfig {
    /// `[api] schemas`, when set.
    #[must_use]
    pub fn api_schemas(&self) -> Option<Vec<String>> {
        let list = self.root.path(&["api", "schemas"])?.as_seq()?;
        Some(list.iter().filter_map(Node::as_str).map(str::to_owned).collect())
    }
}

/// Parse a file. Never panics; TOML syntax errors become diagnostics.
#[must_use]
pub fn parse(src: &SourceFile) -> (Option<SupabaseConfig>, Vec<Diagnostic>) {
    let (root, diags) = super::fly::parse_toml(src);
    (Some(SupabaseConfig { root }), diags)
}
