//! Command-line arguments.
//!
//! `infra-lint [PATH...]` scans; `infra-lint rules` and `infra-lint explain RULE` are
//! subcommands. A subcommand name wins over a path of the same name: to scan a directory called
//! `rules` or `explain`, write `./rules` (or `infra-lint -- rules`).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Policy and security scanner for infrastructure files: Terraform, fly.toml, docker compose,
/// Dockerfiles, .env files, GitHub Actions workflows and SQL migrations.
#[derive(Debug, Parser)]
#[command(
    name = "infra-lint",
    version,
    args_conflicts_with_subcommands = true,
    after_help = "Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage/config/policy error.\n\
                  To scan a directory named like a subcommand, write ./rules or `infra-lint -- rules`."
)]
pub struct Cli {
    /// A subcommand (without one, infra-lint scans).
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Scan options.
    #[command(flatten)]
    pub scan: ScanArgs,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List every rule (id, severity, formats, one line).
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value_t = CatalogFormat::Text)]
        format: CatalogFormat,
        /// Only rules for this cloud provider (`aws`, `gcp`, `azure`, `hetzner`, `cloudflare`, …).
        #[arg(long, value_name = "NAME")]
        provider: Option<String>,
        /// Only rules that answer this peer check id (`CKV_AWS_17`, `AVD-AWS-0180`, a zizmor or
        /// hadolint id …).
        #[arg(long, value_name = "ID")]
        peer: Option<String>,
    },
    /// Print a rule's full documentation.
    Explain {
        /// The rule id, e.g. `public-database`.
        rule: String,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell) to standard output.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Work with Rego policies.
    Policy {
        /// What to do.
        #[command(subcommand)]
        command: PolicyCommand,
    },
}

/// `infra-lint policy …`.
#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// Run the `test_*` rules of the policies in DIR (like `opa test` / `conftest verify`).
    Test {
        /// Policy directories (with their `*_test.rego` files).
        #[arg(required = true, value_name = "DIR")]
        dirs: Vec<PathBuf>,
    },
}

/// Formats of `infra-lint rules`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CatalogFormat {
    /// A table for the terminal.
    Text,
    /// A JSON array of rule entries.
    Json,
    /// A markdown table linking each rule's documentation.
    Markdown,
}

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Grouped by file, with code frames.
    Text,
    /// infra-lint's versioned JSON schema (docs/json-output.md).
    Json,
    /// SARIF 2.1.0 (GitHub code scanning, IDE viewers).
    Sarif,
    /// GitHub Actions annotations (workflow commands).
    Github,
}

/// Failure thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOnArg {
    /// Fail on critical findings.
    Critical,
    /// Fail on high and critical findings (default; alias `error`).
    #[value(alias = "error")]
    High,
    /// Fail on medium and above (alias `warning`).
    #[value(alias = "warning")]
    Medium,
    /// Fail on any finding (alias `note`).
    #[value(alias = "note")]
    Low,
    /// Never fail because of findings.
    #[value(alias = "none")]
    Never,
}

/// Severities (for `--min-severity`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SeverityArg {
    /// Critical only.
    Critical,
    /// High and above (alias `error`).
    #[value(alias = "error")]
    High,
    /// Medium and above (alias `warning`).
    #[value(alias = "warning")]
    Medium,
    /// Everything (alias `note`).
    #[value(alias = "note")]
    Low,
}

/// When to colour text output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless `NO_COLOR` is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Options of the scan.
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Directories or files to scan (default: the current directory).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,

    /// Write the report to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Also write the report in FORMAT to FILE (repeatable), from the same scan:
    /// `--also-write sarif=out.sarif --also-write json=out.json`.
    #[arg(long, value_name = "FORMAT=FILE")]
    pub also_write: Vec<String>,

    /// Lowest severity that makes the scan exit 1 [default: high, or `fail-on` in the config].
    /// Only reported findings count (see --min-severity).
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<FailOnArg>,

    /// Report only findings at or above SEVERITY (default: every finding). Findings below it
    /// are left out of every output and of the exit code.
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub min_severity: Option<SeverityArg>,

    /// Report only findings located in this file or directory (relative to the working
    /// directory; repeat the flag for more). The scan still covers the PATHs, so cross-file rules
    /// and Terraform evaluation see everything.
    #[arg(long, value_name = "PATH")]
    pub report_only_for: Vec<PathBuf>,

    /// The PATH arguments are the files to report on; scan the whole repository holding them
    /// (the nearest ancestor of the working directory with `.infra-lint.toml` or `.git`) so that
    /// cross-file rules and Terraform evaluation keep their context. Made for pre-commit hooks.
    #[arg(long)]
    pub repo_context: bool,

    /// Print nothing when there is nothing to report: no "No findings" line, no progress, no notes
    /// on standard error.
    #[arg(long, short = 'q')]
    pub quiet: bool,

    /// Configuration file [default: .infra-lint.toml in the scanned directory or an ancestor].
    #[arg(long, short = 'c', value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Run only these rules (comma-separated ids; `prefix*` matches a prefix). Replaces the
    /// config's `select`.
    #[arg(long, value_delimiter = ',', value_name = "RULE,...")]
    pub select: Vec<String>,

    /// Never run these rules (added to the config's `ignore`).
    #[arg(long, value_delimiter = ',', value_name = "RULE,...")]
    pub ignore: Vec<String>,

    /// A directory of Rego policies to load (repeatable).
    #[arg(long, value_name = "DIR")]
    pub policy: Vec<PathBuf>,

    /// conftest namespace (package) of the --policy directories to evaluate (repeatable;
    /// default `main`).
    #[arg(long, value_name = "NS")]
    pub namespace: Vec<String>,

    /// Evaluate every namespace of the --policy directories.
    #[arg(long)]
    pub all_namespaces: bool,

    /// Report only findings that are not in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// Record the current findings in a baseline FILE (then exit 0).
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,

    /// Ignore inline `infra-lint: ignore[...]` comments (audit mode).
    #[arg(long)]
    pub no_inline_suppressions: bool,

    /// Apply the safe fixes of the findings to the files, then report what is left.
    #[arg(long)]
    pub fix: bool,

    /// With --fix, also apply fixes that may change behaviour (e.g. a least-privilege
    /// `permissions:` block).
    #[arg(long, requires = "fix")]
    pub unsafe_fixes: bool,

    /// Files matching GLOB belong to ENV (`production=infra/prod/**`; repeatable).
    #[arg(long, value_name = "ENV=GLOB")]
    pub env: Vec<String>,

    /// An extra Terraform variables file (repeatable; relative to the scanned directory).
    #[arg(long, value_name = "FILE")]
    pub var_file: Vec<PathBuf>,

    /// A Terraform input variable, like `terraform -var` (repeatable).
    #[arg(long, value_name = "NAME=VALUE")]
    pub var: Vec<String>,

    /// Colour text output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Also list suppressed findings in text output.
    #[arg(long)]
    pub show_suppressed: bool,

    /// Use no configuration, ignore or baseline file found in the scanned tree: settings come
    /// only from the command line and an explicit --config (for pull-request gates, where the
    /// tree is written by the pull request's author; see docs/security.md).
    #[arg(long)]
    pub isolated: bool,

    /// Exclude the files matched by this gitignore-style FILE (patterns relative to the scanned
    /// directory), read even with --isolated: for a pull-request gate, the base branch's
    /// `.infra-lintignore` (see docs/security.md).
    #[arg(long, value_name = "FILE")]
    pub ignore_file: Option<PathBuf>,

    /// Pass even when a Terraform, Docker, compose or GitHub Actions file could not be fully
    /// scanned (too large, not UTF-8, a syntax error, an evaluation limit); by default such an
    /// incomplete scan fails (exit 1).
    #[arg(long)]
    pub fail_open: bool,

    /// Print where the time went (walk, read, parse, Terraform, facts, rules, policies, output,
    /// and the slowest Terraform roots) to standard error after the report.
    #[arg(long)]
    pub timings: bool,
}
