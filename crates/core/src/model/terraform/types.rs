//! Variable type constraints: reading a `variable` block's `type = …` and converting input
//! values to it the way Terraform does before a module sees them — primitive conversions
//! (`"true"` → `true` for `bool`), and `optional(type, default)` attributes of object types
//! (Terraform ≥ 1.3): an omitted or null optional attribute takes its default (converted to its
//! own type, so nested defaults apply too), or `null` when it has none. Attributes the object
//! type does not declare are dropped, as Terraform drops them.
//!
//! Anything the reader does not understand is `any`: the value passes through unchanged.

use std::collections::BTreeMap;

use super::value::{fmt_number, Val, Value};
use crate::syntax::terraform::{Expr, ExprKind, ObjKey};

/// Deepest type nesting read (deeper parts are `any`).
const MAX_TYPE_DEPTH: usize = 32;

/// A type constraint.
#[derive(Debug, Clone, PartialEq)]
pub enum Ty<'e> {
    /// `any`, or a constraint not understood.
    Any,
    /// `string`
    String,
    /// `number`
    Number,
    /// `bool`
    Bool,
    /// `list(T)` or `set(T)`.
    List(Box<Ty<'e>>),
    /// `map(T)`
    Map(Box<Ty<'e>>),
    /// `tuple([A, B])`
    Tuple(Vec<Ty<'e>>),
    /// `object({ a = T, b = optional(T, default) })`
    Object(Vec<ObjAttr<'e>>),
}

/// One attribute of an object type.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjAttr<'e> {
    /// Attribute name.
    pub name: String,
    /// Its type.
    pub ty: Ty<'e>,
    /// Declared with `optional(…)`.
    pub optional: bool,
    /// The default of `optional(type, default)`.
    pub default: Option<&'e Expr>,
}

impl<'e> Ty<'e> {
    /// Read a type expression (`object({ a = optional(bool, true) })`).
    #[must_use]
    pub fn parse(e: &'e Expr) -> Ty<'e> {
        Self::parse_at(e, 0)
    }

    fn parse_at(e: &'e Expr, depth: usize) -> Ty<'e> {
        if depth > MAX_TYPE_DEPTH {
            return Ty::Any;
        }
        let d = depth + 1;
        match &e.kind {
            ExprKind::Var(n) => match n.as_str() {
                "string" => Ty::String,
                "number" => Ty::Number,
                "bool" => Ty::Bool,
                _ => Ty::Any,
            },
            ExprKind::Call(name, args, false) => match (name.as_str(), args.as_slice()) {
                ("list" | "set", [t]) => Ty::List(Box::new(Self::parse_at(t, d))),
                ("map", [t]) => Ty::Map(Box::new(Self::parse_at(t, d))),
                ("tuple", [Expr { kind: ExprKind::Array(items), .. }]) => {
                    Ty::Tuple(items.iter().map(|t| Self::parse_at(t, d)).collect())
                }
                ("object", [Expr { kind: ExprKind::Object(entries), .. }]) => Ty::Object(
                    entries
                        .iter()
                        .filter_map(|(k, t)| {
                            let name = match k {
                                ObjKey::Ident(s, _) => s.clone(),
                                ObjKey::Expr(x) => x.as_str()?.to_owned(),
                            };
                            Some(match &t.kind {
                                ExprKind::Call(o, oargs, false) if o == "optional" => ObjAttr {
                                    name,
                                    ty: oargs.first().map_or(Ty::Any, |x| Self::parse_at(x, d)),
                                    optional: true,
                                    default: oargs.get(1),
                                },
                                _ => ObjAttr { name, ty: Self::parse_at(t, d), optional: false, default: None },
                            })
                        })
                        .collect(),
                ),
                _ => Ty::Any,
            },
            _ => Ty::Any,
        }
    }

    /// Whether converting to this type can change a value (`any` cannot).
    #[must_use]
    pub fn is_any(&self) -> bool {
        matches!(self, Ty::Any)
    }

    /// Convert `v` to this type. `constant` evaluates an optional attribute's default.
    pub fn convert(&self, v: Val, constant: &dyn Fn(&Expr) -> Val) -> Val {
        self.convert_at(v, constant, 0)
    }

    fn convert_at(&self, v: Val, constant: &dyn Fn(&Expr) -> Val, depth: usize) -> Val {
        if depth > MAX_TYPE_DEPTH {
            return v;
        }
        let d = depth + 1;
        match (self, &v.value) {
            (Ty::Bool, Value::String(s)) => match s.as_str() {
                "true" => v.map(Value::Bool(true)),
                "false" => v.map(Value::Bool(false)),
                _ => v,
            },
            (Ty::Number, Value::String(s)) => s.trim().parse().map_or(v.clone(), |n| v.map(Value::Number(n))),
            (Ty::String, Value::Number(n)) => v.map(Value::String(fmt_number(*n))),
            (Ty::String, Value::Bool(b)) => v.map(Value::String(b.to_string())),
            (Ty::List(et), Value::List(items)) => {
                let out = items.iter().map(|x| et.convert_at(x.clone(), constant, d)).collect();
                v.map(Value::List(out))
            }
            (Ty::Map(et), Value::Object(m, addr)) => {
                let out = m.iter().map(|(k, x)| (k.clone(), et.convert_at(x.clone(), constant, d))).collect();
                v.map(Value::Object(out, addr.clone()))
            }
            (Ty::Tuple(ts), Value::List(items)) => {
                let out = items
                    .iter()
                    .enumerate()
                    .map(|(i, x)| match ts.get(i) {
                        Some(t) => t.convert_at(x.clone(), constant, d),
                        None => x.clone(),
                    })
                    .collect();
                v.map(Value::List(out))
            }
            (Ty::Object(attrs), Value::Object(m, addr)) => {
                let mut out = BTreeMap::new();
                for a in attrs {
                    let given = m.get(&a.name).filter(|x| !(a.optional && matches!(x.value, Value::Null)));
                    let x = match (given, a.default) {
                        (Some(x), _) => a.ty.convert_at(x.clone(), constant, d),
                        (None, Some(def)) if a.optional => a.ty.convert_at(
                            constant(def).with_step(format!("default of optional attribute \"{}\"", a.name), def.span),
                            constant,
                            d,
                        ),
                        (None, _) if a.optional => Val::new(Value::Null),
                        // A required attribute is missing: Terraform rejects the input; leave it
                        // out so reading it is unknown.
                        (None, _) => continue,
                    };
                    out.insert(a.name.clone(), x);
                }
                v.map(Value::Object(out, addr.clone()))
            }
            _ => v,
        }
    }
}
