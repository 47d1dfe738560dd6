//! infra-lint as a library: scan a repository's infrastructure files (Terraform, fly.toml,
//! docker compose, Dockerfiles, `.env`, GitHub Actions workflows, SQL migrations) for security
//! and policy problems, and render the findings as text, JSON, SARIF 2.1.0 or GitHub annotations.
//!
//! ```
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use std::path::Path;
//! let report: infra_lint::Report = infra_lint::Scanner::new(infra_lint::Config::default()).scan(Path::new("."))?;
//! for f in &report.findings {
//!     println!("{} {}:{}", f.rule_id, f.location.path.display(), f.location.start_line);
//! }
//! let sarif: String = report.to_sarif()?;
//! # let _ = sarif;
//! # Ok(())
//! # }
//! ```
//!
//! A rule of your own is one struct: its doc comment is its documentation, `check` reads the
//! model and pushes findings. Nothing beyond this crate is needed:
//!
//! ```
//! use infra_lint::{declare_rule, FileKind, Finding, Model, Rule, RuleMeta, Scanner, Config};
//!
//! declare_rule! {
//!     /// ## What it does
//!     /// Flags every Dockerfile (an example).
//!     pub struct EveryDockerfile {
//!         id: "acme-every-dockerfile",
//!         severity: Low,
//!         formats: [Dockerfile],
//!         tags: ["example"],
//!         precision: "high",
//!         summary: "A Dockerfile exists",
//!     }
//! }
//!
//! impl Rule for EveryDockerfile {
//!     fn meta(&self) -> &'static RuleMeta {
//!         &Self::META
//!     }
//!     fn check(&self, model: &Model, out: &mut Vec<Finding>) {
//!         for f in model.files_of(FileKind::Dockerfile) {
//!             let span = infra_lint::core::Span { file: f.source.id, start: 0, end: 0 };
//!             out.push(Finding::new(Self::META.id, Self::META.severity, span, "a Dockerfile"));
//!         }
//!     }
//! }
//!
//! let scanner = Scanner::new(Config::default()).with_rule(Box::new(EveryDockerfile));
//! assert!(scanner.rules().iter().any(|r| r.id == "acme-every-dockerfile"));
//! ```
//!
//! With `default-features = false` the package pulls in no command-line crates (no clap,
//! indicatif or terminal colour crates); the `cli` feature (on by default) builds the
//! `infra-lint` binary. `cli` turns on `memory-limit`: Rego policy evaluation gets a hard
//! memory budget, through regorus' counting mimalloc, which that feature makes the global
//! allocator of the whole program. A program with a `#[global_allocator]` of its own uses
//! `default-features = false` (without `memory-limit`); its policies then have the time budget
//! and the sandbox, but no memory budget.
//!
//! The pipeline of [`Scanner::scan`]: discover and parse every file into the unified model,
//! run the selected native rules (and Rego policies), apply the configuration (select/ignore,
//! severity overrides, per-path ignores, the secret allowlist), inline suppressions and the
//! baseline, then sort everything into a [`Report`]. A repository of more than
//! [`DEFAULT_SHARD_FILES`] files is processed in self-contained shards, one after the other, so
//! memory stays bounded; the report is the same as that of one whole scan
//! ([`Scanner::with_shard_files`]).

#![deny(missing_docs)]
#![warn(unreachable_pub)]

use std::path::{Path, PathBuf};
use std::time::Instant;

use infra_lint_core::load::{self, LoadOptions};
use infra_lint_core::report::{self as core_report, Suppression, SuppressionKind};
use infra_lint_core::source::path_to_slash;
use infra_lint_core::suppress;
use infra_lint_core::terraform::TfOptions;

pub use infra_lint_core::config::{Config, ConfigError, FailOn};
pub use infra_lint_core::kind::FileKind;
pub use infra_lint_core::load::MemoryFile;
pub use infra_lint_core::render::{Format, RenderError, TextOptions};
pub use infra_lint_core::report::{RelatedLocation, Report, ReportedFinding, Summary};
pub use infra_lint_core::suppress::{Baseline, BaselineEntry, BaselineError};
pub use infra_lint_core::Model;
pub use infra_lint_core::{
    Applicability, Diagnostic, DiagnosticLevel, Edit, Environment, Finding, Fix, Location, RuleInfo, Severity, Timings,
};
pub use infra_lint_rules::rule::RuleMeta;
/// Checks the rule families' settings tables of a configuration text: give it to
/// [`Config::load_with`] / [`Config::discover_with`] / [`Config::parse_with`] so a bad setting is
/// reported at its line and column (a scan checks them again, without a location).
pub use infra_lint_rules::settings::check as settings_check;
pub use infra_lint_rules::{declare_rule, Rule};

#[cfg(doctest)]
#[doc = include_str!("../../../docs/configuration.md")]
struct ConfigurationDocTests;

/// Re-export of the core crate (model, parsers, renderers) for advanced use.
pub use infra_lint_core as core;

/// Why a scan could not run at all. Problems with individual files are never errors: they are
/// [`Report::diagnostics`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The path to scan does not exist or cannot be read.
    #[error("cannot scan {}: {message}", path.display())]
    Root {
        /// The path.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A configuration file is invalid.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// A policy directory or policy could not be loaded.
    #[error("policy error: {0}")]
    Policy(String),
}

/// The catalog of every built-in rule (native rules and shipped policies), sorted by id. Policies loaded from `--policy` directories are listed by [`Scanner::rules`].
#[must_use]
pub fn rules() -> Vec<RuleInfo> {
    let mut v: Vec<RuleInfo> = infra_lint_rules::registry::all().iter().map(|r| r.meta().info()).collect();
    v.extend(infra_lint_rules::rego::shipped_rules());
    v.sort_by(|a, b| a.id.cmp(&b.id));
    v
}

/// The catalog entry of one built-in rule.
#[must_use]
pub fn rule(id: &str) -> Option<RuleInfo> {
    rules().into_iter().find(|r| r.id == id)
}

/// The token shapes the secret rules detect; the engine masks them wherever output quotes source.
const TOKENS: infra_lint_core::base::mask::TokenFinder = infra_lint_rules::secret_detect::token_ranges;

/// Runs scans with one configuration.
pub struct Scanner {
    config: Config,
    extra: Vec<Box<dyn Rule>>,
    /// The Rego policies (shipped + `[policy] dirs`), loaded once on first use.
    policies: std::sync::OnceLock<(infra_lint_rules::rego::PolicySet, Vec<Diagnostic>)>,
    /// Shard size in files (see [`Scanner::with_shard_files`]).
    shard_files: usize,
    /// Keep the source lines of each finding (see [`Scanner::with_code_frames`]).
    code_frames: bool,
}

/// The default shard size of [`Scanner::with_shard_files`]: repositories up to this many
/// infrastructure files are scanned in one piece.
pub const DEFAULT_SHARD_FILES: usize = 4096;

/// What one model (a whole scan or a shard) contributed to the report.
struct Part {
    findings: Vec<core_report::ReportedFinding>,
    diagnostics: Vec<Diagnostic>,
    rules: Vec<RuleInfo>,
    files: usize,
    timings: Timings,
}

impl std::fmt::Debug for Scanner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scanner")
            .field("config", &self.config)
            .field("extra_rules", &self.extra.iter().map(|r| r.meta().id).collect::<Vec<_>>())
            .finish()
    }
}

impl Scanner {
    /// A scanner with `config` (use [`Config::default`], [`Config::load`] or [`Config::discover`]).
    #[must_use]
    pub fn new(config: Config) -> Self {
        Self {
            config,
            extra: Vec::new(),
            policies: std::sync::OnceLock::new(),
            shard_files: DEFAULT_SHARD_FILES,
            code_frames: true,
        }
    }

    /// Add a native rule of your own (it runs alongside the built-in ones, subject to
    /// `select`/`ignore`).
    #[must_use]
    pub fn with_rule(mut self, rule: Box<dyn Rule>) -> Self {
        self.extra.push(rule);
        self
    }

    /// The configuration.
    #[must_use]
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The catalog of every rule this scanner knows (built-in, added, and policies), sorted by id.
    #[must_use]
    pub fn rules(&self) -> Vec<RuleInfo> {
        let mut v = rules();
        v.extend(self.extra.iter().map(|r| r.meta().info()));
        v.extend(self.policies().0.rules());
        v.sort_by(|a, b| a.id.cmp(&b.id));
        v.dedup_by(|a, b| a.id == b.id);
        v
    }

    fn walk_options(&self) -> infra_lint_core::workspace::walk::WalkOptions {
        infra_lint_core::workspace::walk::WalkOptions { isolated: self.config.isolated }
    }

    fn load_options(&self) -> LoadOptions {
        LoadOptions {
            env_overrides: self.config.env_overrides(),
            terraform: TfOptions {
                var_files: self.config.terraform.var_files.clone(),
                vars: self.config.terraform.vars.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            },
            settings: self.config.rule_settings(),
        }
    }

    /// Scan a directory (or a single file). Reported paths are relative to `root`; environment
    /// globs and per-path ignores match those paths.
    ///
    /// # Errors
    /// `root` does not exist, or a policy cannot be loaded. Broken files are diagnostics.
    pub fn scan(&self, root: &Path) -> Result<Report, Error> {
        if let Err(e) = std::fs::metadata(root) {
            return Err(Error::Root { path: root.to_path_buf(), message: e.to_string() });
        }
        let abs = std::fs::canonicalize(root).ok().map(|p| {
            if p.is_file() {
                p.parent().map(Path::to_path_buf).unwrap_or(p)
            } else {
                p
            }
        });
        self.scan_discovered(load::Discovery::dir_with(root, self.walk_options()), abs)
    }

    /// Scan several directories and files as one scan (cross-file evidence spans them all), as
    /// the command line does. Reported paths are the given paths joined with the paths inside
    /// them (`infra` → `infra/envs/prod/main.tf`), i.e. relative to the working directory when
    /// the given paths are relative.
    ///
    /// # Errors
    /// A path does not exist, or a policy cannot be loaded.
    pub fn scan_paths(&self, paths: &[PathBuf]) -> Result<Report, Error> {
        for p in paths {
            if let Err(e) = std::fs::metadata(p) {
                return Err(Error::Root { path: p.clone(), message: e.to_string() });
            }
        }
        let root = std::env::current_dir().ok().and_then(|d| std::fs::canonicalize(d).ok());
        self.scan_discovered(load::Discovery::paths_with(paths, self.walk_options()), root)
    }

    /// Set the shard size: a scan of more files than this is split into self-contained groups of
    /// about this many files, each read, checked and freed before the next, so memory stays
    /// bounded however large the repository (default [`DEFAULT_SHARD_FILES`]). The findings are
    /// the same as those of one whole scan; `0` never splits.
    ///
    /// A scan is never split while a repository-scoped Rego policy is active (it must see every
    /// file at once) or `[terraform] var_files` are set (they apply to every root).
    #[must_use]
    pub fn with_shard_files(mut self, files: usize) -> Self {
        self.shard_files = files;
        self
    }

    /// Whether findings keep their source lines ([`ReportedFinding::frame`], drawn by the text
    /// format; on by default). Only the text output shows them: a tool that writes JSON or SARIF
    /// can turn them off and hold about half as much memory per finding.
    #[must_use]
    pub fn with_code_frames(mut self, keep: bool) -> Self {
        self.code_frames = keep;
        self
    }

    /// Read, check and report the discovered files: in one piece, or shard by shard.
    fn scan_discovered(&self, mut disc: load::Discovery, root: Option<PathBuf>) -> Result<Report, Error> {
        self.check_settings()?;
        if let Some(list) = &self.config.ignore_file {
            infra_lint_core::workspace::walk::exclude_listed(&mut disc.files, list)
                .map_err(|message| Error::Root { path: list.clone(), message })?;
        }
        let opts = self.load_options();
        // Loading (compiling) the policies counts as policy time; it happens once per scanner.
        let start = Instant::now();
        let _ = self.policies();
        let timings = Timings { walk: disc.walk_time, policies: start.elapsed(), ..Timings::default() };
        let shardable = self.shard_files > 0
            && disc.files.len() > self.shard_files
            && self.config.terraform.var_files.is_empty()
            && !self.policies_need_whole_repository();
        if !shardable {
            let model = disc.load_all(&opts);
            let part = self.finish(&model);
            drop_in_background(model);
            return Ok(self.assemble(vec![part?], Vec::new(), root, timings));
        }
        let mut couplings = infra_lint_rules::couplings(&infra_lint_rules::registry::all());
        couplings.extend(infra_lint_rules::couplings(&self.extra));
        let shards = disc.shards(self.shard_files, &couplings);
        let mut parts = Vec::with_capacity(shards.len());
        let mut freeing: Option<std::thread::JoinHandle<()>> = None;
        for shard in &shards {
            let model = disc.load(shard, &opts);
            let part = self.finish(&model);
            // At most one earlier shard is still being freed while this one is checked.
            if let Some(h) = freeing.take() {
                let _ = h.join();
            }
            freeing = drop_in_background(model);
            parts.push(part?);
        }
        if let Some(h) = freeing {
            let _ = h.join();
        }
        Ok(self.assemble(parts, disc.diagnostics, root, timings))
    }

    /// Scan in-memory files (for editors and tools that read git blobs). Each file's path
    /// (relative, `/`-separated) decides its format and is used in the report.
    ///
    /// # Errors
    /// A policy cannot be loaded.
    pub fn scan_files(&self, files: Vec<MemoryFile>) -> Result<Report, Error> {
        self.check_settings()?;
        let model = load::load_memory(files, &self.load_options());
        let part = self.finish(&model);
        drop_in_background(model);
        Ok(self.assemble(vec![part?], Vec::new(), None, Timings::default()))
    }

    /// The rule families' settings of the configuration, checked by the rules that own them.
    fn check_settings(&self) -> Result<(), Error> {
        infra_lint_rules::settings::check_tables(&self.config.rule_settings()).map_err(|p| {
            Error::Config(ConfigError {
                path: self.config.source.clone().unwrap_or_else(|| PathBuf::from(infra_lint_core::config::CONFIG_FILE)),
                line: None,
                column: None,
                message: p.message,
            })
        })
    }

    /// Run the rules over a built model (the whole scan or one shard of it) and resolve what
    /// they found: active and suppressed findings with their locations, diagnostics, the rules run.
    fn finish(&self, model: &Model) -> Result<Part, Error> {
        let cfg = &self.config;
        let mut timings = model.timings.clone();
        // The rules' cross-format facts, built once here so their time is measured apart.
        let start = Instant::now();
        let _ = infra_lint_rules::facts::Facts::of(model);
        timings.facts += start.elapsed();
        let start = Instant::now();
        let aliases_of = |m: &infra_lint_rules::RuleMeta| m.aliases.iter().map(|a| (*a).to_owned()).collect::<Vec<_>>();
        let selected: Vec<Box<dyn Rule>> = infra_lint_rules::registry::all()
            .into_iter()
            .filter(|r| cfg.is_selected_with_aliases(r.meta().id, &aliases_of(r.meta())))
            .collect();
        let mut catalog: Vec<RuleInfo> = selected.iter().map(|r| r.meta().info()).collect();
        let mut findings = infra_lint_rules::run(model, &selected);
        if !self.extra.is_empty() {
            let extra_ids: Vec<&str> = self
                .extra
                .iter()
                .filter(|r| cfg.is_selected_with_aliases(r.meta().id, &aliases_of(r.meta())))
                .map(|r| r.meta().id)
                .collect();
            catalog.extend(self.extra.iter().filter(|r| extra_ids.contains(&r.meta().id)).map(|r| r.meta().info()));
            findings.extend(
                infra_lint_rules::run(model, &self.extra)
                    .into_iter()
                    .filter(|f| extra_ids.contains(&f.rule_id.as_str())),
            );
        }
        timings.rules = start.elapsed();
        let start = Instant::now();
        let mut diagnostics = model.diagnostics.clone();
        self.run_policies(model, &mut findings, &mut catalog, &mut diagnostics)?;
        timings.policies = start.elapsed();
        let start = Instant::now();
        infra_lint_core::terraform::vendor::relocate(model, &mut findings);

        // Configuration: select/ignore (policies may emit any id), per-path ignores, secret
        // allowlist, severity overrides.
        let ignores = cfg.path_ignores();
        let allow = cfg.secret_allowlist();
        let no_aliases: Vec<String> = Vec::new();
        let aliases: std::collections::HashMap<&str, &Vec<String>> =
            catalog.iter().map(|r| (r.id.as_str(), &r.aliases)).collect();
        findings.retain(|f| {
            let path = path_to_slash(&model.locate(f.span).path);
            cfg.is_selected_with_aliases(&f.rule_id, aliases.get(f.rule_id.as_str()).copied().unwrap_or(&no_aliases))
                && !ignores.ignores(&path, &f.rule_id)
                && (allow.is_empty() || !f.secret_spans.iter().any(|s| allow.allows(model.text(*s))))
        });
        for f in &mut findings {
            if let Some(sev) = cfg.severity_override(&f.rule_id) {
                f.severity = sev;
            }
        }

        // Inline suppressions.
        let mut reported: Vec<core_report::ReportedFinding> = Vec::new();
        let active = if cfg.no_inline_suppressions {
            findings
        } else {
            let ran: Vec<String> = catalog.iter().map(|r| r.id.clone()).collect();
            let all_rules = self.rules();
            let known: Vec<String> = all_rules.iter().map(|r| r.id.clone()).collect();
            let peers = suppress::PeerIds::new(all_rules.iter().map(|r| (r.id.as_str(), r.aliases.as_slice())));
            let applied = suppress::apply_with_peers(
                model,
                findings,
                &|id| ran.iter().any(|r| r == id),
                &|id| known.iter().any(|r| r == id) || ran.iter().any(|r| r == id),
                &peers,
            );
            diagnostics.extend(applied.diagnostics);
            for (f, reason) in &applied.suppressed {
                let sup = Suppression { kind: SuppressionKind::InSource, justification: reason.clone() };
                reported.push(core_report::resolve(model, f, Some(sup), self.code_frames, TOKENS));
            }
            applied.active
        };
        reported.extend(active.iter().map(|f| core_report::resolve(model, f, None, self.code_frames, TOKENS)));
        timings.resolve = start.elapsed();
        Ok(Part { findings: reported, diagnostics, rules: catalog, files: model.files.len(), timings })
    }

    /// Merge the parts of a scan into the report: sort, fingerprint over everything in a
    /// deterministic order, then split suppressed findings and the baseline. `timings` holds what
    /// was measured before the parts (the walk, loading the policies).
    fn assemble(&self, parts: Vec<Part>, walk: Vec<Diagnostic>, root: Option<PathBuf>, timings: Timings) -> Report {
        let mut report = Report { root, diagnostics: walk, timings, ..Report::default() };
        for p in parts {
            report.timings.add(&p.timings);
            report.findings.extend(p.findings);
            report.diagnostics.extend(p.diagnostics);
            report.rules.extend(p.rules);
            report.files_scanned += p.files;
        }
        let start = Instant::now();
        report.mask_diagnostics(TOKENS);
        report.sort();
        core_report::assign_fingerprints(report.findings.iter_mut());

        // Split suppressed from active, then the baseline.
        let (suppressed, mut active): (Vec<_>, Vec<_>) =
            std::mem::take(&mut report.findings).into_iter().partition(|f| f.suppression.is_some());
        report.suppressed = suppressed;
        if let Some(baseline) = &self.config.baseline {
            let (old, new): (Vec<_>, Vec<_>) = active.into_iter().partition(|f| baseline.contains(&f.fingerprint));
            report.suppressed.extend(old.into_iter().map(|mut f| {
                f.suppression =
                    Some(Suppression { kind: SuppressionKind::External, justification: "in baseline".to_owned() });
                f
            }));
            active = new;
        }
        // Bounded output: a hostile tree cannot make the report grow without limit.
        let limits = (infra_lint_core::limits::MAX_FINDINGS_PER_FILE, infra_lint_core::limits::MAX_FINDINGS_TOTAL);
        let capped = core_report::cap_findings(&mut active, limits.0, limits.1);
        report.diagnostics.extend(capped);
        let capped = core_report::cap_findings(&mut report.suppressed, limits.0, limits.1);
        report.diagnostics.extend(capped);
        // One problem reached twice (a module under two roots with the same address) is shown
        // once; fingerprints were given before, so the kept one's is unchanged.
        core_report::merge_repeats(&mut active);
        core_report::merge_repeats(&mut report.suppressed);
        report.findings = active;
        report.sort();
        report.timings.resolve += start.elapsed();
        report
    }

    /// Whether an active policy must see the whole repository at once (a repository-scoped one).
    fn policies_need_whole_repository(&self) -> bool {
        let mut set = self.policies().0.clone();
        set.retain_ids(|id| self.config.is_selected(id));
        set.needs_whole_repository()
    }

    /// The policies: shipped ones, the configured directories (conftest conventions), and
    /// `[policy.data]` as `data.infra_lint.config`. Loaded once.
    fn policies(&self) -> &(infra_lint_rules::rego::PolicySet, Vec<Diagnostic>) {
        self.policies.get_or_init(|| {
            let (files, mut read_diags) = infra_lint_core::engine::policy_files::read_dirs(&self.config.policy.dirs);
            let (set, diags) = infra_lint_rules::rego::PolicySet::load(&infra_lint_rules::rego::PolicyOptions {
                shipped: true,
                files,
                namespaces: self.config.policy.namespaces.clone(),
                all_namespaces: self.config.policy.all_namespaces,
                data: self.config.policy_data(),
                allow_builtins: self.config.policy.allow_builtins.clone(),
            });
            read_diags.extend(diags);
            (set, read_diags)
        })
    }

    /// Run the Rego policies over `model`, pushing their findings, catalog entries and
    /// diagnostics. A missing policy directory is an [`Error::Policy`]; a broken policy is a
    /// diagnostic and the rest run.
    fn run_policies(
        &self,
        model: &Model,
        findings: &mut Vec<Finding>,
        catalog: &mut Vec<RuleInfo>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Result<(), Error> {
        let (set, load_diags) = self.policies();
        if let Some(d) = load_diags.iter().find(|d| d.code == "policy-dir-missing") {
            return Err(Error::Policy(format!("{}: {}", d.path.display(), d.message)));
        }
        diagnostics.extend(load_diags.iter().cloned());
        let mut set = set.clone();
        set.retain_ids(|id| self.config.is_selected(id));
        catalog.extend(set.rules().into_iter().filter(|r| self.config.is_selected(&r.id)));
        let (found, diags) = set.evaluate(model);
        findings.extend(found);
        diagnostics.extend(diags);
        Ok(())
    }
}

/// Free a scanned model on another thread. Dropping the syntax trees of a large repository takes
/// a tenth of a scan; the report does not need to wait for it (and a command-line run that exits
/// right after never pays it). Small models are dropped in place.
fn drop_in_background(model: Model) -> Option<std::thread::JoinHandle<()>> {
    if model.files.len() < 256 {
        return None;
    }
    // If the thread cannot be spawned, the closure (and the model) is dropped here instead.
    std::thread::Builder::new().name("infra-lint-free".to_owned()).spawn(move || drop(model)).ok()
}
