//! The scan command: configuration layering (file, then flags), one scan per directory (files
//! given directly are scanned together in memory), rendering, baseline writing, exit code.

use std::io::IsTerminal as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use infra_lint::{Baseline, Config, FailOn, Scanner, TextOptions};

use super::args::{ColorChoice, FailOnArg, OutputFormat, ScanArgs, SeverityArg};
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
        Some(path) => Config::load_with(&absolute(path), infra_lint_rules::settings::check)
            .map_err(|e| Failure::new(e, "fix the configuration file (see docs/configuration.md for every key)"))?,
        // Isolated: the tree's own configuration is not read.
        None if args.isolated => Config::default(),
        None => Config::discover_with(first, infra_lint_rules::settings::check)
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
    cfg.policy.dirs.extend(args.policy.iter().map(|p| absolute(p)));
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

/// Every rule id the configuration names must exist: a typo in `--select` would otherwise turn
/// every rule off, and one in `[severity]` or `[per-path-ignores]` would silently do nothing.
fn check_rule_ids(scanner: &Scanner, config_file: Option<&Path>) -> Result<(), Failure> {
    let rules = scanner.rules();
    let known: Vec<String> = rules.iter().map(|r| r.id.clone()).collect();
    let norm = infra_lint::core::suppress::PeerIds::norm;
    // The rule answering a peer scanner's check id (`CKV_AWS_17`), if any.
    let peer_of = |id: &str| {
        let n = norm(id);
        rules.iter().find(|r| r.aliases.iter().any(|a| norm(a) == n)).map(|r| r.id.clone())
    };
    let cfg = scanner.config();
    let file = config_file.map_or_else(|| "the configuration".to_owned(), |p| p.display().to_string());
    // (where, id, whether a peer id is accepted there)
    let mut named: Vec<(String, &str, bool)> = Vec::new();
    for id in &cfg.select {
        named.push(("`select` (or --select)".to_owned(), id, true));
    }
    for id in &cfg.ignore {
        named.push(("`ignore` (or --ignore)".to_owned(), id, true));
    }
    for id in cfg.severity.keys() {
        named.push((format!("`[severity]` of {file}"), id, false));
    }
    for (glob, ids) in &cfg.per_path_ignores {
        for id in ids {
            named.push((format!("`[per-path-ignores]` \"{glob}\" of {file}"), id, false));
        }
    }
    for (place, id, peers_ok) in named {
        if id == "*" || known.iter().any(|k| infra_lint::core::config::id_matches(id, k)) {
            continue;
        }
        let peer = if id.ends_with('*') { None } else { peer_of(id) };
        if peers_ok && peer.is_some() {
            continue;
        }
        let help = match peer.as_deref().or_else(|| did_you_mean(id, &known)) {
            Some(k) if peer.is_some() => {
                format!("`{id}` is a peer scanner's check id: write infra-lint's id `{k}` here")
            }
            Some(k) => format!("did you mean `{k}`? (`infra-lint rules` lists every rule id)"),
            None => "`infra-lint rules` lists every rule id".to_owned(),
        };
        return Err(Failure::new(anyhow::anyhow!("unknown rule `{id}` in {place}"), help));
    }
    Ok(())
}

/// The known id closest to `id` (edit distance at most a third of its length, at least 2).
fn did_you_mean<'a>(id: &str, known: &'a [String]) -> Option<&'a str> {
    let id = id.trim_end_matches('*');
    let limit = (id.chars().count() / 3).max(2);
    known
        .iter()
        .map(|k| (edit_distance(id, k), k))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, k)| (*d, (*k).clone()))
        .map(|(_, k)| k.as_str())
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// `p` made absolute against the working directory (lexically; the file need not exist).
fn absolute(p: &Path) -> PathBuf {
    if p.is_absolute() {
        return p.to_path_buf();
    }
    std::env::current_dir().map_or_else(|_| p.to_path_buf(), |d| d.join(p))
}

/// `p` (relative to the working directory or absolute) canonicalised as far as it exists: a
/// staged file may be gone from the working tree, its directory is not.
fn canonical(p: &Path) -> PathBuf {
    let abs = absolute(p);
    if let Ok(c) = std::fs::canonicalize(&abs) {
        return c;
    }
    match (abs.parent(), abs.file_name()) {
        (Some(dir), Some(name)) => canonical(dir).join(name),
        _ => abs,
    }
}

/// The nearest directory at or above `start` holding `.infra-lint.toml` or `.git`.
fn repository_root(start: &Path) -> Option<PathBuf> {
    let start = canonical(start);
    let mut dir = if start.is_dir() { Some(start.as_path()) } else { start.parent() };
    while let Some(d) = dir {
        if d.join(infra_lint::core::config::CONFIG_FILE).is_file() || d.join(".git").exists() {
            return Some(d.to_path_buf());
        }
        dir = d.parent();
    }
    None
}

/// `p` relative to `base` (both canonical), `/`-separated; `None` when outside it.
fn relative_to(p: &Path, base: &Path) -> Option<String> {
    let rel = p.strip_prefix(base).ok()?;
    Some(infra_lint::core::source::path_to_slash(rel))
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

fn format_of(f: OutputFormat) -> infra_lint::Format {
    match f {
        OutputFormat::Text => infra_lint::Format::Text,
        OutputFormat::Json => infra_lint::Format::Json,
        OutputFormat::Sarif => infra_lint::Format::Sarif,
        OutputFormat::Github => infra_lint::Format::Github,
    }
}

/// `--also-write FORMAT=FILE` specs, with FILE made absolute.
fn also_write(specs: &[String]) -> Result<Vec<(OutputFormat, PathBuf)>, Failure> {
    specs
        .iter()
        .map(|spec| {
            let parsed = spec.split_once('=').and_then(|(f, file)| {
                let format = <OutputFormat as clap::ValueEnum>::from_str(f.trim(), true).ok()?;
                (!file.is_empty()).then(|| (format, absolute(Path::new(file))))
            });
            parsed.ok_or_else(|| {
                Failure::new(
                    anyhow::anyhow!("invalid --also-write `{spec}`"),
                    "write --also-write FORMAT=FILE with FORMAT one of text, json, sarif, github",
                )
            })
        })
        .collect()
}

fn min_severity(arg: SeverityArg) -> infra_lint::Severity {
    match arg {
        SeverityArg::Critical => infra_lint::Severity::Critical,
        SeverityArg::High => infra_lint::Severity::High,
        SeverityArg::Medium => infra_lint::Severity::Medium,
        SeverityArg::Low => infra_lint::Severity::Low,
    }
}

/// Whether a reported path (relative, `/`-separated) is one of `filters` or inside one of them.
fn in_filters(path: &Path, filters: &[String]) -> bool {
    let path = infra_lint::core::source::path_to_slash(path);
    filters.iter().any(|f| {
        f.is_empty() || f == "." || path == *f || (path.starts_with(f.as_str()) && path[f.len()..].starts_with('/'))
    })
}

/// Where the scan runs from: the directory of the configuration file (or, with
/// `--repo-context`, the repository root), so that globs, fingerprints and baselines are the
/// same from any working directory. Returns the scan paths relative to it, or `None` to stay in
/// the working directory (no configuration, or a path outside its directory).
fn anchor(paths: &[PathBuf], base: &Path) -> Option<Vec<PathBuf>> {
    paths
        .iter()
        .map(|p| {
            let rel = relative_to(&canonical(p), base)?;
            Some(if rel.is_empty() { PathBuf::from(".") } else { PathBuf::from(rel) })
        })
        .collect()
}

/// Run a scan; returns the exit code (0 or 1).
pub fn run(args: &ScanArgs) -> Result<u8, Failure> {
    let mut paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
    // Files to report on, canonical (`--report-only-for`, or the PATHs of `--repo-context`).
    let mut report_only: Vec<PathBuf> = args.report_only_for.iter().map(|p| canonical(p)).collect();
    let mut repo_root = None;
    if args.repo_context {
        let root = repository_root(Path::new(".")).unwrap_or_else(|| canonical(Path::new(".")));
        report_only.extend(args.paths.iter().map(|p| canonical(p)));
        paths = vec![root.clone()];
        repo_root = Some(root);
    }
    let first = paths.first().cloned().unwrap_or_else(|| PathBuf::from("."));
    let cfg = config(args, &first)?;
    let config_file = cfg.source.clone();
    let extra_outputs = also_write(&args.also_write)?;
    let output = args.output.as_deref().map(absolute);
    let write_baseline = args.write_baseline.as_deref().map(absolute);

    // `--var-file` names a scanned file by its path from the working directory.
    let mut var_files = args.var_file.clone();
    let base = config_file.as_deref().and_then(|p| canonical(p).parent().map(Path::to_path_buf)).or(repo_root);
    if let Some(base) = base {
        if let Some(rel) = anchor(&paths, &base) {
            // Before leaving the working directory they are relative to.
            var_files = anchor(&var_files, &base).unwrap_or(var_files);
            std::env::set_current_dir(&base)
                .with_context(|| format!("cannot enter {}", base.display()))
                .map_err(|e| Failure::new(e, "check the directory's permissions"))?;
            paths = rel;
        }
    }
    let mut cfg = cfg;
    cfg.terraform.var_files.extend(var_files);

    let threshold = cfg.fail_on();
    // Code frames are drawn only by the text format.
    let text_anywhere =
        matches!(args.format, OutputFormat::Text) || extra_outputs.iter().any(|(f, _)| matches!(f, OutputFormat::Text));
    let scanner = Scanner::new(cfg).with_code_frames(text_anywhere);
    check_rule_ids(&scanner, config_file.as_deref())?;

    let first = paths.first().cloned().unwrap_or_else(|| PathBuf::from("."));
    let scan = || {
        let progress = if args.quiet { None } else { Some(Progress::start("scanning")) };
        let report = match relative_paths(&paths) {
            Some(rel) => scanner.scan_paths(&rel),
            // One absolute path outside the working directory: report paths relative to it.
            None if paths.len() == 1 => scanner.scan(&first),
            None => scanner.scan_paths(&paths),
        }
        .map_err(scan_failure);
        if let Some(p) = progress {
            p.finish();
        }
        let mut report = report?;
        // What is reported: the files asked for, at or above --min-severity.
        if !report_only.is_empty() {
            let cwd = canonical(Path::new("."));
            let filters: Vec<String> =
                report_only.iter().map(|p| relative_to(p, &cwd).unwrap_or_else(|| p.display().to_string())).collect();
            report.findings.retain(|f| in_filters(&f.location.path, &filters));
            report.suppressed.retain(|f| in_filters(&f.location.path, &filters));
            report.diagnostics.retain(|d| in_filters(&d.path, &filters) || d.code.starts_with("policy-"));
        }
        if let Some(min) = args.min_severity.map(min_severity) {
            report.findings.retain(|f| f.severity >= min);
            report.suppressed.retain(|f| f.severity >= min);
        }
        Ok::<_, Failure>(report)
    };
    let mut report = scan()?;
    if args.fix {
        // Only what is reported is fixed.
        let done = super::fix::apply(&report, args.unsafe_fixes)?;
        if !args.quiet || done.applied > 0 {
            eprintln!(
                "fixed {} finding(s) in {} file(s){}",
                done.applied,
                done.files,
                if done.skipped > 0 {
                    format!("; {} fix(es) left for another run", done.skipped)
                } else {
                    String::new()
                }
            );
        }
        if done.files > 0 {
            report = scan()?;
        }
    }

    let text_opts =
        TextOptions { color: use_color(args.color, output.is_none()), show_suppressed: args.show_suppressed };
    let writing = std::time::Instant::now();
    let quiet_clean = args.quiet && report.findings.is_empty() && !report.has_errors();
    if !(quiet_clean && matches!(args.format, OutputFormat::Text | OutputFormat::Github) && output.is_none()) {
        write_report(&report, format_of(args.format), &text_opts, output.as_deref())?;
    }
    let plain = TextOptions { color: false, show_suppressed: args.show_suppressed };
    for (format, file) in &extra_outputs {
        write_report(&report, format_of(*format), &plain, Some(file))?;
    }
    if args.timings {
        eprint!("{}", report.timings.render(Some(writing.elapsed())));
    }

    if let Some(path) = &write_baseline {
        let baseline = report.to_baseline();
        std::fs::write(path, baseline.to_json())
            .with_context(|| format!("cannot write baseline to {}", path.display()))
            .map_err(|e| Failure::new(e, "check that the directory exists and is writable"))?;
        if !args.quiet {
            eprintln!("wrote {} finding(s) to baseline {}", baseline.findings.len(), path.display());
        }
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

/// The temporary file a report is written to before it is renamed to `path` (same directory).
pub(super) fn temp_path(path: &Path) -> PathBuf {
    let name = path.file_name().map_or_else(|| "report".to_owned(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
}

/// Write the report in `format` to `file` (standard output when `None`), streamed: a large report
/// is never held twice in memory.
fn write_report(
    report: &infra_lint::Report,
    format: infra_lint::Format,
    opts: &TextOptions,
    file: Option<&Path>,
) -> Result<(), Failure> {
    // A file is written next to its destination, then renamed over it: a run killed mid-write
    // never leaves a truncated report at the path.
    // Only a regular file (or a new one) is replaced; a device or pipe (`-o /dev/null`,
    // `-o /dev/stdout`) is written in place.
    let temp = file.filter(|p| std::fs::symlink_metadata(p).map_or(true, |m| m.file_type().is_file())).map(temp_path);
    let (mut w, dest, hint): (Box<dyn std::io::Write>, String, &str) = match (file, &temp) {
        (Some(path), None) => {
            let f = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .with_context(|| format!("cannot write report to {}", path.display()))
                .map_err(|e| Failure::new(e, "check that the path is writable"))?;
            (Box::new(std::io::BufWriter::new(f)), path.display().to_string(), "check the output stream")
        }
        (Some(path), Some(tmp)) => {
            let f = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(tmp)
                .with_context(|| format!("cannot write report to {}", path.display()))
                .map_err(|e| Failure::new(e, "check that the directory exists and is writable"))?;
            (Box::new(std::io::BufWriter::new(f)), path.display().to_string(), "check that the disk is not full")
        }
        _ => (
            Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
            "standard output".to_owned(),
            "check the output stream",
        ),
    };
    let written = report
        .write_to(format, opts, &mut w)
        .and_then(|()| Ok(w.flush()?))
        .with_context(|| format!("cannot write report to {dest}"));
    drop(w);
    if let (Some(path), Some(tmp)) = (file, &temp) {
        let renamed = written.and_then(|()| {
            std::fs::rename(tmp, path).with_context(|| format!("cannot write report to {}", path.display()))
        });
        if let Err(e) = renamed {
            let _ = std::fs::remove_file(tmp);
            return Err(Failure::new(e, hint));
        }
        return Ok(());
    }
    written.map_err(|e| Failure::new(e, hint))
}
