//! Evaluated Terraform values with provenance.
//!
//! A [`Val`] is a [`Value`] plus its provenance chain: the source locations the value flowed
//! through (tfvars line → module call argument → variable → local …), oldest first. Values that
//! cannot be known statically are [`Value::Unknown`] — never `false`, never an error. An unknown
//! may remember which reference produced it (`aws_security_group.db.id`), so facts can link
//! resources through computed attributes.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

use crate::base::source::Span;

/// Longest provenance chain kept (the oldest steps are kept).
pub const MAX_CHAIN: usize = 12;

/// One step of a value's provenance: what happened and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    /// What this location shows (`set in terraform.tfvars`, `module "db" argument`, `variable "x"`).
    /// Shared: values are copied along with their chains many times during evaluation.
    #[serde(serialize_with = "serialize_str")]
    pub what: Arc<str>,
    /// Where.
    pub span: Span,
}

fn serialize_str<S: serde::Serializer>(s: &Arc<str>, ser: S) -> Result<S::Ok, S::Error> {
    ser.serialize_str(s)
}

/// A provenance chain (shared, cheap to clone).
pub type Chain = Option<Arc<Vec<Step>>>;

/// A value with its provenance.
#[derive(Debug, Clone, PartialEq)]
pub struct Val {
    /// The value.
    pub value: Value,
    /// Provenance chain, oldest first (`None` = none: a literal written in place).
    pub prov: Chain,
}

/// A Terraform value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`
    Null,
    /// A boolean.
    Bool(bool),
    /// A number.
    Number(f64),
    /// A string.
    String(String),
    /// A list, tuple or set.
    List(Vec<Val>),
    /// A map or object; the address is set for resource objects, whose missing (computed)
    /// attributes read as unknown instead of failing.
    Object(BTreeMap<String, Val>, Option<Arc<str>>),
    /// Not knowable statically; optionally the reference that produced it.
    Unknown(Option<Arc<str>>),
    /// The JSON text of a value with unknown parts (`jsonencode({... arn = aws_x.y.arn ...})`):
    /// the text is unknown, the structure is kept for policy analysis.
    PartialJson(Box<Val>),
}

/// Three-valued truth: known true, known false, or unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Tri {
    /// Known true.
    True,
    /// Known false.
    False,
    /// Not known statically.
    Unknown,
}

impl Val {
    /// A value with no provenance.
    #[must_use]
    pub fn new(value: Value) -> Self {
        Val { value, prov: None }
    }

    /// An unknown with no reference.
    #[must_use]
    pub fn unknown() -> Self {
        Val::new(Value::Unknown(None))
    }

    /// An unknown produced by a reference.
    #[must_use]
    pub fn unknown_ref(r: &str) -> Self {
        Val::new(Value::Unknown(Some(Arc::from(r))))
    }

    /// A string.
    #[must_use]
    pub fn str(s: impl Into<String>) -> Self {
        Val::new(Value::String(s.into()))
    }

    /// A plain object.
    #[must_use]
    pub fn object(m: BTreeMap<String, Val>) -> Self {
        Val::new(Value::Object(m, None))
    }

    /// Whether the value itself is unknown (not looking inside collections).
    #[must_use]
    pub fn is_unknown(&self) -> bool {
        matches!(self.value, Value::Unknown(_) | Value::PartialJson(_))
    }

    /// Whether the value or anything inside it is unknown.
    #[must_use]
    pub fn has_unknown(&self) -> bool {
        match &self.value {
            Value::Unknown(_) | Value::PartialJson(_) => true,
            Value::List(l) => l.iter().any(Val::has_unknown),
            Value::Object(m, _) => m.values().any(Val::has_unknown),
            _ => false,
        }
    }

    /// The reference an unknown came from (`aws_security_group.db.id`).
    #[must_use]
    pub fn unknown_ref_str(&self) -> Option<&str> {
        match &self.value {
            Value::Unknown(Some(r)) => Some(r),
            _ => None,
        }
    }

    /// Truth value: booleans and the strings `"true"`/`"false"`; unknown otherwise.
    #[must_use]
    pub fn truth(&self) -> Tri {
        match &self.value {
            Value::Bool(true) => Tri::True,
            Value::Bool(false) => Tri::False,
            Value::String(s) if s == "true" => Tri::True,
            Value::String(s) if s == "false" => Tri::False,
            _ => Tri::Unknown,
        }
    }

    /// The string (numbers and booleans rendered as Terraform does).
    #[must_use]
    pub fn as_string(&self) -> Option<String> {
        match &self.value {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(fmt_number(*n)),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// The string slice, if a string.
    #[must_use]
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The number (numeric strings too).
    #[must_use]
    pub fn as_number(&self) -> Option<f64> {
        match &self.value {
            Value::Number(n) => Some(*n),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    /// The elements, if a list.
    #[must_use]
    pub fn as_list(&self) -> Option<&[Val]> {
        match &self.value {
            Value::List(l) => Some(l),
            _ => None,
        }
    }

    /// The entries, if an object/map.
    #[must_use]
    pub fn as_object(&self) -> Option<&BTreeMap<String, Val>> {
        match &self.value {
            Value::Object(m, _) => Some(m),
            _ => None,
        }
    }

    /// Look up a key in an object (with the container's provenance prepended).
    #[must_use]
    pub fn get(&self, key: &str) -> Option<Val> {
        self.as_object()?.get(key).map(|v| v.with_prefix(&self.prov))
    }

    /// The provenance steps, oldest first.
    #[must_use]
    pub fn provenance(&self) -> &[Step] {
        self.prov.as_deref().map_or(&[], Vec::as_slice)
    }

    /// This value with one more provenance step appended.
    #[must_use]
    pub fn with_step(mut self, what: impl Into<Arc<str>>, span: Span) -> Self {
        let steps = self.provenance();
        if steps.len() < MAX_CHAIN && !steps.iter().any(|s| s.span == span) {
            // Copies the chain only when another value shares it.
            let chain = self.prov.get_or_insert_with(|| Arc::new(Vec::with_capacity(1)));
            Arc::make_mut(chain).push(Step { what: what.into(), span });
        }
        self
    }

    /// This value with `prefix` steps put before its own.
    #[must_use]
    pub fn with_prefix(&self, prefix: &Chain) -> Val {
        let mut out = self.clone();
        out.prov = merge(prefix, &self.prov);
        out
    }

    /// Replace the value, keeping the provenance.
    #[must_use]
    pub fn map(&self, value: Value) -> Val {
        Val { value, prov: self.prov.clone() }
    }

    /// A value derived from `inputs`: its provenance is theirs, merged.
    #[must_use]
    pub fn derived(value: Value, inputs: &[&Val]) -> Val {
        let mut prov: Chain = None;
        for i in inputs {
            prov = merge(&prov, &i.prov);
        }
        Val { value, prov }
    }

    /// Plain JSON (unknowns become `null`; use [`Val::has_unknown`] first where that matters).
    #[must_use]
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Null | Value::Unknown(_) => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Number(n) => crate::syntax::terraform::number_json(*n),
            Value::String(s) => J::String(s.clone()),
            Value::List(l) => J::Array(l.iter().map(Val::to_json).collect()),
            Value::Object(m, _) => J::Object(m.iter().map(|(k, v)| (k.clone(), v.to_json())).collect()),
            Value::PartialJson(inner) => inner.to_json(),
        }
    }

    /// A value from JSON (no provenance).
    #[must_use]
    pub fn from_json(j: &serde_json::Value) -> Val {
        use serde_json::Value as J;
        Val::new(match j {
            J::Null => Value::Null,
            J::Bool(b) => Value::Bool(*b),
            J::Number(n) => Value::Number(n.as_f64().unwrap_or(0.0)),
            J::String(s) => Value::String(s.clone()),
            J::Array(a) => Value::List(a.iter().map(Val::from_json).collect()),
            J::Object(o) => Value::Object(o.iter().map(|(k, v)| (k.clone(), Val::from_json(v))).collect(), None),
        })
    }

    /// A short human rendering (`true`, `"staging"`, `(unknown)`, `[3 items]`).
    #[must_use]
    pub fn display(&self) -> String {
        match &self.value {
            Value::Null => "null".to_owned(),
            Value::Bool(b) => b.to_string(),
            Value::Number(n) => fmt_number(*n),
            Value::String(s) => format!("{s:?}"),
            Value::List(l) => format!("[{} items]", l.len()),
            Value::Object(m, _) => format!("{{{} keys}}", m.len()),
            Value::Unknown(_) | Value::PartialJson(_) => "(unknown)".to_owned(),
        }
    }
}

/// Merge two chains (first `a`, then the steps of `b` not already present).
#[must_use]
pub fn merge(a: &Chain, b: &Chain) -> Chain {
    match (a, b) {
        (None, x) | (x, None) => x.clone(),
        (Some(x), Some(y)) => {
            if Arc::ptr_eq(x, y) {
                return a.clone();
            }
            let mut v: Vec<Step> = x.as_ref().clone();
            for s in y.iter() {
                if v.len() >= MAX_CHAIN {
                    break;
                }
                if !v.iter().any(|t| t.span == s.span) {
                    v.push(s.clone());
                }
            }
            Some(Arc::new(v))
        }
    }
}

/// Format a number as Terraform does (integers without a fraction).
#[must_use]
pub fn fmt_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{n:.0}")
    } else {
        n.to_string()
    }
}
