//! Command-line interface: arguments (clap), the scan command, `rules`, `explain` and
//! `policy test`, exit codes.
//!
//! Exit codes: 0 no finding at or above `--fail-on`; 1 findings at or above it; 2 usage error,
//! unreadable configuration, baseline or policy, or internal error. Errors end with a `help:`
//! line. Writing to a closed pipe (`infra-lint | head`) exits 0.

mod args;
mod catalog;
mod fix;
mod policy;
mod progress;
mod scan;

use std::io::Write as _;
use std::process::ExitCode;

use clap::Parser as _;

pub use args::{Cli, Command};

/// A fatal error with a hint for the user.
#[derive(Debug)]
pub struct Failure {
    /// What went wrong (with context).
    pub error: anyhow::Error,
    /// What to do about it.
    pub help: String,
}

impl Failure {
    /// A failure with a help line.
    pub fn new(error: impl Into<anyhow::Error>, help: impl Into<String>) -> Self {
        Self { error: error.into(), help: help.into() }
    }
}

/// Exit code for "findings at or above the threshold".
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code for usage, configuration, policy and internal errors.
pub const EXIT_ERROR: u8 = 2;

/// Run the command line and return the process exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            if !e.use_stderr() {
                // --help and --version.
                let _ = e.print();
                return ExitCode::SUCCESS;
            }
            // Usage errors end with a `help:` line like every other error.
            let text = e.render().to_string();
            let text = text.trim_end().trim_end_matches("For more information, try '--help'.").trim_end();
            let mut err = std::io::stderr().lock();
            let _ = writeln!(err, "{text}");
            let _ = writeln!(err, "help: run `infra-lint --help` to see every option");
            return ExitCode::from(EXIT_ERROR);
        }
    };
    let result = match &cli.command {
        Some(Command::Rules { format, provider, peer }) => catalog::list(*format, provider.as_deref(), peer.as_deref()),
        Some(Command::Explain { rule }) => catalog::explain(rule),
        Some(Command::Policy { command: args::PolicyCommand::Test { dirs } }) => policy::test(dirs),
        Some(Command::Completions { shell }) => completions(*shell),
        None => scan::run(&cli.scan),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(f) => {
            if is_broken_pipe(&f.error) {
                return ExitCode::SUCCESS;
            }
            let mut err = std::io::stderr().lock();
            let _ = writeln!(err, "error: {:#}", f.error);
            let _ = writeln!(err, "help: {}", f.help);
            ExitCode::from(EXIT_ERROR)
        }
    }
}

/// Print the completion script of `shell`.
fn completions(shell: clap_complete::Shell) -> Result<u8, Failure> {
    let mut cmd = <Cli as clap::CommandFactory>::command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "infra-lint", &mut buf);
    write_stdout(&String::from_utf8_lossy(&buf))?;
    Ok(0)
}

/// Whether an error is (caused by) a closed pipe on output.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    // The renderers wrap I/O errors in serde_json's error type (inside a RenderError).
    e.chain().any(|c| {
        let kind = c
            .downcast_ref::<std::io::Error>()
            .map(std::io::Error::kind)
            .or_else(|| c.downcast_ref::<infra_lint::RenderError>().and_then(|r| r.0.io_error_kind()))
            .or_else(|| c.downcast_ref::<serde_json::Error>().and_then(serde_json::Error::io_error_kind));
        kind == Some(std::io::ErrorKind::BrokenPipe)
    })
}

/// Write `text` to stdout; a broken pipe is reported as such (the caller exits 0).
pub fn write_stdout(text: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes()).and_then(|()| out.flush()).map_err(|e| {
        Failure::new(anyhow::Error::new(e).context("cannot write to standard output"), "check the output stream")
    })
}
