//! The fly and SQL rules over the real-world corpus: what fires on each project, checked against
//! what reading the files says should fire.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use infra_lint_core::load::{load_dir, LoadOptions};
use infra_lint_core::source::path_to_slash;
use infra_lint_core::{Finding, Model, Severity};

fn corpus() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/real"))
}

fn run(project: &str, ids: &[&str]) -> Option<(Model, Vec<Finding>)> {
    let dir = corpus().join(project);
    if !dir.is_dir() {
        eprintln!("corpus project {project} not found; skipping");
        return None;
    }
    let model = load_dir(&dir, &LoadOptions::default());
    let rules: Vec<_> = ids.iter().map(|id| infra_lint_rules::registry::get(id).unwrap()).collect();
    let findings = infra_lint_rules::run(&model, &rules);
    for f in &findings {
        let l = model.locate(f.span);
        eprintln!(
            "{project}: {}:{}:{} [{}] {} {}",
            path_to_slash(&l.path),
            l.start_line,
            l.start_column,
            f.severity,
            f.rule_id,
            f.message
        );
    }
    Some((model, findings))
}

const SQL_RULES: &[&str] = &["missing-rls", "rls-not-forced", "rls-policy-always-true", "rls-enabled-no-policy"];

#[test]
fn prisma_projects_without_rls_get_at_most_one_low_note() {
    for project in ["documenso", "trigger.dev", "hoppscotch"] {
        let Some((model, findings)) = run(project, SQL_RULES) else { continue };
        assert!(
            infra_lint_rules::facts::Facts::of(&model).tables.len() > 10,
            "{project}: tables were read from the migrations"
        );
        // One note per migrations project at most (trigger.dev has two Prisma schemas).
        let mut projects: Vec<&str> =
            infra_lint_rules::facts::Facts::of(&model).tables.iter().map(|t| t.project.as_str()).collect();
        projects.sort_unstable();
        projects.dedup();
        for p in &projects {
            let n = findings.iter().filter(|f| f.key == format!("{p}:no-rls")).count();
            assert!(n <= 1, "{project}/{p}: {n} notes");
        }
        assert!(findings.len() <= projects.len(), "{project}: {} findings", findings.len());
        assert!(findings.iter().all(|f| f.severity == Severity::Low && f.rule_id == "missing-rls"));
    }
}

#[test]
fn basejump_is_clean() {
    // basejump's tables live in the `basejump` schema; every one with account_id has RLS and policies.
    let Some((model, findings)) = run("basejump", SQL_RULES) else { return };
    assert!(infra_lint_rules::facts::Facts::of(&model)
        .tables
        .iter()
        .any(|t| t.schema == "basejump" && !t.rls_enabled.is_empty()));
    assert!(findings.is_empty(), "{findings:#?}");
}

#[test]
fn nextjs_subscription_payments_private_customers_table_is_a_low_note() {
    // Every public table enables RLS; `customers` is private on purpose (RLS, no policy).
    let Some((model, findings)) = run("nextjs-subscription-payments", SQL_RULES) else { return };
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0].severity, Severity::Low);
    assert_eq!(findings[0].rule_id, "rls-enabled-no-policy");
    assert!(model.text(findings[0].span).contains("customers"), "{}", model.text(findings[0].span));
}

#[test]
fn fly_https_on_real_apps() {
    // openstatus: every http_service forces HTTPS; its SSH service has no HTTP handler.
    if let Some((_, findings)) = run("openstatus", &["fly-https-not-forced"]) {
        assert!(findings.is_empty(), "{findings:#?}");
    }
    // live_beats serves port 80 with the http handler and no force_https.
    if let Some((model, findings)) = run("live_beats", &["fly-https-not-forced"]) {
        assert_eq!(findings.len(), 1, "{findings:#?}");
        let loc = model.locate(findings[0].span);
        assert_eq!((path_to_slash(&loc.path).as_str(), loc.start_line), ("fly.toml", 27));
    }
}
