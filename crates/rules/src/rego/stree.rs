//! A spanned plain-data tree: the conftest-shaped value of a file, with the source span of every
//! node (and of every object key) kept beside it.
//!
//! Policies see only the plain JSON ([`STree::to_json`]); the engine keeps the tree to turn a
//! result's input path back into a span ([`STree::resolve`]), or — for conftest policies that
//! return bare messages — to trace the message to the node it talks about ([`STree::trace`]).

use infra_lint_core::parse::node::{Node, Value as NValue};
use infra_lint_core::Span;
use serde_json::Value as J;

/// A value with its span and, when it is an object member, its key's span.
#[derive(Debug, Clone, PartialEq)]
pub struct STree {
    /// Span of the value.
    pub span: Span,
    /// Span of the key this value is stored under, if any.
    pub key_span: Option<Span>,
    /// The value.
    pub v: SVal,
}

/// The value of an [`STree`] node.
#[derive(Debug, Clone, PartialEq)]
pub enum SVal {
    /// A scalar (null, bool, number, string).
    Scalar(J),
    /// An array.
    Arr(Vec<STree>),
    /// An object, members in source order (later duplicates win in the plain JSON).
    Obj(Vec<(String, STree)>),
}

/// One step of a path into the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    /// An object key.
    Key(String),
    /// An array index.
    Index(usize),
}

impl STree {
    /// A scalar node.
    #[must_use]
    pub fn scalar(span: Span, v: J) -> Self {
        Self { span, key_span: None, v: SVal::Scalar(v) }
    }

    /// An array node.
    #[must_use]
    pub fn arr(span: Span, items: Vec<STree>) -> Self {
        Self { span, key_span: None, v: SVal::Arr(items) }
    }

    /// An object node.
    #[must_use]
    pub fn obj(span: Span, members: Vec<(String, STree)>) -> Self {
        Self { span, key_span: None, v: SVal::Obj(members) }
    }

    /// Set the key span.
    #[must_use]
    pub fn with_key(mut self, key_span: Span) -> Self {
        self.key_span = Some(key_span);
        self
    }

    /// Convert a spanned [`Node`] from the YAML/TOML/JSON loaders.
    #[must_use]
    pub fn from_node(n: &Node) -> Self {
        match &n.value {
            NValue::Seq(items) => Self::arr(n.span, items.iter().map(Self::from_node).collect()),
            NValue::Map(entries) => Self::obj(
                n.span,
                entries
                    .iter()
                    .map(|(k, v)| (k.scalar_text().unwrap_or_default(), Self::from_node(v).with_key(k.span)))
                    .collect(),
            ),
            _ => Self::scalar(n.span, n.to_plain_json()),
        }
    }

    /// The plain JSON value (what a policy sees).
    #[must_use]
    pub fn to_json(&self) -> J {
        match &self.v {
            SVal::Scalar(v) => v.clone(),
            SVal::Arr(items) => J::Array(items.iter().map(STree::to_json).collect()),
            SVal::Obj(members) => J::Object(members.iter().map(|(k, v)| (k.clone(), v.to_json())).collect()),
        }
    }

    /// Follow a path; the deepest node reached is returned with how many segments matched.
    #[must_use]
    pub fn resolve(&self, path: &[Seg]) -> (&STree, usize) {
        let mut cur = self;
        for (i, seg) in path.iter().enumerate() {
            let next = match (&cur.v, seg) {
                // Later duplicates win, as in the plain JSON.
                (SVal::Obj(m), Seg::Key(k)) => m.iter().rev().find(|(mk, _)| mk == k).map(|(_, v)| v),
                (SVal::Arr(a), Seg::Index(ix)) => a.get(*ix),
                (SVal::Arr(a), Seg::Key(k)) => k.parse::<usize>().ok().and_then(|ix| a.get(ix)),
                _ => None,
            };
            match next {
                Some(n) => cur = n,
                None => return (cur, i),
            }
        }
        (cur, path.len())
    }

    /// The span to report for this node: a scalar's own span; for a collection reached through a
    /// key, the key (the line a reader looks at); otherwise the collection's span.
    #[must_use]
    pub fn report_span(&self) -> Span {
        match (&self.v, self.key_span) {
            (SVal::Scalar(_), _) | (_, None) => self.span,
            (_, Some(k)) => k,
        }
    }

    /// Trace a bare message to the node it most likely talks about: values quoted in the message
    /// weigh most (longer values more), then the node's own key, then its ancestors' keys.
    /// Returns the node's report span and its key path, or `None` when nothing matches well enough.
    #[must_use]
    pub fn trace(&self, msg: &str) -> Option<(Span, Vec<Seg>)> {
        let lower = msg.to_lowercase();
        let mut best: Option<(u32, usize, Span, Vec<Seg>)> = None;
        let mut path = Vec::new();
        self.trace_walk(&lower, &mut path, 0, &mut best);
        best.filter(|b| b.0 >= 2).map(|(_, _, span, path)| (span, path))
    }

    fn trace_walk(
        &self,
        msg: &str,
        path: &mut Vec<Seg>,
        ancestors: u32,
        best: &mut Option<(u32, usize, Span, Vec<Seg>)>,
    ) {
        let key = match path.last() {
            Some(Seg::Key(k)) => Some(k.to_lowercase()),
            _ => None,
        };
        let key_hit = match &key {
            Some(k) if k.chars().count() >= 3 && word_in(msg, k) => 2,
            _ => 0,
        };
        // Values of naming keys (`name`, `app` …) identify the subject of a message, not the
        // offending setting: they count like an ancestor.
        let naming = key.as_deref().is_some_and(|k| NAMING_KEYS.contains(&k));
        let value_hit = match &self.v {
            SVal::Scalar(J::String(s)) if s.chars().count() >= 2 && word_in(msg, &s.to_lowercase()) => {
                if naming {
                    1
                } else {
                    3 + u32::try_from(s.chars().count() / 4).unwrap_or(5).min(5)
                }
            }
            SVal::Scalar(J::Bool(b)) if key_hit > 0 && word_in(msg, if *b { "true" } else { "false" }) => 1,
            SVal::Scalar(J::Number(n)) => {
                let t = n.to_string();
                if t.len() >= 2 && word_in(msg, &t) {
                    3
                } else {
                    0
                }
            }
            _ => 0,
        };
        let score = value_hit + key_hit + ancestors;
        if score > 0 {
            let depth = path.len();
            let better = match best {
                None => true,
                Some((s, d, _, _)) => score > *s || (score == *s && depth > *d),
            };
            if better {
                let span = if value_hit > 1 { self.span } else { self.key_span.unwrap_or_else(|| self.report_span()) };
                *best = Some((score, depth, span, path.clone()));
            }
        }
        let below = ancestors + u32::from(key_hit > 0);
        match &self.v {
            SVal::Scalar(_) => {}
            SVal::Arr(items) => {
                for (i, it) in items.iter().enumerate() {
                    path.push(Seg::Index(i));
                    it.trace_walk(msg, path, below, best);
                    path.pop();
                }
            }
            SVal::Obj(members) => {
                for (k, v) in members {
                    path.push(Seg::Key(k.clone()));
                    v.trace_walk(msg, path, below, best);
                    path.pop();
                }
            }
        }
    }
}

/// Keys whose values name things rather than configure them.
const NAMING_KEYS: [&str; 7] = ["name", "app", "app_name", "id", "title", "container_name", "hostname"];

/// Whether `needle` occurs in `hay` as a whole word (no identifier character on either side
/// where the needle itself starts/ends with one).
fn word_in(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let first_word = needle.chars().next().is_some_and(is_word);
    let last_word = needle.chars().last().is_some_and(is_word);
    let mut from = 0;
    while let Some(pos) = hay.get(from..).and_then(|h| h.find(needle)) {
        let start = from + pos;
        let end = start + needle.len();
        let before_ok = !first_word || hay.get(..start).and_then(|s| s.chars().last()).is_none_or(|c| !is_word(c));
        let after_ok = !last_word || hay.get(end..).and_then(|s| s.chars().next()).is_none_or(|c| !is_word(c));
        if before_ok && after_ok {
            return true;
        }
        from = start + needle.chars().next().map_or(1, char::len_utf8);
    }
    false
}

/// Parse a path from a policy result (`["services", "web", 0]` or `"services.web"`).
#[must_use]
pub fn path_from_json(v: &J) -> Option<Vec<Seg>> {
    match v {
        J::Array(items) => items
            .iter()
            .map(|it| match it {
                J::String(s) => Some(Seg::Key(s.clone())),
                J::Number(n) => n.as_u64().and_then(|u| usize::try_from(u).ok()).map(Seg::Index),
                _ => None,
            })
            .collect(),
        J::String(s) if !s.is_empty() => Some(s.split('.').map(|p| Seg::Key(p.to_owned())).collect()),
        _ => None,
    }
}

/// A path as a dotted key (`services.web.ports[0]`), used for fingerprints.
#[must_use]
pub fn path_key(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Index(i) => {
                out.push('[');
                out.push_str(&i.to_string());
                out.push(']');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use infra_lint_core::FileId;

    fn sp(a: usize, b: usize) -> Span {
        Span::new(FileId(0), a, b)
    }

    fn sample() -> STree {
        let web = STree::obj(
            sp(10, 60),
            vec![
                ("image".into(), STree::scalar(sp(20, 32), J::from("nginx:latest")).with_key(sp(13, 18))),
                ("privileged".into(), STree::scalar(sp(45, 49), J::from(true)).with_key(sp(33, 43))),
            ],
        )
        .with_key(sp(5, 8));
        STree::obj(
            sp(0, 60),
            vec![("services".into(), STree::obj(sp(5, 60), vec![("web".into(), web)]).with_key(sp(0, 8)))],
        )
    }

    #[test]
    fn resolves_paths_and_reports_keys_for_collections() {
        let t = sample();
        let (n, matched) = t.resolve(&[Seg::Key("services".into()), Seg::Key("web".into()), Seg::Key("image".into())]);
        assert_eq!(matched, 3);
        assert_eq!(n.report_span(), sp(20, 32));
        let (n, _) = t.resolve(&[Seg::Key("services".into()), Seg::Key("web".into())]);
        assert_eq!(n.report_span(), sp(5, 8));
        let (_, matched) = t.resolve(&[Seg::Key("services".into()), Seg::Key("nope".into())]);
        assert_eq!(matched, 1);
    }

    #[test]
    fn traces_messages_to_values_and_keys() {
        let t = sample();
        let (span, path) = t.trace("image nginx:latest uses the latest tag").unwrap();
        assert_eq!(span, sp(20, 32));
        assert_eq!(path_key(&path), "services.web.image");
        let (span, _) = t.trace("service web must not be privileged").unwrap();
        assert_eq!(span, sp(33, 43));
        assert!(t.trace("something unrelated").is_none());
    }

    #[test]
    fn word_boundaries() {
        assert!(word_in("uses web here", "web"));
        assert!(!word_in("uses website here", "web"));
        assert!(word_in("x nginx:latest.", "nginx:latest"));
        assert!(!word_in("", "a"));
    }

    #[test]
    fn plain_json_and_paths() {
        let t = sample();
        assert_eq!(t.to_json()["services"]["web"]["privileged"], J::Bool(true));
        let p = path_from_json(&serde_json::json!(["a", 1, "b"])).unwrap();
        assert_eq!(path_key(&p), "a[1].b");
        assert_eq!(path_from_json(&serde_json::json!("a.b")).unwrap().len(), 2);
        assert!(path_from_json(&serde_json::json!([true])).is_none());
    }
}
