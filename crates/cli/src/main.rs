//! The `infra-lint` command: argument parsing, output and exit codes. The work is done by the
//! library ([`infra_lint::Scanner`]); this binary stays thin.

mod cli;

use std::process::ExitCode;

// The global allocator is regorus' vendored mimalloc with allocation counting, installed by the
// `memory-limit` feature of infra-lint-rules (on with `cli`): mimalloc because a scan allocates and
// frees millions of small syntax-tree nodes across threads, where glibc's malloc spent a third of
// the run; counting because Rego policy evaluation has a hard memory budget
// (`infra_lint_rules::rego::POLICY_MEMORY_BUDGET`). A second `#[global_allocator]` here would not link.

fn main() -> ExitCode {
    // Transparent huge pages add a seventh to peak memory for no speed (the `mimalloc` crate was
    // built with `no_thp`; regorus' has no such switch). Best effort: an old kernel says no.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
    cli::main()
}
