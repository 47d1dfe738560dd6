//! The whole pipeline (load, every rule, report, every renderer) on a fuzzed tree of up to eight
//! files: no panic, deterministic output.
#![no_main]

use infra_lint::{Config, Format, MemoryFile, Scanner};
use libfuzzer_sys::fuzz_target;

fn render(data: &[u8]) -> Vec<String> {
    let files = infra_lint_fuzz::invariants::split_files(data)
        .into_iter()
        .map(|(p, c)| MemoryFile { path: p.into(), contents: c })
        .collect();
    let report = Scanner::new(Config::default()).scan_files(files).expect("no policy to fail");
    [Format::Json, Format::Sarif, Format::Github, Format::Text]
        .into_iter()
        .map(|f| report.render(f, &infra_lint::TextOptions::default()).expect("renders"))
        .collect()
}

fuzz_target!(|data: &[u8]| {
    let first = render(data);
    assert_eq!(first, render(data), "two scans of the same tree differ");
});
