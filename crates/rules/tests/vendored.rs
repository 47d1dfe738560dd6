//! Findings inside vendored (registry/git) modules point at the module call in the repository,
//! with the vendored attribute as a related location (`testdata/terraform/vendored`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use infra_lint_core::load::{load_dir, LoadOptions};
use infra_lint_core::{Finding, Model};

fn at(m: &Model, span: infra_lint_core::Span) -> String {
    let l = m.locate(span);
    format!("{}:{}:{}", l.path.display(), l.start_line, l.start_column)
}

fn findings(rule: &str) -> (Model, Vec<Finding>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/terraform/vendored");
    let m = load_dir(&dir, &LoadOptions::default());
    let rules: Vec<_> = infra_lint_rules::registry::all().into_iter().filter(|r| r.meta().id == rule).collect();
    assert_eq!(rules.len(), 1, "{rule}");
    let out = infra_lint_rules::run(&m, &rules);
    (m, out)
}

#[test]
fn vendored_attribute_reported_at_the_module_argument() {
    let (m, out) = findings("public-database");
    let locs: Vec<String> = out.iter().map(|f| at(&m, f.span)).collect();
    // Staging passes `public = true` through the module argument; production passes false; the
    // in-repo `etc/` root is public on its own.
    assert_eq!(locs, vec!["envs/staging/main.tf:14:3", "etc/main.tf:3:3"], "{out:#?}");
    let f = &out[0];
    let related: Vec<String> = f.related.iter().map(|r| format!("{} {}", at(&m, r.span), r.message)).collect();
    assert!(related.iter().any(|r| r.starts_with("envs/staging/terraform.tfvars:2:1")), "{related:#?}");
    let last = related.last().unwrap();
    assert!(
        last.starts_with("envs/staging/.terraform/modules/db/main.tf:18:3 set here, in module \"db\""),
        "{related:#?}"
    );
    assert!(!related.iter().any(|r| r.starts_with("envs/staging/main.tf:14:3")), "primary repeated: {related:#?}");
    assert!(f.key.contains("module.db.aws_db_instance.this"), "{}", f.key);
}

#[test]
fn vendored_default_reported_at_the_module_call() {
    let (m, out) = findings("unencrypted-storage");
    let locs: Vec<String> = out.iter().map(|f| at(&m, f.span)).collect();
    // The git module's volume is unencrypted by its own literal: no argument decides it, so the
    // finding points at the `module "network"` call (the in-repo `etc/` database has no
    // `storage_encrypted` at all).
    assert_eq!(locs, vec!["envs/staging/main.tf:17:1", "etc/main.tf:2:1"], "{out:#?}");
    let last = out[0].related.last().unwrap();
    assert_eq!(at(&m, last.span), "envs/staging/.terraform/modules/network/main.tf:4:3");
}

#[test]
fn no_finding_points_into_a_vendored_file() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/terraform/vendored");
    let m = load_dir(&dir, &LoadOptions::default());
    let out = infra_lint_rules::run(&m, &infra_lint_rules::registry::all());
    assert!(!out.is_empty());
    for f in &out {
        assert!(!at(&m, f.span).contains(".terraform"), "{f:#?}");
    }
}

#[test]
fn stale_downloads_are_not_reported() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/terraform/vendored");
    let m = load_dir(&dir, &LoadOptions::default());
    let stale = m.file_by_path(Path::new("envs/staging/.terraform/modules/old/main.tf")).expect("stale file read");
    let tf = m.terraform.as_ref().unwrap();
    assert!(!tf.instances().any(|r| r.module_dir.ends_with("modules/old")));
    // A finding any rule or policy might raise there is dropped; one in a reached module moves.
    let reached = m.file_by_path(Path::new("envs/staging/.terraform/modules/network/main.tf")).unwrap();
    let sp = |f: &infra_lint_core::model::ParsedFile| f.source.span(0, 8);
    let mut out = vec![
        Finding::new("x", infra_lint_core::Severity::Low, sp(stale), "stale"),
        Finding::new("x", infra_lint_core::Severity::Low, sp(reached), "reached"),
    ];
    infra_lint_core::terraform::vendor::relocate(&m, &mut out);
    assert_eq!(out.len(), 1);
    assert_eq!(at(&m, out[0].span), "envs/staging/main.tf:17:1");
}
