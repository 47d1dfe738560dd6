//! Dockerfile and `.env` parsers: never-panic property tests over random and mutated input,
//! span sanity, and a corpus run over every Dockerfile and env file under `shared/corpus/real`.

use std::path::{Path, PathBuf};

use infra_lint_core::discover::{classify, FileKind};
use infra_lint_core::parse::{dockerfile, dotenv};
use infra_lint_core::source::{FileId, SourceFile, Span};
use proptest::prelude::*;

const DOCKERFILE_SEED: &str = "# syntax=docker/dockerfile:1\n# escape=\\\nARG BASE=node:20\nFROM --platform=$BUILDPLATFORM ${BASE} AS build\nENV A=1 B=\"two \\\" words\" \\\n    C='x'\nRUN <<EOF\nset -e\necho hi\nEOF\nCOPY --from=build --chown=app:app <<-\"X\" /a\n\tdata\n\tX\nRUN [\"sh\", \"-c\", \"echo \\u00e9\"]\nUSER 1000:1000\nLABEL \"k\"=\"v\" other=1\nENV LEGACY value with spaces\nHEALTHCHECK --interval=5s CMD curl -f http://localhost/ || exit 1\n";

const ENV_SEED: &str =
    "# c\nexport A=1\nB = \"x\\ny\" # note\nC='lit'\nD=`t`\nE=a#b # c\nF=\"multi\nline\"\nbad line\n";

/// Every span must lie within the text and on char boundaries.
fn check_span(text: &str, span: Span) {
    let r = span.range();
    assert!(r.start <= r.end && r.end <= text.len(), "span {r:?} out of range {}", text.len());
    assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end), "span {r:?} not on a char boundary");
}

fn check_dockerfile(text: &str) {
    let src = SourceFile::new(FileId(0), "Dockerfile", text);
    let (doc, _) = dockerfile::parse(&src);
    let Some(doc) = doc else { return };
    for i in &doc.instructions {
        check_span(text, i.span);
        check_span(text, i.keyword_span);
        check_span(text, i.args_span);
        for w in &i.args {
            check_span(text, w.span);
        }
        for f in &i.flags {
            check_span(text, f.span);
        }
        for kv in &i.pairs {
            check_span(text, kv.key_span);
            if let Some(v) = kv.value_span {
                check_span(text, v);
            }
        }
        for h in &i.heredocs {
            check_span(text, h.body_span);
        }
    }
    for s in &doc.stages {
        let _ = doc.effective_user(s);
        let _ = doc.root_stage(s);
    }
}

fn check_env(text: &str) {
    let src = SourceFile::new(FileId(0), ".env", text);
    let (doc, _) = dotenv::parse(&src);
    for e in doc.map(|d| d.entries).unwrap_or_default() {
        check_span(text, e.key_span);
        check_span(text, e.value_span);
        check_span(text, e.span);
    }
}

/// Apply byte-level edits to a seed, keeping valid UTF-8 (lossy).
fn mutate(seed: &str, edits: &[(usize, u8, u8)]) -> String {
    let mut bytes = seed.as_bytes().to_vec();
    for &(pos, op, b) in edits {
        if bytes.is_empty() {
            bytes.push(b);
            continue;
        }
        let p = pos % bytes.len();
        match op % 3 {
            0 => bytes.insert(p, b),
            1 => {
                bytes.remove(p);
            }
            _ => {
                if let Some(x) = bytes.get_mut(p) {
                    *x = b;
                }
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

fn interesting_byte() -> impl Strategy<Value = u8> {
    prop_oneof![
        Just(b'\\'),
        Just(b'`'),
        Just(b'"'),
        Just(b'\''),
        Just(b'\n'),
        Just(b'\r'),
        Just(b'<'),
        Just(b'='),
        Just(b'#'),
        Just(b'['),
        Just(b']'),
        Just(b' '),
        Just(b'-'),
        any::<u8>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn dockerfile_random_never_panics(s in "(?s).{0,400}") {
        check_dockerfile(&s);
    }

    #[test]
    fn dockerfile_tokens_never_panic(parts in prop::collection::vec(prop_oneof![
        Just("FROM "), Just("RUN "), Just("ENV "), Just("ARG "), Just("COPY "), Just("<<EOF"), Just("<<-'E'"),
        Just("EOF"), Just("\\\n"), Just("`\n"), Just("\n"), Just("# escape=`\n"), Just("\""), Just("'"), Just("="),
        Just("["), Just("]"), Just("--from="), Just(" "), Just("\t"), Just("a"), Just("é"), Just("\r\n"), Just("#"),
    ], 0..80)) {
        check_dockerfile(&parts.concat());
    }

    #[test]
    fn dockerfile_mutated_never_panics(edits in prop::collection::vec((any::<usize>(), any::<u8>(), interesting_byte()), 1..12)) {
        check_dockerfile(&mutate(DOCKERFILE_SEED, &edits));
    }

    #[test]
    fn env_random_never_panics(s in "(?s).{0,400}") {
        check_env(&s);
    }

    #[test]
    fn env_mutated_never_panics(edits in prop::collection::vec((any::<usize>(), any::<u8>(), interesting_byte()), 1..12)) {
        check_env(&mutate(ENV_SEED, &edits));
    }
}

#[test]
fn seeds_parse_cleanly() {
    let src = SourceFile::new(FileId(0), "Dockerfile", DOCKERFILE_SEED);
    let (doc, diags) = dockerfile::parse(&src);
    assert!(diags.is_empty(), "{diags:?}");
    let doc = doc.unwrap_or_default();
    assert_eq!(doc.instructions.len(), 10);
    let env = SourceFile::new(FileId(0), ".env", ENV_SEED);
    let (doc, diags) = dotenv::parse(&env);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(doc.map(|d| d.entries.len()), Some(6));
}

fn corpus() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/real"))
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    for e in rd.flatten() {
        let p = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        if p.is_dir() {
            if name != ".git" && name != "node_modules" {
                walk(&p, out);
            }
        } else {
            out.push(p);
        }
    }
}

/// Every Dockerfile and env file of the real corpus parses without panic and without diagnostics.
#[test]
fn corpus_dockerfiles_and_env_files_parse_cleanly() {
    let root = corpus();
    if !root.is_dir() {
        eprintln!("corpus not found at {}; skipping", root.display());
        return;
    }
    let mut files = Vec::new();
    walk(&root, &mut files);
    let (mut dockerfiles, mut envs, mut heredoc_files) = (0, 0, 0);
    let mut problems = Vec::new();
    for path in files {
        let rel = path.strip_prefix(&root).unwrap_or(&path).to_path_buf();
        let Some(c) = classify(&rel, None) else { continue };
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        let src = SourceFile::new(FileId(0), rel.clone(), text);
        match c.kind {
            FileKind::Dockerfile => {
                dockerfiles += 1;
                let (doc, diags) = dockerfile::parse(&src);
                let doc = doc.unwrap_or_default();
                if doc.instructions.iter().any(|i| !i.heredocs.is_empty()) {
                    heredoc_files += 1;
                }
                assert!(!doc.stages.is_empty(), "{}: no stage", rel.display());
                problems.extend(diags);
            }
            FileKind::Env => {
                envs += 1;
                let (_, diags) = dotenv::parse(&src);
                problems.extend(diags);
            }
            _ => {}
        }
    }
    eprintln!("corpus: {dockerfiles} Dockerfiles ({heredoc_files} with heredocs), {envs} env files");
    assert!(dockerfiles > 0 && envs > 0);
    assert!(problems.is_empty(), "{problems:#?}");
}
