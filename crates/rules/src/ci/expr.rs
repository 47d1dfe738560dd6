//! GitHub Actions expressions (`${{ … }}`): a small parser that answers one question for the
//! taint model — which context values can end up in the *text* an expression expands to.
//!
//! The grammar follows GitHub's expression syntax: literals (`'str'` with `''` escapes, numbers,
//! `true`/`false`/`null`), contexts with `.name`, `.*` and `[expr]` access, function calls,
//! `!`, comparisons, `&&` and `||`, and parentheses. What flows into the result:
//!
//! - `a || b`: either side; `a && b`: only `b` (a falsy `a` is `''`, `0`, `false` or `null`);
//! - `!a`, comparisons and predicate functions (`contains`, `startsWith`, `endsWith`, `success`,
//!   `always`, `failure`, `cancelled`, `hashFiles`) yield booleans or hashes: nothing;
//! - `format`, `join`, `toJSON`, `fromJSON` and unknown functions pass their arguments through;
//!   `toJSON(x)` dumps the whole object `x` (marked as `dumped`);
//! - property access on a compound (`(a || b).title`) applies to every alternative.
//!
//! The parser never panics and is bounded (depth-limited recursion, linear scanning).

/// A context value that may reach an expression's result: a lower-case path (`*` for any one
/// segment or a computed index), whether it is dumped whole by `toJSON`, and whether the path
/// reads a property of a computed value (`(a || b).x`, `fromJSON(a).x`) rather than naming a
/// context directly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Source {
    pub path: String,
    pub dumped: bool,
    pub computed: bool,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Str(String),
    Num(String),
    Dot,
    Star,
    LBrack,
    RBrack,
    LParen,
    RParen,
    Comma,
    Not,
    Cmp,
    Eq,
    And,
    Or,
}

fn lex(s: &str) -> Vec<Tok> {
    let b: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        match c {
            c if c.is_whitespace() => i += 1,
            '\'' => {
                let mut v = String::new();
                i += 1;
                while let Some(&d) = b.get(i) {
                    i += 1;
                    if d == '\'' {
                        if b.get(i) == Some(&'\'') {
                            v.push('\'');
                            i += 1;
                        } else {
                            break;
                        }
                    } else {
                        v.push(d);
                    }
                }
                out.push(Tok::Str(v));
            }
            '.' if b.get(i + 1).is_some_and(char::is_ascii_digit)
                && !matches!(out.last(), Some(Tok::Ident(_) | Tok::RBrack | Tok::RParen | Tok::Star)) =>
            {
                let from = i;
                while b.get(i).is_some_and(|d| d.is_ascii_alphanumeric() || *d == '.') {
                    i += 1;
                }
                out.push(Tok::Num(b.get(from..i).unwrap_or(&[]).iter().collect()));
            }
            '.' => {
                out.push(Tok::Dot);
                i += 1;
            }
            '*' => {
                out.push(Tok::Star);
                i += 1;
            }
            '[' => {
                out.push(Tok::LBrack);
                i += 1;
            }
            ']' => {
                out.push(Tok::RBrack);
                i += 1;
            }
            '(' => {
                out.push(Tok::LParen);
                i += 1;
            }
            ')' => {
                out.push(Tok::RParen);
                i += 1;
            }
            ',' => {
                out.push(Tok::Comma);
                i += 1;
            }
            '!' if b.get(i + 1) == Some(&'=') => {
                out.push(Tok::Cmp);
                i += 2;
            }
            '!' => {
                out.push(Tok::Not);
                i += 1;
            }
            '=' if b.get(i + 1) == Some(&'=') => {
                out.push(Tok::Eq);
                i += 2;
            }
            '=' | '<' | '>' => {
                out.push(Tok::Cmp);
                i += 1;
                if b.get(i) == Some(&'=') {
                    i += 1;
                }
            }
            '&' => {
                out.push(Tok::And);
                i += if b.get(i + 1) == Some(&'&') { 2 } else { 1 };
            }
            '|' => {
                out.push(Tok::Or);
                i += if b.get(i + 1) == Some(&'|') { 2 } else { 1 };
            }
            c if c.is_ascii_digit() || c == '-' && b.get(i + 1).is_some_and(char::is_ascii_digit) => {
                let from = i;
                i += 1;
                while b.get(i).is_some_and(|d| d.is_ascii_alphanumeric() || *d == '.' || *d == '_') {
                    i += 1;
                }
                out.push(Tok::Num(b.get(from..i).unwrap_or(&[]).iter().collect()));
            }
            c if c.is_alphabetic() || c == '_' => {
                let mut v = String::new();
                while let Some(&d) = b.get(i) {
                    if d.is_alphanumeric() || d == '_' || d == '-' {
                        v.push(d.to_ascii_lowercase());
                        i += 1;
                    } else {
                        break;
                    }
                }
                out.push(Tok::Ident(v));
            }
            _ => i += 1,
        }
    }
    out
}

/// What an expression may evaluate to, as far as taint goes.
#[derive(Debug, Clone, Default)]
struct Val {
    /// Context values that can reach the result.
    sources: Vec<Source>,
    /// A string literal (for `x['name']` indexing).
    literal: Option<String>,
    /// Computed from literals only.
    constant: bool,
    /// The result of an operator or a function call (not a context named directly).
    compound: bool,
}

fn constant() -> Val {
    Val { constant: true, ..Val::default() }
}

const MAX_DEPTH: usize = 64;

struct P {
    toks: Vec<Tok>,
    i: usize,
    depth: usize,
    /// An operator or pure function was applied to constants only.
    reducible: bool,
}

impl P {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.i)
    }

    fn eat(&mut self, t: &Tok) -> bool {
        if self.peek() == Some(t) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn or(&mut self) -> Val {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            self.i = self.toks.len();
            return Val::default();
        }
        let mut v = self.and();
        while self.eat(&Tok::Or) {
            let r = self.and();
            self.reducible |= v.constant && r.constant;
            v.constant &= r.constant;
            v.sources.extend(r.sources);
            v.literal = None;
            v.compound = true;
        }
        self.depth -= 1;
        v
    }

    fn and(&mut self) -> Val {
        let mut v = self.cmp();
        while self.eat(&Tok::And) {
            let r = self.cmp();
            self.reducible |= v.constant && r.constant;
            let both = v.constant && r.constant;
            v = r;
            v.constant = both;
            v.compound = true;
        }
        v
    }

    fn cmp(&mut self) -> Val {
        let mut v = self.unary();
        while self.eat(&Tok::Cmp) || self.eat(&Tok::Eq) {
            let r = self.unary();
            self.reducible |= v.constant && r.constant;
            v = Val { constant: v.constant && r.constant, ..Val::default() };
        }
        v
    }

    fn unary(&mut self) -> Val {
        if self.eat(&Tok::Not) {
            self.depth += 1;
            let inner = if self.depth <= MAX_DEPTH { self.unary() } else { Val::default() };
            self.depth -= 1;
            self.reducible |= inner.constant;
            return Val { constant: inner.constant, ..Val::default() };
        }
        self.postfix()
    }

    fn postfix(&mut self) -> Val {
        let mut v = self.primary();
        loop {
            if self.eat(&Tok::Dot) {
                let seg = match self.peek().cloned() {
                    Some(Tok::Ident(s)) => s,
                    Some(Tok::Star) => "*".to_owned(),
                    _ => break,
                };
                self.i += 1;
                append(&mut v, &seg);
            } else if self.eat(&Tok::LBrack) {
                let idx = if self.eat(&Tok::Star) {
                    Val { literal: Some("*".to_owned()), ..Val::default() }
                } else {
                    self.or()
                };
                self.eat(&Tok::RBrack);
                let seg = idx.literal.map_or_else(|| "*".to_owned(), |l| l.to_ascii_lowercase());
                append(&mut v, &seg);
            } else {
                break;
            }
        }
        v
    }

    fn primary(&mut self) -> Val {
        match self.peek().cloned() {
            Some(Tok::Str(s)) => {
                self.i += 1;
                Val { sources: Vec::new(), literal: Some(s), constant: true, compound: false }
            }
            Some(Tok::Num(_)) => {
                self.i += 1;
                constant()
            }
            Some(Tok::LParen) => {
                self.i += 1;
                let v = self.or();
                self.eat(&Tok::RParen);
                v
            }
            Some(Tok::Ident(name)) => {
                self.i += 1;
                if self.eat(&Tok::LParen) {
                    let mut args = Vec::new();
                    if !self.eat(&Tok::RParen) {
                        loop {
                            args.push(self.or());
                            if self.eat(&Tok::Comma) {
                                continue;
                            }
                            self.eat(&Tok::RParen);
                            break;
                        }
                    }
                    let pure =
                        matches!(name.as_str(), "format" | "startswith" | "endswith" | "contains" | "join" | "tojson");
                    let all_constant = args.iter().all(|a| a.constant);
                    let folded = pure && !args.is_empty() && all_constant;
                    self.reducible |= folded;
                    let mut v = call(&name, args);
                    v.constant = folded;
                    v.compound = true;
                    return v;
                }
                match name.as_str() {
                    "true" | "false" | "null" => constant(),
                    _ => Val {
                        sources: vec![Source { path: name, dumped: false, computed: false }],
                        literal: None,
                        constant: false,
                        compound: false,
                    },
                }
            }
            Some(_) => {
                self.i += 1;
                Val::default()
            }
            None => Val::default(),
        }
    }
}

fn append(v: &mut Val, seg: &str) {
    v.literal = None;
    v.constant = false;
    for s in &mut v.sources {
        s.path.push('.');
        s.path.push_str(seg);
        s.dumped = false;
        s.computed |= v.compound;
    }
}

fn call(name: &str, args: Vec<Val>) -> Val {
    match name {
        "contains" | "startswith" | "endswith" | "success" | "always" | "failure" | "cancelled" | "hashfiles" => {
            Val::default()
        }
        "tojson" => Val {
            sources: args.into_iter().flat_map(|a| a.sources).map(|s| Source { dumped: true, ..s }).collect(),
            ..Val::default()
        },
        _ => Val { sources: args.into_iter().flat_map(|a| a.sources).collect(), ..Val::default() },
    }
}

/// The context values that can reach the text an expression (without `${{ }}`) expands to.
#[must_use]
pub(crate) fn result_sources(expr: &str) -> Vec<Source> {
    let mut p = P { toks: lex(expr), i: 0, depth: 0, reducible: false };
    let mut out = Vec::new();
    // Malformed input: keep reading so that nothing after an error is silently lost.
    while p.i < p.toks.len() {
        let before = p.i;
        out.extend(p.or().sources);
        if p.i == before {
            p.i += 1;
        }
    }
    out.dedup();
    out
}

/// A context path starting at token `i` (`a.b`, `a['b']`, `a.*`): the path and the index after it.
fn path_at(toks: &[Tok], i: usize) -> Option<(String, usize)> {
    let Some(Tok::Ident(name)) = toks.get(i) else { return None };
    if toks.get(i + 1) == Some(&Tok::LParen) || matches!(name.as_str(), "true" | "false" | "null") {
        return None;
    }
    if i > 0 && toks.get(i - 1) == Some(&Tok::Dot) {
        return None;
    }
    let mut path = name.clone();
    let mut j = i + 1;
    loop {
        match (toks.get(j), toks.get(j + 1), toks.get(j + 2)) {
            (Some(Tok::Dot), Some(Tok::Ident(s)), _) => {
                path.push('.');
                path.push_str(s);
                j += 2;
            }
            (Some(Tok::Dot), Some(Tok::Star), _) => {
                path.push_str(".*");
                j += 2;
            }
            (Some(Tok::LBrack), Some(Tok::Str(s)), Some(Tok::RBrack)) => {
                path.push('.');
                path.push_str(&s.to_ascii_lowercase());
                j += 3;
            }
            _ => break,
        }
    }
    Some((path, j))
}

/// `contains('<literal>', <context>)` calls: a substring test of a context against a fixed
/// string (`contains('main,dev', github.ref_name)` is true for `ai`). Returns the contexts.
pub(crate) fn literal_haystack_contains(expr: &str) -> Vec<String> {
    let toks = lex(expr);
    let mut out = Vec::new();
    for i in 0..toks.len() {
        let is_contains = matches!(toks.get(i), Some(Tok::Ident(n)) if n == "contains");
        if !is_contains || toks.get(i + 1) != Some(&Tok::LParen) {
            continue;
        }
        if let (Some(Tok::Str(_)), Some(Tok::Comma)) = (toks.get(i + 2), toks.get(i + 3)) {
            if let Some((path, next)) = path_at(&toks, i + 4) {
                if toks.get(next) == Some(&Tok::RParen) {
                    out.push(path);
                }
            }
        }
    }
    out
}

/// Equality tests of a context against a literal: `(context, literal)` for `ctx == 'x'` and
/// `'x' == ctx` (numbers as their text).
pub(crate) fn equality_tests(expr: &str) -> Vec<(String, String)> {
    let toks = lex(expr);
    let mut out = Vec::new();
    let lit = |t: Option<&Tok>| -> Option<String> {
        match t {
            Some(Tok::Str(s) | Tok::Num(s)) => Some(s.clone()),
            _ => None,
        }
    };
    let mut i = 0;
    while i < toks.len() {
        if let Some((path, next)) = path_at(&toks, i) {
            if toks.get(next) == Some(&Tok::Eq) {
                if let Some(l) = lit(toks.get(next + 1)) {
                    out.push((path.clone(), l));
                }
            }
            if i >= 2 && toks.get(i - 1) == Some(&Tok::Eq) {
                if let Some(l) = lit(toks.get(i - 2)) {
                    out.push((path, l));
                }
            }
            i = next;
            continue;
        }
        i += 1;
    }
    out
}

/// Whether an expression, or a part of it, computes a constant the author could have written
/// directly: no context and no status function at all (`${{ 'a' }}`, `${{ true || false }}`),
/// a call of a pure function on literals only (`format('{0}', 'abc')`), or an operator
/// between two literals. `fromJSON('…')` of a literal is the idiom for arrays and is not counted.
pub(crate) fn reducible(expr: &str) -> bool {
    let mut p = P { toks: lex(expr), i: 0, depth: 0, reducible: false };
    if p.toks.is_empty() {
        return false;
    }
    let v = p.or();
    p.reducible || (v.constant && p.i >= p.toks.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(e: &str) -> Vec<String> {
        result_sources(e).into_iter().map(|s| s.path).collect()
    }

    #[test]
    fn what_reaches_the_result() {
        assert_eq!(paths("github.event.issue.title"), ["github.event.issue.title"]);
        assert_eq!(paths("github.event['pull_request'].TITLE"), ["github.event.pull_request.title"]);
        assert_eq!(paths("github.event.commits[0].message"), ["github.event.commits.*.message"]);
        assert_eq!(paths("github.event.commits.*.message"), ["github.event.commits.*.message"]);
        assert_eq!(paths("a || b"), ["a", "b"]);
        assert_eq!(paths("a && 'x' || ''"), Vec::<String>::new());
        assert_eq!(paths("secrets.X\n && 'true'\n || 'echo \"fallback\"'"), Vec::<String>::new());
        assert_eq!(paths("github.event_name == 'push' && github.head_ref"), ["github.head_ref"]);
        assert_eq!(paths("!github.head_ref"), Vec::<String>::new());
        assert_eq!(paths("contains(github.event.issue.title, 'x')"), Vec::<String>::new());
        assert_eq!(paths("format('{0}-{1}', github.head_ref, 'x')"), ["github.head_ref"]);
        assert_eq!(
            paths("(github.event.pull_request || github.event.issue).number"),
            ["github.event.pull_request.number", "github.event.issue.number"]
        );
        assert_eq!(
            paths("fromJson(steps.runs.outputs.data).workflow_runs[0].id"),
            ["steps.runs.outputs.data.workflow_runs.*.id"]
        );
        let computed = |e: &str| result_sources(e).into_iter().map(|s| s.computed).collect::<Vec<_>>();
        assert_eq!(computed("(github.event.pull_request || github.event.issue).number"), [true, true]);
        assert_eq!(computed("fromJSON(steps.x.outputs.y).z"), [true]);
        assert_eq!(computed("(github.event.issue).title"), [false]);
        assert_eq!(computed("github.event.issue.title || 'x'"), [false]);
        let dumped = result_sources("toJSON(github.event)");
        assert!(dumped[0].dumped);
        assert_eq!(paths("'it''s' || github.head_ref"), ["github.head_ref"]);
        assert_eq!(paths("matrix.os == 'x' && 1.5 || 0"), Vec::<String>::new());
    }

    #[test]
    fn hostile_input_is_bounded() {
        let deep = "(".repeat(10_000) + "a" + &")".repeat(10_000);
        let _ = result_sources(&deep);
        let _ = result_sources(&"!".repeat(10_000));
        let _ = result_sources("a[");
        let _ = result_sources("'unterminated");
        let _ = result_sources(")))]]],,,");
        assert_eq!(result_sources(")))]]],,,"), []);
    }
}
