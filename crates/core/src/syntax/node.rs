//! A generic spanned data tree shared by the YAML, TOML and JSON parsers.
//!
//! Every node (and every mapping key) carries the [`Span`] of its source text, so a rule or a
//! policy that finds something in the tree can point at the exact bytes.

use serde::{Serialize, Serializer};

use crate::base::source::Span;

/// A value with its source span.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Source span of the value (for a scalar: the scalar's text, quotes included).
    pub span: Span,
    /// The value.
    pub value: Value,
}

/// A generic data value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null` / `~` / empty.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// A string (for YAML: any scalar that is not null/bool/number, and the raw text for those
    /// where the distinction matters is available through the span).
    Str(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping in source order; keys are nodes too (with their own spans).
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// A new node.
    #[must_use]
    pub fn new(span: Span, value: Value) -> Self {
        Self { span, value }
    }

    /// The string value, if a string.
    #[must_use]
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The scalar rendered as text (strings, numbers, booleans); `None` for null and collections.
    #[must_use]
    pub fn scalar_text(&self) -> Option<String> {
        match &self.value {
            Value::Str(s) => Some(s.clone()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(f.to_string()),
            _ => None,
        }
    }

    /// The boolean value, if a boolean (or the strings `true`/`false`).
    #[must_use]
    pub fn as_bool(&self) -> Option<bool> {
        match &self.value {
            Value::Bool(b) => Some(*b),
            Value::Str(s) if s.eq_ignore_ascii_case("true") => Some(true),
            Value::Str(s) if s.eq_ignore_ascii_case("false") => Some(false),
            _ => None,
        }
    }

    /// The integer value, if an integer (or an integer-looking string).
    #[must_use]
    pub fn as_i64(&self) -> Option<i64> {
        match &self.value {
            Value::Int(i) => Some(*i),
            Value::Str(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    /// The items, if a sequence.
    #[must_use]
    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(v) => Some(v),
            _ => None,
        }
    }

    /// The entries, if a mapping.
    #[must_use]
    pub fn as_map(&self) -> Option<&[(Node, Node)]> {
        match &self.value {
            Value::Map(v) => Some(v),
            _ => None,
        }
    }

    /// Look up a string key in a mapping.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|(_, v)| v)
    }

    /// Look up a string key in a mapping, returning the key node too.
    #[must_use]
    pub fn entry(&self, key: &str) -> Option<(&Node, &Node)> {
        self.as_map()?.iter().find(|(k, _)| k.as_str() == Some(key)).map(|(k, v)| (k, v))
    }

    /// Follow a path of string keys.
    #[must_use]
    pub fn path(&self, keys: &[&str]) -> Option<&Node> {
        keys.iter().try_fold(self, |n, k| n.get(k))
    }

    /// Whether the value is null.
    #[must_use]
    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    /// Plain JSON without spans (conftest-style input).
    #[must_use]
    pub fn to_plain_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Int(i) => J::from(*i),
            Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
            Value::Str(s) => J::String(s.clone()),
            Value::Seq(v) => J::Array(v.iter().map(Node::to_plain_json).collect()),
            Value::Map(m) => {
                J::Object(m.iter().map(|(k, v)| (k.scalar_text().unwrap_or_default(), v.to_plain_json())).collect())
            }
        }
    }
}

/// Serialized with spans: scalars become `{"_loc": span, "value": v}`, mappings
/// `{"_loc": span, "entries": [{"key", "key_loc", "value"}]}`, sequences `{"_loc", "items"}`.
impl Serialize for Node {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("_loc", &self.span)?;
        match &self.value {
            Value::Null => m.serialize_entry("value", &())?,
            Value::Bool(b) => m.serialize_entry("value", b)?,
            Value::Int(i) => m.serialize_entry("value", i)?,
            Value::Float(f) => m.serialize_entry("value", f)?,
            Value::Str(v) => m.serialize_entry("value", v)?,
            Value::Seq(v) => m.serialize_entry("items", v)?,
            Value::Map(entries) => {
                #[derive(Serialize)]
                struct E<'a> {
                    key: String,
                    key_loc: Span,
                    value: &'a Node,
                }
                let es: Vec<E<'_>> = entries
                    .iter()
                    .map(|(k, v)| E { key: k.scalar_text().unwrap_or_default(), key_loc: k.span, value: v })
                    .collect();
                m.serialize_entry("entries", &es)?;
            }
        }
        m.end()
    }
}
