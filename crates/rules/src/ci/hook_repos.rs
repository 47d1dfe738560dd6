//! pre-commit hook repositories (`repos:` of `.pre-commit-config.yaml`) as the workflow rules
//! see them: which GitHub repository a `repo:` URL names, and what its `rev:` pins.

use infra_lint_core::model::ParsedFile;
use infra_lint_core::parse::pre_commit::{HookRepo, PreCommit};
use infra_lint_core::parse::Document;
use infra_lint_core::Model;

/// Every parsed pre-commit configuration of the model.
pub(crate) fn configs(model: &Model) -> impl Iterator<Item = (&ParsedFile, &PreCommit)> {
    model.files.iter().filter_map(|f| match &f.doc {
        Some(Document::PreCommit(d)) => Some((f, d)),
        _ => None,
    })
}

/// Every remote hook repository (not `local` / `meta`) of the model's pre-commit configurations.
pub(crate) fn remote_repos(model: &Model) -> impl Iterator<Item = (&ParsedFile, &HookRepo)> {
    configs(model).flat_map(|(f, d)| d.repos.iter().filter(|r| r.remote().is_some()).map(move |r| (f, r)))
}

/// The scheme of a `repo:` URL (`https`, `http`, `git`, `ssh`, `file` …), lower case; `None` for
/// scp-like addresses (`git@github.com:owner/repo`) and plain paths.
pub(crate) fn scheme(url: &str) -> Option<String> {
    let (scheme, rest) = url.trim().split_once("://")?;
    let valid = scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    (valid && !rest.is_empty()).then(|| scheme.to_ascii_lowercase())
}

/// The host of a `repo:` URL (lower case, without user and port), for URLs with a scheme and
/// scp-like `user@host:path` addresses.
pub(crate) fn host(url: &str) -> Option<String> {
    let url = url.trim();
    let authority = if let Some((_, rest)) = url.split_once("://") {
        rest.split(['/', '?', '#']).next().unwrap_or("")
    } else {
        // scp-like: `git@github.com:owner/repo` (a `:` before any `/`)
        let (before, _) = url.split_once(':')?;
        if before.contains('/') {
            return None;
        }
        before
    };
    let host = authority.rsplit('@').next().unwrap_or("");
    // `[::1]:8080`: an IPv6 literal keeps its colons
    let host = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host.split(':').next().unwrap_or(""),
    };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    (!host.is_empty()).then_some(host)
}

/// The lower-case `owner/repo` of a `repo:` URL on github.com (`https://github.com/psf/black`,
/// `…/black.git`, `git@github.com:psf/black`, `ssh://git@github.com/psf/black`), as GitHub
/// resolves it: owner and name case-insensitive, a `.git` suffix and a trailing `/` ignored.
/// `None` for other hosts and for paths that are not exactly `owner/repo`.
pub(crate) fn github_slug(url: &str) -> Option<String> {
    let url = url.trim();
    let h = host(url)?;
    if h != "github.com" && h != "www.github.com" {
        return None;
    }
    let path = if let Some((_, rest)) = url.split_once("://") {
        let rest = rest.split(['?', '#']).next().unwrap_or("");
        rest.split_once('/').map_or("", |(_, p)| p)
    } else {
        url.split_once(':').map_or("", |(_, p)| p)
    };
    let path = path.trim_end_matches('/');
    let path = path.strip_suffix(".git").unwrap_or(path);
    let mut parts = path.split('/');
    let (owner, repo) = (parts.next()?, parts.next()?);
    let name_ok =
        |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    if parts.next().is_some() || !name_ok(owner) || !name_ok(repo) {
        return None;
    }
    Some(format!("{owner}/{repo}").to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::{github_slug, host, scheme};

    #[test]
    fn github_slugs() {
        assert_eq!(github_slug("https://github.com/psf/black").as_deref(), Some("psf/black"));
        assert_eq!(github_slug("https://github.com/PyCQA/isort.git/").as_deref(), Some("pycqa/isort"));
        assert_eq!(github_slug("git@github.com:psf/black.git").as_deref(), Some("psf/black"));
        assert_eq!(github_slug("ssh://git@github.com:22/psf/black").as_deref(), Some("psf/black"));
        assert_eq!(github_slug("https://WWW.GitHub.com/a/b").as_deref(), Some("a/b"));
        assert_eq!(
            github_slug("git://github.com/dnephin/pre-commit-golang").as_deref(),
            Some("dnephin/pre-commit-golang")
        );
        assert_eq!(github_slug("https://gitlab.com/psf/black"), None);
        assert_eq!(github_slug("https://github.com/psf"), None);
        assert_eq!(github_slug("https://github.com/psf/black/tree/main"), None);
        assert_eq!(github_slug("https://github.com.evil.example/psf/black"), None);
        assert_eq!(github_slug("local"), None);
        assert_eq!(github_slug(""), None);
    }

    #[test]
    fn schemes_and_hosts() {
        assert_eq!(scheme("HTTP://example.com/x").as_deref(), Some("http"));
        assert_eq!(scheme("git://example.com/x").as_deref(), Some("git"));
        assert_eq!(scheme("git@github.com:a/b"), None);
        assert_eq!(scheme("../hooks"), None);
        assert_eq!(scheme("://x"), None);
        assert_eq!(host("https://user:pw@Example.com:8443/x").as_deref(), Some("example.com"));
        assert_eq!(host("git@github.com:a/b").as_deref(), Some("github.com"));
        assert_eq!(host("/srv/hooks"), None);
        assert_eq!(host("http://[::1]:8080/x").as_deref(), Some("::1"));
    }
}
