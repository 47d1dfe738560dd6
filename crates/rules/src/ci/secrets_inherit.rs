//! `secrets-inherit`: a reusable-workflow call that hands over every secret with `secrets: inherit`.

use infra_lint_core::parse::workflow::WorkflowKind;
use infra_lint_core::{Edit, Finding, Fix, Model};

use crate::ci::workflows;
use crate::declare_rule;
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Flags jobs that call a reusable workflow (`jobs.<id>.uses:`) with `secrets: inherit`.
    /// The finding points at the call's `uses:` (the workflow that receives every secret);
    /// the `secrets: inherit` is given as a related location, and is what the autofix rewrites. Calls that list the secrets they forward by name
    /// (`secrets: { TOKEN: ${{ secrets.TOKEN }} }`), or forward none, are fine.
    ///
    /// ## Why is this bad?
    /// `inherit` gives the called workflow every repository, organization and environment
    /// secret the caller can read, not only the ones it needs. Any step in the called workflow
    /// (and any action it runs) can then read, misuse or leak credentials unrelated to its job,
    /// and a later change to the called workflow — possibly in another repository, at a moving
    /// ref — silently gains access to secrets added in the future too.
    ///
    /// ## How to fix
    /// Declare the secrets the called workflow needs under `on.workflow_call.secrets` and pass
    /// exactly those by name.
    ///
    /// ## Example
    /// ```yaml
    /// # bad
    /// jobs:
    ///   deploy:
    ///     uses: my-org/pipelines/.github/workflows/deploy.yml@v2
    ///     secrets: inherit
    /// ```
    /// ```yaml
    /// # good
    /// jobs:
    ///   deploy:
    ///     uses: my-org/pipelines/.github/workflows/deploy.yml@v2
    ///     secrets:
    ///       DEPLOY_KEY: ${{ secrets.DEPLOY_KEY }}
    /// ```
    ///
    /// ## References
    /// - <https://docs.github.com/en/actions/sharing-automations/reusing-workflows#passing-inputs-and-secrets-to-a-reusable-workflow>
    /// - <https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions#jobsjob_idsecretsinherit>
    pub struct SecretsInherit {
        id: "secrets-inherit",
        severity: Medium,
        formats: [Workflow],
        tags: ["security", "ci", "secrets", "least-privilege"],
        precision: "high",
        summary: "Reusable workflow called with `secrets: inherit`, which passes it every secret",
        aliases: ["secrets-inherit"],
    }
}

impl Rule for SecretsInherit {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (file, wf) in workflows(model) {
            if wf.kind != WorkflowKind::Workflow {
                continue;
            }
            for job in &wf.jobs {
                let Some(span) = job.secrets_inherit else { continue };
                let called = job.uses.as_ref().map_or("a reusable workflow", |u| u.value.as_str());
                // Reported at the call (`uses:`: the workflow that receives every secret, where
                // peers' ignore comments sit too), the `secrets: inherit` as related.
                let at = job.uses.as_ref().map_or(span, |u| u.span);
                let mut f = Finding::new(
                    Self::META.id,
                    Self::META.severity,
                    at,
                    format!(
                        "Job `{}` calls `{called}` with `secrets: inherit`, which hands it every secret this repository and organization hold instead of only the ones it needs",
                        job.id
                    ),
                )
                .fix("Replace `secrets: inherit` with the named secrets the called workflow declares (`NAME: ${{ secrets.NAME }}`)")
                .key(format!("jobs.{}.secrets", job.id))
                .env(model.env_of(span));
                if let Some(u) = &job.uses {
                    f = f.related(span, "every secret is passed here");
                    if let Some(names) = declared_secrets(model, &file.path, &u.value) {
                        f = f.autofix(Fix::safe(
                            "pass only the secrets the called workflow declares",
                            vec![Edit::replace(span, explicit_secrets(&names))],
                        ));
                    }
                }
                out.push(f);
            }
        }
    }
}

/// The secrets a local reusable workflow (`./.github/workflows/x.yml`, `$/…`) called from
/// `caller` declares under `on.workflow_call.secrets`, when that workflow is in the scan.
fn declared_secrets(model: &Model, caller: &str, uses: &str) -> Option<Vec<String>> {
    let (_, wf) = crate::ci::local_workflow(model, caller, crate::ci::local_target(uses)?)?;
    let on = wf.root.as_ref()?.get("on")?;
    let call = on.get("workflow_call")?;
    let Some(secrets) = call.get("secrets") else { return Some(Vec::new()) };
    if secrets.is_null() {
        return Some(Vec::new());
    }
    let mut names: Vec<String> = secrets.as_map()?.iter().filter_map(|(k, _)| k.as_str().map(str::to_owned)).collect();
    names.sort();
    names.dedup();
    // Secret names are identifiers; anything else is not written into the fix.
    let ident = |n: &String| {
        n.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    names.iter().all(ident).then_some(names)
}

/// A flow mapping that passes each named secret through (`{ A: "${{ secrets.A }}" }`).
fn explicit_secrets(names: &[String]) -> String {
    if names.is_empty() {
        return "{}".to_owned();
    }
    let pairs: Vec<String> = names.iter().map(|n| format!("{n}: \"${{{{ secrets.{n} }}}}\"")).collect();
    format!("{{ {} }}", pairs.join(", "))
}
