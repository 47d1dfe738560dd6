//! `github-app-token-scope`: `actions/create-github-app-token` minting a token broader or longer-lived than needed.

use infra_lint_core::{Finding, Model, Severity};

use crate::ci::{action_name, never_runs, step_path, workflows};
use crate::declare_rule;
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Flags steps of `actions/create-github-app-token` that mint an installation token wider
    /// or longer lived than the job needs:
    /// - no `permission-*` input: the token gets every permission the app was granted (at the
    ///   `uses:`);
    /// - `owner:` without `repositories:` while asking for a repository permission: the token
    ///   reaches every repository of the installation (at the `owner:` value);
    /// - `skip-token-revoke` set to `true` or to an expression: the token is not revoked when
    ///   the job ends and stays valid for up to an hour (at the value).
    ///
    /// Organization-level permissions (`permission-members`, `permission-organization-*`) do not
    /// need `repositories:`.
    ///
    /// ## Why is this bad?
    /// An app token is a bearer credential: every later step, action and script of the job can
    /// read it. Asking only for the permissions and repositories the job needs, and revoking the
    /// token at the end, bounds what a compromised step or a leaked log can do with it.
    ///
    /// ## How to fix
    /// Add `permission-<scope>: read|write` inputs for exactly what the job does, list the
    /// `repositories:` when setting `owner:`, and leave `skip-token-revoke` unset.
    ///
    /// ## Example
    /// ```yaml
    /// # bad
    /// - uses: actions/create-github-app-token@1b10c78c7865c340bc4f6099eb2f838309f1e8c3 # v3.1.1
    ///   with:
    ///     client-id: ${{ vars.APP_CLIENT_ID }}
    ///     private-key: ${{ secrets.APP_PRIVATE_KEY }}
    /// ```
    /// ```yaml
    /// # good
    /// - uses: actions/create-github-app-token@1b10c78c7865c340bc4f6099eb2f838309f1e8c3 # v3.1.1
    ///   with:
    ///     client-id: ${{ vars.APP_CLIENT_ID }}
    ///     private-key: ${{ secrets.APP_PRIVATE_KEY }}
    ///     permission-issues: write
    /// ```
    ///
    /// ## References
    /// - <https://github.com/actions/create-github-app-token#inputs>
    /// - <https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/generating-an-installation-access-token-for-a-github-app>
    pub struct GithubAppTokenScope {
        id: "github-app-token-scope",
        severity: Medium,
        formats: [Workflow, Action],
        tags: ["security", "ci", "least-privilege"],
        precision: "high",
        summary: "GitHub App token minted with all of the app's permissions, every repository, or no revocation",
        aliases: ["github-app"],
    }
}

/// Permissions that belong to the organization, not to repositories.
fn org_level(scope: &str) -> bool {
    scope == "members" || scope == "team-discussions" || scope.starts_with("organization-")
}

impl Rule for GithubAppTokenScope {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (_, wf) in workflows(model) {
            for (job, step) in wf.all_steps() {
                let Some(uses) = &step.uses else { continue };
                if action_name(&uses.value) != "actions/create-github-app-token" || never_runs(step.if_cond.as_ref()) {
                    continue;
                }
                let key = step_path(job, &step.label());
                let input = |n: &str| step.with.iter().find(|e| e.key.eq_ignore_ascii_case(n));
                let scopes: Vec<String> = step
                    .with
                    .iter()
                    .filter_map(|e| e.key.to_ascii_lowercase().strip_prefix("permission-").map(str::to_owned))
                    .collect();
                let mut push = |span, severity, msg: String, fix: &str, part: &str| {
                    out.push(
                        Finding::new(Self::META.id, severity, span, msg)
                            .fix(fix)
                            .key(format!("{key}:{part}"))
                            .env(model.env_of(span)),
                    );
                };
                if let Some(skip) = input("skip-token-revoke") {
                    let v = skip.value.as_deref().unwrap_or("").trim();
                    if v.eq_ignore_ascii_case("true") || !skip.expressions.is_empty() {
                        push(
                            skip.value_span,
                            Severity::Medium,
                            format!("Step \"{}\" sets `skip-token-revoke: {v}`: the app token stays valid after the job (up to an hour) instead of being revoked", step.label()),
                            "Remove `skip-token-revoke` so the token is revoked when the job ends",
                            "skip-token-revoke",
                        );
                    }
                }
                if scopes.is_empty() {
                    push(
                        uses.span,
                        Severity::Medium,
                        format!("Step \"{}\" mints a GitHub App token without any `permission-*` input, so it carries every permission the app was granted", step.label()),
                        "Add `permission-<scope>: read|write` inputs for only what the job needs",
                        "permissions",
                    );
                }
                if let Some(owner) = input("owner") {
                    let repo_scoped = scopes.is_empty() || scopes.iter().any(|s| !org_level(s));
                    if input("repositories").is_none() && repo_scoped {
                        push(
                            owner.value_span,
                            Severity::Medium,
                            format!("Step \"{}\" sets `owner:` without `repositories:`, so the token reaches every repository the app is installed on in that account", step.label()),
                            "List the repositories the job needs under `repositories:`",
                            "owner",
                        );
                    }
                }
            }
        }
    }
}
