//! `nginx-http-splitting`: a response header, redirect or upstream request built from a value
//! that can hold a newline.

use std::collections::BTreeSet;

use infra_lint_core::parse::nginx::Directive;
use infra_lint_core::{Finding, Model};

use crate::declare_rule;
use crate::nginx::{confs, weigh};
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Flags `add_header`, `more_set_headers`, `return`, `rewrite` (replacement), `proxy_pass`
    /// and `proxy_set_header` values that use `$uri` or `$document_uri` (the decoded path, which
    /// can hold `%0d%0a`), or a regular-expression capture of the enclosing `location` (or of the
    /// `rewrite` itself) that can match a newline: a negated class such as `[^.]*` or `[^/]+`,
    /// or `\s`. The finding points at the argument.
    ///
    /// ## Why is this bad?
    /// nginx decodes the path before matching, so `/%0d%0aSet-Cookie:%20x=y` puts a CR LF in
    /// `$uri` and in captures like `([^/]+)`. Written into a header or a redirect, it ends the
    /// header and starts new ones (response splitting: session fixation, cache poisoning,
    /// cross-site scripting); sent upstream it splits the proxied request.
    ///
    /// Severity is high, one step lower in staging; development and test files are not reported.
    ///
    /// ## How to fix
    /// Use `$request_uri` (still encoded) instead of `$uri`, and write captures with classes
    /// that exclude line breaks (`[^/\s]+`, `[a-z0-9-]+`).
    ///
    /// ## Example
    /// ```nginx
    /// # Bad
    /// location ~ /v1/(?<action>[^.]*)\.json$ { add_header X-Action $action; }
    /// return 302 https://example.com$uri;
    /// ```
    /// ```nginx
    /// # Good
    /// location ~ /v1/(?<action>[a-z0-9_-]+)\.json$ { add_header X-Action $action; }
    /// return 302 https://example.com$request_uri;
    /// ```
    ///
    /// ## References
    /// - gixy, http_splitting: <https://github.com/yandex/gixy/blob/master/docs/en/plugins/httpsplitting.md>
    /// - CWE-113, HTTP Response Splitting: <https://cwe.mitre.org/data/definitions/113.html>
    pub struct NginxHttpSplitting {
        id: "nginx-http-splitting",
        severity: High,
        formats: [Nginx],
        tags: ["security", "injection", "nginx"],
        precision: "high",
        summary: "nginx writes a value that can hold CR/LF into a header, redirect or upstream request",
        aliases: ["http_splitting"],
    }
}

/// Capture groups of a PCRE pattern that can match a line break: numbers and names.
pub(crate) fn unsafe_captures(re: &str) -> BTreeSet<String> {
    captures_where(re, matches_newline)
}

/// Capture groups (numbers and names) of a PCRE pattern whose body satisfies `pred`.
pub(crate) fn captures_where(re: &str, pred: fn(&str) -> bool) -> BTreeSet<String> {
    let b = re.as_bytes();
    let mut out = BTreeSet::new();
    let mut number = 0;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'[' => i = class_end(b, i),
            b'(' => {
                let mut name = None;
                let mut body_start = i + 1;
                if b.get(i + 1) == Some(&b'?') {
                    let rest = &re[i + 2..];
                    let named = rest
                        .strip_prefix("P<")
                        .or_else(|| rest.strip_prefix('<').filter(|r| !r.starts_with(['=', '!'])))
                        .or_else(|| rest.strip_prefix('\''));
                    match named {
                        Some(r) => {
                            let end = r.find(['>', '\'']).unwrap_or(r.len());
                            name = Some(r[..end].to_owned());
                            body_start = i + 2 + (rest.len() - r.len()) + end + 1;
                        }
                        None => {
                            i += 1;
                            continue;
                        }
                    }
                }
                number += 1;
                let end = group_end(b, i);
                let body = re.get(body_start.min(end)..end).unwrap_or("");
                if pred(body) {
                    out.insert(number.to_string());
                    if let Some(n) = name {
                        out.insert(n);
                    }
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    out
}

pub(crate) fn class_end(b: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    if b.get(i) == Some(&b'^') {
        i += 1;
    }
    if b.get(i) == Some(&b']') {
        i += 1;
    }
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b']' => return i + 1,
            _ => i += 1,
        }
    }
    b.len()
}

fn group_end(b: &[u8], start: usize) -> usize {
    let mut depth = 0usize;
    let mut i = start;
    while i < b.len() {
        match b[i] {
            b'\\' => {
                i += 2;
                continue;
            }
            b'[' => {
                i = class_end(b, i);
                continue;
            }
            b'(' => depth += 1,
            b')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
        i += 1;
    }
    b.len()
}

/// Whether a pattern piece can match CR or LF: a negated class not excluding them, `\s`, `\D`,
/// `\W`, or `\S`-free classes with `\s`.
fn matches_newline(body: &str) -> bool {
    let b = body.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => {
                if matches!(b.get(i + 1), Some(b's' | b'D' | b'W' | b'R' | b'v')) {
                    return true;
                }
                i += 2;
            }
            b'[' => {
                let end = class_end(b, i);
                let class = &body[i..end.min(body.len())];
                let negated = class.starts_with("[^");
                let excludes =
                    class.contains("\\n") || class.contains("\\r") || class.contains("\\s") || class.contains("\\v");
                if (negated && !excludes) || (!negated && class.contains("\\s")) {
                    return true;
                }
                i = end;
            }
            _ => i += 1,
        }
    }
    false
}

/// Variables a value uses: `$name` and `${name}`.
pub(crate) fn variables(s: &str) -> Vec<String> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'$' {
            if b.get(i + 1) == Some(&b'{') {
                if let Some(end) = s[i + 2..].find('}') {
                    out.push(s[i + 2..i + 2 + end].to_owned());
                    i += end + 3;
                    continue;
                }
            } else {
                let start = i + 1;
                let mut j = start;
                // `$1` is one digit; names are word characters.
                if b.get(j).is_some_and(u8::is_ascii_digit) {
                    j += 1;
                } else {
                    while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_') {
                        j += 1;
                    }
                }
                if j > start {
                    out.push(s[start..j].to_owned());
                }
                i = j;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// The value arguments of a directive that end up in a header line, a redirect or an upstream
/// request line.
fn sinks(d: &Directive) -> Vec<usize> {
    match d.name() {
        "add_header" | "proxy_set_header" => vec![1],
        "more_set_headers" => (0..d.args.len()).filter(|i| !d.args[*i].text.starts_with('-')).collect(),
        "return" if d.args.len() >= 2 => vec![1],
        "return" => vec![0],
        "rewrite" => vec![1],
        "proxy_pass" => vec![0],
        _ => Vec::new(),
    }
}

impl Rule for NginxHttpSplitting {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for conf in confs(model) {
            conf.walk(&mut |d, stack| {
                let idx = sinks(d);
                if idx.is_empty() {
                    return;
                }
                // `return 200 "text"` writes a body, not a header.
                if d.name() == "return" && d.arg(0).is_some_and(|c| c.parse::<u16>().is_ok_and(|c| !(300..400).contains(&c))) {
                    return;
                }
                // Captures of the innermost regex location and of the rewrite's own pattern.
                let mut captures = BTreeSet::new();
                if let Some(loc) = stack.iter().rev().find(|s| s.name() == "location") {
                    if matches!(loc.arg(0), Some("~" | "~*")) {
                        if let Some(re) = loc.arg(1) {
                            captures = unsafe_captures(re);
                        }
                    }
                }
                if d.name() == "rewrite" {
                    if let Some(re) = d.arg(0) {
                        // The rewrite's own groups take over the numbered ones.
                        captures.retain(|c| !c.chars().all(|ch| ch.is_ascii_digit()));
                        captures.extend(unsafe_captures(re));
                    }
                }
                for i in idx {
                    let Some(a) = d.args.get(i) else { continue };
                    let bad = variables(&a.text)
                        .into_iter()
                        .find(|v| v == "uri" || v == "document_uri" || captures.contains(v));
                    let Some(var) = bad else { continue };
                    let Some((sev, env)) = weigh(model, a.span, Self::META.severity) else { continue };
                    let why = if var == "uri" || var == "document_uri" {
                        format!("${var} is the decoded path and can hold %0d%0a")
                    } else {
                        format!("the capture ${var} comes from a pattern that can match a line break")
                    };
                    out.push(
                        Finding::new(
                            Self::META.id,
                            sev,
                            a.span,
                            format!("`{}` writes `{}` into the response or upstream request: {why}, so a request can inject headers", d.name(), a.text),
                        )
                        .fix("use `$request_uri` instead of `$uri`, and restrict captures to classes without line breaks (`[^/\\s]+`, `[a-z0-9-]+`)")
                        .key(format!("{}:{}", d.name(), a.text))
                        .env(env),
                    );
                }
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captures() {
        let c = unsafe_captures(r"/v1/((?<action>[^.]*)\.json)?$");
        assert!(c.contains("action") && c.contains("1") && c.contains("2"));
        assert!(unsafe_captures(r"^/u/([a-z0-9]+)$").is_empty());
        assert!(unsafe_captures(r"^/u/([^/\s]+)$").is_empty());
        assert_eq!(unsafe_captures(r"^/(?:a|b)/([^/]+)$").into_iter().collect::<Vec<_>>(), ["1"]);
        assert!(unsafe_captures(r"^/x/(.+)$").is_empty());
        assert_eq!(variables("https://$host${uri}x$1y"), ["host", "uri", "1"]);
    }
}
