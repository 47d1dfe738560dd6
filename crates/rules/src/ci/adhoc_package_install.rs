//! `adhoc-package-install`: a `run:` line that installs a named package outside the project's lockfile.

use infra_lint_core::{Finding, Model, Severity, Span};

use crate::ci::{never_runs, script_lines, step_path, workflows};
use crate::declare_rule;
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Flags `run:` script lines that install named packages directly from a registry, outside
    /// any lockfile: `gem install <name>` (and `gem i`), `npm install <name>` (and `npm i`,
    /// `npm add`), `yarn add <name>`, `pnpm add <name>`. Each such command is reported; one
    /// continued over several lines (a trailing backslash, or a backtick in PowerShell) is read
    /// and reported whole.
    /// Installs that read the project's manifest and lockfile (`npm ci`, `npm install` with no
    /// package, `bundle install`, `yarn install`) are fine, as are local paths and archives.
    /// Steps whose `if:` is a literal `false` never run and are skipped.
    ///
    /// ## Why is this bad?
    /// A package named on the command line resolves at run time to whatever the registry serves:
    /// the newest release of it and of its whole dependency tree, without the integrity hashes a
    /// lockfile pins. A compromised or typo-squatted release, or a hijacked transitive
    /// dependency, then runs in a job that may hold secrets and a write token. A version on the
    /// command line pins only the top package, not its dependencies.
    ///
    /// ## How to fix
    /// Declare the tool in the project's manifest (`Gemfile`, `package.json`) and install from
    /// the lockfile (`bundle install`, `npm ci`), or use a pinned setup action.
    ///
    /// ## Example
    /// ```yaml
    /// # bad
    /// - run: npm install -g some-cli
    /// ```
    /// ```yaml
    /// # good
    /// - run: npm ci && npx some-cli
    /// ```
    ///
    /// ## References
    /// - <https://docs.npmjs.com/cli/commands/npm-ci>
    /// - <https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions>
    pub struct AdhocPackageInstall {
        id: "adhoc-package-install",
        severity: Low,
        formats: [Workflow, Action],
        tags: ["security", "ci", "supply-chain"],
        precision: "medium",
        summary: "Package installed by name in a `run:` step instead of from a lockfile",
        aliases: ["adhoc-packages"],
    }
}

/// Options of each tool that take a separate value (so the value is not read as a package).
fn takes_value(tool: &str, flag: &str) -> bool {
    match tool {
        "gem" => matches!(
            flag,
            "-v" | "--version"
                | "-i"
                | "--install-dir"
                | "-n"
                | "--bindir"
                | "-s"
                | "--source"
                | "-P"
                | "--trust-policy"
                | "--platform"
        ),
        _ => matches!(
            flag,
            "--prefix"
                | "--registry"
                | "--cache"
                | "-w"
                | "--workspace"
                | "--tag"
                | "--omit"
                | "--include"
                | "--loglevel"
                | "--cwd"
                | "-C"
                | "--dir"
                | "--filter"
                | "-F"
        ),
    }
}

/// The packages a shell command installs ad hoc, if it is such an install.
fn adhoc_packages(command: &str) -> Vec<String> {
    let words: Vec<&str> = command.split_whitespace().collect();
    let mut i = 0;
    // Leading `sudo`, `env X=Y`, and assignments do not change the command.
    while i < words.len()
        && (words[i] == "sudo" || words[i] == "env" || (words[i].contains('=') && !words[i].starts_with('-')))
    {
        i += 1;
    }
    let Some(tool) = words
        .get(i)
        .map(|w| w.rsplit(['/', '\\']).next().unwrap_or(w).trim_end_matches(".cmd").trim_end_matches(".exe"))
    else {
        return Vec::new();
    };
    let subs: &[&str] = match tool {
        "gem" => &["install", "i"],
        "npm" => &["install", "i", "add", "isntall", "in"],
        "yarn" | "pnpm" => &["add"],
        _ => return Vec::new(),
    };
    // The subcommand: the first word that is not an option (`yarn global add` too).
    let mut j = i + 1;
    while j < words.len() && (words[j].starts_with('-') || (tool == "yarn" && words[j] == "global")) {
        j += 1;
    }
    if !words.get(j).is_some_and(|w| subs.contains(w)) {
        return Vec::new();
    }
    let mut pkgs = Vec::new();
    let mut k = j + 1;
    while k < words.len() {
        let w = words[k];
        k += 1;
        if w.starts_with('-') {
            if !w.contains('=') && takes_value(tool, w) {
                k += 1;
            }
            continue;
        }
        let local = w.starts_with(['.', '/', '~', '$', '"', '\'', '%', '<', '>'])
            || w.starts_with("file:")
            || w.ends_with(".tgz")
            || w.ends_with(".gem")
            || w.ends_with(".tar.gz");
        if !local && w.chars().next().is_some_and(|c| c.is_ascii_alphanumeric() || c == '@') {
            pkgs.push(w.to_owned());
        }
    }
    pkgs
}

/// The commands of one script line: split at `&&`, `||`, `;` and `|`.
fn commands(line: &str) -> impl Iterator<Item = &str> {
    line.split("&&").flat_map(|c| c.split("||")).flat_map(|c| c.split(';')).flat_map(|c| c.split('|')).map(str::trim)
}

/// Script lines joined where a line ends with a continuation (a backslash in POSIX shells, a backtick
/// in PowerShell): one command written over several lines is read whole, at a span that covers
/// all of them.
fn logical_lines(lines: Vec<(&str, Span)>) -> Vec<(String, Span)> {
    let mut out: Vec<(String, Span)> = Vec::new();
    let mut open = false;
    for (line, span) in lines {
        let (body, continues) = match line.strip_suffix('\\').or_else(|| line.strip_suffix('`')) {
            Some(body) if !line.starts_with('#') => (body.trim_end(), true),
            _ => (line, false),
        };
        match out.last_mut() {
            Some((text, whole)) if open => {
                text.push(' ');
                text.push_str(body);
                *whole = whole.cover(span);
            }
            _ => out.push((body.to_owned(), span)),
        }
        open = continues;
    }
    out
}

impl Rule for AdhocPackageInstall {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (_, wf) in workflows(model) {
            for (job, step) in wf.all_steps() {
                let Some(run) = &step.run else { continue };
                if never_runs(step.if_cond.as_ref()) || job.is_some_and(|j| never_runs(j.if_cond.as_ref())) {
                    continue;
                }
                for (line, span) in logical_lines(script_lines(model, run)) {
                    if line.starts_with('#') {
                        continue;
                    }
                    let pkgs: Vec<String> = commands(&line).flat_map(adhoc_packages).collect();
                    if pkgs.is_empty() {
                        continue;
                    }
                    out.push(
                        Finding::new(
                            Self::META.id,
                            Severity::Low,
                            span,
                            format!(
                                "Step \"{}\" installs `{}` by name from the registry, so it and its dependencies resolve at run time without a lockfile's versions and hashes",
                                step.label(),
                                pkgs.join("`, `")
                            ),
                        )
                        .fix("Declare the package in the project's manifest and install from the lockfile (`npm ci`, `bundle install`), or use a pinned setup action")
                        .key(format!("{}:{}", step_path(job, &step.label()), pkgs.join(",")))
                        .env(model.env_of(span)),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::adhoc_packages;

    #[test]
    fn installs_by_name_and_from_lockfiles() {
        assert_eq!(adhoc_packages("gem install rake -v 13.0.6"), vec!["rake"]);
        assert_eq!(adhoc_packages("gem install --no-document rake rspec"), vec!["rake", "rspec"]);
        assert_eq!(adhoc_packages("sudo npm i -g oxlint@^1.55.0"), vec!["oxlint@^1.55.0"]);
        assert_eq!(adhoc_packages("yarn global add @scope/cli"), vec!["@scope/cli"]);
        assert!(adhoc_packages("gem install --help").is_empty());
        assert!(adhoc_packages("npm install --no-fund").is_empty());
        assert!(adhoc_packages("npm install --prefix web").is_empty());
        assert!(adhoc_packages("npm ci").is_empty());
        assert!(adhoc_packages("bundle install").is_empty());
        assert!(adhoc_packages("npm install ./dist/pkg.tgz").is_empty());
        assert!(adhoc_packages("echo npm install foo").is_empty());
    }
}
