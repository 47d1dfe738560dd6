//! `precommit-insecure-url`: a pre-commit hook repository (or a hook's extra dependency) fetched
//! over plaintext `http://` or `git://`.

use infra_lint_core::{Finding, Model, Span};

use crate::ci::hook_repos::{configs, host, scheme};
use crate::declare_rule;
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Flags, in `.pre-commit-config.yaml`, a `repo:` URL whose scheme is `http://` or `git://`
    /// (git's unauthenticated, unencrypted protocol), and an `additional_dependencies` entry that
    /// downloads from such a URL (`pkg @ http://…`, `git+http://…`, `git+git://…`). Loopback
    /// hosts (`localhost`, `127.0.0.1`, `[::1]`) are not flagged. The finding is at the URL.
    ///
    /// ## Why is this bad?
    /// pre-commit clones each hook repository and installs its dependencies, then runs that code
    /// on every developer's machine and in CI. Over a plaintext transport anyone on the network
    /// path (a café Wi-Fi, a compromised proxy) can answer in the server's place: for a tag or
    /// branch in `rev:` (the usual case) whatever commit they serve under that name is what runs,
    /// and a package downloaded over `http://` is not checked against anything.
    ///
    /// ## How to fix
    /// Use `https://` (or `ssh://`) for the repository and for every dependency URL.
    ///
    /// ## Example
    /// ```yaml
    /// # bad
    /// repos:
    ///   - repo: http://github.com/psf/black
    ///     rev: 24.10.0
    ///     hooks:
    ///       - id: black
    /// ```
    /// ```yaml
    /// # good
    /// repos:
    ///   - repo: https://github.com/psf/black
    ///     rev: 24.10.0
    ///     hooks:
    ///       - id: black
    /// ```
    ///
    /// ## References
    /// - <https://pre-commit.com/#pre-commit-configyaml---repos>
    /// - <https://git-scm.com/book/en/v2/Git-on-the-Server-The-Protocols#_the_git_protocol>
    pub struct PrecommitInsecureUrl {
        id: "precommit-insecure-url",
        severity: High,
        formats: [PreCommit],
        tags: ["security", "ci", "supply-chain"],
        precision: "high",
        summary: "pre-commit hook repository or dependency fetched over plaintext http:// or git://",
        aliases: ["insecure-url-scheme"],
    }
}

/// Whether a URL's scheme is a plaintext transport (`http`, `git`, and pip's `git+http` /
/// `git+git`) to a host that is not the loopback interface.
fn plaintext(url: &str) -> Option<String> {
    let s = scheme(url)?;
    let transport = s.strip_prefix("git+").unwrap_or(&s);
    if transport != "http" && transport != "git" {
        return None;
    }
    let h = host(url).unwrap_or_default();
    if h == "localhost" || h.ends_with(".localhost") || h.starts_with("127.") || h == "::1" {
        return None;
    }
    Some(s)
}

/// The URLs inside a dependency specifier (`pkg @ http://…`, `git+git://…#egg=x`): each with
/// its byte range in the text.
fn urls_in(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("://").map(|i| from + i) {
        let start = text[..i]
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
            .map_or(0, |j| j + text[j..].chars().next().map_or(1, char::len_utf8));
        let end = text[i..]
            .find(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '"' | '\''))
            .map_or(text.len(), |j| i + j);
        if start < i {
            out.push((start, &text[start..end]));
        }
        from = end.max(i + 3);
    }
    out
}

impl Rule for PrecommitInsecureUrl {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (_, doc) in configs(model) {
            for (i, r) in doc.repos.iter().enumerate() {
                if let Some(url) = r.remote() {
                    if let Some(s) = plaintext(&url.value) {
                        out.push(
                            Finding::new(
                                Self::META.id,
                                Self::META.severity,
                                url.span,
                                format!(
                                    "Hook repository `{}` is cloned over plaintext `{s}://`: anyone on the network path can substitute the hooks that run on every commit",
                                    url.value.trim()
                                ),
                            )
                            .fix("Use an `https://` URL for the hook repository")
                            .key(format!("repos[{i}].repo"))
                            .env(model.env_of(url.span)),
                        );
                    }
                }
                for hook in &r.hooks {
                    for dep in &hook.additional_dependencies {
                        for (at, url) in urls_in(&dep.value) {
                            let Some(s) = plaintext(url) else { continue };
                            let span = sub_span(model, dep, at, url.len());
                            let id = hook.id.as_ref().map_or("?", |h| h.value.as_str());
                            out.push(
                                Finding::new(
                                    Self::META.id,
                                    Self::META.severity,
                                    span,
                                    format!(
                                        "Hook `{id}` installs `{url}` over plaintext `{s}://`: anyone on the network path can substitute the package"
                                    ),
                                )
                                .fix("Download the dependency over `https://`, or name it by version from the package index")
                                .key(format!("repos[{i}].hooks.{id}.additional_dependencies:{url}"))
                                .env(model.env_of(dep.span)),
                            );
                        }
                    }
                }
            }
        }
    }
}

/// The span of `len` bytes at `at` inside a scalar's value, when its source holds the value
/// verbatim (plain or quoted without escapes); the whole scalar otherwise.
fn sub_span(model: &Model, v: &infra_lint_core::parse::yaml::Spanned<String>, at: usize, len: usize) -> Span {
    let raw = model.text(v.span);
    match raw.find(v.value.as_str()) {
        Some(i) if !v.value.is_empty() => {
            let start = v.span.start as usize + i + at;
            Span::new(v.span.file, start, start + len)
        }
        _ => v.span,
    }
}

#[cfg(test)]
mod tests {
    use super::{plaintext, urls_in};

    #[test]
    fn plaintext_transports() {
        assert_eq!(plaintext("http://github.com/psf/black").as_deref(), Some("http"));
        assert_eq!(plaintext("git://github.com/psf/black").as_deref(), Some("git"));
        assert_eq!(plaintext("GIT+HTTP://example.com/x.git").as_deref(), Some("git+http"));
        assert!(plaintext("https://github.com/psf/black").is_none());
        assert!(plaintext("ssh://git@github.com/psf/black").is_none());
        assert!(plaintext("git@github.com:psf/black").is_none());
        assert!(plaintext("http://localhost:8080/hooks").is_none());
        assert!(plaintext("http://127.0.0.1/hooks").is_none());
        assert!(plaintext("http://[::1]/hooks").is_none());
        assert!(plaintext("local").is_none());
    }

    #[test]
    fn urls_inside_specifiers() {
        let t = "pkg @ http://example.com/pkg.tar.gz";
        assert_eq!(urls_in(t), vec![(6, "http://example.com/pkg.tar.gz")]);
        assert_eq!(urls_in("git+git://example.com/x.git#egg=x"), vec![(0, "git+git://example.com/x.git#egg=x")]);
        assert!(urls_in("requests==2.32.3").is_empty());
        assert!(urls_in("://").is_empty());
        assert!(urls_in("a://b://c").len() <= 2);
    }
}
