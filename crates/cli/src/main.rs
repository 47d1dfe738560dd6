//! The `infra-lint` command: argument parsing, output and exit codes. The work is done by the
//! library ([`infra_lint::Scanner`]); this binary stays thin.

mod cli;

use std::process::ExitCode;

/// mimalloc instead of the system allocator: a scan allocates and frees millions of small
/// syntax-tree nodes across threads, where glibc's malloc spent a third of the run. Built with
/// `no_thp`: transparent huge pages added a third to peak memory for no speed.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    cli::main()
}
