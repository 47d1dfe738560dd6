//! The scan command: configuration layering (file, then flags), one scan per directory (files
//! given directly are scanned together in memory), rendering, baseline writing, exit code.

use std::io::IsTerminal as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use infra_lint::{Baseline, Config, FailOn, Scanner, TextOptions};

use super::args::{ColorChoice, FailOnArg, OutputFormat, ScanArgs};
use super::progress::Progress;
use super::{Failure, EXIT_FINDINGS};

fn fail_on(arg: FailOnArg) -> FailOn {
    match arg {
        FailOnArg::Critical => FailOn::Critical,
        FailOnArg::High => FailOn::High,
        FailOnArg::Medium => FailOn::Medium,
        FailOnArg::Low => FailOn::Low,
        FailOnArg::Never => FailOn::Never,
    }
}

/// Build the configuration: the file (given or discovered), then the flags on top.
fn config(args: &ScanArgs, first: &Path) -> Result<Config, Failure> {
    let mut cfg = match &args.config {
        Some(path) => Config::load(path)
            .map_err(|e| Failure::new(e, "fix the configuration file (see docs/configuration.md for every key)"))?,
        // Isolated: the tree's own configuration is not read.
        None if args.isolated => Config::default(),
        None => Config::discover(first)
            .map_err(|e| Failure::new(e, "fix the configuration file (see docs/configuration.md for every key)"))?
            .unwrap_or_default(),
    };
    cfg.isolated = args.isolated;
    if !args.select.is_empty() {
        cfg.select = args.select.iter().map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect();
    }
    cfg.ignore.extend(args.ignore.iter().map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()));
    if let Some(f) = args.fail_on {
        cfg.fail_on = Some(fail_on(f));
    }
    cfg.policy.dirs.extend(args.policy.iter().cloned());
    cfg.policy.namespaces.extend(args.namespace.iter().cloned());
    cfg.policy.all_namespaces |= args.all_namespaces;
    for spec in &args.env {
        cfg.add_env_glob(spec).map_err(|m| {
            Failure::new(
                anyhow::anyhow!("invalid --env `{spec}`: {m}"),
                "write --env production=GLOB, e.g. --env production='infra/prod/**'",
            )
        })?;
    }
    cfg.terraform.var_files.extend(args.var_file.iter().cloned());
    for v in &args.var {
        let (k, val) = v.split_once('=').ok_or_else(|| {
            Failure::new(anyhow::anyhow!("invalid --var `{v}`"), "write --var NAME=VALUE, e.g. --var environment=prod")
        })?;
        cfg.terraform.vars.insert(k.trim().to_owned(), val.to_owned());
    }
    cfg.no_inline_suppressions |= args.no_inline_suppressions;
    if let Some(path) = &args.baseline {
        let b = Baseline::load(path)
            .map_err(|e| Failure::new(e, "create a baseline with --write-baseline FILE, or pass the right path"))?;
        cfg.baseline = Some(b);
    }
    Ok(cfg)
}

fn warn_unknown_ids(scanner: &Scanner) {
    let known = scanner.rules();
    let cfg = scanner.config();
    for (flag, ids) in [("select", &cfg.select), ("ignore", &cfg.ignore)] {
        for id in ids {
            if !known.iter().any(|r| infra_lint::core::config::id_matches(id, &r.id)) {
                eprintln!("warning: `{flag}` names unknown rule `{id}` (see `infra-lint rules`)");
            }
        }
    }
}

/// The paths relative to the working directory (absolute paths inside it are made relative, so
/// output paths never depend on where the checkout lives); `None` when one is outside it.
fn relative_paths(paths: &[PathBuf]) -> Option<Vec<PathBuf>> {
    let cwd = std::env::current_dir().ok().and_then(|d| std::fs::canonicalize(d).ok());
    paths
        .iter()
        .map(|p| {
            if p.is_relative() {
                return Some(p.clone());
            }
            let abs = std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
            let rel = abs.strip_prefix(cwd.as_ref()?).ok()?;
            Some(if rel.as_os_str().is_empty() { PathBuf::from(".") } else { rel.to_path_buf() })
        })
        .collect()
}

fn scan_failure(e: infra_lint::Error) -> Failure {
    let help = match &e {
        infra_lint::Error::Policy(_) => "fix the policy, or drop its --policy directory",
        infra_lint::Error::Config(_) => "fix the configuration file (see docs/configuration.md)",
        _ => "pass an existing directory or file",
    };
    Failure::new(e, help)
}

fn use_color(choice: ColorChoice, to_stdout: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            to_stdout && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
        }
    }
}

/// The temporary file a report is written to before it is renamed to `path` (same directory).
fn temp_path(path: &Path) -> PathBuf {
    let name = path.file_name().map_or_else(|| "report".to_owned(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
}

/// Run a scan; returns the exit code (0 or 1).
pub fn run(args: &ScanArgs) -> Result<u8, Failure> {
    let paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
    let first = paths.first().cloned().unwrap_or_else(|| PathBuf::from("."));
    let cfg = config(args, &first)?;
    let threshold = cfg.fail_on();
    // Code frames are drawn only by the text format.
    let scanner = Scanner::new(cfg).with_code_frames(matches!(args.format, OutputFormat::Text));
    warn_unknown_ids(&scanner);

    let progress = Progress::start("scanning");
    let report = match relative_paths(&paths) {
        Some(rel) => scanner.scan_paths(&rel),
        // One absolute path outside the working directory: report paths relative to it.
        None if paths.len() == 1 => scanner.scan(&first),
        None => scanner.scan_paths(&paths),
    }
    .map_err(scan_failure);
    progress.finish();
    let report = report?;

    let text_opts =
        TextOptions { color: use_color(args.color, args.output.is_none()), show_suppressed: args.show_suppressed };
    let format = match args.format {
        OutputFormat::Text => infra_lint::Format::Text,
        OutputFormat::Json => infra_lint::Format::Json,
        OutputFormat::Sarif => infra_lint::Format::Sarif,
        OutputFormat::Github => infra_lint::Format::Github,
    };
    // Streamed to the destination: a large report is never held twice in memory.
    // A file is written next to its destination, then renamed over it: a run killed mid-write
    // never leaves a truncated report at the path.
    let temp = args.output.as_ref().map(|p| temp_path(p));
    let (mut w, dest, hint): (Box<dyn std::io::Write>, String, &str) = match (&args.output, &temp) {
        (Some(path), Some(tmp)) => {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(tmp)
                .with_context(|| format!("cannot write report to {}", path.display()))
                .map_err(|e| Failure::new(e, "check that the directory exists and is writable"))?;
            (Box::new(std::io::BufWriter::new(file)), path.display().to_string(), "check that the disk is not full")
        }
        _ => (
            Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
            "standard output".to_owned(),
            "check the output stream",
        ),
    };
    let writing = std::time::Instant::now();
    let written = report
        .write_to(format, &text_opts, &mut w)
        .and_then(|()| Ok(w.flush()?))
        .with_context(|| format!("cannot write report to {dest}"));
    drop(w);
    if let (Some(path), Some(tmp)) = (&args.output, &temp) {
        let renamed = written.and_then(|()| {
            std::fs::rename(tmp, path).with_context(|| format!("cannot write report to {}", path.display()))
        });
        if let Err(e) = renamed {
            let _ = std::fs::remove_file(tmp);
            return Err(Failure::new(e, hint));
        }
    } else {
        written.map_err(|e| Failure::new(e, hint))?;
    }
    if args.timings {
        eprint!("{}", report.timings.render(Some(writing.elapsed())));
    }

    if let Some(path) = &args.write_baseline {
        let baseline = report.to_baseline();
        std::fs::write(path, baseline.to_json())
            .with_context(|| format!("cannot write baseline to {}", path.display()))
            .map_err(|e| Failure::new(e, "check that the directory exists and is writable"))?;
        eprintln!("wrote {} finding(s) to baseline {}", baseline.findings.len(), path.display());
        return Ok(0);
    }
    // A policy that could not be used makes the result incomplete: exit 2 (after the report,
    // which carries the details as diagnostics).
    let broken: Vec<&infra_lint::Diagnostic> = report
        .diagnostics
        .iter()
        .filter(|d| d.level == infra_lint::DiagnosticLevel::Error && d.code.starts_with("policy-"))
        .collect();
    if let Some(first) = broken.first() {
        let mut where_ = first.path.display().to_string();
        if let Some(l) = first.line {
            where_ = format!("{where_}:{l}");
        }
        return Err(Failure::new(
            anyhow::anyhow!("{} policy error(s); first: {where_}: {}", broken.len(), first.message),
            "fix the policy (`infra-lint` reports every policy problem as a diagnostic), or drop its --policy directory",
        ));
    }
    // Fail closed: a file the gate could not fully scan fails it, unless --fail-open.
    let incomplete: Vec<&infra_lint::Diagnostic> =
        report.diagnostics.iter().filter(|d| d.level == infra_lint::DiagnosticLevel::Error).collect();
    if !args.fail_open && !incomplete.is_empty() {
        eprintln!(
            "error: the scan is incomplete ({} error diagnostic(s); first: {} {}); failing closed \
             (pass --fail-open to ignore)",
            incomplete.len(),
            infra_lint::core::render::text::neutralise(&incomplete[0].path.display().to_string()),
            incomplete[0].code
        );
        return Ok(EXIT_FINDINGS);
    }
    Ok(if report.fails(threshold) { EXIT_FINDINGS } else { 0 })
}
