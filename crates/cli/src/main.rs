//! The `infra-lint` command: argument parsing, output and exit codes. The work is done by the
//! library ([`infra_lint::Scanner`]); this binary stays thin.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::main()
}
