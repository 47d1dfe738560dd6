//! `unpinned-tool-version`: a setup action that installs the latest release of a tool.

use infra_lint_core::{Finding, Model, Severity};

use crate::ci::{action_name, never_runs, step_input, step_path, workflows};
use crate::declare_rule;
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Flags steps of actions that download and install an external tool whose version comes
    /// from an input, when that input asks for `latest` or is left out and the action's
    /// documented default is the latest release (a shipped table: `aquasecurity/setup-trivy`,
    /// `1password/load-secrets-action`, `hashicorp/setup-terraform`,
    /// `azure/setup-helm`, `azure/setup-kubectl`, `google-github-actions/setup-gcloud`, …).
    /// The finding is at the input's value, or at the `uses:` when the input is missing. A
    /// version computed by an expression is reported too (lower severity): the file does not
    /// pin it. Actions whose default is a fixed release are judged only on an explicit `latest`.
    /// Steps whose `if:` is a literal `false` are skipped.
    ///
    /// ## Why is this bad?
    /// Pinning the action to a commit does not pin what it installs. With `latest` each run
    /// fetches whatever release the tool's publisher (or whoever compromised it) last shipped,
    /// into a job that may hold secrets — the path by which compromised scanner releases reached
    /// CI pipelines — and builds stop being reproducible.
    ///
    /// ## How to fix
    /// Set the version input to an exact release (`version: v0.58.1`) and update it deliberately
    /// (Dependabot or Renovate can track it).
    ///
    /// ## Example
    /// ```yaml
    /// # bad
    /// - uses: hashicorp/setup-terraform@b9cd54a3c349d3f38e8881555d616ced269862dd # v3.1.2
    /// ```
    /// ```yaml
    /// # good
    /// - uses: hashicorp/setup-terraform@b9cd54a3c349d3f38e8881555d616ced269862dd # v3.1.2
    ///   with:
    ///     terraform_version: 1.9.8
    /// ```
    ///
    /// ## References
    /// - <https://github.com/hashicorp/setup-terraform#inputs>
    /// - <https://github.com/aquasecurity/setup-trivy#inputs>
    pub struct UnpinnedToolVersion {
        id: "unpinned-tool-version",
        severity: Medium,
        formats: [Workflow, Action],
        tags: ["security", "ci", "supply-chain"],
        precision: "high",
        summary: "Setup action installs the latest release of a tool instead of a pinned version",
        aliases: ["unpinned-tools"],
    }
}

/// An action that installs a tool: the input naming its version, and whether leaving the input
/// out installs the latest release (the action's documented default).
struct ToolAction {
    action: &'static str,
    input: &'static str,
    default_latest: bool,
}

const TOOL_ACTIONS: &[ToolAction] = &[
    ToolAction { action: "aquasecurity/setup-trivy", input: "version", default_latest: true },
    ToolAction { action: "aquasecurity/trivy-action", input: "version", default_latest: false },
    ToolAction { action: "1password/load-secrets-action", input: "version", default_latest: true },
    ToolAction { action: "hashicorp/setup-terraform", input: "terraform_version", default_latest: true },
    ToolAction { action: "azure/setup-helm", input: "version", default_latest: true },
    ToolAction { action: "azure/setup-kubectl", input: "version", default_latest: true },
    ToolAction { action: "google-github-actions/setup-gcloud", input: "version", default_latest: true },
    ToolAction { action: "hashicorp/setup-packer", input: "version", default_latest: true },
    ToolAction { action: "golangci/golangci-lint-action", input: "version", default_latest: false },
    ToolAction { action: "goreleaser/goreleaser-action", input: "version", default_latest: false },
    ToolAction { action: "sigstore/cosign-installer", input: "cosign-release", default_latest: false },
    ToolAction { action: "anchore/sbom-action", input: "syft-version", default_latest: false },
    ToolAction { action: "jdx/mise-action", input: "version", default_latest: false },
];

impl Rule for UnpinnedToolVersion {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (_, wf) in workflows(model) {
            for (job, step) in wf.all_steps() {
                let Some(uses) = &step.uses else { continue };
                if never_runs(step.if_cond.as_ref()) || job.is_some_and(|j| never_runs(j.if_cond.as_ref())) {
                    continue;
                }
                let name = action_name(&uses.value);
                let Some(tool) = TOOL_ACTIONS.iter().find(|t| t.action == name) else { continue };
                let (span, severity, what) = match step_input(step, tool.input) {
                    Some(v) => {
                        let value = v.value.as_deref().unwrap_or("").trim();
                        if value.eq_ignore_ascii_case("latest") || value == "*" {
                            (v.value_span, Severity::Medium, format!("sets `{}: {value}`", tool.input))
                        } else if !v.expressions.is_empty() {
                            (
                                v.value_span,
                                Severity::Low,
                                format!("takes `{}` from an expression, so the release it installs is decided at run time, not in this file", tool.input),
                            )
                        } else {
                            continue;
                        }
                    }
                    None if tool.default_latest => (
                        uses.span,
                        Severity::Medium,
                        format!("leaves out `{}`, so it installs the latest release", tool.input),
                    ),
                    None => continue,
                };
                out.push(
                    Finding::new(
                        Self::META.id,
                        severity,
                        span,
                        format!(
                            "Step \"{}\" uses `{}`, which downloads a tool at run time, and {what}: each run can install a different, possibly compromised release",
                            step.label(),
                            tool.action
                        ),
                    )
                    .fix(format!("Set `{}` to an exact release and update it deliberately", tool.input))
                    .key(format!("{}:{}", step_path(job, &step.label()), tool.input))
                    .env(model.env_of(span)),
                );
            }
        }
    }
}
