//! fly.toml and SQL migration parsers: never-panic property tests over random and mutated input,
//! and a run over every fly.toml and migration of the real-world corpus.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use infra_lint_core::finding::DiagnosticLevel;
use infra_lint_core::parse::{fly, sql};
use infra_lint_core::source::{path_to_slash, FileId, SourceFile};
use proptest::prelude::*;

const FLY_SAMPLE: &str = "app = \"acme-prod\"\n[build]\n  image = \"postgres:16\"\n[env]\n  A = \"b\"\n\
[http_service]\n  internal_port = 8080\n  force_https = false\n[[services]]\n  internal_port = 5432\n\
  [[services.ports]]\n    port = 5432\n    handlers = [\"pg_tls\"]\n[[mounts]]\n  source = \"d\"\n";

const SQL_SAMPLE: &str =
    "CREATE TABLE \"public\".\"Tenant\" (\"id\" TEXT, \"tenantId\" TEXT, CONSTRAINT p PRIMARY KEY (id));\n\
ALTER TABLE ONLY t ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;\n\
DO $x$ BEGIN PERFORM 1; END $x$;\nCREATE POLICY p ON t USING (a = 'x;y');\n\
DROP TABLE IF EXISTS a, b.c; ALTER TABLE a RENAME TO b; -- c\n/* d */ ALTER TABLE a ADD COLUMN org_id int;\n";

fn check_fly(text: &str) {
    let src = SourceFile::new(FileId(0), "fly.toml", text);
    let (doc, diags) = fly::parse(&src);
    let doc = doc.expect("fly parse always yields a document");
    for d in &diags {
        assert_eq!(d.path, Path::new("fly.toml"));
    }
    // Every span lies within the text.
    let check = |s: infra_lint_core::Span| assert!(s.end as usize <= text.len() && s.start <= s.end);
    check(doc.root.span);
    for e in &doc.env {
        check(e.key_span);
        check(e.value.span);
    }
    let _ = serde_json::to_string(&doc).expect("serialises");
}

fn check_sql(text: &str) {
    let src = SourceFile::new(FileId(0), "supabase/migrations/1.sql", text);
    let (doc, _) = sql::parse(&src);
    let doc = doc.expect("sql parse always yields a document");
    for st in &doc.statements {
        assert!(st.span.end as usize <= text.len());
        assert!(text.is_char_boundary(st.span.start as usize) && text.is_char_boundary(st.span.end as usize));
    }
    let _ = serde_json::to_string(&doc).expect("serialises");
}

/// Apply byte-level-ish mutations (on char boundaries) to a sample.
fn mutate(sample: &str, edits: &[(usize, u8, String)]) -> String {
    let mut s = sample.to_owned();
    for (pos, op, ins) in edits {
        let mut p = pos % (s.len() + 1);
        while !s.is_char_boundary(p) {
            p -= 1;
        }
        match op % 3 {
            0 => s.insert_str(p, ins),
            1 => {
                let mut e = (p + ins.len().max(1)).min(s.len());
                while !s.is_char_boundary(e) {
                    e += 1;
                }
                s.replace_range(p..e, "");
            }
            _ => {
                let mut e = (p + 1).min(s.len());
                while !s.is_char_boundary(e) {
                    e += 1;
                }
                s.replace_range(p..e, ins);
            }
        }
    }
    s
}

fn tokens() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            "[",
            "]",
            "[[",
            "]]",
            "=",
            "\"",
            "'",
            "'''",
            "\"\"\"",
            "\n",
            " ",
            ",",
            "{",
            "}",
            ".",
            "#",
            "$$",
            "$a$",
            "--",
            "/*",
            "*/",
            ";",
            "(",
            ")",
            "é",
            "\\",
            "CREATE TABLE",
            "ALTER TABLE",
            "ENABLE ROW LEVEL SECURITY",
            "CREATE POLICY",
            "ON",
            "DROP TABLE",
            "x",
            "1",
            "true",
            "E'",
        ]),
        0..60,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn fly_never_panics_on_random_text(s in "\\PC{0,200}") {
        check_fly(&s);
    }

    #[test]
    fn fly_never_panics_on_token_soup(s in tokens()) {
        check_fly(&s);
    }

    #[test]
    fn fly_never_panics_on_mutations(edits in prop::collection::vec((any::<usize>(), any::<u8>(), "\\PC{0,4}"), 1..8)) {
        check_fly(&mutate(FLY_SAMPLE, &edits));
    }

    #[test]
    fn sql_never_panics_on_random_text(s in "\\PC{0,200}") {
        check_sql(&s);
    }

    #[test]
    fn sql_never_panics_on_token_soup(s in tokens()) {
        check_sql(&s);
    }

    #[test]
    fn sql_never_panics_on_mutations(edits in prop::collection::vec((any::<usize>(), any::<u8>(), "\\PC{0,4}"), 1..8)) {
        check_sql(&mutate(SQL_SAMPLE, &edits));
    }
}

#[test]
fn deep_nesting_is_bounded() {
    let deep_toml = format!("a = {}{}", "[".repeat(20_000), "]".repeat(20_000));
    let src = SourceFile::new(FileId(0), "fly.toml", deep_toml);
    let (_, diags) = fly::parse(&src);
    assert!(!diags.is_empty(), "20,000-deep TOML arrays must end in a diagnostic");
    let deep_sql = format!("CREATE TABLE t (a int CHECK {}1{});", "(".repeat(20_000), ")".repeat(20_000));
    let src = SourceFile::new(FileId(0), "migrations/1.sql", deep_sql);
    let (doc, _) = sql::parse(&src);
    // sqlparser refuses (recursion limit); the fallback still reads the table.
    assert_eq!(doc.unwrap().statements.len(), 1);
}

fn corpus() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/real"))
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.file_name().is_some_and(|n| n == ".git" || n == "node_modules") {
            continue;
        }
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

#[test]
fn real_corpus_parses_without_spurious_diagnostics() {
    let root = corpus();
    if !root.is_dir() {
        eprintln!("corpus not found at {}; skipping", root.display());
        return;
    }
    let mut files = Vec::new();
    walk(&root, &mut files);
    let (mut n_fly, mut n_sql, mut n_stmt, mut n_fallback, mut bytes) = (0, 0, 0, 0, 0usize);
    let mut parse_time = std::time::Duration::ZERO;
    let mut problems = Vec::new();
    for f in files {
        let rel = path_to_slash(f.strip_prefix(&root).unwrap());
        let name = f.file_name().unwrap().to_string_lossy().to_lowercase();
        let is_fly = name == "fly.toml" || (name.starts_with("fly.") && name.ends_with(".toml"));
        let is_sql = name.ends_with(".sql") && rel.split('/').any(|p| p == "migrations");
        if !is_fly && !is_sql {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&f) else { continue };
        bytes += text.len();
        let src = SourceFile::new(FileId(0), rel.clone(), text);
        let t0 = std::time::Instant::now();
        let diags = if is_fly {
            n_fly += 1;
            let (doc, diags) = fly::parse(&src);
            assert!(doc.is_some());
            diags
        } else {
            n_sql += 1;
            let (doc, diags) = sql::parse(&src);
            let doc = doc.unwrap();
            n_stmt += doc.statements.len();
            n_fallback += doc.statements.iter().filter(|s| s.parsed_by == sql::ParsedBy::Fallback).count();
            diags
        };
        parse_time += t0.elapsed();
        for d in diags.iter().filter(|d| d.level != DiagnosticLevel::Note || is_sql) {
            problems.push(format!("{rel}:{:?}:{:?} {} {}", d.line, d.column, d.code, d.message));
        }
    }
    eprintln!(
        "corpus: {n_fly} fly.toml, {n_sql} migrations, {n_stmt} statements of interest ({n_fallback} by the fallback); \
         {bytes} bytes parsed in {parse_time:?}"
    );
    assert!(n_fly >= 8 && n_sql >= 1000, "corpus smaller than expected: {n_fly} fly, {n_sql} sql");
    assert!(problems.is_empty(), "unexpected diagnostics:\n{}", problems.join("\n"));
}
