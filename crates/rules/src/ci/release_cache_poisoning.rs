//! `release-cache-poisoning`: a release or publishing job restores a build cache.

use infra_lint_core::parse::node::Node;
use infra_lint_core::parse::workflow::{Job, Step, WorkflowDoc, WorkflowKind};
use infra_lint_core::{Finding, Model, Severity};

use crate::ci::{action_name, step_path, uses_version, workflows};
use crate::declare_rule;
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Flags steps that restore a GitHub Actions cache in a job that builds a release: jobs of
    /// workflows triggered by `release`, by pushed tags or by pushes to a release branch, and
    /// jobs that publish (a release or package-publishing action, an image build with
    /// `docker/build-push-action` unless it says `push: false`, a deploy action such as
    /// `cloudflare/wrangler-action` or `google-github-actions/deploy-cloudrun`, or a `run:` with
    /// `npm publish`, `cargo publish`, `twine upload`, `gem push`, `gh release create` …).
    /// Cache-aware steps come from a table of well-known actions and how each turns caching
    /// on: always (`actions/cache` unless `lookup-only`, `Swatinem/rust-cache`,
    /// `Mozilla-Actions/sccache-action`, `ramsey/composer-install` …), on by default
    /// (`actions/setup-go`, `astral-sh/setup-uv` before v7, `actions/setup-node` v5+
    /// package-manager cache, `gradle/actions/setup-gradle`, `oven-sh/setup-bun`,
    /// `docker/setup-buildx-action` when it downloads a `version:` of buildx)
    /// or only when an input asks (`actions/setup-python` `cache:`, `PyO3/maturin-action`
    /// `sccache:`, `ruby/setup-ruby` `bundler-cache:` …). An expression that turns caching off
    /// for tag builds (`!startsWith(github.ref, 'refs/tags/')`) is honoured when the job is a
    /// release only through tags or `release` events. The finding is at the step's `uses:`.
    ///
    /// ## Why is this bad?
    /// Caches are shared between the workflows of a repository: a pull-request run (or any
    /// code that runs with the repository's cache scope) can write an entry that the release
    /// job restores, and the poisoned dependencies or compiler outputs end up in the released
    /// artifact.
    ///
    /// ## How to fix
    /// Turn caching off in release jobs (`cache: false`, `enable-cache: false`, no cache
    /// action), or build releases without restoring caches written by other workflows.
    ///
    /// ## Example
    /// ```yaml
    /// # bad
    /// on:
    ///   push:
    ///     tags: ["v*"]
    /// jobs:
    ///   release:
    ///     steps:
    ///       - uses: actions/setup-go@v5
    /// ```
    /// ```yaml
    /// # good
    ///       - uses: actions/setup-go@v5
    ///         with:
    ///           cache: false
    /// ```
    ///
    /// ## References
    /// - <https://adnanthekhan.com/2024/05/06/the-monsters-in-your-build-cache-github-actions-cache-poisoning/>
    /// - <https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/caching-dependencies-to-speed-up-workflows#restrictions-for-accessing-a-cache>
    pub struct ReleaseCachePoisoning {
        id: "release-cache-poisoning",
        severity: Medium,
        formats: [Workflow],
        tags: ["security", "ci", "supply-chain"],
        precision: "medium",
        summary: "A release or publishing job restores a build cache that other workflows can write",
        aliases: ["cache-poisoning"],
    }
}

/// How an action turns caching on.
#[derive(Clone, Copy)]
enum Toggle {
    /// Always caches.
    Always,
    /// Caches unless the input is false.
    DefaultOn(&'static str),
    /// Caches only when the input is true / non-empty.
    DefaultOff(&'static str),
    /// Caches unless the input (a "disable" switch) is true.
    Inverted(&'static str),
}

const CACHE_ACTIONS: &[(&str, Toggle)] = &[
    // `lookup-only` only checks whether an entry exists and downloads nothing
    ("actions/cache", Toggle::Inverted("lookup-only")),
    ("actions/cache/restore", Toggle::Inverted("lookup-only")),
    ("nix-community/cache-nix-action", Toggle::Always),
    ("awalsh128/cache-apt-pkgs-action", Toggle::Always),
    ("oven-sh/setup-bun", Toggle::Inverted("no-cache")),
    ("mlugg/setup-zig", Toggle::DefaultOn("use-cache")),
    ("determinatesystems/magic-nix-cache-action", Toggle::DefaultOn("use-gha-cache")),
    ("actions-rust-lang/setup-rust-toolchain", Toggle::DefaultOn("cache")),
    ("swatinem/rust-cache", Toggle::Inverted("lookup-only")),
    ("mozilla-actions/sccache-action", Toggle::Always),
    ("hendrikmuhs/ccache-action", Toggle::Always),
    ("julia-actions/cache", Toggle::Always),
    ("ramsey/composer-install", Toggle::Inverted("ignore-cache")),
    ("actions/setup-go", Toggle::DefaultOn("cache")),
    // caches the buildx binary when a version is asked for
    ("docker/setup-buildx-action", Toggle::DefaultOn("cache-binary")),
    ("astral-sh/setup-uv", Toggle::DefaultOn("enable-cache")),
    ("jdx/mise-action", Toggle::DefaultOn("cache")),
    ("gradle/actions/setup-gradle", Toggle::Inverted("cache-disabled")),
    ("gradle/gradle-build-action", Toggle::Inverted("cache-disabled")),
    ("actions/setup-node", Toggle::DefaultOff("cache")),
    ("actions/setup-python", Toggle::DefaultOff("cache")),
    ("actions/setup-java", Toggle::DefaultOff("cache")),
    ("actions/setup-dotnet", Toggle::DefaultOff("cache")),
    ("graalvm/setup-graalvm", Toggle::DefaultOff("cache")),
    ("ruby/setup-ruby", Toggle::DefaultOff("bundler-cache")),
    ("pyo3/maturin-action", Toggle::DefaultOff("sccache")),
];

/// Actions that publish a release or a package, push an image, or deploy what the job built.
const PUBLISHERS: &[&str] = &[
    "softprops/action-gh-release",
    "ncipollo/release-action",
    "actions/create-release",
    "goreleaser/goreleaser-action",
    "jreleaser/release-action",
    "release-drafter/release-drafter",
    "googleapis/release-please-action",
    "pypa/gh-action-pypi-publish",
    "js-devtools/npm-publish",
    "rubygems/release-gem",
    "svenstaro/upload-release-action",
    "katyo/publish-crates",
    "redhat-actions/push-to-registry",
    "aws-actions/amazon-ecs-deploy-task-definition",
    "aws-actions/aws-cloudformation-github-deploy",
    "azure/aci-deploy",
    "azure/container-apps-deploy-action",
    "azure/functions-action",
    "azure/webapps-deploy",
    "cloudflare/wrangler-action",
    "google-github-actions/deploy-appengine",
    "google-github-actions/deploy-cloudrun",
    "google-github-actions/deploy-cloud-functions",
];

/// Publishing commands in `run:` scripts.
const PUBLISH_COMMANDS: &[&str] = &[
    "npm publish",
    "yarn publish",
    "yarn npm publish",
    "pnpm publish",
    "bun publish",
    "cargo publish",
    "twine upload",
    "uv publish",
    "poetry publish",
    "pdm publish",
    "flit publish",
    "maturin publish",
    "maturin upload",
    "hatch publish",
    "gem push",
    "dotnet nuget push",
    "nuget push",
    "gh release create",
    "goreleaser release",
];

fn truthy(v: &str) -> bool {
    let v = v.trim().trim_matches(['"', '\'']).to_ascii_lowercase();
    !(v.is_empty() || v == "false" || v == "0" || v == "none" || v == "off")
}

/// Whether an expression is false on tag and `release` builds (it tests for them negatively).
fn off_for_tags(value: &str) -> bool {
    let v: String = value.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
    let inner = v.trim_start_matches("${{").trim_end_matches("}}");
    inner.starts_with('!') && (inner.contains("refs/tags/") || inner.contains("ref_type=='tag'"))
}

/// What makes a job a release job: (reason, tag-like only).
fn release_reason(wf: &WorkflowDoc, job: &Job) -> Option<(String, bool)> {
    if let Some(p) = job.steps.iter().find_map(publisher) {
        return Some((p, false));
    }
    let on = wf.root.as_ref().and_then(|r| r.get("on").or_else(|| r.get("true")));
    let push: Option<&Node> = on.and_then(|o| o.get("push"));
    let branches = push.and_then(|p| p.get("branches"));
    let release_branch = branches
        .and_then(Node::as_seq)
        .is_some_and(|items| items.iter().filter_map(Node::as_str).any(|b| b.to_ascii_lowercase().contains("release")));
    if release_branch {
        return Some(("it runs on pushes to a release branch".to_owned(), false));
    }
    if wf.triggered_by("release") {
        return Some(("the workflow runs on `release` events".to_owned(), true));
    }
    if push.is_some_and(|p| p.get("tags").is_some()) {
        return Some(("the workflow runs on pushed tags".to_owned(), true));
    }
    None
}

fn publisher(step: &Step) -> Option<String> {
    if let Some(u) = &step.uses {
        let name = action_name(&u.value);
        // An image build ships what it builds unless told not to: `push:` left out still
        // leaves the image to its `tags`/`outputs` (and to a later push); only a literal
        // false keeps it a local build.
        let pushes = name == "docker/build-push-action"
            && step.input("push").and_then(|e| e.value.as_deref()).is_none_or(truthy);
        if PUBLISHERS.contains(&name.as_str()) || pushes {
            return Some(format!("the job publishes with `{}`", u.value));
        }
    }
    let run = step.run.as_ref()?;
    let text = run.value.to_ascii_lowercase();
    PUBLISH_COMMANDS.iter().find(|c| text.contains(**c)).map(|c| format!("the job runs `{c}`"))
}

/// Whether a step restores a cache, and how the finding should name it.
fn caches(text: &str, step: &Step, tag_only: bool) -> bool {
    let Some(uses) = &step.uses else { return false };
    let name = action_name(&uses.value);
    let Some((_, toggle)) = CACHE_ACTIONS.iter().find(|(a, _)| *a == name) else { return false };
    let input = |k: &str| step.input(k).and_then(|e| e.value.clone());
    let on = |v: &str| truthy(v) && !(tag_only && off_for_tags(v));
    let major = uses_version(text, uses).and_then(|v| v.first().copied());
    match toggle {
        Toggle::Always => true,
        Toggle::DefaultOn(k) => {
            // setup-uv v7 turned caching off by default
            let uv_off = name == "astral-sh/setup-uv" && major.is_some_and(|m| m >= 7);
            let buildx_off = name == "docker/setup-buildx-action" && step.input("version").is_none();
            let default_on = !uv_off && !buildx_off;
            match input(k) {
                Some(v) if v.trim().eq_ignore_ascii_case("auto") => default_on,
                Some(v) => on(&v),
                None => default_on,
            }
        }
        Toggle::DefaultOff(k) => {
            if input(k).is_some_and(|v| on(&v)) {
                return true;
            }
            // setup-node v5+ caches the package manager named in package.json unless told not to
            name == "actions/setup-node"
                && major.is_none_or(|m| m >= 5)
                && input("package-manager-cache").is_none_or(|v| on(&v))
        }
        Toggle::Inverted(k) => input(k).is_none_or(|v| !truthy(&v)),
    }
}

impl Rule for ReleaseCachePoisoning {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (file, wf) in workflows(model) {
            if wf.kind != WorkflowKind::Workflow {
                continue;
            }
            let text = &file.source.text;
            for job in &wf.jobs {
                let Some((reason, tag_only)) = release_reason(wf, job) else { continue };
                for step in job.steps.iter().filter(|s| caches(text, s, tag_only)) {
                    let Some(uses) = &step.uses else { continue };
                    out.push(
                        Finding::new(
                            Self::META.id,
                            Severity::Medium,
                            uses.span,
                            format!(
                                "`{}` restores a build cache in release job `{}` ({reason}): a cache entry written by another workflow run can end up in the release",
                                uses.value, job.id
                            ),
                        )
                        .fix("Disable caching in release and publishing jobs")
                        .key(format!("{}.cache", step_path(Some(job), &step.label())))
                        .env(model.env_of(uses.span)),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toggles() {
        assert!(off_for_tags("${{ !startsWith(github.ref, 'refs/tags/') }}"));
        assert!(off_for_tags("${{ !(github.event_name == 'push' && github.ref_type == 'tag') }}"));
        assert!(!off_for_tags("${{ startsWith(github.ref, 'refs/tags/') }}"));
        assert!(truthy("${{ matrix.os == 'x' }}"));
        assert!(!truthy("false"));
        assert!(!truthy("''"));
    }
}
