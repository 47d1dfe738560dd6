//! Masking for output: how a secret is shown, and the hook through which the engine learns which
//! parts of a text are secret-shaped. The engine knows no token shapes; the rules supply them
//! (`infra_lint_rules::secret_detect::token_ranges`), so masking of diagnostics and code frames
//! follows exactly what the secret rules detect.

use std::ops::Range;

/// Finds secret-shaped tokens in a text and returns their byte ranges (sorted, non-overlapping
/// not required). Supplied by the rules crate; [`no_tokens`] when none is given.
pub type TokenFinder = fn(&str) -> Vec<Range<usize>>;

/// A [`TokenFinder`] that finds nothing (masking then relies on the secret spans of findings).
#[must_use]
pub fn no_tokens(_: &str) -> Vec<Range<usize>> {
    Vec::new()
}

/// Mask a secret for output: a short prefix, then `****`. Never more than 4 characters are kept,
/// and none for values shorter than 12 characters.
#[must_use]
pub fn mask(value: &str) -> String {
    let n = value.chars().count();
    let keep = if n < 12 { 0 } else { 4.min(n / 4) };
    let prefix: String = value.chars().take(keep).filter(|c| !c.is_control()).collect();
    format!("{prefix}****")
}

/// Replace every range `find` reports in `text` by its masked form.
#[must_use]
pub fn mask_tokens(text: &str, find: TokenFinder) -> String {
    let mut ranges = find(text);
    if ranges.is_empty() {
        return text.to_owned();
    }
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for r in ranges {
        let (a, b) = (r.start.max(pos), r.end);
        if a >= b || !text.is_char_boundary(a) || !text.is_char_boundary(b.min(text.len())) {
            continue;
        }
        out.push_str(&text[pos..a]);
        out.push_str(&mask(&text[a..b.min(text.len())]));
        pos = b.min(text.len());
    }
    out.push_str(&text[pos..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_values_keep_nothing_long_values_keep_four() {
        assert_eq!(mask("hunter2"), "****");
        assert_eq!(mask("abcdefghijklmnop"), "abcd****");
    }

    #[test]
    fn tokens_found_are_masked_and_the_rest_kept() {
        fn digits(t: &str) -> Vec<Range<usize>> {
            let b = t.find(char::is_numeric).unwrap_or(t.len());
            let e = t[b..].find(|c: char| !c.is_numeric()).map_or(t.len(), |e| b + e);
            (b < e).then_some(b..e).into_iter().collect()
        }
        assert_eq!(mask_tokens("key 1234567890123456 end", digits), "key 1234**** end");
        assert_eq!(mask_tokens("nothing here", digits), "nothing here");
        assert_eq!(mask_tokens("x", no_tokens), "x");
    }
}
