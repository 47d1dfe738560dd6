//! The rule families' settings: what each `[family]` table of `.infra-lint.toml` means, read
//! from the raw tables the model carries ([`infra_lint_core::model::settings::RuleSettings`]).
//! Core only carries the tables; the rules own their meaning, defaults and validation
//! ([`check`], which the CLI gives to `Config::load_with` so a bad setting is reported at its
//! line and column).
//!
//! | Table | Key | Read by |
//! |---|---|---|
//! | `[containers]` | `require-digest` | `unpinned-base-image` (pedantic: tag-only pins too) |
//! | `[containers]` | `require-cap-drop` | `compose-missing-hardening` (every compose service must `cap_drop: [ALL]`) |
//! | `[sql]` | `tenancy-columns`, `extend-tenancy-columns` | `missing-rls` and the SQL facts |
//! | `[ci]` | `required-checks` | the `required-ci-gates` policy (`data.infra_lint.config.ci`) |
//! | `[ci]` | `pedantic` | the workflow rules' pedantic findings (off by default) |
//! | `[ci]` | `dependabot-cooldown-days` | `dependabot-update-cooldown` (7 when unset) |

use serde::{de::DeserializeOwned, Deserialize};

use infra_lint_core::config::SettingsProblem;
use infra_lint_core::Model;

/// Tenancy column names, compared case-insensitively with underscores removed (so `tenant_id`,
/// `tenantId` and `"TenantId"` all match `tenantid`).
pub const TENANCY_COLUMNS: &[&str] = &["tenantid", "orgid", "organizationid", "accountid", "workspaceid", "teamid"];

/// A column name as tenancy columns are compared: lower case, without `_` and quotes
/// (`"Tenant_Id"` → `tenantid`).
#[must_use]
pub fn normalize_column(name: &str) -> String {
    name.chars().filter(|c| *c != '_' && *c != '"').flat_map(char::to_lowercase).collect()
}

/// `[containers]`: settings of the Dockerfile rules.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Containers {
    /// Pedantic: `unpinned-base-image` also reports base images pinned by tag only (no
    /// `@sha256:` digest). Off by default. `require_digest` is accepted as a spelling too.
    #[serde(default, alias = "require_digest")]
    pub require_digest: bool,
    /// Opt-in: `compose-missing-hardening` also reports compose services of every environment
    /// (development and unlabelled files too) that do not drop all capabilities with
    /// `cap_drop: [ALL]`. Off by default. `require_cap_drop` is accepted as a spelling too.
    #[serde(default, alias = "require_cap_drop")]
    pub require_cap_drop: bool,
}

/// `[sql]`: settings of the row-level-security rules.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Sql {
    /// Tenancy column names, **replacing** the built-in list ([`TENANCY_COLUMNS`]) when set.
    /// `tenancy_columns` is accepted too.
    #[serde(default, alias = "tenancy_columns")]
    pub tenancy_columns: Option<Vec<String>>,
    /// Tenancy column names **added** to the built-in list (or to `tenancy-columns`).
    /// `extend_tenancy_columns` is accepted too.
    #[serde(default, alias = "extend_tenancy_columns")]
    pub extend_tenancy_columns: Vec<String>,
}

impl Sql {
    /// The tenancy columns in effect, normalised ([`normalize_column`]), without duplicates.
    #[must_use]
    pub fn columns(&self) -> Vec<String> {
        let mut out: Vec<String> = match &self.tenancy_columns {
            Some(cols) => cols.iter().map(|c| normalize_column(c)).collect(),
            None => TENANCY_COLUMNS.iter().map(|c| (*c).to_owned()).collect(),
        };
        for c in &self.extend_tenancy_columns {
            let n = normalize_column(c);
            if !out.contains(&n) {
                out.push(n);
            }
        }
        out.retain(|c| !c.is_empty());
        out
    }

    /// Whether the columns in effect are the built-in ones.
    #[must_use]
    pub fn is_default(&self) -> bool {
        self.tenancy_columns.is_none() && self.extend_tenancy_columns.is_empty()
    }
}

/// `[ci]`: settings of the CI rules and policies.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Ci {
    /// Checks (job names) that pull-request workflows must run (read by the `required-ci-gates`
    /// policy). `required_checks` is accepted as a spelling too.
    #[serde(default, alias = "required_checks")]
    pub required_checks: Vec<String>,
    /// Pedantic: the workflow rules also report lower-confidence, hygiene-level findings
    /// (zizmor's pedantic persona: secrets outside environments, superfluous actions,
    /// undocumented permissions …). Off by default.
    #[serde(default)]
    pub pedantic: bool,
    /// The shortest Dependabot cooldown (`cooldown.default-days`) accepted by
    /// `dependabot-update-cooldown`; 7 days when unset. `dependabot_cooldown_days` is accepted too.
    #[serde(default, alias = "dependabot_cooldown_days")]
    pub dependabot_cooldown_days: Option<u32>,
}

/// Every family's settings of a model, read once per model (see [`Family::of`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    /// `[ci]`.
    pub ci: Ci,
    /// `[containers]`.
    pub containers: Containers,
    /// `[sql]`.
    pub sql: Sql,
}

impl Settings {
    /// Read every family's table of `model`.
    #[must_use]
    pub fn read(model: &Model) -> Settings {
        Settings { ci: read_family(model), containers: read_family(model), sql: read_family(model) }
    }
}

/// One family's table of `model` (defaults when the table is absent; a table that does not read
/// was rejected when the configuration was loaded, and reads as the defaults).
fn read_family<T: Family>(model: &Model) -> T {
    model.settings.family(T::NAME).and_then(|t| T::deserialize(toml::Value::Table(t.clone())).ok()).unwrap_or_default()
}

/// A family's settings type: its table name, read from the model.
pub trait Family: DeserializeOwned + Default {
    /// The table name (`containers`).
    const NAME: &'static str;

    /// This family among all of them.
    fn pick(all: &Settings) -> &Self;

    /// This family's settings in `model`, read once per model on first use (rules may call this
    /// in their inner loops).
    #[must_use]
    fn of(model: &Model) -> &Self {
        let any = model.settings.typed.get_or_init(|| Box::new(Settings::read(model)));
        // Only this module stores into the slot, always a `Settings`.
        let all = any.downcast_ref::<Settings>().unwrap_or_else(|| {
            static DEFAULTS: std::sync::OnceLock<Settings> = std::sync::OnceLock::new();
            DEFAULTS.get_or_init(Settings::default)
        });
        Self::pick(all)
    }
}

impl Family for Containers {
    const NAME: &'static str = "containers";
    fn pick(all: &Settings) -> &Self {
        &all.containers
    }
}

impl Family for Sql {
    const NAME: &'static str = "sql";
    fn pick(all: &Settings) -> &Self {
        &all.sql
    }
}

impl Family for Ci {
    const NAME: &'static str = "ci";
    fn pick(all: &Settings) -> &Self {
        &all.ci
    }
}

/// Every family table of a configuration text, typed (other keys of the file are the engine's).
#[derive(Deserialize)]
struct Families {
    #[serde(default)]
    ci: Option<Ci>,
    #[serde(default)]
    containers: Option<Containers>,
    #[serde(default)]
    sql: Option<Sql>,
}

/// Check the family tables of a configuration text: unknown keys and wrong types (with their
/// byte span), and values no rule can use. An `infra_lint_core::config::SettingsCheck`.
///
/// # Errors
/// The first problem, with where it is.
pub fn check(text: &str) -> Result<(), SettingsProblem> {
    let families: Families = toml::from_str(text).map_err(|e| SettingsProblem {
        span: e.span(),
        needle: None,
        message: e.message().trim().to_owned(),
    })?;
    let _ = (&families.ci, &families.containers);
    if let Some(sql) = &families.sql {
        for c in sql.tenancy_columns.iter().flatten().chain(&sql.extend_tenancy_columns) {
            if normalize_column(c).is_empty() {
                return Err(SettingsProblem {
                    span: None,
                    needle: Some(format!("\"{c}\"")),
                    message: format!("invalid tenancy column `{c}`: a column name needs at least one letter or digit"),
                });
            }
        }
    }
    Ok(())
}

/// Check family tables built in code (a `Config` not read from a file): as [`check`], without
/// a location.
///
/// # Errors
/// The first problem.
pub fn check_tables(settings: &infra_lint_core::model::settings::RuleSettings) -> Result<(), SettingsProblem> {
    if settings.families.is_empty() {
        return Ok(());
    }
    let text = toml::to_string(&settings.families).map_err(|e| SettingsProblem {
        span: None,
        needle: None,
        message: format!("rule settings do not print as TOML: {e}"),
    })?;
    check(&text).map_err(|p| SettingsProblem { span: None, ..p })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::path::Path;

    use infra_lint_core::config::Config;

    use super::*;

    fn model(text: &str) -> Model {
        let cfg = Config::parse_with(text, Path::new("c.toml"), check).unwrap();
        Model { settings: cfg.rule_settings(), ..Model::default() }
    }

    #[test]
    fn defaults_without_tables() {
        let m = Model::default();
        assert!(!Containers::of(&m).require_digest);
        assert!(!Containers::of(&m).require_cap_drop);
        assert!(Sql::of(&m).is_default());
        assert_eq!(Sql::of(&m).columns().len(), TENANCY_COLUMNS.len());
        assert!(Ci::of(&m).required_checks.is_empty());
    }

    #[test]
    fn tables_read_with_both_spellings_replace_then_extend() {
        let m = model("[containers]\nrequire_digest = true\n[sql]\ntenancy_columns = [\"Customer_Id\", \"shopId\"]\n");
        assert!(Containers::of(&m).require_digest);
        assert!(!Containers::of(&m).require_cap_drop);
        assert_eq!(Sql::of(&m).columns(), ["customerid", "shopid"]);
        let m = model("[containers]\nrequire-cap-drop = true\n");
        assert!(Containers::of(&m).require_cap_drop && !Containers::of(&m).require_digest);
        let m = model("[sql]\ntenancy-columns = [\"org_id\"]\nextend-tenancy-columns = [\"shop_id\", \"org_id\"]\n");
        assert_eq!(Sql::of(&m).columns(), ["orgid", "shopid"]);
        assert!(!Sql::of(&m).is_default());
        let m = model("[sql]\nextend-tenancy-columns = [\"customer_id\"]\n[ci]\nrequired-checks = [\"test\"]\n");
        let cols = Sql::of(&m).columns();
        assert!(cols.contains(&"tenantid".to_owned()) && cols.contains(&"customerid".to_owned()));
        assert_eq!(Ci::of(&m).required_checks, ["test"]);
        assert_eq!(normalize_column("\"Tenant_Id\""), "tenantid");
    }

    #[test]
    fn strict_with_locations() {
        let parse = |t: &str| Config::parse_with(t, Path::new("c.toml"), check).unwrap_err();
        let e = parse("[containers]\nrequire-digests = true\n");
        assert_eq!((e.line, e.column), (Some(2), Some(1)), "{e}");
        let e = parse("[containers]\nrequire-digest = \"yes\"\n");
        assert_eq!(e.line, Some(2), "{e}");
        let e = parse("[sql]\ntenancy-columns = [\"__\"]\n");
        assert_eq!((e.line, e.column), (Some(2), Some(20)), "{e}");
        let e = parse("select = []\n[ci]\nrequired-check = []\n");
        assert_eq!(e.line, Some(3), "{e}");
        // Tables built in code are checked too.
        let mut cfg = Config::default();
        cfg.containers.insert("require-digests".into(), toml::Value::Boolean(true));
        assert!(check_tables(&cfg.rule_settings()).unwrap_err().message.contains("require-digests"));
        assert!(check_tables(&Config::default().rule_settings()).is_ok());
        // The other tables are the engine's and pass through.
        assert!(Config::parse_with("select = [\"x\"]\n[severity]\nx = \"low\"\n", Path::new("c.toml"), check).is_ok());
    }
}
