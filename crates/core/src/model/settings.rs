//! The rule families' settings (`[ci]`, `[containers]`, `[sql]` tables of the configuration),
//! carried raw by the model: the rules crate reads them into its own typed settings. Core does not
//! know what a setting means.

use std::any::Any;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The configuration's rule-family tables, by family name (`containers` → its table).
#[derive(Default)]
pub struct RuleSettings {
    /// Family name → its table, as written in the configuration.
    pub families: BTreeMap<String, toml::Table>,
    /// The rules' typed reading of `families`, made once on first use (type-erased: core does
    /// not know the types). Not part of equality, not cloned.
    pub typed: OnceLock<Box<dyn Any + Send + Sync>>,
}

impl RuleSettings {
    /// The table of one family, when the configuration has it.
    #[must_use]
    pub fn family(&self, name: &str) -> Option<&toml::Table> {
        self.families.get(name)
    }
}

impl Clone for RuleSettings {
    fn clone(&self) -> Self {
        RuleSettings { families: self.families.clone(), typed: OnceLock::new() }
    }
}

impl PartialEq for RuleSettings {
    fn eq(&self, other: &Self) -> bool {
        self.families == other.families
    }
}

impl std::fmt::Debug for RuleSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RuleSettings").field("families", &self.families).finish_non_exhaustive()
    }
}
