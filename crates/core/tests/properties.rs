//! Property tests on large generated inputs for every parser: arbitrary bytes up to 64 KiB, and
//! structured mutations of the real files in `testdata/` (bytes inserted, ranges deleted or
//! repeated, lines duplicated, nesting opened and never closed). For each: no panic, every span
//! inside the file, diagnostic lines inside the file, the same output for the same input, and
//! bounded time. The fuzz targets in `fuzz/` check the same invariants (same file).
#![allow(clippy::unwrap_used)]

#[path = "support/invariants.rs"]
#[allow(dead_code)]
mod invariants;

use std::path::Path;
use std::time::{Duration, Instant};

use infra_lint_core::kind::FileKind;
use invariants::{check_parse, FORMATS};
use proptest::prelude::*;

/// Generous for a debug build on a loaded 2-core machine; a quadratic pass on 64 KiB blows it.
const BUDGET: Duration = Duration::from_secs(20);

fn timed(path: &str, kind: FileKind, text: &str) {
    let start = Instant::now();
    let _ = check_parse(path, kind, text);
    assert!(start.elapsed() < BUDGET, "{kind:?}: {} bytes took {:?}", text.len(), start.elapsed());
}

/// Up to 48 files of testdata of each kind (by the file name the loader classifies).
fn seeds() -> Vec<(usize, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata");
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&p) else { continue };
            if text.len() > 32 * 1024 {
                continue;
            }
            let head = text.get(..text.len().min(4096)).unwrap_or("");
            let Some(c) = infra_lint_core::kind::classify(&p, Some(head)) else { continue };
            if let Some(i) = FORMATS.iter().position(|(_, k)| *k == c.kind) {
                if out.iter().filter(|(j, _)| *j == i).count() < 48 {
                    out.push((i, text));
                }
            }
        }
    }
    out
}

fn seed_set() -> &'static [(usize, String)] {
    static SEEDS: std::sync::OnceLock<Vec<(usize, String)>> = std::sync::OnceLock::new();
    SEEDS.get_or_init(seeds)
}

/// One structural mutation of `text`, chosen and placed by `(op, at, len, byte)`.
fn mutate(text: &str, op: u8, at: usize, len: usize, byte: u8) -> String {
    let mut b = text.as_bytes().to_vec();
    let at = if b.is_empty() { 0 } else { at % (b.len() + 1) };
    let end = (at + len).min(b.len());
    match op % 7 {
        0 => b.splice(at..at, std::iter::repeat_n(byte, len)).for_each(drop),
        1 => drop(b.drain(at..end)),
        2 => {
            // Repeat a range many times (long lines, huge blocks).
            let piece = b[at..end].to_vec();
            let times = (64 * 1024 / piece.len().max(1)).min(4096);
            let rep: Vec<u8> = piece.iter().copied().cycle().take(piece.len() * times).collect();
            b.splice(at..at, rep).for_each(drop);
        }
        3 => {
            // Open nesting and never close it.
            let open = [b"{", b"[", b"(", b"\""][usize::from(byte) % 4];
            let rep: Vec<u8> = open.iter().copied().cycle().take(len.max(1) * 64).collect();
            b.splice(at..at, rep).for_each(drop);
        }
        4 => {
            // Duplicate every line (keys repeated, blocks redefined).
            let t = String::from_utf8_lossy(&b).into_owned();
            b = t.lines().flat_map(|l| [l, l]).collect::<Vec<_>>().join("\n").into_bytes();
        }
        5 => b.truncate(at),
        _ => {
            // Control characters, NUL and a BOM sprinkled in.
            for (k, c) in ["\0", "\u{feff}", "\r", "\t", "\u{1b}", "\u{2028}"].iter().enumerate() {
                let p = (at + k * 7919) % (b.len() + 1);
                b.splice(p..p, c.bytes()).for_each(drop);
            }
        }
    }
    String::from_utf8_lossy(&b).into_owned()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Arbitrary bytes, up to 64 KiB, into every parser.
    #[test]
    fn arbitrary_bytes_into_every_parser(bytes in proptest::collection::vec(any::<u8>(), 0..65_536), which in 0..FORMATS.len()) {
        let text = String::from_utf8_lossy(&bytes);
        let (path, kind) = FORMATS[which];
        timed(path, kind, &text);
    }

    /// Arbitrary text of the format's own alphabet (brackets, quotes, keys, newlines), which
    /// gets much deeper into each parser than random bytes.
    #[test]
    fn format_alphabet_into_every_parser(
        parts in proptest::collection::vec(prop::sample::select(vec![
            "{", "}", "[", "]", "(", ")", "\"", "'", "`", "=", ":", ",", "\n", "  ", "#", "//", "/*", "*/",
            "${", "${{", "}}", "<<EOF\n", "\nEOF\n", "resource", "\"a\"", "- ", "key", "on:", "jobs:", "run: ",
            "FROM ", "RUN ", "\\\n", "CREATE TABLE ", ";", "--", "server {", "location / {", "[[", "]]", "&a", "*a",
            "<<: ", "0x", "1e999", "-", "true", "null", "|", ">-", "\t", "&&", "$", "%{", "~}",
        ]), 0..4096),
        which in 0..FORMATS.len(),
    ) {
        let text: String = parts.concat();
        let (path, kind) = FORMATS[which];
        timed(path, kind, &text);
    }

    /// Real files of each format, mutated (several mutations stacked).
    #[test]
    fn mutated_real_files(pick in any::<prop::sample::Index>(), ops in proptest::collection::vec((any::<u8>(), any::<usize>(), 0usize..2048, any::<u8>()), 1..4)) {
        let seeds = seed_set();
        prop_assume!(!seeds.is_empty());
        let (i, text) = &seeds[pick.index(seeds.len())];
        let mut text = text.clone();
        for (op, at, len, byte) in ops {
            text = mutate(&text, op, at, len, byte);
        }
        let (path, kind) = FORMATS[*i];
        timed(path, kind, &text);
    }
}

/// The seeds cover every format, so the mutation property exercises each parser.
#[test]
fn seeds_cover_every_format() {
    let seeds = seed_set();
    for (i, (path, _)) in FORMATS.iter().enumerate() {
        if matches!(*path, "main.tf.json" | "supabase/config.toml" | "railway.json") {
            continue; // few or no fixtures of these; covered by the other two properties
        }
        assert!(seeds.iter().any(|(j, _)| *j == i), "no testdata seed for {path}");
    }
}

/// The span checker itself catches an out-of-range span (so the properties can fail).
#[test]
fn span_checker_rejects_spans_outside_the_file() {
    let v = serde_json::json!({"a": [{"file": 0, "start": 3, "end": 12}]});
    let r = std::panic::catch_unwind(|| invariants::check_spans(&v, 10, FileKind::Env));
    assert!(r.is_err());
    invariants::check_spans(&v, 12, FileKind::Env);
}
