//! Settings that native rules (and the facts they read) depend on; built from the
//! configuration by the engine and carried by the model.

/// Settings that native rules (and the facts they read) depend on, carried by the model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleSettings {
    /// `[containers] require-digest`: report base images without an `@sha256:` digest.
    pub require_digest: bool,
    /// `[ci] pedantic`: workflow rules also report lower-confidence, hygiene-level findings
    /// (zizmor's pedantic persona).
    pub ci_pedantic: bool,
    /// Tenancy column names, normalised (lower case, no `_`): `tenantid`, `orgid` …
    pub tenancy_columns: Vec<String>,
}

impl Default for RuleSettings {
    fn default() -> Self {
        RuleSettings {
            require_digest: false,
            ci_pedantic: false,
            tenancy_columns: crate::syntax::sql::TENANCY_COLUMNS.iter().map(|c| (*c).to_owned()).collect(),
        }
    }
}

impl RuleSettings {
    /// Whether the tenancy columns are the built-in ones.
    #[must_use]
    pub fn default_tenancy(&self) -> bool {
        self.tenancy_columns.len() == crate::syntax::sql::TENANCY_COLUMNS.len()
            && self.tenancy_columns.iter().zip(crate::syntax::sql::TENANCY_COLUMNS).all(|(a, b)| a == b)
    }
}
