//! `.infra-lint.toml` configuration: which rules run, severity overrides, per-path ignores,
//! environment globs, Rego policy directories and data, the secret allowlist, Terraform inputs,
//! the rule families' settings tables (`[ci]`, `[containers]`, `[sql]`) and the failure threshold.
//!
//! The engine does not know what a rule setting means: the families' tables are carried raw
//! ([`RuleSettings`], built by [`Config::rule_settings`] and passed to the model through
//! [`crate::model::load::LoadOptions`]); the rules crate reads them into its own typed settings
//! and checks them ([`SettingsCheck`], given to [`Config::parse_with`] / [`Config::load_with`] /
//! [`Config::discover_with`] so a bad setting is reported at its line and column).
//!
//! The file is strict: an unknown key is an error that names the key's line and column
//! ([`ConfigError`]). A [`Config`] can also be built in code; the fields marked "runtime" are
//! never read from the file (they come from command-line flags or the embedding program).
//! See `docs/configuration.md` for the file format.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::base::finding::Severity;
use crate::base::source::LineIndex;
use crate::engine::suppress::Baseline;
use crate::model::Environment;

/// The configuration file name searched for by [`Config::discover`].
pub const CONFIG_FILE: &str = ".infra-lint.toml";

/// The failure threshold: the lowest severity that makes a scan fail (`never` never fails).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    /// Fail on critical findings only.
    Critical,
    /// Fail on high or critical findings (the default; `error` is an alias).
    #[default]
    #[serde(alias = "error")]
    High,
    /// Fail on medium and above (`warning` is an alias).
    #[serde(alias = "warning")]
    Medium,
    /// Fail on any finding (`note` is an alias).
    #[serde(alias = "note", alias = "info")]
    Low,
    /// Never fail because of findings (`none` is an alias).
    #[serde(alias = "none")]
    Never,
}

impl FailOn {
    /// The lowest failing severity, `None` for [`FailOn::Never`].
    #[must_use]
    pub fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Critical => Some(Severity::Critical),
            FailOn::High => Some(Severity::High),
            FailOn::Medium => Some(Severity::Medium),
            FailOn::Low => Some(Severity::Low),
            FailOn::Never => None,
        }
    }

    /// Whether a finding of `severity` makes the scan fail.
    #[must_use]
    pub fn fails(self, severity: Severity) -> bool {
        self.threshold().is_some_and(|t| severity >= t)
    }

    /// Parse `critical|high|medium|low|never`.
    #[must_use]
    pub fn parse(s: &str) -> Option<FailOn> {
        match s.trim().to_ascii_lowercase().as_str() {
            "critical" => Some(FailOn::Critical),
            "high" | "error" => Some(FailOn::High),
            "medium" | "warning" => Some(FailOn::Medium),
            "low" | "note" | "info" => Some(FailOn::Low),
            "never" | "none" => Some(FailOn::Never),
            _ => None,
        }
    }

    /// Lower-case name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            FailOn::Critical => "critical",
            FailOn::High => "high",
            FailOn::Medium => "medium",
            FailOn::Low => "low",
            FailOn::Never => "never",
        }
    }
}

impl fmt::Display for FailOn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `[policy]`: Rego policy directories and data.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PolicyConfig {
    /// Directories of `.rego` files to load in addition to the shipped policies. Relative
    /// directories in the file are resolved against the config file's directory.
    #[serde(default)]
    pub dirs: Vec<PathBuf>,
    /// `[policy.data]`: an arbitrary table, visible to policies as `data.infra_lint.config`.
    #[serde(default)]
    pub data: toml::Table,
    /// conftest namespaces (packages) to evaluate in the policy directories (default `main`).
    #[serde(default)]
    pub namespaces: Vec<String>,
    /// Evaluate every namespace of the policy directories.
    #[serde(default)]
    pub all_namespaces: bool,
    /// Sandboxed builtins re-enabled for user policies (e.g. `["time.now_ns"]`); every scan then
    /// reports an `rego-sandbox-relaxed` warning. Only for trusted configurations.
    #[serde(default)]
    pub allow_builtins: Vec<String>,
}

/// `[secrets]`: values that are known not to be secrets (test fixtures, public demo keys).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SecretsConfig {
    /// Exact values to accept.
    #[serde(default)]
    pub allow: Vec<String>,
    /// Regular expressions; a secret value matching any is accepted.
    #[serde(default)]
    pub allow_regex: Vec<String>,
}

/// `[terraform]`: evaluation inputs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TerraformConfig {
    /// Extra `.tfvars` files, relative to the scanned root.
    #[serde(default)]
    pub var_files: Vec<PathBuf>,
    /// Input variables (`name = "value"`), like `terraform -var`.
    #[serde(default)]
    pub vars: BTreeMap<String, String>,
}

/// A problem the rules found in their settings tables: a byte range of the configuration text
/// (or a text to find in it) and a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsProblem {
    /// Byte range in the configuration text, when known.
    pub span: Option<std::ops::Range<usize>>,
    /// Text to locate in the configuration when there is no span (a key or value).
    pub needle: Option<String>,
    /// What is wrong.
    pub message: String,
}

/// Checks the rule families' settings in a configuration text (supplied by the rules crate,
/// which owns what the settings mean).
pub type SettingsCheck = fn(text: &str) -> Result<(), SettingsProblem>;

/// A [`SettingsCheck`] that accepts every table (for embedders without the rules crate).
///
/// # Errors
/// Never.
pub fn accept_settings(_: &str) -> Result<(), SettingsProblem> {
    Ok(())
}

pub use crate::model::settings::RuleSettings;

/// The whole configuration.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Rule ids to run (empty: all). An entry ending in `*` is a prefix (`policy/*`).
    #[serde(default)]
    pub select: Vec<String>,
    /// Rule ids never to run (same syntax as `select`).
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Failure threshold (default `high`).
    #[serde(default)]
    pub fail_on: Option<FailOn>,
    /// `[severity]`: per-rule severity overrides (`public-database = "medium"`). The override
    /// replaces the rule's severity for every finding, whatever the environment.
    #[serde(default)]
    pub severity: BTreeMap<String, Severity>,
    /// `[per-path-ignores]`: glob (matched against the reported path) → rule ids ignored there
    /// (`["*"]` ignores every rule).
    #[serde(default)]
    pub per_path_ignores: BTreeMap<String, Vec<String>>,
    /// `[env]`: environment → globs of files that belong to it (`production = ["infra/prod/**"]`).
    #[serde(default)]
    pub env: BTreeMap<Environment, Vec<String>>,
    /// `[policy]`: Rego policy directories and data.
    #[serde(default)]
    pub policy: PolicyConfig,
    /// `[secrets]`: allowlist.
    #[serde(default)]
    pub secrets: SecretsConfig,
    /// `[terraform]`: evaluation inputs.
    #[serde(default)]
    pub terraform: TerraformConfig,
    /// `[ci]`: settings of the CI rules and policies (read by the rules crate; also given to
    /// policies as `data.infra_lint.config.ci`).
    #[serde(default, skip_serializing_if = "toml::Table::is_empty")]
    pub ci: toml::Table,
    /// `[containers]`: settings of the Dockerfile rules (read by the rules crate).
    #[serde(default, skip_serializing_if = "toml::Table::is_empty")]
    pub containers: toml::Table,
    /// `[sql]`: settings of the row-level-security rules (read by the rules crate).
    #[serde(default, skip_serializing_if = "toml::Table::is_empty")]
    pub sql: toml::Table,

    /// Runtime: ignore every inline suppression (audit mode, `--no-inline-suppressions`).
    #[serde(skip)]
    pub no_inline_suppressions: bool,
    /// Runtime: findings recorded here are reported as suppressed (`--baseline`).
    #[serde(skip)]
    pub baseline: Option<Baseline>,
    /// Runtime: the file this configuration was loaded from.
    #[serde(skip)]
    pub source: Option<PathBuf>,
    /// Runtime: read no ignore file of the scanned tree (`.gitignore`, `.ignore`,
    /// `.infra-lintignore`); `--isolated`, which also skips the tree's configuration.
    #[serde(skip)]
    pub isolated: bool,
    /// Runtime: a gitignore-style file read from anywhere whose patterns exclude files
    /// (`--ignore-file`; honoured with `--isolated` too).
    #[serde(skip)]
    pub ignore_file: Option<PathBuf>,
}

/// A configuration file that could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}{}: {message}", location_suffix(*.line, *.column))]
pub struct ConfigError {
    /// The file.
    pub path: PathBuf,
    /// 1-based line of the offending key or value, where known.
    pub line: Option<u32>,
    /// 1-based column, where known.
    pub column: Option<u32>,
    /// What is wrong.
    pub message: String,
}

fn location_suffix(line: Option<u32>, column: Option<u32>) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!(":{l}:{c}"),
        (Some(l), None) => format!(":{l}"),
        _ => String::new(),
    }
}

impl fmt::Display for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match toml::to_string_pretty(self) {
            Ok(s) => f.write_str(&s),
            Err(_) => f.write_str("<unprintable configuration>"),
        }
    }
}

impl Config {
    /// Parse configuration text. `path` is only used in error messages.
    ///
    /// # Errors
    /// Invalid TOML, an unknown key, a wrong type or an invalid value (bad severity, bad glob,
    /// bad regex): the error carries the line and column of the offending key or value.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        Config::parse_with(text, path, accept_settings)
    }

    /// [`Config::parse`], with the rule families' settings checked by `check`.
    ///
    /// # Errors
    /// As [`Config::parse`], and a setting `check` rejects, at its line and column.
    pub fn parse_with(text: &str, path: &Path, check: SettingsCheck) -> Result<Config, ConfigError> {
        let cfg: Config = toml::from_str(text).map_err(|e| {
            let (line, column) = match e.span() {
                Some(span) => {
                    let lc = LineIndex::new(text).line_col(text, span.start);
                    (Some(lc.line), Some(lc.col))
                }
                None => (None, None),
            };
            ConfigError { path: path.to_path_buf(), line, column, message: e.message().trim().to_owned() }
        })?;
        cfg.validate(text, path)?;
        check(text).map_err(|p| {
            let (line, column) = match (&p.span, &p.needle) {
                (Some(span), _) => {
                    let lc = LineIndex::new(text).line_col(text, span.start.min(text.len()));
                    (Some(lc.line), Some(lc.col))
                }
                (None, Some(needle)) => find_in(text, needle),
                (None, None) => (None, None),
            };
            ConfigError { path: path.to_path_buf(), line, column, message: p.message }
        })?;
        Ok(cfg)
    }

    /// Check globs and regexes, pointing at the first line that mentions a bad one.
    fn validate(&self, text: &str, path: &Path) -> Result<(), ConfigError> {
        let err = |needle: &str, message: String| {
            let (line, column) = find_in(text, needle);
            ConfigError { path: path.to_path_buf(), line, column, message }
        };
        for glob in self.per_path_ignores.keys().chain(self.env.values().flatten()) {
            if let Err(e) = globset::Glob::new(glob) {
                return Err(err(glob, format!("invalid glob `{glob}`: {}", e.kind())));
            }
        }
        for re in &self.secrets.allow_regex {
            if let Err(e) = regex::Regex::new(re) {
                let first = e.to_string().lines().last().unwrap_or_default().to_owned();
                return Err(err(re, format!("invalid regex `{re}`: {first}")));
            }
        }
        Ok(())
    }

    /// Read and parse a configuration file. Relative policy directories are resolved against
    /// the file's directory.
    ///
    /// # Errors
    /// The file cannot be read, or [`Config::parse`] fails.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        Config::load_with(path, accept_settings)
    }

    /// [`Config::load`], with the rule families' settings checked by `check`.
    ///
    /// # Errors
    /// As [`Config::load`] and [`Config::parse_with`].
    pub fn load_with(path: &Path, check: SettingsCheck) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            path: path.to_path_buf(),
            line: None,
            column: None,
            message: format!("cannot read configuration: {e}"),
        })?;
        let mut cfg = Config::parse_with(&text, path, check)?;
        let base = path.parent().unwrap_or_else(|| Path::new(""));
        for dir in &mut cfg.policy.dirs {
            if dir.is_relative() {
                *dir = base.join(&*dir);
            }
        }
        cfg.source = Some(path.to_path_buf());
        Ok(cfg)
    }

    /// Find `.infra-lint.toml` in `start` or its nearest ancestor and load it; `Ok(None)` when
    /// there is none.
    ///
    /// # Errors
    /// A file was found but could not be loaded (see [`Config::load`]).
    pub fn discover(start: &Path) -> Result<Option<Config>, ConfigError> {
        Config::discover_with(start, accept_settings)
    }

    /// [`Config::discover`], with the rule families' settings checked by `check`.
    ///
    /// # Errors
    /// As [`Config::discover`] and [`Config::parse_with`].
    pub fn discover_with(start: &Path, check: SettingsCheck) -> Result<Option<Config>, ConfigError> {
        let start = std::fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf());
        let mut dir = if start.is_file() { start.parent().map(Path::to_path_buf) } else { Some(start) };
        while let Some(d) = dir {
            let candidate = d.join(CONFIG_FILE);
            if candidate.is_file() {
                return Config::load_with(&candidate, check).map(Some);
            }
            dir = d.parent().map(Path::to_path_buf);
        }
        Ok(None)
    }

    /// The failure threshold (default `high`).
    #[must_use]
    pub fn fail_on(&self) -> FailOn {
        self.fail_on.unwrap_or_default()
    }

    /// Whether a rule runs under `select` / `ignore`.
    #[must_use]
    pub fn is_selected(&self, rule_id: &str) -> bool {
        let matches = |pat: &String| id_matches(pat, rule_id);
        (self.select.is_empty() || self.select.iter().any(matches)) && !self.ignore.iter().any(matches)
    }

    /// Whether a rule runs under `select` / `ignore`, where an entry may also name a peer
    /// scanner's check the rule answers (`CKV_AWS_17`, `AVD-AWS-0180`; see the rule's aliases).
    #[must_use]
    pub fn is_selected_with_aliases(&self, rule_id: &str, aliases: &[String]) -> bool {
        let norm = crate::engine::suppress::PeerIds::norm;
        let matches = |pat: &String| {
            id_matches(pat, rule_id) || (!pat.ends_with('*') && aliases.iter().any(|a| norm(a) == norm(pat)))
        };
        (self.select.is_empty() || self.select.iter().any(matches)) && !self.ignore.iter().any(matches)
    }

    /// The severity override for a rule, if any.
    #[must_use]
    pub fn severity_override(&self, rule_id: &str) -> Option<Severity> {
        self.severity.get(rule_id).copied()
    }

    /// The data visible to Rego policies as `data.infra_lint.config`: the `[policy.data]` table,
    /// plus the `[ci]` table under `ci` (keys with `_` for `-`, so `required-checks` is
    /// `ci.required_checks`) unless `[policy.data.ci]` is set.
    #[must_use]
    pub fn policy_data(&self) -> serde_json::Value {
        let mut obj = serde_json::Map::new();
        for (k, v) in &self.policy.data {
            obj.insert(k.clone(), serde_json::to_value(v).unwrap_or(serde_json::Value::Null));
        }
        let ci: serde_json::Map<String, serde_json::Value> = self
            .ci
            .iter()
            .map(|(k, v)| (k.replace('-', "_"), serde_json::to_value(v).unwrap_or(serde_json::Value::Null)))
            .collect();
        obj.entry("ci").or_insert_with(|| serde_json::Value::Object(ci));
        serde_json::Value::Object(obj)
    }

    /// Add a command-line environment override (`production=GLOB`).
    ///
    /// # Errors
    /// A bad environment name or glob, as a message for the user.
    pub fn add_env_glob(&mut self, spec: &str) -> Result<(), String> {
        let (env, glob) =
            spec.split_once('=').ok_or_else(|| format!("`{spec}` is not ENV=GLOB (e.g. production=infra/prod/**)"))?;
        let env = Environment::from_word(env.trim()).ok_or_else(|| {
            format!("unknown environment `{}` (use production, staging, development or test)", env.trim())
        })?;
        globset::Glob::new(glob.trim()).map_err(|e| format!("invalid glob `{}`: {}", glob.trim(), e.kind()))?;
        self.env.entry(env).or_default().push(glob.trim().to_owned());
        Ok(())
    }
}

impl Config {
    /// The `[env]` globs as load options (file → environment overrides), in a stable order.
    #[must_use]
    pub fn env_overrides(&self) -> Vec<(Environment, globset::GlobMatcher)> {
        let mut out = Vec::new();
        for (env, globs) in &self.env {
            for g in globs {
                if let Ok(glob) = globset::GlobBuilder::new(g).literal_separator(true).build() {
                    out.push((*env, glob.compile_matcher()));
                }
            }
        }
        out
    }

    /// The `[per-path-ignores]` table, compiled.
    #[must_use]
    pub fn path_ignores(&self) -> PathIgnores {
        let mut entries = Vec::new();
        for (glob, rules) in &self.per_path_ignores {
            if let Ok(g) = globset::GlobBuilder::new(glob).literal_separator(true).build() {
                entries.push((g.compile_matcher(), rules.clone()));
            }
        }
        PathIgnores { entries }
    }

    /// The rule families' settings tables, as the model carries them to the rules.
    #[must_use]
    pub fn rule_settings(&self) -> RuleSettings {
        let mut families = BTreeMap::new();
        for (name, table) in [("ci", &self.ci), ("containers", &self.containers), ("sql", &self.sql)] {
            if !table.is_empty() {
                families.insert(name.to_owned(), table.clone());
            }
        }
        RuleSettings { families, ..RuleSettings::default() }
    }

    /// The `[secrets]` allowlist, compiled (invalid regexes, only possible in code-built
    /// configurations, are skipped).
    #[must_use]
    pub fn secret_allowlist(&self) -> SecretAllowlist {
        SecretAllowlist {
            values: self.secrets.allow.clone(),
            regexes: self.secrets.allow_regex.iter().filter_map(|r| regex::Regex::new(r).ok()).collect(),
        }
    }
}

/// Compiled `[per-path-ignores]`.
#[derive(Debug, Clone, Default)]
pub struct PathIgnores {
    entries: Vec<(globset::GlobMatcher, Vec<String>)>,
}

impl PathIgnores {
    /// Whether findings of `rule_id` in `path` (`/`-separated, as reported) are ignored. A rule
    /// list that is empty or holds `*` ignores every rule.
    #[must_use]
    pub fn ignores(&self, path: &str, rule_id: &str) -> bool {
        self.entries
            .iter()
            .any(|(g, rules)| g.is_match(path) && (rules.is_empty() || rules.iter().any(|r| id_matches(r, rule_id))))
    }
}

/// Compiled `[secrets]` allowlist.
#[derive(Debug, Clone, Default)]
pub struct SecretAllowlist {
    values: Vec<String>,
    regexes: Vec<regex::Regex>,
}

impl SecretAllowlist {
    /// Whether the allowlist is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.values.is_empty() && self.regexes.is_empty()
    }

    /// Whether a secret value is allowed (an exact value or a regex match).
    #[must_use]
    pub fn allows(&self, value: &str) -> bool {
        let v = value.trim().trim_matches(['"', '\'']);
        self.values.iter().any(|a| a == v || a == value) || self.regexes.iter().any(|r| r.is_match(v))
    }
}

/// Whether a rule-id pattern (`id` or `prefix*`, `*` for all) matches `rule_id`.
#[must_use]
pub fn id_matches(pattern: &str, rule_id: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => rule_id.starts_with(prefix),
        None => pattern == rule_id,
    }
}

fn find_in(text: &str, needle: &str) -> (Option<u32>, Option<u32>) {
    match text.find(needle) {
        Some(off) => {
            let lc = LineIndex::new(text).line_col(text, off);
            (Some(lc.line), Some(lc.col))
        }
        None => (None, None),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn parses_every_section() {
        let text = r#"
select = ["public-database", "policy/*"]
ignore = ["unpinned-action"]
fail-on = "medium"

[severity]
public-database = "low"

[per-path-ignores]
"legacy/**" = ["*"]

[env]
production = ["infra/prod/**"]

[policy]
dirs = ["policies"]
[policy.data]
owner = "platform"

[secrets]
allow = ["not-a-secret"]
allow-regex = ["^sk_test_"]

[terraform]
var-files = ["prod.tfvars"]

[ci]
required_checks = ["test"]

[containers]
require-digest = true

[sql]
extend-tenancy-columns = ["customer_id"]
"#;
        let c = Config::parse(text, Path::new(".infra-lint.toml")).unwrap();
        assert_eq!(c.fail_on(), FailOn::Medium);
        assert!(c.is_selected("public-database"));
        assert!(c.is_selected("policy/main/deny"));
        assert!(!c.is_selected("unpinned-action"));
        assert!(!c.is_selected("other"));
        assert_eq!(c.severity_override("public-database"), Some(Severity::Low));
        assert_eq!(c.env[&Environment::Production], vec!["infra/prod/**".to_owned()]);
        assert_eq!(c.policy.dirs, vec![PathBuf::from("policies")]);
        let data = c.policy_data();
        assert_eq!(data["owner"], "platform");
        assert_eq!(data["ci"]["required_checks"][0], "test");
        let rs = c.rule_settings();
        assert_eq!(rs.family("containers").and_then(|t| t.get("require-digest")), Some(&toml::Value::Boolean(true)));
        assert!(rs.family("sql").is_some_and(|t| t.contains_key("extend-tenancy-columns")));
    }

    #[test]
    fn rule_settings_are_carried_raw_and_checked_by_the_given_check() {
        assert_eq!(Config::default().rule_settings(), RuleSettings::default());
        let text = "[sql]\ntenancy-columns = [\"org_id\"]\n[containers]\nanything = 1\n";
        let c = Config::parse(text, Path::new("c.toml")).unwrap();
        let rs = c.rule_settings();
        assert_eq!(rs.families.len(), 2);
        // The configuration prints (e.g. for `--show-config`) and reads back the same.
        let printed = c.to_string();
        assert!(printed.contains("tenancy-columns"), "{printed}");
        let again = Config::parse(&printed, Path::new("c.toml")).unwrap();
        assert_eq!(again.rule_settings(), rs);
        assert!(!Config::default().to_string().contains("unprintable"));
        // A check's problem is reported at its span or at the text it names.
        fn at_span(text: &str) -> Result<(), SettingsProblem> {
            let at = text.find("anything").unwrap_or(0);
            Err(SettingsProblem { span: Some(at..at + 8), needle: None, message: "no".into() })
        }
        fn at_needle(_: &str) -> Result<(), SettingsProblem> {
            Err(SettingsProblem { span: None, needle: Some("\"org_id\"".into()), message: "bad column".into() })
        }
        let e = Config::parse_with(text, Path::new("c.toml"), at_span).unwrap_err();
        assert_eq!((e.line, e.column, e.message.as_str()), (Some(4), Some(1), "no"));
        let e = Config::parse_with(text, Path::new("c.toml"), at_needle).unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(20)), "{e}");
        // Unknown families are still rejected by the engine.
        assert!(Config::parse("[containerz]\n", Path::new("c.toml")).is_err());
    }

    #[test]
    fn unknown_key_has_line_and_column() {
        let text = "select = []\n\n[severity]\nfoo = \"high\"\n[secrets]\n  alow = []\n";
        let e = Config::parse(text, Path::new("c.toml")).unwrap_err();
        assert_eq!((e.line, e.column), (Some(6), Some(3)), "{e}");
        assert!(e.message.contains("alow"), "{e}");
        let e = Config::parse("fail_on = \"high\"\n", Path::new("c.toml")).unwrap_err();
        assert_eq!((e.line, e.column), (Some(1), Some(1)), "{e}");
        assert!(e.to_string().starts_with("c.toml:1:1: "), "{e}");
    }

    #[test]
    fn bad_values_have_locations() {
        let e = Config::parse("\nfail-on = \"sometimes\"\n", Path::new("c.toml")).unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
        let e = Config::parse("[env]\nprod = [\"x\"]\n", Path::new("c.toml")).unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
        let e = Config::parse("[secrets]\nallow-regex = [\"(\"]\n", Path::new("c.toml")).unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(17)), "{e}");
        let e = Config::parse("[per-path-ignores]\n\"a/[\" = []\n", Path::new("c.toml")).unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
    }

    #[test]
    fn env_glob_from_command_line() {
        let mut c = Config::default();
        c.add_env_glob("prod=deploy/**").unwrap();
        assert_eq!(c.env[&Environment::Production], vec!["deploy/**".to_owned()]);
        assert!(c.add_env_glob("nope").is_err());
        assert!(c.add_env_glob("moon=x").is_err());
        assert!(c.add_env_glob("test=[").is_err());
    }

    #[test]
    fn path_ignores_and_allowlist() {
        let c = Config::parse(
            "[per-path-ignores]\n\"legacy/**\" = []\n\"dev/*.yml\" = [\"exposed-port\"]\n[secrets]\nallow = [\"s3cr3t\"]\nallow-regex = [\"^sk_test_\"]\n",
            Path::new("c.toml"),
        )
        .unwrap();
        let p = c.path_ignores();
        assert!(p.ignores("legacy/a/main.tf", "anything"));
        assert!(p.ignores("dev/compose.yml", "exposed-port"));
        assert!(!p.ignores("dev/compose.yml", "other"));
        assert!(!p.ignores("dev/x/compose.yml", "exposed-port"));
        let a = c.secret_allowlist();
        assert!(a.allows("s3cr3t"));
        assert!(a.allows("\"sk_test_123\""));
        assert!(!a.allows("sk_live_123"));
    }

    #[test]
    fn fail_on_thresholds() {
        assert!(FailOn::High.fails(Severity::Critical));
        assert!(FailOn::High.fails(Severity::High));
        assert!(!FailOn::High.fails(Severity::Medium));
        assert!(!FailOn::Never.fails(Severity::Critical));
        assert_eq!(FailOn::parse("LOW"), Some(FailOn::Low));
    }
}
