//! `nginx-origin-regex-bypass`: an `Origin`/`Referer` check whose regular expression also
//! accepts an attacker's domain.

use infra_lint_core::parse::nginx::Word;
use infra_lint_core::{Finding, Model};

use crate::declare_rule;
use crate::nginx::{confs, weigh};
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Checks the regular expressions nginx uses to trust a request's origin:
    /// `if ($http_origin ~ …)`, `if ($http_referer !~* …)` and the `~` entries of a
    /// `map $http_origin …` / `map $http_referer …` block. It flags a pattern that is not
    /// anchored at the start (`^`), one whose host is not closed by `$`, `/` or a port (so
    /// `example.com.evil.net` matches), and one with an unescaped `.` in the domain (so
    /// `exampleXcom` matches). The finding points at the pattern.
    ///
    /// ## Why is this bad?
    /// These checks usually decide whether to send CORS headers with credentials or whether a
    /// request is same-site (CSRF protection). An attacker registers a domain the pattern
    /// accepts and reads authenticated responses or forges requests.
    ///
    /// Severity is high, one step lower in staging; development and test files are not
    /// reported.
    ///
    /// ## How to fix
    /// Anchor both ends and escape dots: `^https://(www\.)?example\.com$` for `Origin`,
    /// `^https://(www\.)?example\.com(/|$)` for `Referer`, or compare against a `map` of exact
    /// origins.
    ///
    /// ## Example
    /// ```nginx
    /// # Bad
    /// if ($http_origin ~* "https://example.com") { add_header Access-Control-Allow-Origin $http_origin; }
    /// ```
    /// ```nginx
    /// # Good
    /// if ($http_origin ~* "^https://(www\.)?example\.com$") { add_header Access-Control-Allow-Origin $http_origin; }
    /// ```
    ///
    /// ## References
    /// - gixy, origins: <https://github.com/yandex/gixy/blob/master/docs/en/plugins/origins.md>
    /// - PortSwigger, CORS origin parsing errors: <https://portswigger.net/web-security/cors>
    pub struct NginxOriginRegexBypass {
        id: "nginx-origin-regex-bypass",
        severity: High,
        formats: [Nginx],
        tags: ["security", "cors", "csrf", "nginx"],
        precision: "medium",
        summary: "An nginx Origin/Referer regular expression also matches attacker domains",
        aliases: ["origins"],
    }
}

/// What is wrong with an origin/referer pattern, if anything.
pub(crate) fn weakness(re: &str) -> Option<&'static str> {
    if !re.starts_with('^') {
        return Some("it is not anchored with `^`, so any origin that contains the trusted one (`https://evil.net/?https://example.com`) matches");
    }
    // The host part: after the scheme's `//` (escaped or not) up to a path, port or the end.
    let after = match re.find("//").or_else(|| re.find(r"\/\/")) {
        Some(p) => re[p..].trim_start_matches(['/', '\\']),
        None => re.trim_start_matches('^'),
    };
    let stop = after.find(['$', '/', ':']).or_else(|| after.find(r"\/"));
    let host = stop.map_or(after, |s| &after[..s]);
    if stop.is_none() {
        return Some("the host is not closed by `$` or `/`, so `example.com.evil.net` matches");
    }
    let b = host.as_bytes();
    let mut in_class = false;
    for (i, c) in b.iter().enumerate() {
        match c {
            b'[' => in_class = true,
            b']' => in_class = false,
            b'.' if !in_class
                && (i == 0 || b[i - 1] != b'\\')
                && !matches!(b.get(i + 1), Some(b'*' | b'+' | b'?' | b'{')) =>
            {
                return Some("a `.` in the domain is not escaped, so it matches any character (`exampleXcom`)");
            }
            _ => {}
        }
    }
    None
}

impl Rule for NginxOriginRegexBypass {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        let is_header = |v: &str| {
            let v = v.trim_start_matches('(');
            v == "$http_origin" || v == "$http_referer"
        };
        for conf in confs(model) {
            conf.walk(&mut |d, _| {
                let mut patterns: Vec<(&Word, &str)> = Vec::new();
                if d.name() == "if" && d.args.first().is_some_and(|a| is_header(&a.text)) {
                    if let (Some(op), Some(re)) = (d.args.get(1), d.args.get(2)) {
                        if matches!(op.text.as_str(), "~" | "~*" | "!~" | "!~*") {
                            let header = d.args[0].text.trim_start_matches('(');
                            patterns.push((re, header));
                        }
                    }
                }
                if d.name() == "map" && d.args.first().is_some_and(|a| is_header(&a.text)) {
                    let header = d.args[0].text.as_str();
                    for e in d.children() {
                        if e.name.text.starts_with('~') {
                            patterns.push((&e.name, header));
                        }
                    }
                }
                for (w, header) in patterns {
                    let re = w.text.trim_start_matches("~*").trim_start_matches('~');
                    let re = if w.quoted { re } else { re.strip_suffix(')').unwrap_or(re) };
                    let Some(why) = weakness(re) else { continue };
                    let Some((sev, env)) = weigh(model, w.span, Self::META.severity) else { continue };
                    out.push(
                        Finding::new(
                            Self::META.id,
                            sev,
                            w.span,
                            format!("the {header} check `{re}` can be bypassed: {why}"),
                        )
                        .fix("anchor the pattern at both ends and escape dots, e.g. `^https://(www\\.)?example\\.com$`")
                        .key(format!("{header}:{re}"))
                        .env(env),
                    );
                }
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::weakness;

    #[test]
    fn patterns() {
        assert!(weakness("https://example\\.com").is_some());
        assert!(weakness("^https://example\\.com").is_some());
        assert!(weakness("^https://example.com$").is_some());
        assert!(weakness("^https://(www\\.)?example\\.com$").is_none());
        assert!(weakness("^https?://([a-z0-9-]+\\.)*example\\.com(:[0-9]+)?$").is_none());
        assert!(weakness("^https://example\\.com/").is_none());
        assert!(weakness("^https://.*\\.example\\.com$").is_none());
    }
}
