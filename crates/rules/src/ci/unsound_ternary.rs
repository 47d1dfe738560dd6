//! `unsound-ternary`: a `cond && X || Y` expression whose `X` is falsy, so it always yields `Y`.

use infra_lint_core::parse::workflow::expressions;
use infra_lint_core::{Finding, Model, Severity, Span};

use crate::ci::{condition_expr, conditions, workflows};
use crate::declare_rule;
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Flags GitHub expressions that use the `cond && X || Y` idiom as a ternary operator with an
    /// `X` that is falsy — `''`, `0`, `false` or `null`: in `${{ }}` anywhere in a workflow or
    /// action, and in `if:` conditions. The finding is at the `&& X ||` part.
    ///
    /// ## Why is this bad?
    /// `&&` yields its right operand only when it is truthy, so with a falsy `X` the whole
    /// expression is always `Y`, whatever `cond` is. The workflow silently does the same thing on
    /// every run: a guard that never guards, a value that never changes.
    ///
    /// ## How to fix
    /// Swap the branches and negate the condition (`!cond && Y || X`), or use
    /// `case(cond, X, Y)` where available.
    ///
    /// ## Example
    /// ```yaml
    /// # bad
    /// - run: echo "${{ github.event_name == 'push' && '' || '--dry-run' }}"
    /// ```
    /// ```yaml
    /// # good
    /// - run: echo "${{ github.event_name != 'push' && '--dry-run' || '' }}"
    /// ```
    ///
    /// ## References
    /// - <https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/evaluate-expressions-in-workflows-and-actions#operators>
    pub struct UnsoundTernary {
        id: "unsound-ternary",
        severity: Low,
        formats: [Workflow, Action],
        tags: ["ci", "correctness"],
        precision: "high",
        summary: "`cond && X || Y` with a falsy `X` always yields `Y`",
        aliases: ["unsound-ternary"],
    }
}

/// Byte ranges of `&& <falsy literal> ||` in an expression's text (outside other string literals).
fn falsy_middles(text: &str) -> Vec<(usize, usize, String)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut in_str = false;
    while i < b.len() {
        if b[i] == b'\'' {
            in_str = !in_str;
            i += 1;
            continue;
        }
        if in_str || !b[i..].starts_with(b"&&") {
            i += 1;
            continue;
        }
        let after = &text[i + 2..];
        let trimmed = after.trim_start();
        let lead = after.len() - trimmed.len();
        let lit = ["''", "0", "false", "null"].into_iter().find(|l| {
            trimmed.starts_with(l)
                && !trimmed[l.len()..]
                    .starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '\'')
        });
        if let Some(lit) = lit {
            let rest = &trimmed[lit.len()..];
            if rest.trim_start().starts_with("||") {
                let end = i + 2 + lead + lit.len() + (rest.len() - rest.trim_start().len()) + 2;
                out.push((i, end, lit.to_owned()));
                i = end;
                continue;
            }
        }
        i += 2;
    }
    out
}

impl Rule for UnsoundTernary {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (file, wf) in workflows(model) {
            let whole = Span::new(file.source.id, 0, file.source.text.len());
            // Every `${{ }}` of the file, then `if:` conditions written without one.
            let mut exprs: Vec<(Span, usize)> = expressions(&file.source, whole)
                .into_iter()
                .map(|e| (e.span, model.text(e.span).find("${{").map_or(0, |i| i + 3)))
                .collect();
            for (_, c) in conditions(wf) {
                if !c.value.contains("${{") {
                    let raw = model.text(c.span);
                    let skip = raw.find(condition_expr(&c.value)).unwrap_or(0);
                    exprs.push((c.span, skip));
                }
            }
            for (span, skip) in exprs {
                let raw = model.text(span);
                let body = raw.get(skip..).unwrap_or("");
                for (s, e, lit) in falsy_middles(body) {
                    let start = span.start as usize + skip + s;
                    let at = Span::new(span.file, start, start + (e - s));
                    out.push(
                        Finding::new(
                            Self::META.id,
                            Severity::Low,
                            at,
                            format!("`&& {lit} ||` makes this expression always take its `||` branch: `{lit}` is falsy, so the `&&` part never yields it"),
                        )
                        .fix("Negate the condition and swap the branches (`!cond && Y || X`)")
                        .key(format!("{}:{}", file.path, model.locate(at).start_line))
                        .env(model.env_of(at)),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::falsy_middles;

    #[test]
    fn falsy_true_branches() {
        assert_eq!(falsy_middles("foo && '' || 'bar'").len(), 1);
        assert_eq!(falsy_middles("a == 'b' && false || true").len(), 1);
        assert_eq!(falsy_middles("a && 0 || 1").len(), 1);
        assert!(falsy_middles("a && 'x' || ''").is_empty());
        assert!(falsy_middles("a && 0.5 || 1").is_empty());
        assert!(falsy_middles("a && nullable || b").is_empty());
        assert!(falsy_middles("'&& '''' ||' == a").is_empty());
        // Multi-byte characters anywhere (a BOM, accents) never split a character.
        assert_eq!(falsy_middles("\u{feff}é && '' || 'ü'").len(), 1);
        assert!(falsy_middles("é\u{feff}€").is_empty());
    }
}
