//! `checkout-persist-credentials`: `actions/checkout` leaves the token in `.git/config`.

use infra_lint_core::{Finding, Model, Severity};

use crate::ci::{action_name, checkout_path, step_literal, step_node, step_path, workflows};
use crate::declare_rule;
use crate::rule::Rule;
use infra_lint_core::parse::workflow::Step;

declare_rule! {
    /// ## What it does
    /// Flags `actions/checkout` steps (in workflows and composite actions) that do not set
    /// `persist-credentials: false`. By default checkout writes the job's token into the
    /// repository's `.git/config`, where every later step — and every artifact or cache that
    /// includes the checkout directory — can read it. Severity is `medium` when the same job later uploads an artifact that can
    /// hold the checkout's `.git/config` (`actions/upload-artifact` whose `path:` covers the
    /// checkout directory and that keeps hidden files: `include-hidden-files: true`, or a
    /// release before v4.4), `low` otherwise. The finding is at the step (its first
    /// key), or at `with:` when the inputs are computed by an expression. An explicit
    /// `persist-credentials: true` is a deliberate choice and is not reported, unless
    /// `[ci] pedantic = true`: then an explicit `true` and a computed value are reported at the
    /// step too.
    ///
    /// ## Why is this bad?
    /// A token on disk outlives the step that needed it: an uploaded workspace artifact ships
    /// it to anyone who can download the run's artifacts, and any later step (a compromised
    /// action, a build script of a dependency) can push with it.
    ///
    /// ## How to fix
    /// Add `persist-credentials: false` under the step's `with:`; steps that push pass a token
    /// explicitly.
    ///
    /// ## Example
    /// ```yaml
    /// # bad
    /// - uses: actions/checkout@v4
    /// ```
    /// ```yaml
    /// # good
    /// - uses: actions/checkout@v4
    ///   with:
    ///     persist-credentials: false
    /// ```
    ///
    /// ## References
    /// - <https://github.com/actions/checkout#usage>
    /// - <https://unit42.paloaltonetworks.com/github-repo-artifacts-leak-tokens/>
    pub struct CheckoutPersistCredentials {
        id: "checkout-persist-credentials",
        severity: Low,
        formats: [Workflow, Action],
        tags: ["security", "ci", "secrets"],
        precision: "high",
        summary: "actions/checkout keeps the job's token in .git/config (persist-credentials not false)",
        aliases: ["artipacked"],
    }
}

impl Rule for CheckoutPersistCredentials {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (file, wf) in workflows(model) {
            for (job, step) in wf.all_steps() {
                let Some(uses) = &step.uses else { continue };
                if action_name(&uses.value) != "actions/checkout" {
                    continue;
                }
                // An explicit `true` (or a computed value) is a choice; pedantic reports it too.
                let explicit = step.input("persist-credentials").map(|e| {
                    let v = e.value.as_deref().unwrap_or("").trim().trim_matches(['"', '\'']).to_ascii_lowercase();
                    (v, !e.expressions.is_empty())
                });
                let pedantic_how = match &explicit {
                    None => None,
                    Some((_, true)) if crate::ci::pedantic(model) => {
                        Some("computes `persist-credentials`, which can leave it at `true`")
                    }
                    Some((v, false)) if crate::ci::pedantic(model) && v == "true" => {
                        Some("sets `persist-credentials: true`")
                    }
                    Some(_) => continue,
                };
                // `with: ${{ fromJSON(…) }}`: the inputs are computed, the default may apply
                let with = step_node(wf, job, step).and_then(|n| n.get("with"));
                let opaque = with.filter(|w| w.as_map().is_none() && !w.is_null());
                let steps = job.map_or(&wf.action_steps[..], |j| &j.steps[..]);
                // The very next step checks out again into the same directory without keeping
                // credentials (itself or in a local composite action): checkout first removes
                // the credentials already in that repository's config, so none outlive the step.
                if pedantic_how.is_none()
                    && opaque.is_none()
                    && steps
                        .get(step.index + 1)
                        .is_some_and(|next| clears_credentials(model, &file.path, next, &checkout_path(step)))
                {
                    continue;
                }
                let checkout_dir = checkout_path(step);
                let uploads =
                    steps.iter().skip(step.index + 1).any(|s| uploads_git_config(&file.source.text, s, &checkout_dir));
                let (severity, why) = if uploads {
                    (Severity::Medium, "; this job uploads an artifact later, which can include `.git/config`")
                } else {
                    (Self::META.severity, "")
                };
                // The step is the block the missing input belongs to: point at its first key.
                let (span, how) = match (pedantic_how, opaque) {
                    (Some(how), _) => (step.span, how),
                    (None, Some(w)) => {
                        (w.span, "computes its inputs (`persist-credentials` may keep its default, `true`)")
                    }
                    (None, None) => (step.span, "does not set `persist-credentials: false`"),
                };
                out.push(
                    Finding::new(
                        Self::META.id,
                        severity,
                        span,
                        format!(
                            "`{}` {how}, so {} stays in `.git/config` for every later step{why}",
                            uses.value,
                            if step.input("token").is_some() {
                                "the token it is given (`token:`)"
                            } else {
                                "the job's token"
                            }
                        ),
                    )
                    .fix("Add `with: persist-credentials: false` to the checkout step")
                    .key(format!("{}.persist-credentials", step_path(job, &step.label())))
                    .env(model.env_of(span)),
                );
            }
        }
    }
}

/// The directory a checkout step writes to (`path:`, default the workspace), normalised.
/// Whether `s` uploads an artifact that can hold `<checkout_dir>/.git/config`: an
/// `actions/upload-artifact` whose `path:` covers the checkout directory, and that keeps
/// hidden files (`include-hidden-files: true`, or a release before v4.4, which kept them by
/// default; an unknown release is taken as current).
fn uploads_git_config(text: &str, s: &Step, checkout_dir: &str) -> bool {
    let Some(u) = &s.uses else { return false };
    if action_name(&u.value) != "actions/upload-artifact" {
        return false;
    }
    let hidden = step_literal(s, "include-hidden-files").is_some_and(|v| v.eq_ignore_ascii_case("true"))
        || crate::ci::uses_version(text, u).is_some_and(|v| match v.as_slice() {
            // `@v4` follows the newest v4 release
            [major] => *major < 4,
            [major, minor, ..] => *major < 4 || (*major == 4 && *minor < 4),
            [] => false,
        });
    if !hidden {
        return false;
    }
    let Some(paths) = s.input("path").and_then(|e| e.value.as_deref()) else { return false };
    paths.lines().any(|p| {
        let p = p.trim().trim_matches(['"', '\'']);
        if p.starts_with('!') || p.is_empty() {
            return false;
        }
        let p = p.replace("${{ github.workspace }}", ".");
        let p = p.trim_start_matches("./").trim_end_matches(['/', '*']).trim_end_matches('/');
        // the workspace itself, or a directory that holds the checkout
        p.is_empty() || p == "." || checkout_dir == p || checkout_dir.starts_with(&format!("{p}/"))
    })
}

/// Whether `step` is a checkout into `path` with a literal `persist-credentials: false`.
fn checkout_without_credentials(step: &Step, path: &str) -> bool {
    step.uses.as_ref().is_some_and(|u| action_name(&u.value) == "actions/checkout")
        && checkout_path(step) == path
        && step_literal(step, "persist-credentials").is_some_and(|v| v.eq_ignore_ascii_case("false"))
}

/// Whether `step` checks out into `path` without credentials: directly, or as a local
/// composite action (`uses: ./dir` or `$/dir`, resolved from `caller`) whose first checkout does.
fn clears_credentials(model: &Model, caller: &str, step: &Step, path: &str) -> bool {
    if checkout_without_credentials(step, path) {
        return true;
    }
    let Some(target) = step.uses.as_ref().and_then(|u| crate::ci::local_target(&u.value)) else { return false };
    crate::ci::local_workflow(model, caller, target).is_some_and(|(_, action)| {
        action
            .action_steps
            .iter()
            .find(|s| s.uses.as_ref().is_some_and(|u| action_name(&u.value) == "actions/checkout"))
            .is_some_and(|s| checkout_without_credentials(s, path))
    })
}
