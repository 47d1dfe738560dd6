//! Property tests of the whole scan (load, every rule, report, every renderer) on generated trees
//! of up to eight files: arbitrary bytes and format-alphabet text split into files named for each
//! format, with a GitHub token planted somewhere. For each tree: no panic, bounded time, every
//! finding located inside its file, the same output from two scans, and the planted token never
//! in any output in full.
#![allow(clippy::unwrap_used)]

#[path = "../../core/tests/support/invariants.rs"]
#[allow(dead_code)]
mod invariants;

use std::time::{Duration, Instant};

use infra_lint::{Config, Format, MemoryFile, Scanner, TextOptions};
use proptest::prelude::*;

const TOKEN: &str = "ghp_Pr0pT3stT0k3nPl4nt3dS0m3wh3r3Xy98QqZ";

fn render_all(files: &[(String, Vec<u8>)]) -> (Vec<String>, infra_lint::Report) {
    let mem = files.iter().map(|(p, c)| MemoryFile { path: p.into(), contents: c.clone() }).collect();
    let report = Scanner::new(Config::default()).scan_files(mem).unwrap();
    let out = [Format::Json, Format::Sarif, Format::Github, Format::Text]
        .into_iter()
        .map(|f| report.render(f, &TextOptions { color: false, show_suppressed: true }).unwrap())
        .collect();
    (out, report)
}

fn check_tree(files: &[(String, Vec<u8>)]) {
    // Several parts can share a name: as in a real tree, the last one wins.
    let mut unique: Vec<(String, Vec<u8>)> = Vec::new();
    for (p, c) in files.iter().rev() {
        if !unique.iter().any(|(q, _)| q == p) {
            unique.push((p.clone(), c.clone()));
        }
    }
    unique.reverse();
    let files = unique.as_slice();
    let start = Instant::now();
    let (first, report) = render_all(files);
    assert!(start.elapsed() < Duration::from_secs(60), "scan took {:?}", start.elapsed());
    for f in report.findings.iter().chain(&report.suppressed) {
        let path = f.location.path.to_string_lossy().replace('\\', "/");
        let (_, bytes) = files.iter().find(|(p, _)| *p == path).unwrap_or_else(|| panic!("{path} not in the tree"));
        let lines = String::from_utf8_lossy(bytes).lines().count() as u32 + 1;
        let l = &f.location;
        assert!(
            l.start_line >= 1 && l.start_line <= lines,
            "{} in {path}: line {} of {lines}",
            f.rule_id,
            l.start_line
        );
        assert!(l.end_line >= l.start_line && l.end_line <= lines + 1, "{}: {l:?}", f.rule_id);
        assert!(l.span.start <= l.span.end && (l.span.end as usize) <= bytes.len().max(1) * 4, "{}: {l:?}", f.rule_id);
    }
    let (second, _) = render_all(files);
    assert!(first == second, "two scans of the same tree differ");
    for out in &first {
        assert!(!out.contains(TOKEN), "the planted token leaks:\n{}", &out[..out.len().min(3000)]);
    }
}

/// Plant the token in part `which` at byte `at` (or in a value-shaped line of its own).
fn plant(files: &mut [(String, Vec<u8>)], which: usize, at: usize, as_line: bool) {
    if files.is_empty() {
        return;
    }
    let n = files.len();
    let (_, bytes) = &mut files[which % n];
    let at = at % (bytes.len() + 1);
    let piece = if as_line { format!("\nTOKEN = \"{TOKEN}\"\n") } else { format!(" {TOKEN} ") };
    bytes.splice(at..at, piece.bytes()).for_each(drop);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn arbitrary_trees_scan_safely(data in proptest::collection::vec(any::<u8>(), 0..32_768), which in any::<usize>(), at in any::<usize>(), as_line in any::<bool>()) {
        let mut files = invariants::split_files(&data);
        plant(&mut files, which, at, as_line);
        check_tree(&files);
    }

    #[test]
    fn format_shaped_trees_scan_safely(
        parts in proptest::collection::vec((0u8..255, proptest::collection::vec(prop::sample::select(vec![
            "resource \"aws_s3_bucket\" \"b\" {\n", "  acl = \"public-read\"\n", "}\n", "variable \"v\" {\n default = \"x\"\n}\n",
            "module \"m\" {\n source = \"./modules/a\"\n count = 3\n}\n", "on: pull_request_target\n", "jobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n",
            "      - run: echo ${{ github.event.issue.title }}\n", "      - uses: actions/checkout@v4\n", "services:\n  db:\n    image: postgres\n    ports:\n      - \"5432:5432\"\n",
            "    privileged: true\n", "FROM alpine\n", "RUN curl https://x | sh\n", "USER root\n", "ENV A=1\n", "PASSWORD=hunter2\n",
            "[http_service]\n  force_https = false\n", "CREATE TABLE t (id int);\n", "server {\n listen 80;\n}\n", "{\"a\": [1, {\"b\": \"c\"}]}\n",
            "# infra-lint: ignore[*] x\n", "\u{0}", "\u{feff}", "${", "\"", "{", "[", "\n",
        ]), 0..64)), 1..8),
        which in any::<usize>(), at in any::<usize>(), as_line in any::<bool>(),
    ) {
        let mut files: Vec<(String, Vec<u8>)> = parts
            .into_iter()
            .map(|(sel, body)| {
                let mut data = vec![sel];
                data.extend(body.concat().bytes());
                invariants::split_files(&data).pop().unwrap_or_default()
            })
            .filter(|(p, _)| !p.is_empty())
            .collect();
        plant(&mut files, which, at, as_line);
        check_tree(&files);
    }
}
