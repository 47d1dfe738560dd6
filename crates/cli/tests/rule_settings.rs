//! Rule settings from the configuration (`[containers]`, `[ci]`, `[sql]`) reach the native rules through
//! the library API, and a discovered `.infra-lint.toml` turns them on.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use infra_lint::{Config, MemoryFile, Scanner, Severity};

fn mem(files: &[(&str, &str)]) -> Vec<MemoryFile> {
    files.iter().map(|(p, t)| MemoryFile { path: (*p).into(), contents: t.as_bytes().to_vec() }).collect()
}

#[test]
fn require_digest_from_config() {
    let dockerfile = "FROM node:20-alpine\nUSER node\n";
    let cfg = Config { select: vec!["unpinned-base-image".into()], ..Config::default() };
    let r = Scanner::new(cfg).scan_files(mem(&[("Dockerfile", dockerfile)])).unwrap();
    assert!(r.findings.is_empty(), "{:?}", r.findings);

    let cfg = Config::parse(
        "select = [\"unpinned-base-image\"]\n[containers]\nrequire-digest = true\n",
        Path::new(".infra-lint.toml"),
    )
    .unwrap();
    let r = Scanner::new(cfg).scan_files(mem(&[("Dockerfile", dockerfile)])).unwrap();
    assert_eq!(r.findings.len(), 1, "{:?}", r.findings);
    let f = &r.findings[0];
    assert_eq!(f.severity, Severity::Low);
    assert_eq!((f.location.start_line, f.location.start_column), (1, 6));
    assert!(f.message.contains("digest"), "{}", f.message);
}

#[test]
fn ci_pedantic_from_config() {
    let wf = "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./deploy.sh\n        env:\n          TOKEN: ${{ secrets.DEPLOY_TOKEN }}\n";
    let files = [(".github/workflows/deploy.yml", wf)];
    let cfg = Config { select: vec!["secrets-outside-environment".into()], ..Config::default() };
    let r = Scanner::new(cfg).scan_files(mem(&files)).unwrap();
    assert!(r.findings.is_empty(), "pedantic rules are off by default: {:?}", r.findings);

    let cfg = Config::parse(
        "select = [\"secrets-outside-environment\"]\n[ci]\npedantic = true\n",
        Path::new(".infra-lint.toml"),
    )
    .unwrap();
    let r = Scanner::new(cfg).scan_files(mem(&files)).unwrap();
    assert_eq!(r.findings.len(), 1, "{:?}", r.findings);
    assert_eq!(r.findings[0].location.start_line, 8);
    assert!(r.findings[0].message.contains("DEPLOY_TOKEN"), "{}", r.findings[0].message);
}

#[test]
fn tenancy_columns_from_config() {
    let sql = "CREATE TABLE a (id int, shop_id int);\nALTER TABLE a ENABLE ROW LEVEL SECURITY;\n\
               CREATE POLICY p ON a USING (shop_id = 1);\nCREATE TABLE b (id int, shop_id int);\n";
    let files = [("db/migrations/001.sql", sql)];
    let cfg = Config { select: vec!["missing-rls".into()], ..Config::default() };
    let r = Scanner::new(cfg).scan_files(mem(&files)).unwrap();
    assert!(r.findings.is_empty(), "{:?}", r.findings);

    let cfg = Config::parse(
        "select = [\"missing-rls\"]\n[sql]\nextend-tenancy-columns = [\"shopId\"]\n",
        Path::new(".infra-lint.toml"),
    )
    .unwrap();
    let r = Scanner::new(cfg).scan_files(mem(&files)).unwrap();
    assert_eq!(r.findings.len(), 1, "{:?}", r.findings);
    assert_eq!((r.findings[0].location.start_line, r.findings[0].location.start_column), (4, 14));
}
