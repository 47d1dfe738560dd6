//! Rules of the `ci` family: GitHub Actions workflows and action metadata files.

pub mod dangerous_checkout;
pub(crate) mod expr;
pub mod github_env_injection;
pub mod insecure_commands;
pub mod registry_token_publish;
pub mod secret_fromjson;
pub mod secrets_inherit;
pub mod secrets_overexposed;
pub mod static_cloud_credentials;
pub(crate) mod taint;
pub mod unpinned_action;
pub mod workflow_injection;
pub mod workflow_permissions;

use infra_lint_core::model::ParsedFile;
use infra_lint_core::parse::workflow::{Job, WorkflowDoc};
use infra_lint_core::parse::Document;
use infra_lint_core::Model;

use crate::rule::Rule;

/// Triggers that let outsiders start a run that has secrets and a write token (shared by the
/// injection rules, so they agree on what "privileged" means).
pub(crate) const EXPOSED_TRIGGERS: &[&str] =
    &["pull_request_target", "issue_comment", "issues", "discussion", "discussion_comment", "workflow_run"];

/// Every rule of this family.
#[must_use]
pub fn rules() -> Vec<Box<dyn Rule>> {
    vec![
        Box::new(dangerous_checkout::DangerousCheckout),
        Box::new(github_env_injection::GithubEnvInjection),
        Box::new(insecure_commands::InsecureWorkflowCommands),
        Box::new(registry_token_publish::RegistryTokenPublish),
        Box::new(secret_fromjson::SecretFromjsonUnmasked),
        Box::new(secrets_inherit::SecretsInherit),
        Box::new(secrets_overexposed::SecretsOverexposed),
        Box::new(static_cloud_credentials::StaticCloudCredentials),
        Box::new(unpinned_action::UnpinnedAction),
        Box::new(workflow_injection::WorkflowInjection),
        Box::new(workflow_permissions::WorkflowPermissions),
    ]
}

/// Every parsed workflow and action metadata file of the model.
pub(crate) fn workflows(model: &Model) -> impl Iterator<Item = (&ParsedFile, &WorkflowDoc)> {
    model.files.iter().filter_map(|f| match &f.doc {
        Some(Document::Workflow(w)) => Some((f, &**w)),
        _ => None,
    })
}

/// Structural path of a step for fingerprints: `jobs.<id>.steps[<label>]` / `runs.steps[<label>]`.
pub(crate) fn step_path(job: Option<&Job>, label: &str) -> String {
    match job {
        Some(j) => format!("jobs.{}.steps[{label}]", j.id),
        None => format!("runs.steps[{label}]"),
    }
}
