//! Rules of the `ci` family: GitHub Actions workflows and action metadata files.

pub mod adhoc_package_install;
pub mod always_true_condition;
pub mod anonymous_definition;
pub mod archived_action;
pub mod checkout_persist_credentials;
pub mod concurrency_limits;
pub mod container_credentials_hardcoded;
pub mod dangerous_checkout;
pub mod dangerous_trigger;
pub mod dependabot_code_execution;
pub mod dependabot_cooldown;
pub(crate) mod expr;
pub mod github_app_token_scope;
pub mod github_env_injection;
pub(crate) mod hook_repos;
pub mod insecure_commands;
pub mod known_vulnerable_action;
pub mod obfuscated_workflow;
pub mod pin_version_comment;
pub mod precommit_insecure_url;
pub mod registry_token_publish;
pub mod release_cache_poisoning;
pub mod secret_fromjson;
pub mod secrets_inherit;
pub mod secrets_outside_environment;
pub mod secrets_overexposed;
pub mod self_hosted_runner_exposed;
pub mod spoofable_bot_condition;
pub mod static_cloud_credentials;
pub mod superfluous_action;
pub(crate) mod taint;
pub mod typosquat_action;
pub mod unpinned_action;
pub mod unpinned_tool_version;
pub mod unsound_contains;
pub mod unsound_ternary;
pub mod version_comment_mismatch;
pub mod workflow_injection;
pub mod workflow_misfeature;
pub mod workflow_permissions;
pub mod workspace_relative_uses;

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
        Box::new(adhoc_package_install::AdhocPackageInstall),
        Box::new(always_true_condition::AlwaysTrueCondition),
        Box::new(anonymous_definition::WorkflowAnonymousDefinition),
        Box::new(archived_action::ArchivedAction),
        Box::new(precommit_insecure_url::PrecommitInsecureUrl),
        Box::new(github_app_token_scope::GithubAppTokenScope),
        Box::new(typosquat_action::TyposquatAction),
        Box::new(unpinned_tool_version::UnpinnedToolVersion),
        Box::new(unsound_ternary::UnsoundTernary),
        Box::new(workflow_misfeature::WorkflowMisfeature),
        Box::new(checkout_persist_credentials::CheckoutPersistCredentials),
        Box::new(concurrency_limits::WorkflowConcurrencyUnlimited),
        Box::new(container_credentials_hardcoded::ContainerCredentialsHardcoded),
        Box::new(known_vulnerable_action::KnownVulnerableAction),
        Box::new(obfuscated_workflow::ObfuscatedWorkflow),
        Box::new(pin_version_comment::ActionPinVersionComment),
        Box::new(version_comment_mismatch::ActionVersionCommentMismatch),
        Box::new(workspace_relative_uses::WorkspaceRelativeUses),
        Box::new(release_cache_poisoning::ReleaseCachePoisoning),
        Box::new(self_hosted_runner_exposed::SelfHostedRunnerExposed),
        Box::new(spoofable_bot_condition::SpoofableBotCondition),
        Box::new(unsound_contains::UnsoundContains),
        Box::new(dangerous_checkout::DangerousCheckout),
        Box::new(dangerous_trigger::DangerousTrigger),
        Box::new(dependabot_code_execution::DependabotExternalCodeExecution),
        Box::new(dependabot_cooldown::DependabotUpdateCooldown),
        Box::new(github_env_injection::GithubEnvInjection),
        Box::new(insecure_commands::InsecureWorkflowCommands),
        Box::new(registry_token_publish::RegistryTokenPublish),
        Box::new(secret_fromjson::SecretFromjsonUnmasked),
        Box::new(secrets_inherit::SecretsInherit),
        Box::new(secrets_outside_environment::SecretsOutsideEnvironment),
        Box::new(secrets_overexposed::SecretsOverexposed),
        Box::new(superfluous_action::SuperfluousAction),
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

/// The repository path a same-repository `uses:` names: `./dir` (resolved in the workspace) or
/// `$/dir` (GitHub's self-repository syntax: the workflow's own repository at the running
/// commit); `None` for remote actions, reusable workflows of other repositories and images.
pub(crate) fn local_target(uses: &str) -> Option<&str> {
    let u = uses.trim();
    u.strip_prefix("./").or_else(|| u.strip_prefix("$/"))
}

/// The workflow or action file of the scan that a same-repository `uses:` target (`.github/…`,
/// after `./` or `$/`) in `caller` names, resolved in the caller's repository.
pub(crate) fn local_workflow<'m>(
    model: &'m Model,
    caller: &str,
    target: &str,
) -> Option<(&'m ParsedFile, &'m WorkflowDoc)> {
    model.files.iter().find_map(|f| {
        let Document::Workflow(w) = f.doc.as_ref()? else { return None };
        calls(caller, &path_key(&f.path), target).then_some((f, &**w))
    })
}

/// A file path without `action.yml` (directories of actions), `/`-separated.
pub(crate) fn path_key(path: &str) -> String {
    let p = path.trim_start_matches("./");
    for suffix in ["/action.yml", "/action.yaml"] {
        if let Some(d) = p.strip_suffix(suffix) {
            return d.to_owned();
        }
    }
    if p == "action.yml" || p == "action.yaml" {
        return String::new();
    }
    p.to_owned()
}

/// Whether a local `uses: ./<target>` in file `caller` names the file keyed `own` (paths relative
/// to the scan root; the repository may sit below it).
pub(crate) fn calls(caller: &str, own: &str, target: &str) -> bool {
    let target = target.trim_end_matches('/');
    // the repository root: the part of the caller's path before `.github/`
    let root = caller.find(".github/").map_or("", |i| &caller[..i]);
    let full = format!("{root}{target}");
    own == full || (root.is_empty() && own.ends_with(&format!("/{target}")))
}

/// Whether a git ref is a full commit SHA (40 hex digits).
pub(crate) fn is_full_sha(r: &str) -> bool {
    r.len() == 40 && r.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The commit a remote `uses:` is pinned to, when its ref is a full SHA (`None` for tags and
/// branches, local actions and `docker://` images).
pub(crate) fn pinned_sha(uses: &str) -> Option<&str> {
    let u = uses.trim();
    if local_target(u).is_some() || u.starts_with("docker://") {
        return None;
    }
    let (_, r) = u.rsplit_once('@')?;
    is_full_sha(r).then_some(r)
}

/// The lower-case `owner/repo[/path]` of a `uses:` reference, without `@ref`, with redundant
/// slashes and `.` segments dropped.
pub(crate) fn action_name(uses: &str) -> String {
    let name = uses.trim().split('@').next().unwrap_or("").to_ascii_lowercase();
    name.split('/').filter(|s| !s.is_empty() && *s != ".").collect::<Vec<_>>().join("/")
}

/// The first version a comment names, as a byte range of `comment` and its digits-first text
/// (`# v4.2.1` → `4.2.1`; `tag=v3` → `3`).
pub(crate) fn version_in(comment: &str) -> Option<(std::ops::Range<usize>, &str)> {
    let delimiter = |c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')' | '/' | '=' | ':');
    let mut start = None;
    for (i, c) in comment.char_indices().chain(std::iter::once((comment.len(), ' '))) {
        if !delimiter(c) {
            start = start.or(Some(i));
            continue;
        }
        let Some(s) = start.take() else { continue };
        let w = &comment[s..i];
        let v = w.trim_start_matches(|c: char| c.is_ascii_alphabetic() || c == '-' || c == '_' || c == '@');
        if v.chars().next().is_some_and(|c| c.is_ascii_digit())
            && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '+')
        {
            return Some((s..i, v));
        }
    }
    None
}

/// The comment after a `uses:` value on its line: its byte offset in `text` and its text after
/// `#`. A `#` counts only after whitespace, as YAML reads a comment.
pub(crate) fn comment_after(text: &str, end: usize) -> Option<(usize, &str)> {
    let rest = text.get(end.min(text.len())..)?;
    let line = rest.split('\n').next().unwrap_or("").trim_end_matches('\r');
    let hash = line.char_indices().find(|&(i, c)| c == '#' && (i == 0 || line[..i].ends_with([' ', '\t'])))?.0;
    Some((end + hash + 1, &line[hash + 1..]))
}

/// The version a `uses:` reference names: its ref (`@v4.2.1`, `@45`) or, for a commit SHA, the
/// version in the comment after it (`@<sha> # v4.2.2`, `# tag=v4`). Numeric components only;
/// `None` when neither says.
pub(crate) fn uses_version(text: &str, uses: &infra_lint_core::parse::yaml::Spanned<String>) -> Option<Vec<u64>> {
    let r = uses.value.rsplit_once('@')?.1.trim();
    let is_sha = r.len() >= 40 && r.chars().all(|c| c.is_ascii_hexdigit());
    let candidate = if is_sha {
        let comment = comment_after(text, uses.span.end as usize)?.1.trim();
        comment.split_whitespace().find_map(|w| {
            let w = w.trim_start_matches("tag=").trim_start_matches("version=");
            let w = w.strip_prefix('v').unwrap_or(w);
            w.starts_with(|c: char| c.is_ascii_digit()).then(|| w.to_owned())
        })?
    } else {
        let v = r.strip_prefix('v').unwrap_or(r);
        if !v.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        v.to_owned()
    };
    let parts: Vec<u64> = candidate
        .split('.')
        .map_while(|p| {
            let digits: String = p.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        })
        .collect();
    (!parts.is_empty()).then_some(parts)
}

/// Every `if:` of a workflow or action: jobs' and steps', with the structural path of its owner.
pub(crate) fn conditions(wf: &WorkflowDoc) -> Vec<(String, &infra_lint_core::parse::yaml::Spanned<String>)> {
    let mut out = Vec::new();
    for job in &wf.jobs {
        if let Some(c) = &job.if_cond {
            out.push((format!("jobs.{}", job.id), c));
        }
    }
    for (job, step) in wf.all_steps() {
        if let Some(c) = &step.if_cond {
            out.push((step_path(job, &step.label()), c));
        }
    }
    out
}

/// The expression of an `if:` value: inside `${{ }}` when fenced, else the whole text.
pub(crate) fn condition_expr(value: &str) -> &str {
    let t = value.trim();
    t.strip_prefix("${{").and_then(|x| x.strip_suffix("}}")).unwrap_or(t)
}

/// The YAML node of a step (`jobs.<id>.steps[i]`, or `runs.steps[i]` of an action).
pub(crate) fn step_node<'a>(
    wf: &'a WorkflowDoc,
    job: Option<&Job>,
    step: &infra_lint_core::parse::workflow::Step,
) -> Option<&'a infra_lint_core::parse::node::Node> {
    let root = wf.root.as_ref()?;
    let steps = match job {
        Some(j) => root.get("jobs")?.get(&j.id)?.get("steps")?,
        None => root.get("runs")?.get("steps")?,
    };
    steps.as_seq()?.get(step.index)
}

/// Structural path of a step for fingerprints: `jobs.<id>.steps[<label>]` / `runs.steps[<label>]`.
pub(crate) fn step_path(job: Option<&Job>, label: &str) -> String {
    match job {
        Some(j) => format!("jobs.{}.steps[{label}]", j.id),
        None => format!("runs.steps[{label}]"),
    }
}

/// Each non-empty line of a `run:` script with the span of its trimmed text.
pub(crate) fn script_lines<'a>(
    model: &'a Model,
    run: &infra_lint_core::parse::workflow::Script,
) -> Vec<(&'a str, infra_lint_core::Span)> {
    let text = model.text(run.span);
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        let lead = line.len() - line.trim_start().len();
        let start = run.span.start as usize + line_start + lead;
        out.push((trimmed, infra_lint_core::Span::new(run.span.file, start, start + trimmed.len())));
    }
    out
}

/// Whether a step or job's `if:` is a literal false (`false`, `${{ false }}`): it never runs.
pub(crate) fn never_runs(cond: Option<&infra_lint_core::parse::yaml::Spanned<String>>) -> bool {
    cond.is_some_and(|c| condition_expr(&c.value).trim() == "false")
}

/// Whether a job can never start: its `if:` is a literal false, or a conjunction (no `||`)
/// that requires `github.event_name` to be an event none of the workflow's triggers is.
pub(crate) fn job_never_starts(wf: &WorkflowDoc, job: &Job) -> bool {
    let Some(cond) = &job.if_cond else { return false };
    if never_runs(Some(cond)) {
        return true;
    }
    let expr = condition_expr(&cond.value);
    // a called workflow sees its caller's event
    if wf.triggers.is_empty() || wf.triggered_by("workflow_call") || expr.contains("||") || expr.contains('!') {
        return false;
    }
    crate::ci::expr::equality_tests(expr).iter().any(|(ctx, event)| {
        ctx == "github.event_name" && !wf.triggers.iter().any(|t| t.value.eq_ignore_ascii_case(event))
    })
}

/// The `with:` input of a step by name, compared case-insensitively (GitHub lower-cases them).
pub(crate) fn step_input<'a>(
    step: &'a infra_lint_core::parse::workflow::Step,
    name: &str,
) -> Option<&'a infra_lint_core::parse::workflow::WfEntry> {
    step.with.iter().find(|e| e.key.eq_ignore_ascii_case(name))
}

/// A step input's literal value (unquoted), when it holds no expression.
pub(crate) fn step_literal<'a>(step: &'a infra_lint_core::parse::workflow::Step, name: &str) -> Option<&'a str> {
    let e = step_input(step, name)?;
    e.expressions.is_empty().then_some(())?;
    Some(e.value.as_deref()?.trim().trim_matches(['"', '\'']))
}

/// The directory a checkout step writes to, relative to the workspace (`path:` without quotes,
/// a leading `./` or a trailing `/`); empty for the workspace root.
pub(crate) fn checkout_path(step: &infra_lint_core::parse::workflow::Step) -> String {
    let p = step_input(step, "path").and_then(|e| e.value.as_deref()).unwrap_or("");
    p.trim().trim_matches(['"', '\'']).trim_start_matches("./").trim_end_matches('/').to_owned()
}

/// Whether `[ci] pedantic = true`: the workflow rules' lower-confidence findings are wanted.
pub(crate) fn pedantic(model: &Model) -> bool {
    <crate::settings::Ci as crate::settings::Family>::of(model).pedantic
}
