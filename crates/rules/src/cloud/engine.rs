//! The declarative check engine: a check is a row of a table (id, severity, resource types, a
//! condition over the evaluated resource, message, fix, docs, peer ids). Checks are dispatched
//! by resource type: one pass over the Terraform instances, each instance looked up in a map from
//! type to the checks that apply to it (built once per run from the selected checks).
//!
//! A condition describes the *violation*. It evaluates three-valued over a resource body or a
//! nested object: unknown values never fire. A finding points at the attribute that decided the
//! condition, or at the header of the innermost block when the decisive attribute is missing.

use std::collections::HashMap;

use infra_lint_core::terraform::{EvalBody, Obj, ResourceInstance, Tri, Val, Value};
use infra_lint_core::Span;

/// A condition over a resource (or nested object). Paths are dot-separated: the last segment is
/// an attribute, the earlier ones nested blocks/objects (the first of each).
#[derive(Debug, Clone, Copy)]
pub enum Cond {
    /// The attribute is set (not null). Unknown values count as set.
    Set(&'static str),
    /// The attribute is known true (`true`, `"true"`).
    True(&'static str),
    /// The attribute is known false.
    False(&'static str),
    /// The attribute's string (or number/bool rendering) equals this, ignoring ASCII case.
    Eq(&'static str, &'static str),
    /// The attribute's string is one of these (ignoring ASCII case).
    In(&'static str, &'static [&'static str]),
    /// The attribute's string starts with this prefix (ignoring ASCII case).
    Prefix(&'static str, &'static str),
    /// The attribute's string contains this substring, or its list holds an element equal to it
    /// (ignoring ASCII case).
    Contains(&'static str, &'static str),
    /// The attribute is a number below this.
    Lt(&'static str, f64),
    /// The attribute is a number above this.
    Gt(&'static str, f64),
    /// The attribute is an empty list / map / string.
    Empty(&'static str),
    /// At least one nested object at this path exists.
    Has(&'static str),
    /// Some nested object at this path satisfies the condition.
    Any(&'static str, &'static Cond),
    /// Every nested object at this path satisfies the condition (false when there is none).
    All(&'static str, &'static Cond),
    /// The attribute (string or list) holds a world-open CIDR (`0.0.0.0/0`, `::/0`, `*`, `Internet`, `any`).
    OpenCidr(&'static str),
    /// A resource of one of `types` in the same root references this one through the attribute
    /// `via` (`bucket = aws_s3_bucket.b.id`, or a value read from this resource), and satisfies
    /// `cond` when given. An empty `via`: any such resource of the root (account-wide settings).
    Related {
        /// Types of the referencing resource.
        types: &'static [&'static str],
        /// Its attribute holding the reference (a path).
        via: &'static str,
        /// What it must satisfy.
        cond: Option<&'static Cond>,
    },
    /// The resource this one references through `via` (a resource of one of `types`) satisfies
    /// `cond` (`bucket = aws_s3_bucket.logs.id` → the bucket is a log bucket).
    Target {
        /// Types of the referenced resource.
        types: &'static [&'static str],
        /// This resource's attribute holding the reference (a path).
        via: &'static str,
        /// What the referenced resource must satisfy.
        cond: &'static Cond,
    },
    /// The resource is of this type (for checks spanning several types).
    Type(&'static str),
    /// Negation (locating at the inner condition's attribute, or the header).
    Not(&'static Cond),
    /// All hold (locating at the last located one).
    And(&'static [Cond]),
    /// Any holds (locating at the first that holds).
    Or(&'static [Cond]),
    /// A condition written in code, for what the table cannot say (policy documents…).
    Code(fn(&Ctx<'_>, &Scope<'_>) -> Hit),
}

/// A condition's outcome: its truth and the location that decided it (None: at the header).
#[derive(Debug, Clone)]
pub struct Hit {
    /// Truth.
    pub tri: Tri,
    /// The deciding attribute's span.
    pub span: Option<Span>,
    /// The deciding value (for provenance).
    pub val: Option<Val>,
    /// An extra detail for the message (`0.0.0.0/0`, the offending action …).
    pub detail: Option<String>,
}

impl Hit {
    /// A plain truth with no location.
    #[must_use]
    pub fn tri(tri: Tri) -> Self {
        Hit { tri, span: None, val: None, detail: None }
    }
    /// Known false, no location.
    #[must_use]
    pub fn no() -> Self {
        Hit::tri(Tri::False)
    }
    /// Known true at a location.
    #[must_use]
    pub fn at(span: Span, val: Option<Val>, detail: Option<String>) -> Self {
        Hit { tri: Tri::True, span: Some(span), val, detail }
    }
    fn located(tri: Tri, span: Option<Span>, val: Option<Val>) -> Self {
        Hit { tri, span, val, detail: None }
    }
}

/// What a condition is evaluated on: a resource body or a nested object.
#[derive(Debug, Clone)]
pub enum Scope<'a> {
    /// A resource's body with its header span.
    Body(&'a EvalBody, Span),
    /// A nested object.
    Obj(Obj<'a>),
}

impl<'a> Scope<'a> {
    /// An attribute: value and span.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<(Val, Span)> {
        let got = match self {
            Scope::Body(b, _) => b.attr(name).map(|a| (a.value.clone(), a.span)),
            Scope::Obj(o) => o.get(name),
        };
        got.filter(|(v, _)| !matches!(v.value, Value::Null))
    }

    /// An attribute at a dotted path (through the first nested object of each segment).
    #[must_use]
    pub fn get_path(&self, path: &str) -> Option<(Val, Span)> {
        match self.walk(path) {
            Ok((s, last)) => s.get(last),
            Err(_) => None,
        }
    }

    /// Nested objects.
    #[must_use]
    pub fn objects(&self, name: &str) -> Vec<Scope<'a>> {
        match self {
            Scope::Body(b, _) => b.objects(name).into_iter().map(Scope::Obj).collect(),
            Scope::Obj(Obj::Block(b)) => b.body.objects(name).into_iter().map(Scope::Obj).collect(),
            Scope::Obj(Obj::Value { val, span }) => match val.get(name) {
                Some(v) => match &v.value {
                    Value::List(l) => {
                        l.iter().map(|x| Scope::Obj(Obj::Value { val: x.with_prefix(&v.prov), span: *span })).collect()
                    }
                    Value::Object(..) => vec![Scope::Obj(Obj::Value { val: v, span: *span })],
                    _ => Vec::new(),
                },
                None => Vec::new(),
            },
        }
    }

    /// The span to report when an attribute of this scope is missing.
    #[must_use]
    pub fn header(&self) -> Span {
        match self {
            Scope::Body(_, h) => *h,
            Scope::Obj(Obj::Block(b)) => b.header,
            Scope::Obj(o) => o.span(),
        }
    }

    /// Follow a dotted path: the scope holding the last segment, and that segment; `Err` with the
    /// deepest scope reached when an intermediate object is missing.
    fn walk<'p>(&self, path: &'p str) -> Result<(Scope<'a>, &'p str), Scope<'a>> {
        match path.split_once('.') {
            None => Ok((self.clone(), path)),
            Some((first, rest)) => {
                let mut objs = self.objects(first);
                if objs.is_empty() {
                    return Err(self.clone());
                }
                objs.swap_remove(0).walk(rest)
            }
        }
    }
}

/// What a condition can see besides its scope: the resource and the model's instances by type.
pub struct Ctx<'a> {
    /// The resource being checked.
    pub res: &'a ResourceInstance,
    /// Managed instances by type.
    pub by_type: &'a HashMap<&'a str, Vec<&'a ResourceInstance>>,
    /// Every instance by (root, address).
    pub by_addr: &'a HashMap<(&'a str, &'a str), &'a ResourceInstance>,
}

fn string_of(v: &Val) -> Option<String> {
    v.as_string()
}

fn leaf(scope: &Scope<'_>, path: &str) -> (Option<(Val, Span)>, Span) {
    match scope.walk(path) {
        Ok((s, last)) => {
            let h = s.header();
            (s.get(last), h)
        }
        Err(s) => (None, s.header()),
    }
}

/// Compare the attribute's value (or, for lists, any element) with a predicate on strings.
fn str_pred(scope: &Scope<'_>, path: &str, pred: &dyn Fn(&str) -> bool) -> Hit {
    let (got, _) = leaf(scope, path);
    let Some((v, span)) = got else { return Hit::no() };
    if v.is_unknown() {
        return Hit::located(Tri::Unknown, Some(span), Some(v));
    }
    match string_of(&v) {
        Some(s) => {
            if pred(&s) {
                Hit { tri: Tri::True, span: Some(span), detail: Some(s), val: Some(v) }
            } else {
                Hit::located(Tri::False, Some(span), Some(v))
            }
        }
        None => Hit::located(Tri::Unknown, Some(span), Some(v)),
    }
}

fn open_cidr(s: &str) -> bool {
    let s = s.trim();
    matches!(s, "0.0.0.0/0" | "::/0" | "*" | "0.0.0.0" | "/0" | "0::/0")
        || s.eq_ignore_ascii_case("internet")
        || s.eq_ignore_ascii_case("any")
}

/// Whether `v` (a string or list of strings) holds something matching `pred`; unknown when it
/// holds unknowns and nothing matched.
fn val_any(v: &Val, pred: &dyn Fn(&str) -> bool) -> (Tri, Option<String>) {
    match &v.value {
        Value::List(l) => {
            let mut unknown = false;
            for x in l {
                match val_any(x, pred) {
                    (Tri::True, d) => return (Tri::True, d),
                    (Tri::Unknown, _) => unknown = true,
                    _ => {}
                }
            }
            (if unknown { Tri::Unknown } else { Tri::False }, None)
        }
        Value::Unknown(_) | Value::PartialJson(_) => (Tri::Unknown, None),
        _ => match v.as_string() {
            Some(s) if pred(&s) => (Tri::True, Some(s)),
            Some(_) => (Tri::False, None),
            None => (Tri::Unknown, None),
        },
    }
}

/// Whether `r`'s attribute at `via` refers to `target` (by reference, or by a value that flowed
/// from one of the target's attributes).
fn refers_to(r: &ResourceInstance, via: &str, target: &ResourceInstance) -> bool {
    if r.root != target.root {
        return false;
    }
    if via.is_empty() {
        return true;
    }
    let scope = Scope::Body(&r.body, r.header_span);
    let (got, _) = leaf(&scope, via);
    let Some((v, _)) = got else { return false };
    if val_refers(&v, &target.address) {
        return true;
    }
    // A value taken from another resource of the target's type names that one, not this one
    // (several resources may share a literal name).
    if val_refers_type(&v, &target.r#type) {
        return false;
    }
    // Both written as the same literal name (`bucket = "logs"` on each).
    let last = via.rsplit('.').next().unwrap_or(via);
    v.as_str().is_some_and(|s| {
        [last, "bucket", "name", "id", "arn"]
            .iter()
            .any(|k| target.attr(k).and_then(|a| a.value.as_str().map(|t| t == s)).unwrap_or(false))
    })
}

/// Whether `r`'s attribute at `via` is unknown without saying what it refers to.
fn opaque(r: &ResourceInstance, via: &str) -> bool {
    if via.is_empty() {
        return false;
    }
    let scope = Scope::Body(&r.body, r.header_span);
    let (got, _) = leaf(&scope, via);
    let Some((v, _)) = got else { return false };
    fn blind(v: &Val) -> bool {
        match &v.value {
            Value::Unknown(None) => true,
            Value::List(l) => l.iter().any(blind),
            _ => false,
        }
    }
    blind(&v)
}

fn val_refers_type(v: &Val, ty: &str) -> bool {
    let dotted = format!(".{ty}.");
    let hit = |s: &str| (s.starts_with(ty) && s[ty.len()..].starts_with('.')) || s.contains(&dotted);
    v.unknown_ref_str().is_some_and(hit)
        || v.provenance().iter().any(|s| hit(&s.what))
        || matches!(&v.value, Value::List(l) if l.iter().any(|x| val_refers_type(x, ty)))
}

fn val_refers(v: &Val, addr: &str) -> bool {
    let hit = |s: &str| s.strip_prefix(addr).is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']));
    if let Some(r) = v.unknown_ref_str() {
        if hit(r) {
            return true;
        }
    }
    if v.provenance().iter().any(|s| hit(&s.what)) {
        return true;
    }
    match &v.value {
        Value::List(l) => l.iter().any(|x| val_refers(x, addr)),
        _ => false,
    }
}

impl Cond {
    /// Evaluate on a scope.
    #[must_use]
    pub fn eval(&self, ctx: &Ctx<'_>, scope: &Scope<'_>) -> Hit {
        match *self {
            Cond::Set(p) => {
                let (got, _) = leaf(scope, p);
                match got {
                    Some((v, span)) => Hit::located(Tri::True, Some(span), Some(v)),
                    None => Hit::no(),
                }
            }
            Cond::True(p) | Cond::False(p) => {
                let want = matches!(self, Cond::True(_));
                let (got, _) = leaf(scope, p);
                let Some((v, span)) = got else { return Hit::no() };
                let tri = match v.truth() {
                    Tri::True if want => Tri::True,
                    Tri::False if !want => Tri::True,
                    Tri::Unknown => Tri::Unknown,
                    _ => Tri::False,
                };
                let detail = v.as_string();
                Hit { tri, span: Some(span), val: Some(v), detail }
            }
            Cond::Eq(p, s) => str_pred(scope, p, &|x| x.eq_ignore_ascii_case(s)),
            Cond::In(p, set) => str_pred(scope, p, &|x| set.iter().any(|s| x.eq_ignore_ascii_case(s))),
            Cond::Prefix(p, pre) => str_pred(scope, p, &|x| {
                x.len() >= pre.len() && x.is_char_boundary(pre.len()) && x[..pre.len()].eq_ignore_ascii_case(pre)
            }),
            Cond::Contains(p, needle) => {
                let (got, _) = leaf(scope, p);
                let Some((v, span)) = got else { return Hit::no() };
                let (tri, detail) = match &v.value {
                    Value::List(_) => val_any(&v, &|x| x.eq_ignore_ascii_case(needle)),
                    _ => val_any(&v, &|x| x.to_ascii_lowercase().contains(&needle.to_ascii_lowercase())),
                };
                Hit { tri, span: Some(span), val: Some(v), detail }
            }
            Cond::Lt(p, n) | Cond::Gt(p, n) => {
                let lt = matches!(self, Cond::Lt(..));
                let (got, _) = leaf(scope, p);
                let Some((v, span)) = got else { return Hit::no() };
                match v.as_number() {
                    Some(x) => {
                        let t = if lt { x < n } else { x > n };
                        Hit {
                            tri: if t { Tri::True } else { Tri::False },
                            span: Some(span),
                            detail: v.as_string(),
                            val: Some(v),
                        }
                    }
                    None => Hit::located(Tri::Unknown, Some(span), Some(v)),
                }
            }
            Cond::Empty(p) => {
                let (got, _) = leaf(scope, p);
                let Some((v, span)) = got else { return Hit::no() };
                let tri = match &v.value {
                    Value::List(l) => {
                        if l.is_empty() {
                            Tri::True
                        } else {
                            Tri::False
                        }
                    }
                    Value::Object(m, _) => {
                        if m.is_empty() {
                            Tri::True
                        } else {
                            Tri::False
                        }
                    }
                    Value::String(s) => {
                        if s.trim().is_empty() {
                            Tri::True
                        } else {
                            Tri::False
                        }
                    }
                    Value::Unknown(_) | Value::PartialJson(_) => Tri::Unknown,
                    _ => Tri::False,
                };
                Hit::located(tri, Some(span), Some(v))
            }
            Cond::Has(p) => {
                let (parent, last) = match p.rsplit_once('.') {
                    Some((a, b)) => (Some(a), b),
                    None => (None, p),
                };
                let objs_of = |s: &Scope<'_>| -> Hit {
                    let objs = s.objects(last);
                    match objs.first() {
                        Some(o) => Hit::located(Tri::True, Some(o.header()), None),
                        None => match s.get(last) {
                            // set to something unknown (a variable holding the block's object)
                            Some((v, span)) if v.is_unknown() => Hit::located(Tri::Unknown, Some(span), Some(v)),
                            _ => Hit::no(),
                        },
                    }
                };
                match parent {
                    None => objs_of(scope),
                    Some(pp) => match scope.walk(&format!("{pp}.x")) {
                        Ok((s, _)) => objs_of(&s),
                        Err(_) => Hit::no(),
                    },
                }
            }
            Cond::Any(p, c) | Cond::All(p, c) => {
                let all = matches!(self, Cond::All(..));
                let objs = objects_at(scope, p);
                if objs.is_empty() {
                    return Hit::no();
                }
                let mut unknown = false;
                let mut last = None;
                for o in &objs {
                    let h = c.eval(ctx, o);
                    match (h.tri, all) {
                        (Tri::True, false) => return h,
                        (Tri::False, true) => return Hit::located(Tri::False, h.span, h.val),
                        (Tri::Unknown, _) => unknown = true,
                        (Tri::True, true) => last = Some(h),
                        _ => {}
                    }
                }
                if unknown {
                    Hit::tri(Tri::Unknown)
                } else if all {
                    last.unwrap_or_else(|| Hit::tri(Tri::True))
                } else {
                    Hit::no()
                }
            }
            Cond::OpenCidr(p) => {
                let (got, _) = leaf(scope, p);
                let Some((v, span)) = got else { return Hit::no() };
                let (tri, detail) = val_any(&v, &open_cidr);
                Hit { tri, span: Some(span), val: Some(v), detail }
            }
            Cond::Related { types, via, cond } => {
                let mut unknown = false;
                for t in types {
                    for r in ctx.by_type.get(t).into_iter().flatten() {
                        if !refers_to(r, via, ctx.res) {
                            // A reference that cannot be followed (an output of another module,
                            // a variable) may be to this resource: not known either way.
                            unknown |= r.root == ctx.res.root && opaque(r, via);
                            continue;
                        }
                        let Some(c) = cond else { return Hit::tri(Tri::True) };
                        let sub = Ctx { res: r, by_type: ctx.by_type, by_addr: ctx.by_addr };
                        match c.eval(&sub, &Scope::Body(&r.body, r.header_span)).tri {
                            Tri::True => return Hit::tri(Tri::True),
                            Tri::Unknown => unknown = true,
                            Tri::False => {}
                        }
                    }
                }
                Hit::tri(if unknown { Tri::Unknown } else { Tri::False })
            }
            Cond::Target { types, via, cond } => {
                let mut unknown = false;
                for t in types {
                    for r in ctx.by_type.get(t).into_iter().flatten() {
                        if !refers_to(ctx.res, via, r) {
                            continue;
                        }
                        let sub = Ctx { res: r, by_type: ctx.by_type, by_addr: ctx.by_addr };
                        match cond.eval(&sub, &Scope::Body(&r.body, r.header_span)).tri {
                            Tri::True => return Hit::tri(Tri::True),
                            Tri::Unknown => unknown = true,
                            Tri::False => {}
                        }
                    }
                }
                // A reference that cannot be followed (another module's output, a variable) may
                // be to a matching resource: not known either way.
                unknown |= opaque(ctx.res, via);
                Hit::tri(if unknown { Tri::Unknown } else { Tri::False })
            }
            Cond::Type(t) => Hit::tri(if ctx.res.r#type == t { Tri::True } else { Tri::False }),
            Cond::Not(c) => {
                let h = c.eval(ctx, scope);
                let tri = match h.tri {
                    Tri::True => Tri::False,
                    Tri::False => Tri::True,
                    Tri::Unknown => Tri::Unknown,
                };
                Hit { tri, ..h }
            }
            Cond::And(cs) => {
                let mut out = Hit::tri(Tri::True);
                for c in cs {
                    let h = c.eval(ctx, scope);
                    match h.tri {
                        Tri::False => return h,
                        Tri::Unknown => out.tri = Tri::Unknown,
                        Tri::True => {
                            if h.span.is_some() || out.span.is_none() {
                                let tri = out.tri;
                                out = Hit { tri, ..h };
                            }
                        }
                    }
                }
                out
            }
            Cond::Or(cs) => {
                let mut unknown = false;
                let mut last = Hit::no();
                for c in cs {
                    let h = c.eval(ctx, scope);
                    match h.tri {
                        Tri::True => return h,
                        Tri::Unknown => unknown = true,
                        Tri::False => last = h,
                    }
                }
                if unknown {
                    Hit::tri(Tri::Unknown)
                } else {
                    last
                }
            }
            Cond::Code(f) => f(ctx, scope),
        }
    }
}

/// Nested objects at a dotted path (all of the last segment, under every one of the others).
fn objects_at<'a>(scope: &Scope<'a>, path: &str) -> Vec<Scope<'a>> {
    match path.split_once('.') {
        None => scope.objects(path),
        Some((first, rest)) => scope.objects(first).iter().flat_map(|o| objects_at(o, rest)).collect(),
    }
}
