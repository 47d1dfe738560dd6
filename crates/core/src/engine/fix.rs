//! Applying structured fixes ([`Fix`]) to a file's text: edits are applied from the end of the
//! file backwards; a fix whose edits overlap an already accepted fix is left for the next run
//! (as ruff does), so applying never garbles a file.

use crate::base::finding::{Edit, Fix};

/// The result of applying fixes to one text.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Applied {
    /// The new text.
    pub text: String,
    /// How many fixes were applied.
    pub applied: usize,
    /// How many were skipped (overlapping another fix, or out of range for this text).
    pub skipped: usize,
}

/// Apply `fixes` (all for the file whose text is `text`). Fixes are taken in order; one whose
/// edits overlap an accepted fix's, fall outside the text or split a UTF-8 character is skipped.
#[must_use]
pub fn apply(text: &str, fixes: &[&Fix]) -> Applied {
    let mut accepted: Vec<&Edit> = Vec::new();
    let mut applied = 0;
    let mut skipped = 0;
    let mut seen: Vec<&[Edit]> = Vec::new();
    for fix in fixes {
        // Several findings may carry the same fix (one block that resolves them all).
        if seen.contains(&fix.edits.as_slice()) {
            applied += 1;
            continue;
        }
        let valid = fix.edits.iter().all(|e| {
            let (s, t) = (e.span.start as usize, e.span.end as usize);
            s <= t && t <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(t)
        });
        let clash = |e: &Edit, o: &Edit| {
            let (a, b, c, d) = (e.span.start, e.span.end, o.span.start, o.span.end);
            // Two insertions at one point, or ranges that share bytes, conflict.
            (a == c && (a == b || c == d)) || (a < d && c < b)
        };
        let own_clash = fix.edits.iter().enumerate().any(|(i, e)| fix.edits[i + 1..].iter().any(|o| clash(e, o)));
        let overlaps = |e: &Edit| accepted.iter().any(|o| clash(e, o));
        if !valid || own_clash || fix.edits.iter().any(overlaps) {
            skipped += 1;
            continue;
        }
        accepted.extend(fix.edits.iter());
        seen.push(&fix.edits);
        applied += 1;
    }
    accepted.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(text.len());
    let mut pos = 0usize;
    for e in accepted {
        out.push_str(&text[pos..e.span.start as usize]);
        out.push_str(&e.text);
        pos = e.span.end as usize;
    }
    out.push_str(&text[pos..]);
    Applied { text: out, applied, skipped }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::source::{FileId, Span};

    fn sp(start: u32, end: u32) -> Span {
        Span { file: FileId(0), start, end }
    }

    #[test]
    fn applies_in_order_and_skips_overlaps() {
        let text = "force_https = false\nport = 80\n";
        let a = Fix::safe("true", vec![Edit::replace(sp(14, 19), "true")]);
        let b = Fix::safe("overlap", vec![Edit::replace(sp(16, 18), "x")]);
        let c = Fix::safe("insert", vec![Edit::insert(FileId(0), 0, "# top\n")]);
        let same = c.clone();
        let out = apply(text, &[&a, &b, &c, &same]);
        assert_eq!(out.text, "# top\nforce_https = true\nport = 80\n");
        assert_eq!((out.applied, out.skipped), (3, 1));
    }

    #[test]
    fn rejects_out_of_range_and_split_characters() {
        let text = "é = 1";
        let bad = Fix::safe("split", vec![Edit::replace(sp(1, 2), "x")]);
        let far = Fix::safe("far", vec![Edit::replace(sp(3, 99), "x")]);
        let out = apply(text, &[&bad, &far]);
        assert_eq!(out.text, text);
        assert_eq!((out.applied, out.skipped), (0, 2));
    }
}
