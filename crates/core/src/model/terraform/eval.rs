//! The evaluator: one module instance at a time, lazily and memoised.
//!
//! A root (or a module call instance) is an [`Inst`]: its module directory's index plus the
//! values of its input variables. `local.*`, resources (as reference targets) and module calls
//! are evaluated on first use and cached; a reference back to something still being evaluated is
//! a cycle (reported for locals) and reads as unknown. After every reference is resolved, a final
//! pass expands every resource and module call, producing [`ResourceInstance`]s.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;
use std::sync::Arc;

use super::funcs::{self, Fail, R};
use super::types::Ty;
use super::value::{Tri, Val, Value};
use super::{EvalAttr, EvalBlock, EvalBody, InstanceKey, Mode, ResourceInstance};
use crate::base::finding::Diagnostic;
use crate::base::limits::{
    MAX_TF_COLLECTION_LEN, MAX_TF_INSTANCES_PER_ROOT, MAX_TF_STRING_BYTES, MAX_TF_VALUE_BYTES_PER_ROOT,
};
use crate::base::source::Span;
use crate::model::Environment;
use crate::syntax::terraform::{Attribute, BinOp, Block, Body, Expr, ExprKind, ObjKey, TplPart, TravOp, UnOp};

/// Evaluation steps allowed per root before everything further reads as unknown.
const FUEL: u64 = 4_000_000;
/// Most instances expanded from one `count`/`for_each`.
const MAX_INSTANCES: usize = 256;
/// Deepest module nesting evaluated.
const MAX_MODULE_DEPTH: usize = 12;
/// Deepest expression nesting evaluated.
const MAX_EXPR_DEPTH: usize = 128;

/// The declarations of one module directory.
#[derive(Debug, Default)]
pub struct ModIndex<'m> {
    /// Directory (relative, `/`-separated, `""` for the scan root).
    pub dir: String,
    /// `variable` blocks by name.
    pub variables: HashMap<&'m str, &'m Block>,
    /// `locals` entries by name.
    pub locals: HashMap<&'m str, &'m Attribute>,
    /// `output` blocks by name.
    pub outputs: HashMap<&'m str, &'m Block>,
    /// Managed resources by (type, name).
    pub resources: Vec<(&'m str, &'m str, &'m Block)>,
    /// Data sources by (type, name).
    pub data: Vec<(&'m str, &'m str, &'m Block)>,
    /// Module calls by name.
    pub calls: Vec<(&'m str, &'m Block)>,
    /// A `terraform { backend … }` or `cloud` block is present.
    pub has_backend: bool,
    /// The first block of each (data?, type, name) and each module call name, so references
    /// are found in constant time (a file of 100,000 resources is not quadratic).
    pub by_key: HashMap<(bool, &'m str, &'m str), &'m Block>,
}

impl<'m> ModIndex<'m> {
    /// Add a document body's declarations.
    pub fn add(&mut self, body: &'m Body) {
        for b in &body.blocks {
            match (b.kind.as_str(), b.label(0), b.label(1)) {
                ("variable", Some(n), _) => {
                    self.variables.insert(n, b);
                }
                ("locals", ..) => {
                    for a in &b.body.attributes {
                        self.locals.insert(a.key.as_str(), a);
                    }
                }
                ("output", Some(n), _) => {
                    self.outputs.insert(n, b);
                }
                ("resource", Some(t), Some(n)) => {
                    self.resources.push((t, n, b));
                    self.by_key.entry((false, t, n)).or_insert(b);
                }
                ("data", Some(t), Some(n)) => {
                    self.data.push((t, n, b));
                    self.by_key.entry((true, t, n)).or_insert(b);
                }
                ("module", Some(n), _) => {
                    self.calls.push((n, b));
                    self.by_key.entry((false, "module", n)).or_insert(b);
                }
                ("terraform", ..) if b.body.blocks.iter().any(|x| x.kind == "backend" || x.kind == "cloud") => {
                    self.has_backend = true;
                }
                _ => {}
            }
        }
    }

    /// The local module directories this module calls.
    pub fn local_sources(&self) -> Vec<String> {
        self.calls.iter().filter_map(|(_, b)| local_source(&self.dir, b)).collect()
    }
}

/// The directory a module call's local `source` points to (`./x`, `../x`), normalised.
#[must_use]
pub fn local_source(dir: &str, call: &Block) -> Option<String> {
    let src = call.body.attr("source")?.expr.as_str()?;
    if !(src.starts_with("./") || src.starts_with("../") || src == "." || src == "..") {
        return None;
    }
    Some(join_dir(dir, src))
}

pub use crate::base::source::join_dir;

enum Slot {
    Busy,
    Done(Val),
}

enum ResSlot {
    Busy,
    Done(Rc<Vec<ResourceInstance>>, Val),
}

enum CallSlot<'m> {
    Busy,
    Done(Rc<Vec<Rc<Inst<'m>>>>, Val),
}

/// A module instance: a root, or one instance of a module call.
pub struct Inst<'m> {
    idx: &'m ModIndex<'m>,
    /// Address prefix (`""`, `module.db.`, `module.db["eu"].`).
    prefix: String,
    vars: HashMap<String, Val>,
    locals: RefCell<HashMap<String, Slot>>,
    outputs: RefCell<HashMap<String, Slot>>,
    res: RefCell<HashMap<(Mode, String, String), ResSlot>>,
    depth: usize,
    chain: Vec<String>,
    /// Manifest key of this module instance (`vpc`, `vpc.subnets`; `""` for the root).
    mkey: String,
    /// For a vendored module: the innermost module call block in the repository on the way to it
    /// (block span, header span).
    vendor_call: Option<(Span, Span)>,
}

/// Per-root evaluation context.
pub struct Ctx<'m> {
    /// Module indexes by directory.
    pub mods: &'m HashMap<String, ModIndex<'m>>,
    /// Root directory.
    pub root: String,
    /// Root name (the directory, or `dir [var file]` for per-environment evaluations).
    pub name: String,
    /// Root environment.
    pub env: Environment,
    /// Diagnostics (cycles, budget).
    pub diags: RefCell<Vec<Diagnostic>>,
    /// Remaining evaluation steps.
    fuel: Cell<u64>,
    /// File paths by file id (for messages).
    pub files: &'m [crate::model::ParsedFile],
    calls: RefCell<HashMap<String, CallSlot<'m>>>,
    /// The root's module manifest by key (registry/git modules downloaded by `terraform init`).
    manifest: HashMap<String, super::vendor::ManifestModule>,
    /// Vendored module directories reached, with the repository call leading to each.
    pub vendored: RefCell<Vec<super::vendor::VendoredCall>>,
    /// Resource and module instances created so far.
    instances: Cell<usize>,
    /// Bytes of values produced so far.
    bytes: Cell<u64>,
    /// Kinds of limits already reported for this root.
    limits_reported: RefCell<std::collections::HashSet<String>>,
}

/// Variables bound by `for` expressions, `dynamic` iterators, `count` and `each`.
#[derive(Clone, Default)]
struct Scope {
    count: Option<Val>,
    each: Option<(Val, Val)>,
    vars: Vec<(String, Val)>,
}

impl Scope {
    fn with(&self, name: &str, v: Val) -> Scope {
        let mut s = self.clone();
        s.vars.push((name.to_owned(), v));
        s
    }
    fn lookup(&self, name: &str) -> Option<&Val> {
        self.vars.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v)
    }
}

/// A `count`/`for_each` expansion: instance keys with their scope values.
enum Expansion {
    Single,
    Count(usize),
    Each(Vec<(String, Val)>),
    Unknown,
}

impl<'m> Ctx<'m> {
    /// A context for one root.
    pub fn new(
        mods: &'m HashMap<String, ModIndex<'m>>,
        root: &str,
        name: &str,
        env: Environment,
        files: &'m [crate::model::ParsedFile],
    ) -> Self {
        Ctx {
            mods,
            root: root.to_owned(),
            name: name.to_owned(),
            env,
            diags: RefCell::new(Vec::new()),
            fuel: Cell::new(FUEL),
            files,
            calls: RefCell::new(HashMap::new()),
            manifest: HashMap::new(),
            vendored: RefCell::new(Vec::new()),
            instances: Cell::new(0),
            bytes: Cell::new(0),
            limits_reported: RefCell::new(std::collections::HashSet::new()),
        }
    }

    /// Resolve registry/git module calls through this root's module manifest.
    #[must_use]
    pub fn with_manifest(mut self, manifest: Option<&super::vendor::Manifest>) -> Self {
        if let Some(m) = manifest {
            self.manifest = m.modules.iter().map(|x| (x.key.clone(), x.clone())).collect();
        }
        self
    }

    fn diag_at(&self, code: &str, span: Span, msg: String) -> Diagnostic {
        match self.files.get(span.file.0 as usize) {
            Some(f) => {
                let lc = f.source.start(span);
                Diagnostic::warning(code, f.source.path.clone(), msg).at(lc.line, lc.col)
            }
            None => Diagnostic::warning(code, self.root.clone(), msg),
        }
    }

    /// Create the root instance with its input values.
    pub fn root_inst(&self, inputs: &HashMap<String, Val>) -> Option<Inst<'m>> {
        let idx = self.mods.get(&self.root)?;
        let vars = self.make_vars(idx, inputs, None);
        Some(Inst::new(idx, String::new(), vars, 0, vec![self.root.clone()]))
    }

    /// Evaluate a constant expression (tfvars values, CLI vars).
    pub fn constant(&self, e: &Expr) -> Val {
        static EMPTY: std::sync::OnceLock<ModIndex<'static>> = std::sync::OnceLock::new();
        let idx = EMPTY.get_or_init(ModIndex::default);
        let inst = Inst::new(idx, String::new(), HashMap::new(), 0, Vec::new());
        let ctx = Ctx {
            mods: self.mods,
            root: String::new(),
            name: String::new(),
            env: self.env,
            diags: RefCell::new(Vec::new()),
            fuel: Cell::new(100_000),
            files: self.files,
            calls: RefCell::new(HashMap::new()),
            manifest: HashMap::new(),
            vendored: RefCell::new(Vec::new()),
            instances: Cell::new(0),
            bytes: Cell::new(0),
            limits_reported: RefCell::new(std::collections::HashSet::new()),
        };
        ctx.eval_in(&inst, e, &Scope::default(), 0).unwrap_or_else(|_| Val::unknown())
    }

    fn make_vars(&self, idx: &ModIndex<'_>, inputs: &HashMap<String, Val>, call: Option<&str>) -> HashMap<String, Val> {
        let mut vars = HashMap::new();
        for (name, block) in &idx.variables {
            let step = match call {
                Some(_) => format!("variable \"{name}\" of module {}", idx.dir),
                None => format!("variable \"{name}\""),
            };
            let ty = block.body.attr("type").map_or(Ty::Any, |t| Ty::parse(&t.expr));
            let constant = |e: &Expr| self.constant(e);
            let v = if let Some(v) = inputs.get(*name) {
                ty.convert(v.clone(), &constant).with_step(step, block.header)
            } else if let Some(d) = block.body.attr("default") {
                let v = self.constant(&d.expr);
                ty.convert(v, &constant).with_step(format!("default of variable \"{name}\""), d.span)
            } else {
                Val::unknown().with_step(step, block.header)
            };
            vars.insert((*name).to_owned(), v);
        }
        vars
    }

    fn burn(&self) -> bool {
        let f = self.fuel.get();
        if f == 0 {
            return false;
        }
        if f == 1 {
            self.diags.borrow_mut().push(Diagnostic::warning(
                "tf-eval-budget",
                self.root.clone(),
                "Terraform evaluation budget exhausted for this root; remaining values are unknown",
            ));
        }
        self.fuel.set(f - 1);
        true
    }

    /// Report an evaluation limit once per root and limit kind (naming the file, line and limit).
    fn limit_hit(&self, span: Span, msg: &str) {
        let kind: String = msg.split_whitespace().next().unwrap_or("").to_owned();
        if self.limits_reported.borrow_mut().insert(kind) {
            let mut d =
                self.diag_at("tf-limit", span, format!("Terraform evaluation limit in root {}: {msg}", self.root));
            d.level = crate::base::finding::DiagnosticLevel::Error;
            self.diags.borrow_mut().push(d);
        }
    }

    /// Take one resource or module instance from the root's budget; `false` (with a diagnostic
    /// at `span`) when it is spent.
    fn take_instance(&self, span: Span) -> bool {
        let n = self.instances.get();
        if n >= MAX_TF_INSTANCES_PER_ROOT {
            self.limit_hit(
                span,
                &format!(
                    "instances: more than {MAX_TF_INSTANCES_PER_ROOT} resource and module instances \
                     (count/for_each through nested modules); the rest are not expanded"
                ),
            );
            return false;
        }
        self.instances.set(n + 1);
        true
    }

    /// Evaluate `e`, keeping every value within the size limits: a value over a limit (or a
    /// function refusing to build one) reads as unknown, with a `tf-limit` diagnostic.
    fn eval_in(&self, inst: &Inst<'m>, e: &Expr, sc: &Scope, depth: usize) -> R {
        if self.bytes.get() > MAX_TF_VALUE_BYTES_PER_ROOT {
            return Ok(Val::unknown());
        }
        let r = self.eval_raw(inst, e, sc, depth);
        let v = match r {
            Ok(v) => v,
            Err(f) => {
                if let Some(m) = f.limit_message() {
                    self.limit_hit(e.span, m);
                    return Ok(Val::unknown());
                }
                return Err(f);
            }
        };
        let (size, too_big) = match &v.value {
            Value::String(s) => (s.len() as u64, s.len() > MAX_TF_STRING_BYTES),
            Value::List(l) => (l.len() as u64 * 8, l.len() > MAX_TF_COLLECTION_LEN),
            Value::Object(m, _) => (m.len() as u64 * 8, m.len() > MAX_TF_COLLECTION_LEN),
            _ => (0, false),
        };
        if too_big {
            self.limit_hit(
                e.span,
                &format!(
                    "value: over {MAX_TF_STRING_BYTES} bytes or {MAX_TF_COLLECTION_LEN} elements \
                     (a string or list doubled many times?); the value reads as unknown"
                ),
            );
            return Ok(Val::unknown());
        }
        let total = self.bytes.get().saturating_add(size);
        self.bytes.set(total);
        if total > MAX_TF_VALUE_BYTES_PER_ROOT {
            self.limit_hit(
                e.span,
                &format!(
                    "total: the root's values exceed {MAX_TF_VALUE_BYTES_PER_ROOT} bytes; remaining values are unknown"
                ),
            );
            return Ok(Val::unknown());
        }
        Ok(v)
    }

    fn eval_raw(&self, inst: &Inst<'m>, e: &Expr, sc: &Scope, depth: usize) -> R {
        if depth > MAX_EXPR_DEPTH || !self.burn() {
            return Ok(Val::unknown());
        }
        let d = depth + 1;
        match &e.kind {
            ExprKind::Null => Ok(Val::new(Value::Null)),
            ExprKind::Bool(b) => Ok(Val::new(Value::Bool(*b))),
            ExprKind::Number(n) => Ok(Val::new(Value::Number(*n))),
            ExprKind::Str(s) => Ok(Val::str(s.clone())),
            ExprKind::Template(parts) => match parts.as_slice() {
                // `"${x}"` is `x` itself, not its string form.
                [TplPart::Interp(x)] => self.eval_in(inst, x, sc, d),
                _ => self.template(inst, parts, sc, d),
            },
            ExprKind::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for i in items {
                    out.push(self.eval_in(inst, i, sc, d)?);
                }
                Ok(Val::new(Value::List(out)))
            }
            ExprKind::Object(entries) => {
                let mut m = BTreeMap::new();
                for (k, v) in entries {
                    let key = match k {
                        ObjKey::Ident(s, _) => s.clone(),
                        ObjKey::Expr(x) => {
                            // `(var.k) = v` or `"k" = v`; a bare traversal key like `foo.bar` is rare.
                            let kv = self.eval_in(inst, x, sc, d)?;
                            match kv.as_string() {
                                Some(s) => s,
                                None => return Ok(Val::unknown()),
                            }
                        }
                    };
                    m.insert(key, self.eval_in(inst, v, sc, d)?);
                }
                Ok(Val::object(m))
            }
            ExprKind::Var(name) => self.traverse(inst, name, &[], e.span, sc, d),
            ExprKind::Traversal(base, ops) => {
                if let ExprKind::Var(name) = &base.kind {
                    return self.traverse(inst, name, ops, e.span, sc, d);
                }
                let v = self.eval_in(inst, base, sc, d)?;
                self.apply_ops(inst, v, ops, sc, d)
            }
            ExprKind::Call(name, args, expand) => self.call(inst, name, args, *expand, sc, d),
            ExprKind::Cond(c, t, f) => {
                let cv = self.eval_in(inst, c, sc, d)?;
                match cv.truth() {
                    Tri::True => Ok(self.eval_in(inst, t, sc, d)?.with_prefix(&cv.prov)),
                    Tri::False => Ok(self.eval_in(inst, f, sc, d)?.with_prefix(&cv.prov)),
                    Tri::Unknown => {
                        if !cv.is_unknown() {
                            return Err(Fail("condition is not a boolean".to_owned()));
                        }
                        // Both branches equal → known anyway.
                        let tv = self.eval_in(inst, t, sc, d);
                        let fv = self.eval_in(inst, f, sc, d);
                        match (tv, fv) {
                            (Ok(a), Ok(b)) if a.value == b.value && !a.is_unknown() => {
                                Ok(Val::derived(a.value.clone(), &[&cv, &a, &b]))
                            }
                            _ => Ok(Val::derived(Value::Unknown(None), &[&cv])),
                        }
                    }
                }
            }
            ExprKind::Unary(op, x) => {
                let v = self.eval_in(inst, x, sc, d)?;
                if v.is_unknown() {
                    return Ok(v.map(Value::Unknown(None)));
                }
                match op {
                    UnOp::Not => match v.truth() {
                        Tri::True => Ok(v.map(Value::Bool(false))),
                        Tri::False => Ok(v.map(Value::Bool(true))),
                        Tri::Unknown => Err(Fail("! on a non-boolean".to_owned())),
                    },
                    UnOp::Neg => v
                        .as_number()
                        .map(|n| v.map(Value::Number(-n)))
                        .ok_or_else(|| Fail("- on a non-number".to_owned())),
                }
            }
            ExprKind::Binary(op, a, b) => self.binary(inst, *op, a, b, sc, d),
            ExprKind::For(f) => {
                let coll = self.eval_in(inst, &f.coll, sc, d)?;
                let items: Vec<(Val, Val)> = match &coll.value {
                    Value::List(l) => l
                        .iter()
                        .enumerate()
                        .map(|(i, v)| (Val::new(Value::Number(i as f64)), v.with_prefix(&coll.prov)))
                        .collect(),
                    Value::Object(m, _) => {
                        m.iter().map(|(k, v)| (Val::str(k.clone()), v.with_prefix(&coll.prov))).collect()
                    }
                    Value::Null => return Err(Fail("for over null".to_owned())),
                    Value::Unknown(_) | Value::PartialJson(_) => return Ok(coll.map(Value::Unknown(None))),
                    _ => return Err(Fail("for over a non-collection".to_owned())),
                };
                let mut list = Vec::new();
                let mut obj: BTreeMap<String, Val> = BTreeMap::new();
                let mut groups: BTreeMap<String, Vec<Val>> = BTreeMap::new();
                for (k, v) in items.into_iter().take(4096) {
                    let mut s2 = sc.clone();
                    if let Some(kv) = &f.key_var {
                        s2 = s2.with(kv, k);
                        s2 = s2.with(&f.val_var, v);
                    } else {
                        s2 = s2.with(&f.val_var, v);
                    }
                    if let Some(c) = &f.cond {
                        let cv = self.eval_in(inst, c, &s2, d)?;
                        match cv.truth() {
                            Tri::True => {}
                            Tri::False => continue,
                            Tri::Unknown => return Ok(Val::derived(Value::Unknown(None), &[&coll, &cv])),
                        }
                    }
                    let val = self.eval_in(inst, &f.val, &s2, d)?;
                    match &f.key {
                        None => list.push(val),
                        Some(ke) => {
                            let kv = self.eval_in(inst, ke, &s2, d)?;
                            let Some(ks) = kv.as_string() else {
                                return Ok(Val::derived(Value::Unknown(None), &[&coll, &kv]));
                            };
                            if f.grouping {
                                groups.entry(ks).or_default().push(val);
                            } else {
                                obj.insert(ks, val);
                            }
                        }
                    }
                }
                Ok(match &f.key {
                    None => Val::new(Value::List(list)),
                    Some(_) if f.grouping => {
                        Val::object(groups.into_iter().map(|(k, v)| (k, Val::new(Value::List(v)))).collect())
                    }
                    Some(_) => Val::object(obj),
                })
            }
        }
    }

    fn template(&self, inst: &Inst<'m>, parts: &[TplPart], sc: &Scope, d: usize) -> R {
        let mut out = String::new();
        let mut inputs: Vec<Val> = Vec::new();
        let mut unknown = false;
        self.template_into(inst, parts, sc, d, &mut out, &mut inputs, &mut unknown)?;
        let refs: Vec<&Val> = inputs.iter().collect();
        Ok(Val::derived(if unknown { Value::Unknown(None) } else { Value::String(out) }, &refs))
    }

    #[allow(clippy::too_many_arguments)]
    fn template_into(
        &self,
        inst: &Inst<'m>,
        parts: &[TplPart],
        sc: &Scope,
        d: usize,
        out: &mut String,
        inputs: &mut Vec<Val>,
        unknown: &mut bool,
    ) -> Result<(), Fail> {
        for p in parts {
            match p {
                TplPart::Lit(s) => out.push_str(s),
                TplPart::Interp(e) => {
                    let v = self.eval_in(inst, e, sc, d)?;
                    match v.as_string() {
                        Some(s) => {
                            if out.len() + s.len() > MAX_TF_STRING_BYTES {
                                return Err(Fail::limit(format!(
                                    "template: a string over the {MAX_TF_STRING_BYTES} byte limit; the value reads as unknown"
                                )));
                            }
                            out.push_str(&s);
                        }
                        None if v.is_unknown() => *unknown = true,
                        None if matches!(v.value, Value::Null) => return Err(Fail("null in template".to_owned())),
                        None => return Err(Fail("non-string in template".to_owned())),
                    }
                    inputs.push(v);
                }
                TplPart::If(c, t, f) => {
                    let cv = self.eval_in(inst, c, sc, d)?;
                    match cv.truth() {
                        Tri::True => self.template_into(inst, t, sc, d, out, inputs, unknown)?,
                        Tri::False => self.template_into(inst, f, sc, d, out, inputs, unknown)?,
                        Tri::Unknown => *unknown = true,
                    }
                    inputs.push(cv);
                }
                TplPart::For(kv, vv, coll, body) => {
                    let c = self.eval_in(inst, coll, sc, d)?;
                    let items: Vec<(Val, Val)> = match &c.value {
                        Value::List(l) => {
                            l.iter().enumerate().map(|(i, v)| (Val::new(Value::Number(i as f64)), v.clone())).collect()
                        }
                        Value::Object(m, _) => m.iter().map(|(k, v)| (Val::str(k.clone()), v.clone())).collect(),
                        _ => {
                            *unknown = true;
                            Vec::new()
                        }
                    };
                    for (k, v) in items.into_iter().take(4096) {
                        let mut s2 = sc.clone();
                        if let Some(kn) = kv {
                            s2 = s2.with(kn, k);
                        }
                        s2 = s2.with(vv, v);
                        self.template_into(inst, body, &s2, d, out, inputs, unknown)?;
                    }
                    inputs.push(c);
                }
            }
        }
        Ok(())
    }

    fn binary(&self, inst: &Inst<'m>, op: BinOp, a: &Expr, b: &Expr, sc: &Scope, d: usize) -> R {
        let av = self.eval_in(inst, a, sc, d)?;
        // Short-circuit on known booleans (Terraform evaluates both sides, but a known false
        // `&&` is false whatever the other side is).
        if op == BinOp::And && av.truth() == Tri::False {
            return Ok(av);
        }
        if op == BinOp::Or && av.truth() == Tri::True {
            return Ok(av);
        }
        let bv = self.eval_in(inst, b, sc, d)?;
        let both = [&av, &bv];
        let out = |v: Value| Ok(Val::derived(v, &both));
        match op {
            BinOp::And | BinOp::Or => match (av.truth(), bv.truth()) {
                (_, Tri::False) if op == BinOp::And => Ok(bv.clone()),
                (_, Tri::True) if op == BinOp::Or => Ok(bv.clone()),
                (Tri::Unknown, _) | (_, Tri::Unknown) => {
                    if (av.is_unknown() || av.truth() != Tri::Unknown)
                        && (bv.is_unknown() || bv.truth() != Tri::Unknown)
                    {
                        out(Value::Unknown(None))
                    } else {
                        Err(Fail("logical operator on a non-boolean".to_owned()))
                    }
                }
                (x, y) => out(Value::Bool(if op == BinOp::And {
                    x == Tri::True && y == Tri::True
                } else {
                    x == Tri::True || y == Tri::True
                })),
            },
            _ if av.has_unknown() || bv.has_unknown() => out(Value::Unknown(None)),
            BinOp::Eq => out(Value::Bool(loose_eq(&av.value, &bv.value))),
            BinOp::NotEq => out(Value::Bool(!loose_eq(&av.value, &bv.value))),
            _ => {
                let (Some(x), Some(y)) = (av.as_number(), bv.as_number()) else {
                    return Err(Fail("arithmetic on a non-number".to_owned()));
                };
                match op {
                    BinOp::Less => out(Value::Bool(x < y)),
                    BinOp::LessEq => out(Value::Bool(x <= y)),
                    BinOp::Greater => out(Value::Bool(x > y)),
                    BinOp::GreaterEq => out(Value::Bool(x >= y)),
                    BinOp::Plus => out(Value::Number(x + y)),
                    BinOp::Minus => out(Value::Number(x - y)),
                    BinOp::Mul => out(Value::Number(x * y)),
                    BinOp::Div if y == 0.0 => Err(Fail("division by zero".to_owned())),
                    BinOp::Div => out(Value::Number(x / y)),
                    BinOp::Mod if y == 0.0 => Err(Fail("modulo by zero".to_owned())),
                    BinOp::Mod => out(Value::Number(x % y)),
                    _ => out(Value::Unknown(None)),
                }
            }
        }
    }

    fn call(&self, inst: &Inst<'m>, name: &str, args: &[Expr], expand: bool, sc: &Scope, d: usize) -> R {
        match name {
            "try" => {
                for a in args {
                    match self.eval_in(inst, a, sc, d) {
                        Ok(v) if v.has_unknown() => return Ok(v.map(Value::Unknown(None))),
                        Ok(v) => return Ok(v),
                        Err(_) => {}
                    }
                }
                Err(Fail("try: no argument succeeded".to_owned()))
            }
            "can" => match args.first().map(|a| self.eval_in(inst, a, sc, d)) {
                Some(Ok(v)) if v.has_unknown() => Ok(v.map(Value::Unknown(None))),
                Some(Ok(v)) => Ok(v.map(Value::Bool(true))),
                Some(Err(_)) => Ok(Val::new(Value::Bool(false))),
                None => Err(Fail("can: no argument".to_owned())),
            },
            "file" | "templatefile" | "filebase64" | "fileexists" | "timestamp" | "uuid" | "filemd5" | "filesha256"
            | "fileset" | "sensitive" | "nonsensitive" => {
                if matches!(name, "sensitive" | "nonsensitive") {
                    if let Some(a) = args.first() {
                        return self.eval_in(inst, a, sc, d);
                    }
                }
                Ok(Val::unknown())
            }
            _ => {
                let mut vals = Vec::with_capacity(args.len());
                for a in args {
                    vals.push(self.eval_in(inst, a, sc, d)?);
                }
                if expand {
                    if let Some(last) = vals.pop() {
                        match &last.value {
                            Value::List(l) => vals.extend(l.iter().map(|v| v.with_prefix(&last.prov))),
                            _ => return Ok(last.map(Value::Unknown(None))),
                        }
                    }
                }
                funcs::call(name, &vals)
            }
        }
    }

    /// Resolve `name.ops…` where `name` is a root reference (`var`, `local`, a resource type …).
    fn traverse(&self, inst: &Inst<'m>, name: &str, ops: &[TravOp], span: Span, sc: &Scope, d: usize) -> R {
        if let Some(v) = sc.lookup(name) {
            return self.apply_ops(inst, v.clone(), ops, sc, d);
        }
        let first = match ops.first() {
            Some(TravOp::Attr(a, _)) => Some(a.as_str()),
            _ => None,
        };
        let rest = ops.get(1..).unwrap_or(&[]);
        match (name, first) {
            ("var", Some(v)) => {
                let val = inst.vars.get(v).cloned().unwrap_or_else(Val::unknown);
                self.apply_ops(inst, val, rest, sc, d)
            }
            ("local", Some(l)) => {
                let val = self.local(inst, l);
                self.apply_ops(inst, val, rest, sc, d)
            }
            ("each", Some("key")) => match &sc.each {
                Some((k, _)) => self.apply_ops(inst, k.clone(), rest, sc, d),
                None => Ok(Val::unknown()),
            },
            ("each", Some("value")) => match &sc.each {
                Some((_, v)) => self.apply_ops(inst, v.clone(), rest, sc, d),
                None => Ok(Val::unknown()),
            },
            ("count", Some("index")) => Ok(sc.count.clone().unwrap_or_else(Val::unknown)),
            ("path", Some("module")) => {
                Ok(Val::str(if inst.idx.dir.is_empty() { ".".to_owned() } else { inst.idx.dir.clone() }))
            }
            ("path", Some("root" | "cwd")) => {
                Ok(Val::str(if self.root.is_empty() { ".".to_owned() } else { self.root.clone() }))
            }
            ("module", Some(m)) => {
                let val = self.module_value(inst, m);
                self.apply_ops(inst, val, rest, sc, d)
            }
            ("data", Some(t)) => match rest.first() {
                Some(TravOp::Attr(n, _)) => {
                    let val = self.resource_value(inst, Mode::Data, t, n);
                    self.apply_ops(inst, val, rest.get(1..).unwrap_or(&[]), sc, d)
                }
                _ => Ok(Val::unknown()),
            },
            ("var" | "local" | "each" | "count" | "path" | "module" | "data" | "terraform" | "self", _) => {
                let _ = span;
                Ok(Val::unknown())
            }
            (t, Some(n)) => {
                let val = self.resource_value(inst, Mode::Managed, t, n);
                self.apply_ops(inst, val, rest, sc, d)
            }
            _ => Ok(Val::unknown()),
        }
    }

    fn apply_ops(&self, inst: &Inst<'m>, mut v: Val, ops: &[TravOp], sc: &Scope, d: usize) -> R {
        for (i, op) in ops.iter().enumerate() {
            match op {
                TravOp::Attr(a, _) => v = get_attr(&v, a)?,
                TravOp::Index(ix) => {
                    let k = self.eval_in(inst, ix, sc, d)?;
                    v = index(&v, &k)?;
                }
                TravOp::AttrSplat | TravOp::FullSplat => {
                    let rest = ops.get(i + 1..).unwrap_or(&[]);
                    let items: Vec<Val> = match &v.value {
                        Value::List(l) => l.iter().map(|x| x.with_prefix(&v.prov)).collect(),
                        Value::Null => Vec::new(),
                        Value::Unknown(_) | Value::PartialJson(_) => return Ok(v.map(Value::Unknown(None))),
                        _ => vec![v.clone()],
                    };
                    let mut out = Vec::with_capacity(items.len());
                    for it in items {
                        out.push(self.apply_ops(inst, it, rest, sc, d)?);
                    }
                    return Ok(v.map(Value::List(out)));
                }
            }
        }
        Ok(v)
    }

    fn local(&self, inst: &Inst<'m>, name: &str) -> Val {
        if let Some(slot) = inst.locals.borrow().get(name) {
            return match slot {
                Slot::Done(v) => v.clone(),
                Slot::Busy => {
                    if let Some(a) = inst.idx.locals.get(name) {
                        let lc = a.key_span;
                        let d = self.diag_at(
                            "tf-local-cycle",
                            lc,
                            format!("local.{name} refers to itself through a cycle; its value is unknown"),
                        );
                        self.diags.borrow_mut().push(d);
                    }
                    Val::unknown()
                }
            };
        }
        let Some(attr) = inst.idx.locals.get(name) else { return Val::unknown() };
        inst.locals.borrow_mut().insert(name.to_owned(), Slot::Busy);
        let v = self
            .eval_in(inst, &attr.expr, &Scope::default(), 0)
            .unwrap_or_else(|_| Val::unknown())
            .with_step(format!("local.{name}"), attr.span);
        inst.locals.borrow_mut().insert(name.to_owned(), Slot::Done(v.clone()));
        v
    }

    fn expansion(&self, inst: &Inst<'m>, body: &Body) -> (Expansion, Option<Val>) {
        if let Some(c) = body.attr("count") {
            let v = self.eval_in(inst, &c.expr, &Scope::default(), 0).unwrap_or_else(|_| Val::unknown());
            return match v.as_number().and_then(|n| if n >= 0.0 && n.fract() == 0.0 { Some(n) } else { None }) {
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                Some(n) => (Expansion::Count((n as usize).min(MAX_INSTANCES)), Some(v)),
                None => (Expansion::Unknown, Some(v)),
            };
        }
        if let Some(f) = body.attr("for_each") {
            let v = self.eval_in(inst, &f.expr, &Scope::default(), 0).unwrap_or_else(|_| Val::unknown());
            let items = match &v.value {
                Value::Object(m, _) => {
                    Some(m.iter().map(|(k, x)| (k.clone(), x.with_prefix(&v.prov))).take(MAX_INSTANCES).collect())
                }
                Value::List(l) => {
                    l.iter().map(|x| x.as_string().map(|s| (s, x.with_prefix(&v.prov)))).take(MAX_INSTANCES).collect()
                }
                _ => None,
            };
            return match items {
                Some(i) => (Expansion::Each(i), Some(v)),
                None => (Expansion::Unknown, Some(v)),
            };
        }
        (Expansion::Single, None)
    }

    fn instances_of(exp: &Expansion) -> Vec<(InstanceKey, Scope)> {
        match exp {
            Expansion::Single => vec![(InstanceKey::None, Scope::default())],
            Expansion::Count(n) => (0..*n)
                .map(|i| {
                    (
                        InstanceKey::Index(i),
                        Scope { count: Some(Val::new(Value::Number(i as f64))), ..Scope::default() },
                    )
                })
                .collect(),
            Expansion::Each(items) => items
                .iter()
                .map(|(k, v)| {
                    (
                        InstanceKey::Key(k.clone()),
                        Scope { each: Some((Val::str(k.clone()), v.clone())), ..Scope::default() },
                    )
                })
                .collect(),
            Expansion::Unknown => vec![(
                InstanceKey::Unknown,
                Scope { count: Some(Val::unknown()), each: Some((Val::unknown(), Val::unknown())), ..Scope::default() },
            )],
        }
    }

    /// The value of a resource (or data source) as seen by references, evaluating it if needed.
    fn resource_value(&self, inst: &Inst<'m>, mode: Mode, t: &str, n: &str) -> Val {
        self.resource(inst, mode, t, n).map_or_else(
            || {
                let pre = if mode == Mode::Data { "data." } else { "" };
                Val::unknown_ref(&format!("{}{pre}{t}.{n}", inst.prefix))
            },
            |(_, v)| v,
        )
    }

    fn resource(&self, inst: &Inst<'m>, mode: Mode, t: &str, n: &str) -> Option<(Rc<Vec<ResourceInstance>>, Val)> {
        let key = (mode, t.to_owned(), n.to_owned());
        if let Some(slot) = inst.res.borrow().get(&key) {
            return match slot {
                ResSlot::Done(i, v) => Some((i.clone(), v.clone())),
                ResSlot::Busy => None,
            };
        }
        // (A managed resource type is never `module`, so the key cannot meet a module call.)
        let block =
            *inst.idx.by_key.get(&(mode == Mode::Data, t, n)).filter(|_| t != "module" || mode == Mode::Data)?;
        inst.res.borrow_mut().insert(key.clone(), ResSlot::Busy);
        let pre = if mode == Mode::Data { "data." } else { "" };
        let base = format!("{}{pre}{t}.{n}", inst.prefix);
        let (exp, _) = self.expansion(inst, &block.body);
        let mut out = Vec::new();
        let mut vals: Vec<(InstanceKey, Val)> = Vec::new();
        // Resources written once in the root are bounded by the files' size; expanded ones (and
        // everything inside module instances) come from the instance budget.
        let charged = inst.depth > 0 || matches!(exp, Expansion::Count(_) | Expansion::Each(_));
        for (k, sc) in Self::instances_of(&exp) {
            if charged && !self.take_instance(block.header) {
                break;
            }
            let address = format!("{base}{}", k.suffix());
            let body = self.eval_body(inst, &block.body, &sc, true, 0);
            let obj = body_object(&body, &address);
            vals.push((k.clone(), obj));
            out.push(ResourceInstance {
                mode,
                r#type: t.to_owned(),
                name: n.to_owned(),
                address,
                key: k,
                module_path: inst.prefix.trim_end_matches('.').to_owned(),
                module_dir: inst.idx.dir.clone(),
                root: self.name.clone(),
                env: self.env,
                block_span: block.span,
                header_span: block.header,
                body,
            });
        }
        let v = match exp {
            Expansion::Single => vals.into_iter().next().map_or_else(Val::unknown, |(_, v)| v),
            Expansion::Count(_) => Val::new(Value::List(vals.into_iter().map(|(_, v)| v).collect())),
            Expansion::Each(_) => Val::object(
                vals.into_iter()
                    .filter_map(|(k, v)| match k {
                        InstanceKey::Key(s) => Some((s, v)),
                        _ => None,
                    })
                    .collect(),
            ),
            Expansion::Unknown => Val::unknown_ref(&base),
        };
        let rc = Rc::new(out);
        inst.res.borrow_mut().insert(key, ResSlot::Done(rc.clone(), v.clone()));
        Some((rc, v))
    }

    fn eval_body(&self, inst: &Inst<'m>, body: &Body, sc: &Scope, top: bool, depth: usize) -> EvalBody {
        let mut out = EvalBody::default();
        if depth > 32 {
            return out;
        }
        for a in &body.attributes {
            if top && matches!(a.key.as_str(), "count" | "for_each" | "depends_on" | "provider") {
                continue;
            }
            let value = self.eval_in(inst, &a.expr, sc, 0).unwrap_or_else(|_| Val::unknown());
            out.attrs.push(EvalAttr {
                name: a.key.clone(),
                value,
                span: a.span,
                key_span: a.key_span,
                value_span: a.value_span,
            });
        }
        for b in &body.blocks {
            if top && matches!(b.kind.as_str(), "provisioner" | "connection") {
                continue;
            }
            if b.kind == "dynamic" {
                let Some(label) = b.label(0) else { continue };
                let Some(content) = b.body.blocks_of("content").next() else { continue };
                let iter_name = b
                    .body
                    .attr("iterator")
                    .and_then(|a| match &a.expr.kind {
                        ExprKind::Var(v) => Some(v.clone()),
                        _ => a.expr.as_str().map(str::to_owned),
                    })
                    .unwrap_or_else(|| label.to_owned());
                let coll = b
                    .body
                    .attr("for_each")
                    .map(|f| self.eval_in(inst, &f.expr, sc, 0).unwrap_or_else(|_| Val::unknown()))
                    .unwrap_or_else(Val::unknown);
                let items: Option<Vec<(Val, Val)>> = match &coll.value {
                    Value::List(l) => Some(
                        l.iter()
                            .enumerate()
                            .map(|(i, v)| (Val::new(Value::Number(i as f64)), v.with_prefix(&coll.prov)))
                            .collect(),
                    ),
                    Value::Object(m, _) => {
                        Some(m.iter().map(|(k, v)| (Val::str(k.clone()), v.with_prefix(&coll.prov))).collect())
                    }
                    Value::Null => Some(Vec::new()),
                    _ => None,
                };
                let (items, unknown) = match items {
                    Some(i) => (i, false),
                    None => (vec![(Val::unknown(), Val::unknown())], true),
                };
                for (k, v) in items.into_iter().take(MAX_INSTANCES) {
                    let mut it = BTreeMap::new();
                    it.insert("key".to_owned(), k);
                    it.insert("value".to_owned(), v);
                    let s2 = sc.with(&iter_name, Val::object(it));
                    out.blocks.push(EvalBlock {
                        kind: label.to_owned(),
                        span: b.span,
                        header: b.header,
                        body: self.eval_body(inst, &content.body, &s2, false, depth + 1),
                        dynamic: true,
                        unknown_expansion: unknown,
                    });
                }
                continue;
            }
            out.blocks.push(EvalBlock {
                kind: b.kind.clone(),
                span: b.span,
                header: b.header,
                body: self.eval_body(inst, &b.body, sc, false, depth + 1),
                dynamic: false,
                unknown_expansion: false,
            });
        }
        out
    }

    fn module_value(&self, inst: &Inst<'m>, call: &str) -> Val {
        self.module_call(inst, call)
            .map_or_else(|| Val::unknown_ref(&format!("{}module.{call}", inst.prefix)), |(_, v)| v)
    }

    /// Expand a module call of `inst`, creating its child instances (cached per call address).
    #[allow(clippy::type_complexity)]
    fn module_call(&self, inst: &Inst<'m>, call: &str) -> Option<(Rc<Vec<Rc<Inst<'m>>>>, Val)> {
        let addr = format!("{}module.{call}", inst.prefix);
        if let Some(slot) = self.calls.borrow().get(&addr) {
            return match slot {
                CallSlot::Done(c, v) => Some((c.clone(), v.clone())),
                CallSlot::Busy => None,
            };
        }
        let block = *inst.idx.by_key.get(&(false, "module", call))?;
        self.calls.borrow_mut().insert(addr.clone(), CallSlot::Busy);
        let mkey = if inst.mkey.is_empty() { call.to_owned() } else { format!("{}.{call}", inst.mkey) };
        // Local sources are read where they are; registry/git sources through the manifest.
        let child_dir = local_source(&inst.idx.dir, block).or_else(|| self.manifest.get(&mkey).map(|m| m.dir.clone()));
        let child_idx = child_dir.and_then(|d| self.mods.get(&d));
        let vendor_call = match child_idx {
            Some(idx) if super::vendor::is_vendored_path(&idx.dir) => {
                let vc = if super::vendor::is_vendored_path(&inst.idx.dir) {
                    inst.vendor_call
                } else {
                    Some((block.span, block.header))
                };
                if let Some((call_span, header)) = vc {
                    let mut v = self.vendored.borrow_mut();
                    if !v.iter().any(|x| x.dir == idx.dir) {
                        v.push(super::vendor::VendoredCall {
                            dir: idx.dir.clone(),
                            key: mkey.clone(),
                            source: self.manifest.get(&mkey).map_or_else(
                                || block.body.attr("source").and_then(|a| a.expr.as_str()).unwrap_or("").to_owned(),
                                |m| m.source.clone(),
                            ),
                            call: call_span,
                            header,
                        });
                    }
                }
                vc
            }
            _ => None,
        };
        let mut children: Vec<Rc<Inst<'m>>> = Vec::new();
        let (exp, _) = self.expansion(inst, &block.body);
        let mut vals: Vec<(InstanceKey, Val)> = Vec::new();
        match child_idx {
            Some(idx) if inst.depth < MAX_MODULE_DEPTH && !inst.chain.contains(&idx.dir) => {
                for (k, sc) in Self::instances_of(&exp) {
                    if !self.take_instance(block.header) {
                        break;
                    }
                    let mut inputs = HashMap::new();
                    for a in &block.body.attributes {
                        if matches!(
                            a.key.as_str(),
                            "source" | "version" | "count" | "for_each" | "providers" | "depends_on"
                        ) {
                            continue;
                        }
                        let v = self.eval_in(inst, &a.expr, &sc, 0).unwrap_or_else(|_| Val::unknown());
                        let v = v.with_step(format!("passed as {} by module \"{call}\"", a.key), a.span);
                        inputs.insert(a.key.clone(), v);
                    }
                    let prefix = format!("{addr}{}.", k.suffix());
                    let vars = self.make_vars(idx, &inputs, Some(call));
                    let mut chain = inst.chain.clone();
                    chain.push(idx.dir.clone());
                    let mut child = Inst::new(idx, prefix, vars, inst.depth + 1, chain);
                    child.mkey.clone_from(&mkey);
                    child.vendor_call = vendor_call;
                    let child = Rc::new(child);
                    let mut outs = BTreeMap::new();
                    for name in child.idx.outputs.keys() {
                        outs.insert((*name).to_owned(), self.output(&child, name));
                    }
                    vals.push((k, Val::new(Value::Object(outs, Some(Arc::from(addr.as_str()))))));
                    children.push(child);
                }
            }
            _ => {}
        }
        let v = if child_idx.is_none() || children.is_empty() && !matches!(exp, Expansion::Count(0)) {
            if matches!(exp, Expansion::Each(ref i) if i.is_empty()) {
                Val::object(BTreeMap::new())
            } else {
                Val::unknown_ref(&addr)
            }
        } else {
            match exp {
                Expansion::Single | Expansion::Unknown => vals.into_iter().next().map_or_else(Val::unknown, |(_, v)| v),
                Expansion::Count(_) => Val::new(Value::List(vals.into_iter().map(|(_, v)| v).collect())),
                Expansion::Each(_) => Val::object(
                    vals.into_iter()
                        .filter_map(|(k, v)| match k {
                            InstanceKey::Key(s) => Some((s, v)),
                            _ => None,
                        })
                        .collect(),
                ),
            }
        };
        let rc = Rc::new(children);
        self.calls.borrow_mut().insert(addr, CallSlot::Done(rc.clone(), v.clone()));
        Some((rc, v))
    }

    fn output(&self, inst: &Inst<'m>, name: &str) -> Val {
        if let Some(Slot::Done(v)) = inst.outputs.borrow().get(name) {
            return v.clone();
        }
        let Some(block) = inst.idx.outputs.get(name) else { return Val::unknown() };
        let Some(attr) = block.body.attr("value") else { return Val::unknown() };
        inst.outputs.borrow_mut().insert(name.to_owned(), Slot::Busy);
        let v = self
            .eval_in(inst, &attr.expr, &Scope::default(), 0)
            .unwrap_or_else(|_| Val::unknown())
            .with_step(format!("output \"{name}\" of {}", inst.idx.dir), attr.span);
        inst.outputs.borrow_mut().insert(name.to_owned(), Slot::Done(v.clone()));
        v
    }

    /// Expand everything in `inst` (and its module calls, recursively) into resource instances.
    pub fn collect(&self, inst: &Inst<'m>, out: &mut Vec<ResourceInstance>) {
        for (t, n, _) in &inst.idx.resources {
            if let Some((rs, _)) = self.resource(inst, Mode::Managed, t, n) {
                out.extend(rs.iter().cloned());
            }
        }
        for (t, n, _) in &inst.idx.data {
            if let Some((rs, _)) = self.resource(inst, Mode::Data, t, n) {
                out.extend(rs.iter().cloned());
            }
        }
        for (c, _) in &inst.idx.calls {
            if let Some((children, _)) = self.module_call(inst, c) {
                for ch in children.iter() {
                    self.collect(ch, out);
                }
            }
        }
    }
}

impl<'m> Inst<'m> {
    fn new(
        idx: &'m ModIndex<'m>,
        prefix: String,
        vars: HashMap<String, Val>,
        depth: usize,
        chain: Vec<String>,
    ) -> Self {
        Inst {
            idx,
            prefix,
            vars,
            locals: RefCell::new(HashMap::new()),
            outputs: RefCell::new(HashMap::new()),
            res: RefCell::new(HashMap::new()),
            depth,
            chain,
            mkey: String::new(),
            vendor_call: None,
        }
    }
}

/// Convert an evaluated body into the object references see (`aws_x.y.attr`, nested blocks as lists).
fn body_object(body: &EvalBody, address: &str) -> Val {
    let mut m = BTreeMap::new();
    for a in &body.attrs {
        m.insert(a.name.clone(), a.value.clone().with_step(format!("{address}.{}", a.name), a.span));
    }
    let mut blocks: BTreeMap<String, Vec<Val>> = BTreeMap::new();
    for b in &body.blocks {
        blocks.entry(b.kind.clone()).or_default().push(body_object(&b.body, address));
    }
    for (k, v) in blocks {
        m.entry(k).or_insert_with(|| Val::new(Value::List(v)));
    }
    Val::new(Value::Object(m, Some(Arc::from(address))))
}

fn get_attr(v: &Val, a: &str) -> R {
    match &v.value {
        Value::Object(m, addr) => match m.get(a) {
            Some(x) => Ok(x.with_prefix(&v.prov)),
            None => match addr {
                Some(ad) => Ok(Val::unknown_ref(&format!("{ad}.{a}")).with_prefix(&v.prov)),
                None => Err(Fail(format!("no attribute {a:?}"))),
            },
        },
        Value::Unknown(r) => Ok(v.map(Value::Unknown(r.as_ref().map(|r| Arc::from(format!("{r}.{a}").as_str()))))),
        Value::PartialJson(_) => Ok(v.map(Value::Unknown(None))),
        // `aws_x.y.attr` on a counted resource without an index: Terraform errors.
        _ => Err(Fail(format!("cannot read .{a} here"))),
    }
}

fn index(v: &Val, k: &Val) -> R {
    if k.is_unknown() {
        return Ok(Val::derived(Value::Unknown(None), &[v, k]));
    }
    match &v.value {
        Value::List(l) => {
            let i = k.as_number().ok_or_else(|| Fail("list index must be a number".to_owned()))?;
            if i < 0.0 || i.fract() != 0.0 {
                return Err(Fail("bad list index".to_owned()));
            }
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            l.get(i as usize).map(|x| x.with_prefix(&v.prov)).ok_or_else(|| Fail("index out of range".to_owned()))
        }
        Value::Object(..) => {
            let key = k.as_string().ok_or_else(|| Fail("map key must be a string".to_owned()))?;
            get_attr(v, &key)
        }
        Value::Unknown(r) => {
            let suffix = match k.as_str() {
                Some(s) => format!("[{s:?}]"),
                None => format!("[{}]", k.as_string().unwrap_or_default()),
            };
            Ok(v.map(Value::Unknown(r.as_ref().map(|r| Arc::from(format!("{r}{suffix}").as_str())))))
        }
        Value::PartialJson(_) => Ok(v.map(Value::Unknown(None))),
        _ => Err(Fail("cannot index this value".to_owned())),
    }
}

/// Equality as Terraform compares (numbers numerically, strings exactly, `"1" != 1`).
fn loose_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => (x - y).abs() < f64::EPSILON,
        (Value::Object(x, _), Value::Object(y, _)) => {
            x.len() == y.len()
                && x.iter().zip(y.iter()).all(|((k1, v1), (k2, v2))| k1 == k2 && loose_eq(&v1.value, &v2.value))
        }
        (Value::List(x), Value::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| loose_eq(&p.value, &q.value))
        }
        _ => a == b,
    }
}
