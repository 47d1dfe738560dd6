//! `registry-token-publish`: packages published with a long-lived registry token where the
//! registry supports OIDC trusted publishing.

use infra_lint_core::parse::workflow::{Job, Step, WfEntry, WorkflowDoc, WorkflowKind};
use infra_lint_core::{Finding, Model, Span};

use crate::ci::{step_path, workflows};
use crate::declare_rule;
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Flags workflow steps that publish packages to a registry supporting OIDC *trusted
    /// publishing* (PyPI, npm, crates.io, RubyGems, NuGet) with a long-lived API token:
    ///
    /// - `pypa/gh-action-pypi-publish` with a `password:` input (from secrets, or from the
    ///   `inputs` of a composite action or reusable workflow);
    /// - `rubygems/configure-rubygems-credentials` with `api-token:`, or `rubygems/release-gem`
    ///   with `setup-trusted-publisher: false`;
    /// - `actions/setup-node` with `always-auth: true` for the public npm registry (its default)
    ///   in a job that runs `npm publish` (or `pnpm`/`yarn npm publish`) afterwards;
    /// - a `run:` script that publishes (`npm`/`pnpm`/`yarn npm`/`bun publish`, `cargo publish`,
    ///   `changeset publish`, `twine upload`, `uv publish`, `poetry publish`, `pdm publish`,
    ///   `flit publish`, `maturin publish`, `gem push`,
    ///   `dotnet nuget push`; `changesets/action` with a `publish:` input) while a
    ///   registry token from secrets (`NODE_AUTH_TOKEN`, `NPM_TOKEN`, `CARGO_REGISTRY_TOKEN`,
    ///   `TWINE_PASSWORD`, `GEM_HOST_API_KEY`, `UV_PUBLISH_TOKEN` …) is in its environment, or
    ///   passes one on the command line (`--token ${{ secrets.X }}`), or runs in a workflow job
    ///   that is not granted `id-token: write` (so it cannot be using trusted publishing).
    ///   `--dry-run` (and `cargo publish -n`) is not publishing.
    ///
    /// The finding points at the `uses:` of the publishing action (the token input given as a
    /// related location) or at the publishing command. Publishing to GitHub
    /// Packages with `GITHUB_TOKEN` is fine, and so is publishing anywhere but the public
    /// registry (no trusted publishing there): a URL to another host on the command line,
    /// `repository-url:` / `gem-server:` inputs, an `actions/setup-node` `registry-url:` earlier
    /// in the job, `cargo publish --registry <name>`. `NODE_AUTH_TOKEN` counts only when a
    /// `setup-node` `registry-url:` makes npm read it, or the job cannot get an OIDC token.
    ///
    /// ## Why is this bad?
    /// A registry token stored as a secret lives until someone revokes it and works from
    /// anywhere: if it leaks (a compromised action, a log, a malicious pull request in a
    /// privileged workflow) anyone can publish a malicious version of your package. Trusted
    /// publishing exchanges the run's OIDC token for a short-lived, single-use upload credential
    /// bound to this repository and workflow.
    ///
    /// ## How to fix
    /// Configure a trusted publisher for the package on the registry, grant the job
    /// `permissions: id-token: write`, remove the token input/variable and delete the secret.
    ///
    /// ## Example
    /// ```yaml
    /// # bad
    /// - uses: pypa/gh-action-pypi-publish@76f52bc884231f62b9a034ebfe128415bbaabdfc # v1.12.4
    ///   with:
    ///     password: ${{ secrets.PYPI_TOKEN }}
    /// ```
    /// ```yaml
    /// # good
    /// permissions:
    ///   id-token: write
    /// steps:
    ///   - uses: pypa/gh-action-pypi-publish@76f52bc884231f62b9a034ebfe128415bbaabdfc # v1.12.4
    /// ```
    ///
    /// ## References
    /// - <https://docs.pypi.org/trusted-publishers/>
    /// - <https://docs.npmjs.com/trusted-publishers>
    /// - <https://crates.io/docs/trusted-publishing>
    /// - <https://guides.rubygems.org/trusted-publishing/>
    pub struct RegistryTokenPublish {
        id: "registry-token-publish",
        severity: Medium,
        formats: [Workflow, Action],
        tags: ["security", "ci", "supply-chain", "oidc"],
        precision: "medium",
        summary: "Package published with a long-lived registry token instead of trusted publishing",
        aliases: ["use-trusted-publishing"],
    }
}

/// Publishing commands (words in order) and the registry they publish to.
const COMMANDS: &[(&[&str], &str)] = &[
    (&["npm", "publish"], "npm"),
    (&["pnpm", "publish"], "npm"),
    (&["yarn", "npm", "publish"], "npm"),
    (&["yarn", "publish"], "npm"),
    (&["bun", "publish"], "npm"),
    (&["changeset", "publish"], "npm"),
    (&["cargo", "publish"], "crates.io"),
    (&["twine", "upload"], "PyPI"),
    (&["uv", "publish"], "PyPI"),
    (&["poetry", "publish"], "PyPI"),
    (&["hatch", "publish"], "PyPI"),
    (&["pdm", "publish"], "PyPI"),
    (&["flit", "publish"], "PyPI"),
    (&["maturin", "publish"], "PyPI"),
    (&["maturin", "upload"], "PyPI"),
    (&["gem", "push"], "RubyGems"),
    (&["nuget", "push"], "NuGet"),
];

/// Options given before a publishing subcommand that take the next word as their value.
const OPTIONS_WITH_VALUE: &[&str] =
    &["--filter", "-F", "-C", "--dir", "--cwd", "-w", "--workspace", "--prefix", "--registry", "--userconfig"];

/// Environment variables that carry registry tokens.
const TOKEN_VARS: &[&str] = &[
    "NODE_AUTH_TOKEN",
    "NPM_TOKEN",
    "NPM_CONFIG_TOKEN",
    "YARN_NPM_AUTH_TOKEN",
    "CARGO_REGISTRY_TOKEN",
    "TWINE_PASSWORD",
    "UV_PUBLISH_TOKEN",
    "UV_PUBLISH_PASSWORD",
    "POETRY_PYPI_TOKEN_PYPI",
    "HATCH_INDEX_AUTH",
    "PDM_PUBLISH_PASSWORD",
    "FLIT_PASSWORD",
    "MATURIN_PYPI_TOKEN",
    "MATURIN_PASSWORD",
    "GEM_HOST_API_KEY",
    "NUGET_API_KEY",
    "NUGET_AUTH_TOKEN",
];

/// Whether a value is a token taken from secrets (not the run's own `GITHUB_TOKEN`).
fn secret_token(value: &str) -> bool {
    let v = value.to_ascii_lowercase();
    v.contains("secrets.") && !v.contains("secrets.github_token")
}

/// Whether an action input that only ever carries a registry credential (`password:` of
/// `pypa/gh-action-pypi-publish`, `api-token:` of `rubygems/configure-rubygems-credentials`) is
/// given one: any value but an empty one or the run's own `GITHUB_TOKEN`, whether it comes from
/// `secrets`, from a composite action's or reusable workflow's `inputs`, or is written inline.
fn credential_input(value: &str) -> bool {
    let v = value.trim().trim_matches(['"', '\'']).trim().to_ascii_lowercase();
    !v.is_empty() && !v.contains("github_token") && !v.contains("github.token")
}

/// Shell words of a script with `\`-continuations joined, each with its byte offset.
fn words(script: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in script.char_indices() {
        // `\\` and PowerShell's backtick continue a command on the next line
        let sep =
            c.is_whitespace() || c == '\\' || c == '`' || c == ';' || c == '&' || c == '|' || c == '(' || c == ')';
        match (sep, start) {
            (true, Some(s)) => {
                out.push((s, script.get(s..i).unwrap_or("")));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, script.get(s..).unwrap_or("")));
    }
    out
}

/// The first publishing command of a script: (byte range of the command words, registry).
fn publish_command(script: &str) -> Option<(usize, usize, &'static str)> {
    let ws = words(script);
    for (i, (off, w)) in ws.iter().enumerate() {
        for (cmd, registry) in COMMANDS {
            let Some((first, rest)) = cmd.split_first() else { continue };
            let tool = w.rsplit('/').next().unwrap_or(w);
            let tool = tool.split(['=', '@']).next().unwrap_or(tool);
            let tool = tool.strip_suffix(".exe").unwrap_or(tool);
            if tool != *first {
                continue;
            }
            // allow `cargo +nightly publish`, `dotnet nuget push`, and options before the
            // subcommand (`pnpm -r publish`, `pnpm --filter web publish`, `npm -w pkg publish`)
            let mut j = i + 1;
            while let Some((_, x)) = ws.get(j).filter(|(_, x)| x.starts_with(['+', '-'])) {
                j += if !x.contains('=') && OPTIONS_WITH_VALUE.contains(x) { 2 } else { 1 };
            }
            let matched = rest.iter().enumerate().all(|(k, want)| ws.get(j + k).is_some_and(|(_, x)| x == want));
            if matched {
                let (last_off, last) = ws.get(j + rest.len().saturating_sub(1)).copied().unwrap_or((*off, w));
                return Some((command_start(script, *off), last_off + last.len(), registry));
            }
        }
    }
    None
}

/// Public hosts of each registry: a publish aimed at any other URL (a private registry, GitHub
/// Packages, a mirror) cannot use trusted publishing.
fn public_hosts(registry: &str) -> &'static [&'static str] {
    match registry {
        "npm" => &["registry.npmjs.org"],
        "crates.io" => &["crates.io"],
        "PyPI" => &["pypi.org"],
        "RubyGems" => &["rubygems.org"],
        "NuGet" => &["nuget.org"],
        _ => &[],
    }
}

/// Whether a URL points somewhere other than the registry's public host.
fn other_registry_url(url: &str, registry: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', ':', '"', '\'', '?']).next().unwrap_or("").to_ascii_lowercase();
    !host.is_empty() && !public_hosts(registry).iter().any(|h| host == *h || host.ends_with(&format!(".{h}")))
}

/// Where the shell command holding byte `at` starts: after the last unescaped newline or
/// command separator before it (`python3 -m \\\n twine upload` starts at `python3`).
fn command_start(script: &str, at: usize) -> usize {
    let before = script.get(..at).unwrap_or("");
    let bytes = before.as_bytes();
    let mut start = 0;
    for (i, c) in before.char_indices() {
        let continued = c == '\n' && matches!(i.checked_sub(1).and_then(|j| bytes.get(j)), Some(b'\\' | b'`'));
        if (c == '\n' && !continued) || c == ';' || c == '&' || c == '|' || c == '(' {
            start = i + 1;
        }
    }
    let rest = script.get(start..at).unwrap_or("");
    start + (rest.len() - rest.trim_start().len())
}

/// The rest of the shell command that starts at byte `from` (up to the first newline that is
/// not escaped by a trailing `\` or a PowerShell backtick).
fn command_tail(script: &str, from: usize) -> &str {
    let rest = script.get(from..).unwrap_or("");
    let bytes = rest.as_bytes();
    let end = rest
        .char_indices()
        .find(|(i, c)| *c == '\n' && !matches!(i.checked_sub(1).and_then(|j| bytes.get(j)), Some(b'\\' | b'`')))
        .map_or(rest.len(), |(i, _)| i);
    rest.get(..end).unwrap_or(rest)
}

/// Whether the publishing command is a dry run or targets a registry other than the public one
/// (an explicit URL elsewhere, `cargo publish --registry <name>`).
fn not_public_publish(tail: &str, registry: &str) -> bool {
    let words: Vec<&str> = tail.split(|c: char| c.is_whitespace() || c == '=').filter(|w| !w.is_empty()).collect();
    let dry = words.iter().any(|w| *w == "--dry-run" || (registry == "crates.io" && *w == "-n"));
    let elsewhere =
        words.iter().any(|w| w.contains("://") && other_registry_url(w.trim_matches(['"', '\'']), registry));
    let alt_cargo = registry == "crates.io"
        && words.windows(2).any(|p| p.first() == Some(&"--registry") && p.get(1).is_some_and(|n| *n != "crates-io"));
    dry || elsewhere || alt_cargo
}

/// `actions/setup-node` `registry-url:` values set earlier in the job (they decide where
/// `npm publish` goes, and make npm read `NODE_AUTH_TOKEN`).
fn setup_node_registries(job: Option<&Job>, before: usize) -> Vec<String> {
    job.map(|j| &j.steps[..])
        .unwrap_or(&[])
        .iter()
        .filter(|s| s.index < before && s.action().as_deref() == Some("actions/setup-node"))
        .filter_map(|s| s.input("registry-url").and_then(|e| e.value.clone()))
        .filter(|v| !v.trim().is_empty())
        .collect()
}

/// Whether a later `run:` step of the job publishes to the public npm registry.
fn publishes_npm_later(job: Option<&Job>, after: usize, model: &Model) -> bool {
    job.map(|j| &j.steps[..]).unwrap_or(&[]).iter().filter(|s| s.index > after).any(|s| {
        s.run.as_ref().is_some_and(|run| {
            let src = model.text(run.span);
            publish_command(src).is_some_and(|(st, _, registry)| {
                registry == "npm" && !not_public_publish(command_tail(src, st), registry)
            })
        })
    })
}

/// Whether the job can get an OIDC token (`id-token: write` at job level, or at workflow level
/// when the job sets no permissions; `write-all` included).
fn id_token_granted(job: Option<&Job>, wf: &WorkflowDoc) -> bool {
    let perms = job.and_then(|j| j.permissions.as_ref()).or(wf.permissions.as_ref());
    perms.is_some_and(|p| p.is_write_all() || p.scopes.iter().any(|s| s.scope == "id-token" && s.level == "write"))
}

/// A token variable from secrets visible to the step (step, job, then workflow `env:`).
/// `NODE_AUTH_TOKEN` is only read through the `.npmrc` that `actions/setup-node` writes for a
/// `registry-url`: without one, in a job that can get an OIDC token, it is not what publishes.
fn token_env<'a>(step: &'a Step, job: Option<&'a Job>, wf: &'a WorkflowDoc) -> Option<&'a WfEntry> {
    let blocks: [&[WfEntry]; 3] = [&step.env, job.map_or(&[][..], |j| &j.env[..]), &wf.env];
    let npmrc = !setup_node_registries(job, step.index).is_empty();
    let oidc = wf.kind == WorkflowKind::Workflow && id_token_granted(job, wf);
    blocks.into_iter().flatten().find(|e| {
        TOKEN_VARS.contains(&e.key.as_str())
            && e.value.as_deref().is_some_and(secret_token)
            && !(e.key == "NODE_AUTH_TOKEN" && oidc && !npmrc)
    })
}

impl Rule for RegistryTokenPublish {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (_, wf) in workflows(model) {
            for (job, step) in wf.all_steps() {
                let mut hit: Option<(Span, String, String)> = None;
                match step.action().as_deref() {
                    Some("pypa/gh-action-pypi-publish") => {
                        let elsewhere = ["repository-url", "repository_url"].iter().any(|k| {
                            step.input(k)
                                .and_then(|e| e.value.as_deref())
                                .is_some_and(|u| other_registry_url(u, "PyPI"))
                        });
                        if let Some(e) = step
                            .input("password")
                            .filter(|e| !elsewhere && e.value.as_deref().is_some_and(credential_input))
                        {
                            hit = Some((
                                e.span(),
                                "PyPI".into(),
                                format!("`{}` gets `password:`", "pypa/gh-action-pypi-publish"),
                            ));
                        }
                    }
                    Some("rubygems/configure-rubygems-credentials") => {
                        let elsewhere = step
                            .input("gem-server")
                            .and_then(|e| e.value.as_deref())
                            .is_some_and(|u| other_registry_url(u, "RubyGems"));
                        if let Some(e) = step
                            .input("api-token")
                            .filter(|e| !elsewhere && e.value.as_deref().is_some_and(credential_input))
                        {
                            hit = Some((
                                e.span(),
                                "RubyGems".into(),
                                "`rubygems/configure-rubygems-credentials` gets `api-token:`".into(),
                            ));
                        }
                    }
                    Some("changesets/action") => {
                        // `publish:` runs the project's publish script with the step's env
                        let token =
                            token_env(step, job, wf).filter(|t| t.key.contains("NPM") || t.key == "NODE_AUTH_TOKEN");
                        if let (Some(e), Some(t)) = (step.input("publish"), token) {
                            hit = Some((
                                e.span(),
                                "npm".into(),
                                format!("`changesets/action` runs `publish:` with `{}` from secrets", t.key),
                            ));
                        }
                    }
                    Some("actions/setup-node") => {
                        // `always-auth: true` with the public registry (setup-node's default)
                        // writes an `.npmrc` that sends `NODE_AUTH_TOKEN` on every request: a
                        // token-authenticated publish when the job publishes afterwards.
                        let always = step
                            .input("always-auth")
                            .filter(|e| e.value.as_deref().is_some_and(|v| v.trim().eq_ignore_ascii_case("true")));
                        let public = step
                            .input("registry-url")
                            .and_then(|e| e.value.as_deref())
                            .is_none_or(|u| u.trim().is_empty() || !other_registry_url(u.trim(), "npm"));
                        if let (Some(e), true) = (always, public) {
                            if publishes_npm_later(job, step.index, model) {
                                hit = Some((
                                    e.span(),
                                    "npm".into(),
                                    "`actions/setup-node` has `always-auth: true`, so npm authenticates with `NODE_AUTH_TOKEN`".into(),
                                ));
                            }
                        }
                    }
                    Some("rubygems/release-gem") => {
                        if let Some(e) =
                            step.input("setup-trusted-publisher").filter(|e| e.value.as_deref() == Some("false"))
                        {
                            hit = Some((
                                e.span(),
                                "RubyGems".into(),
                                "`rubygems/release-gem` has `setup-trusted-publisher: false`".into(),
                            ));
                        }
                    }
                    _ => {}
                }
                if let (None, Some(run)) = (&hit, &step.run) {
                    let src = model.text(run.span);
                    let skip = src.contains("--dry-run") || src.contains("npm.pkg.github.com");
                    let npm_elsewhere =
                        setup_node_registries(job, step.index).iter().any(|u| other_registry_url(u, "npm"));
                    let publish = publish_command(src).filter(|(s, _, registry)| {
                        !skip
                            && !not_public_publish(command_tail(src, *s), registry)
                            && (*registry != "npm" || !npm_elsewhere)
                    });
                    if let Some((s, e, registry)) = publish {
                        let cmd = src.get(s..e).unwrap_or("").split_whitespace().collect::<Vec<_>>().join(" ");
                        let inline = src.contains("secrets.") && {
                            let l = src.to_ascii_lowercase();
                            (l.contains("--token")
                                || l.contains("--api-key")
                                || l.contains("-k ")
                                || l.contains("--password"))
                                && secret_token(&l)
                        };
                        let how = token_env(step, job, wf)
                            .map(|t| format!("`{cmd}` runs with `{}` from secrets", t.key))
                            .or_else(|| inline.then(|| format!("`{cmd}` is given a token from secrets")))
                            .or_else(|| {
                                (wf.kind == WorkflowKind::Workflow && !id_token_granted(job, wf)).then(|| {
                                    format!("`{cmd}` runs in a job without `id-token: write`, so it cannot use trusted publishing")
                                })
                            });
                        if let Some(how) = how {
                            let start = run.span.start as usize + s;
                            hit = Some((
                                Span::new(run.span.file, start, run.span.start as usize + e),
                                registry.into(),
                                how,
                            ));
                        }
                    }
                }
                let Some((token_span, registry, how)) = hit else { continue };
                // An action that is handed the token is reported at its `uses:` (the step to
                // switch to trusted publishing), the token input given as related; a publishing
                // command at the command itself.
                let at_uses = step.run.is_none() && step.uses.is_some();
                let span = match (&step.uses, at_uses) {
                    (Some(u), true) => u.span,
                    _ => token_span,
                };
                let mut f = Finding::new(
                        Self::META.id,
                        Self::META.severity,
                        span,
                        format!(
                            "Step \"{}\" publishes to {registry} with a long-lived token ({how}); {registry} supports trusted publishing with short-lived OIDC credentials",
                            step.label()
                        ),
                    )
                .fix(format!("Configure a trusted publisher on {registry}, grant `id-token: write` and drop the token"))
                .key(format!("{}:{registry}", step_path(job, &step.label())))
                .env(model.env_of(span));
                if at_uses {
                    f = f.related(token_span, "the long-lived token (or the setting that requires one)");
                }
                out.push(f);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_publish_commands() {
        let s = "npm ci\nnpm publish --access public\n";
        let (a, b, r) = publish_command(s).unwrap();
        assert_eq!((&s[a..b], r), ("npm publish", "npm"));
        let s = "cargo \\\n  +nightly \\\n  publish --no-verify";
        let (a, _, r) = publish_command(s).unwrap();
        assert_eq!((a, r), (0, "crates.io"));
        assert_eq!(publish_command("dotnet nuget push x.nupkg").map(|x| x.2), Some("NuGet"));
        assert_eq!(publish_command("echo npm; npm run publish-docs"), None);
        assert_eq!(publish_command("pipx run twine==6.1.0 upload dist/*").map(|x| x.2), Some("PyPI"));
        assert_eq!(publish_command("python3 -m \\\n  twine \\\n  upload dist/*").map(|x| x.2), Some("PyPI"));
        assert!(secret_token("${{ secrets.NPM_TOKEN }}"));
        assert!(!secret_token("${{ secrets.GITHUB_TOKEN }}"));
        assert!(credential_input("${{ inputs.pypi-token }}"));
        assert!(credential_input("${{ secrets.PYPI }}"));
        assert!(!credential_input("''"));
        assert!(!credential_input("${{ github.token }}"));
        assert_eq!(publish_command("nuget.exe push x.nupkg").map(|x| x.2), Some("NuGet"));
        let s = "pnpm exec changeset publish --tag next";
        let (a, b, r) = publish_command(s).unwrap();
        assert_eq!((&s[a..b], r), ("pnpm exec changeset publish", "npm"));
        // the whole command, from its first word, across `\` and PowerShell backtick continuations
        let s = "echo hi\npython3.10 -m \\\n  twine \\\n  upload dist/*";
        assert_eq!(publish_command(s).map(|x| (x.0, x.2)), Some((8, "PyPI")));
        let s = "cargo `\n  publish `\n  --no-verify";
        assert_eq!(publish_command(s).map(|x| (x.0, x.2)), Some((0, "crates.io")));
        assert_eq!(command_tail(s, 0), s);
    }

    #[test]
    fn dry_runs_and_other_registries() {
        assert!(not_public_publish("cargo publish -n", "crates.io"));
        assert!(not_public_publish("cargo publish --registry my-corp", "crates.io"));
        assert!(!not_public_publish("cargo publish --registry crates-io", "crates.io"));
        assert!(!not_public_publish("cargo publish --locked", "crates.io"));
        assert!(!not_public_publish("npm publish -n", "npm"), "-n is not a dry run for npm");
        assert!(not_public_publish("twine upload --repository-url https://pkgs.example.com/simple/ dist/*", "PyPI"));
        assert!(!not_public_publish("twine upload --repository-url https://upload.pypi.org/legacy/ dist/*", "PyPI"));
        assert!(not_public_publish(
            "dotnet nuget push x.nupkg -s \"https://nuget.pkg.github.com/acme/index.json\"",
            "NuGet"
        ));
        assert!(!not_public_publish("dotnet nuget push x.nupkg --source https://api.nuget.org/v3/index.json", "NuGet"));
        assert_eq!(command_tail("cargo publish \\\n  -n\necho done", 0), "cargo publish \\\n  -n");
        assert!(other_registry_url("https://npm.example.com", "npm"));
        assert!(!other_registry_url("https://registry.npmjs.org/", "npm"));
        assert!(!other_registry_url("https://test.pypi.org/legacy/", "PyPI"));
    }
}
