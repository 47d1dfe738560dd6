//! Shared helpers for the output tests: three small test-only rules over `testdata/output`, so the
//! snapshots do not change when the real rule pack grows.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use infra_lint::{Config, Finding, Scanner, Severity};
use infra_lint_core::discover::FileKind;
use infra_lint_core::Model;
use infra_lint_rules::{declare_rule, Rule, RuleMeta};

/// The planted token in `testdata/output/.env.production`.
pub const SECRET: &str = "q7Xv2LmP9sKd4RtW8yBn3HcZ6fJg1Ae5";

/// `testdata/output`.
pub fn output_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/output")
}

declare_rule! {
    /// ## What it does
    ///
    /// Test rule: a compose port published on every interface.
    ///
    /// ## Why is this bad?
    ///
    /// Test only.
    ///
    /// ## How to fix
    ///
    /// Bind to 127.0.0.1.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// ports: ["5432:5432"]
    /// ```
    pub struct TestExposedPort {
        id: "test-exposed-port",
        severity: High,
        formats: [Compose],
        tags: ["security", "network"],
        precision: "high",
        summary: "A port published on all host interfaces",
    }
}

impl Rule for TestExposedPort {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }
    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for f in model.files_of(FileKind::Compose) {
            let text: &str = &f.source.text;
            let mut off = 0;
            for line in text.split_inclusive('\n') {
                let t = line.trim_start();
                if let Some(rest) = t.strip_prefix("- \"") {
                    if let Some(end) = rest.find('"') {
                        let mapping = &rest[..end];
                        if mapping.split(':').count() == 2 {
                            let start = off + (line.len() - t.len()) + 2;
                            let span = f.source.span(start, start + end + 2);
                            let host = mapping.split(':').next().unwrap_or("");
                            out.push(
                                Finding::new(
                                    "test-exposed-port",
                                    Severity::High.weigh(model.env_of(span)),
                                    span,
                                    format!("Port {host} is published on every interface of the host, reachable from any network it is on"),
                                )
                                .fix(format!("bind it to loopback: \"127.0.0.1:{mapping}\""))
                                .key(format!("ports:{mapping}"))
                                .env(model.env_of(span)),
                            );
                        }
                    }
                }
                off += line.len();
            }
        }
    }
}

declare_rule! {
    /// ## What it does
    ///
    /// Test rule: a database instance with `publicly_accessible = true`.
    ///
    /// ## Why is this bad?
    ///
    /// Test only.
    ///
    /// ## How to fix
    ///
    /// Set it to false.
    ///
    /// ## Example
    ///
    /// ```hcl
    /// publicly_accessible = true
    /// ```
    pub struct TestPublicDb {
        id: "test-public-db",
        severity: Critical,
        formats: [Terraform],
        tags: ["security", "datastores"],
        precision: "very-high",
        summary: "A database reachable from the internet",
    }
}

impl Rule for TestPublicDb {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }
    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        let related = model
            .files_of(FileKind::Compose)
            .find_map(|c| c.source.text.find("image: postgres").map(|s| c.source.span(s + 7, s + 18)));
        for f in model.files_of(FileKind::Terraform) {
            let text: &str = &f.source.text;
            let mut address = String::new();
            let mut off = 0;
            for line in text.split_inclusive('\n') {
                let t = line.trim();
                if let Some(rest) = t.strip_prefix("resource ") {
                    let parts: Vec<&str> = rest.split('"').filter(|p| !p.trim().is_empty() && *p != " ").collect();
                    if parts.len() >= 2 {
                        address = format!("{}.{}", parts[0], parts[1]);
                    }
                }
                if t.starts_with("publicly_accessible") && t.ends_with("true") {
                    let start = off + line.find('p').unwrap_or(0);
                    let span = f.source.span(start, start + t.len());
                    let mut finding = Finding::new(
                        "test-public-db",
                        Severity::Critical.weigh(model.env_of(span)),
                        span,
                        format!("Database {address} accepts connections from the internet"),
                    )
                    .fix("set publicly_accessible = false and reach it through a private network")
                    .key(address.clone())
                    .env(model.env_of(span));
                    if let Some(r) = related {
                        finding = finding.related(r, "the same database also runs in the compose stack");
                    }
                    out.push(finding);
                }
                off += line.len();
            }
        }
    }
}

declare_rule! {
    /// ## What it does
    ///
    /// Test rule: a long random value for a `_TOKEN` key in a `.env` file.
    ///
    /// ## Why is this bad?
    ///
    /// Test only.
    ///
    /// ## How to fix
    ///
    /// Use a secret manager.
    ///
    /// ## Example
    ///
    /// ```sh
    /// API_TOKEN=...
    /// ```
    pub struct TestSecret {
        id: "test-secret",
        severity: Critical,
        formats: [Env],
        tags: ["security", "secrets"],
        precision: "high",
        summary: "A secret committed in a .env file",
    }
}

impl Rule for TestSecret {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }
    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for f in model.files_of(FileKind::Env) {
            let text: &str = &f.source.text;
            let mut off = 0;
            for line in text.split_inclusive('\n') {
                if let Some((key, value)) = line.trim_end().split_once('=') {
                    if key.ends_with("_TOKEN") && value.len() >= 20 {
                        let key_span = f.source.span(off, off + key.len());
                        let vstart = off + key.len() + 1;
                        let vspan = f.source.span(vstart, vstart + value.len());
                        out.push(
                            Finding::new(
                                "test-secret",
                                Severity::Critical.weigh(model.env_of(vspan)),
                                key_span.cover(vspan),
                                format!(
                                    "{key} holds a secret ({}) committed to the repository",
                                    infra_lint_core::base::mask::mask(value)
                                ),
                            )
                            .fix("move the value to the deployment's secret store and rotate it")
                            .key(format!("env:{key}"))
                            .env(model.env_of(vspan))
                            .secret(vspan),
                        );
                    }
                }
                off += line.len();
            }
        }
    }
}

/// A scanner with only the three test rules (and `invalid-suppression`).
pub fn scanner(mut config: Config) -> Scanner {
    if config.select.is_empty() {
        config.select = vec!["test-*".into(), "invalid-suppression".into()];
    }
    Scanner::new(config)
        .with_rule(Box::new(TestExposedPort))
        .with_rule(Box::new(TestPublicDb))
        .with_rule(Box::new(TestSecret))
}

/// Copy a directory tree.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let p = e.path();
        let dest = to.join(e.file_name());
        if p.is_dir() {
            copy_tree(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}
