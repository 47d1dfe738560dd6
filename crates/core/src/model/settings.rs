//! The rule families' settings (`[ci]`, `[containers]`, `[sql]` tables of the configuration),
//! carried raw by the model: the rules crate reads them into its own typed settings. Core does not
//! know what a setting means.

use std::collections::BTreeMap;

/// The configuration's rule-family tables, by family name (`containers` → its table).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RuleSettings {
    /// Family name → its table, as written in the configuration.
    pub families: BTreeMap<String, toml::Table>,
}

impl RuleSettings {
    /// The table of one family, when the configuration has it.
    #[must_use]
    pub fn family(&self, name: &str) -> Option<&toml::Table> {
        self.families.get(name)
    }
}
