//! Terraform evaluation: root modules, inputs (defaults, tfvars, CLI vars), locals, module calls,
//! count/for_each expansion, built-in functions and provenance. Anything not knowable statically
//! is *unknown* — never false.
//!
//! # For rule authors
//!
//! [`TfModel::instances`] iterates every resource and data-source instance of every root, with
//! modules expanded per call (a module called from two roots yields two instances with different
//! values). Each [`ResourceInstance`] has its address (`module.db.aws_db_instance.main["eu"]`),
//! type, module path, root directory, the root's environment and its block span. Read evaluated
//! attributes with [`ResourceInstance::attr`] (value, attribute span, provenance chain via
//! [`Val::provenance`]) and nested blocks (`ingress {}`, also `ingress = [{…}]` and `dynamic`
//! blocks) with [`ResourceInstance::objects`]. Booleans are three-valued ([`Tri`]): treat
//! [`Tri::Unknown`] as "cannot tell", never as false.
//!
//! ```ignore
//! for r in tf.instances().filter(|r| r.r#type == "aws_db_instance") {
//!     if let Some(a) = r.attr("publicly_accessible") {
//!         if a.value.truth() == Tri::True {
//!             // report at a.span, with a.value.provenance() as related locations
//!         }
//!     }
//! }
//! ```

pub mod eval;
pub mod funcs;
pub mod types;
pub mod value;
pub mod vendor;

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::Serialize;

pub use value::{Step, Tri, Val, Value};

use crate::base::finding::Diagnostic;
use crate::base::kind::FileKind;
use crate::base::source::{dir_and_ancestors, parent_dir, Span};
use crate::model::{EnvEvidence, Environment, Model, ParsedFile};
use crate::syntax::terraform::{TfDocument, TfSyntax};
use crate::syntax::Document;

/// Evaluation inputs given on the command line or in config.
#[derive(Debug, Clone, Default)]
pub struct TfOptions {
    /// Extra var files (`--var-file`, `[terraform] var_files`), relative to the scan root.
    pub var_files: Vec<std::path::PathBuf>,
    /// `--var name=value`.
    pub vars: Vec<(String, String)>,
}

/// Managed resource or data source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// `resource`
    Managed,
    /// `data`
    Data,
}

/// The key of one instance of a `count`/`for_each` resource or module.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub enum InstanceKey {
    /// No `count`/`for_each`.
    None,
    /// `count` index.
    Index(usize),
    /// `for_each` key.
    Key(String),
    /// `count`/`for_each` could not be evaluated: one instance stands for all.
    Unknown,
}

impl InstanceKey {
    /// Address suffix: ``, `[0]`, `["eu"]`, `[?]`.
    #[must_use]
    pub fn suffix(&self) -> String {
        match self {
            InstanceKey::None => String::new(),
            InstanceKey::Index(i) => format!("[{i}]"),
            InstanceKey::Key(k) => format!("[{k:?}]"),
            InstanceKey::Unknown => "[?]".to_owned(),
        }
    }
}

/// An evaluated attribute.
#[derive(Debug, Clone)]
pub struct EvalAttr {
    /// Attribute name.
    pub name: String,
    /// Evaluated value (with provenance).
    pub value: Val,
    /// Span of the whole attribute (`key = value`).
    pub span: Span,
    /// Span of the key.
    pub key_span: Span,
    /// Span of the value expression.
    pub value_span: Span,
}

/// An evaluated nested block (`ingress {}`, or one expansion of a `dynamic` block).
#[derive(Debug, Clone)]
pub struct EvalBlock {
    /// Block type (`ingress`).
    pub kind: String,
    /// Span of the block (for `dynamic`: the `dynamic` block).
    pub span: Span,
    /// Span of the block header.
    pub header: Span,
    /// Evaluated contents.
    pub body: EvalBody,
    /// Produced by a `dynamic` block.
    pub dynamic: bool,
    /// A `dynamic` block whose `for_each` could not be evaluated (this one block stands for all).
    pub unknown_expansion: bool,
}

/// Evaluated attributes and nested blocks.
#[derive(Debug, Clone, Default)]
pub struct EvalBody {
    /// Attributes in source order.
    pub attrs: Vec<EvalAttr>,
    /// Nested blocks in source order.
    pub blocks: Vec<EvalBlock>,
}

impl EvalBody {
    /// The attribute named `name`.
    #[must_use]
    pub fn attr(&self, name: &str) -> Option<&EvalAttr> {
        self.attrs.iter().find(|a| a.name == name)
    }

    /// Nested objects named `name`: blocks (`ingress { … }`, dynamic expansions) and the elements
    /// of an attribute written as a list of objects (`ingress = [{ … }]`) or a single object.
    #[must_use]
    pub fn objects(&self, name: &str) -> Vec<Obj<'_>> {
        let mut out: Vec<Obj<'_>> = self.blocks.iter().filter(|b| b.kind == name).map(Obj::Block).collect();
        if let Some(a) = self.attr(name) {
            match &a.value.value {
                Value::List(l) => {
                    out.extend(l.iter().map(|v| Obj::Value { val: v.with_prefix(&a.value.prov), span: a.span }));
                }
                Value::Object(..) => out.push(Obj::Value { val: a.value.clone(), span: a.span }),
                _ => {}
            }
        }
        out
    }
}

/// A nested object: a block, or an object value inside an attribute.
#[derive(Debug, Clone)]
pub enum Obj<'a> {
    /// A block.
    Block(&'a EvalBlock),
    /// An object value, with the span of the attribute holding it.
    Value {
        /// The object.
        val: Val,
        /// The attribute's span.
        span: Span,
    },
}

impl Obj<'_> {
    /// A field: its value and the span to report (the attribute in a block; the holding
    /// attribute for object values).
    #[must_use]
    pub fn get(&self, name: &str) -> Option<(Val, Span)> {
        match self {
            Obj::Block(b) => b.body.attr(name).map(|a| (a.value.clone(), a.span)),
            Obj::Value { val, span } => val.get(name).map(|v| (v, *span)),
        }
    }

    /// Span of the block or holding attribute.
    #[must_use]
    pub fn span(&self) -> Span {
        match self {
            Obj::Block(b) => b.span,
            Obj::Value { span, .. } => *span,
        }
    }

    /// Nested objects inside this one.
    #[must_use]
    pub fn objects(&self, name: &str) -> Vec<Obj<'_>> {
        match self {
            Obj::Block(b) => b.body.objects(name),
            Obj::Value { val, span } => match val.get(name) {
                Some(v) => match &v.value {
                    Value::List(l) => {
                        l.iter().map(|x| Obj::Value { val: x.with_prefix(&v.prov), span: *span }).collect()
                    }
                    Value::Object(..) => vec![Obj::Value { val: v, span: *span }],
                    _ => Vec::new(),
                },
                None => Vec::new(),
            },
        }
    }
}

/// One instance of a resource or data source, evaluated in one root.
#[derive(Debug, Clone)]
pub struct ResourceInstance {
    /// Managed resource or data source.
    pub mode: Mode,
    /// Resource type (`aws_db_instance`).
    pub r#type: String,
    /// Resource name (`main`).
    pub name: String,
    /// Full address (`module.db.aws_db_instance.main["eu"]`, `data.aws_iam_policy_document.x`).
    pub address: String,
    /// The `count`/`for_each` key.
    pub key: InstanceKey,
    /// Module path (`module.db`, `""` in the root).
    pub module_path: String,
    /// Directory of the module defining it.
    pub module_dir: String,
    /// Root directory this instance was evaluated in.
    pub root: String,
    /// The root's environment.
    pub env: Environment,
    /// Span of the whole block.
    pub block_span: Span,
    /// Span of the block header (`resource "aws_lb" "api"`).
    pub header_span: Span,
    /// Evaluated body.
    pub body: EvalBody,
}

impl ResourceInstance {
    /// An evaluated attribute.
    #[must_use]
    pub fn attr(&self, name: &str) -> Option<&EvalAttr> {
        self.body.attr(name)
    }

    /// Nested blocks / object attributes named `name` (see [`EvalBody::objects`]).
    #[must_use]
    pub fn objects(&self, name: &str) -> Vec<Obj<'_>> {
        self.body.objects(name)
    }

    /// A key for fingerprints: root and address (`envs/prod:module.db.aws_db_instance.main`).
    #[must_use]
    pub fn fingerprint(&self) -> String {
        format!("{}:{}", if self.root.is_empty() { "." } else { &self.root }, self.address)
    }
}

/// A root module that was evaluated.
#[derive(Debug, Clone, Serialize)]
pub struct RootInfo {
    /// Directory (relative, `/`-separated; `""` = scan root).
    pub dir: String,
    /// The root's environment and why.
    pub env: EnvEvidence,
    /// Variable files applied, in precedence order (lowest first).
    pub var_files: Vec<String>,
    /// Evaluation time of this root.
    #[serde(skip)]
    pub time: Duration,
}

/// Declarations of a module directory that facts need.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ModuleInfo {
    /// Directory.
    pub dir: String,
    /// Variables declared `sensitive = true`.
    pub sensitive_vars: Vec<String>,
    /// Whether this directory is a root.
    pub is_root: bool,
}

/// The evaluated Terraform of a scan.
#[derive(Debug, Default, Serialize)]
pub struct TfModel {
    /// Every root evaluated.
    pub roots: Vec<RootInfo>,
    /// Every module directory.
    pub modules: Vec<ModuleInfo>,
    /// Every resource/data instance of every root.
    #[serde(skip)]
    pub resources: Vec<ResourceInstance>,
    /// Total evaluation time.
    #[serde(skip)]
    pub eval_time: Duration,
    /// Module manifests (`<root>/.terraform/modules/modules.json`) that were read.
    pub manifests: Vec<vendor::Manifest>,
    /// Vendored (registry/git) module directories evaluated, with the repository call leading
    /// to each; see [`vendor::relocate`].
    pub vendored_calls: Vec<vendor::VendoredCall>,
}

impl TfModel {
    /// Every resource and data-source instance, in root then address order.
    pub fn instances(&self) -> impl Iterator<Item = &ResourceInstance> {
        self.resources.iter()
    }

    /// Managed resource instances of one type.
    pub fn of_type<'a>(&'a self, t: &'a str) -> impl Iterator<Item = &'a ResourceInstance> + 'a {
        self.resources.iter().filter(move |r| r.mode == Mode::Managed && r.r#type == t)
    }

    /// Whether a variable is declared `sensitive = true` in module directory `dir`.
    #[must_use]
    pub fn is_sensitive(&self, dir: &str, var: &str) -> bool {
        self.modules.iter().any(|m| m.dir == dir && m.sensitive_vars.iter().any(|v| v == var))
    }

    /// The directory environments inferred from roots' tfvars (for files whose environment
    /// was not already known from content or configuration).
    #[must_use]
    pub fn root_env(&self, dir: &str) -> Option<&EnvEvidence> {
        self.roots.iter().find(|r| r.dir == dir).map(|r| &r.env)
    }
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

fn tf_doc(f: &ParsedFile) -> Option<&TfDocument> {
    match &f.doc {
        Some(Document::Terraform(d)) => Some(d),
        _ => None,
    }
}

/// Evaluate every root module in the model (registry/git modules unknown).
#[must_use]
pub fn evaluate(model: &Model, opts: &TfOptions) -> (TfModel, Vec<Diagnostic>) {
    evaluate_with(model, opts, Vec::new())
}

/// Evaluate every root module in the model, resolving registry/git module calls through the
/// roots' module manifests (see [`vendor::read_vendored`]; the vendored files must be in the model).
#[must_use]
pub fn evaluate_with(model: &Model, opts: &TfOptions, manifests: Vec<vendor::Manifest>) -> (TfModel, Vec<Diagnostic>) {
    let start = Instant::now();
    let mut mods: HashMap<String, eval::ModIndex<'_>> = HashMap::new();
    let mut tfvars: HashMap<String, Vec<&ParsedFile>> = HashMap::new();
    for f in &model.files {
        let Some(doc) = tf_doc(f) else { continue };
        let dir = parent_dir(&f.path).to_owned();
        match doc.syntax {
            TfSyntax::Hcl | TfSyntax::Json => {
                let m = mods.entry(dir.clone()).or_insert_with(|| eval::ModIndex { dir, ..eval::ModIndex::default() });
                m.add(&doc.body);
            }
            TfSyntax::Tfvars | TfSyntax::TfvarsJson => {
                if !f.example {
                    tfvars.entry(dir).or_default().push(f);
                }
            }
        }
    }
    if mods.is_empty() {
        return (TfModel { eval_time: start.elapsed(), manifests, ..TfModel::default() }, Vec::new());
    }
    let called: HashSet<String> = mods.values().flat_map(eval::ModIndex::local_sources).collect();
    // Vendored module directories are never roots.
    let mut root_dirs: Vec<&String> = mods
        .keys()
        .filter(|d| !vendor::is_vendored_path(d))
        .filter(|d| !called.contains(*d) || mods[*d].has_backend || tfvars.contains_key(*d))
        .collect();
    root_dirs.sort();
    let mut diags = Vec::new();
    // Explicit var files (`--var-file`) apply to every root.
    let mut extra: Vec<&ParsedFile> = Vec::new();
    for vf in &opts.var_files {
        match model.file_by_path(vf) {
            Some(f) if tf_doc(f).is_some() => extra.push(f),
            _ => diags.push(Diagnostic::warning(
                "tf-var-file",
                vf.clone(),
                "var file not found among the scanned Terraform files; ignored",
            )),
        }
    }
    let jobs = root_jobs(&root_dirs, &tfvars, &extra);
    let mods_ref = &mods;
    let manifests_ref = &manifests;
    #[allow(clippy::type_complexity)]
    let results: Vec<(RootInfo, Vec<ResourceInstance>, Vec<Diagnostic>, Vec<vendor::VendoredCall>)> = jobs
        .par_iter()
        .map(|(dir, name, files)| {
            let t = Instant::now();
            let env = root_env(model, dir, files);
            let ctx = eval::Ctx::new(mods_ref, dir, name, env.env, &model.files)
                .with_manifest(manifests_ref.iter().find(|m| m.root == *dir));
            let mut inputs: HashMap<String, Val> = HashMap::new();
            for f in files {
                let Some(doc) = tf_doc(f) else { continue };
                for a in &doc.body.attributes {
                    let v = ctx
                        .constant(&a.expr)
                        .with_step(format!("{} = {} in {}", a.key, short(&a.text), file_name(&f.path)), a.span);
                    inputs.insert(a.key.clone(), v);
                }
            }
            for (k, raw) in &opts.vars {
                let v = match hcl_edit::parser::parse_expr(raw) {
                    Ok(_) if raw.trim_start().starts_with(['[', '{', '"']) || raw == "true" || raw == "false" => {
                        let src = crate::base::source::SourceFile::new(
                            crate::base::source::FileId(u32::MAX),
                            "cli",
                            format!("v = {raw}"),
                        );
                        crate::syntax::terraform::parse(&src)
                            .0
                            .and_then(|d| d.body.attributes.into_iter().next())
                            .map_or_else(|| Val::str(raw.clone()), |a| ctx.constant(&a.expr))
                    }
                    _ => Val::str(raw.clone()),
                };
                inputs.insert(k.clone(), v);
            }
            let mut out = Vec::new();
            if let Some(inst) = ctx.root_inst(&inputs) {
                ctx.collect(&inst, &mut out);
            }
            let d = ctx.diags.into_inner();
            let vendored = ctx.vendored.into_inner();
            let info = RootInfo {
                dir: name.clone(),
                env,
                var_files: files.iter().map(|f| f.path.clone()).collect(),
                time: t.elapsed(),
            };
            (info, out, d, vendored)
        })
        .collect();
    let mut tf = TfModel::default();
    let root_set: HashSet<&str> = root_dirs.iter().map(|s| s.as_str()).collect();
    let mut modules: Vec<ModuleInfo> = mods
        .values()
        .map(|m| ModuleInfo {
            dir: m.dir.clone(),
            sensitive_vars: {
                let mut v: Vec<String> = m
                    .variables
                    .iter()
                    .filter(|(_, b)| {
                        b.body
                            .attr("sensitive")
                            .is_some_and(|a| a.expr.kind == crate::syntax::terraform::ExprKind::Bool(true))
                    })
                    .map(|(n, _)| (*n).to_owned())
                    .collect();
                v.sort();
                v
            },
            is_root: root_set.contains(m.dir.as_str()),
        })
        .collect();
    modules.sort_by(|a, b| a.dir.cmp(&b.dir));
    tf.modules = modules;
    for (info, res, d, vendored) in results {
        tf.roots.push(info);
        tf.resources.extend(res);
        diags.extend(d);
        for v in vendored {
            if !tf.vendored_calls.iter().any(|x| x.dir == v.dir) {
                tf.vendored_calls.push(v);
            }
        }
    }
    tf.manifests = manifests;
    tf.eval_time = start.elapsed();
    (tf, diags)
}

/// One evaluation: (module directory, root name, var files in precedence order).
type Job<'a> = (String, String, Vec<&'a ParsedFile>);

/// The evaluations to run. Each root gets its auto-loaded var files (plus `--var-file`s). When
/// no `--var-file` is given and a root has var files that are not auto-loaded but name an
/// environment (`staging.tfvars`, `envs/prod.tfvars`, `environments/production/x.tfvars` under
/// the root), the root is evaluated once per such file instead (named `dir [file]`), the way a
/// pipeline would run `terraform plan -var-file=…` for each environment.
fn root_jobs<'a>(
    root_dirs: &[&String],
    tfvars: &HashMap<String, Vec<&'a ParsedFile>>,
    extra: &[&'a ParsedFile],
) -> Vec<Job<'a>> {
    let roots: HashSet<&str> = root_dirs.iter().map(|d| d.as_str()).collect();
    let mut variants: HashMap<&str, Vec<&'a ParsedFile>> = HashMap::new();
    if extra.is_empty() {
        let mut all: Vec<&'a ParsedFile> = tfvars.values().flatten().copied().collect();
        all.sort_by(|a, b| a.path.cmp(&b.path));
        for f in all {
            let name = file_name(&f.path);
            if name == "terraform.tfvars" || name == "terraform.tfvars.json" || name.contains(".auto.tfvars") {
                continue;
            }
            // Nearest root at or above the file's directory.
            let Some(root) = dir_and_ancestors(parent_dir(&f.path)).find(|d| roots.contains(d)) else { continue };
            let rel = if root.is_empty() { f.path.as_str() } else { f.path.get(root.len() + 1..).unwrap_or(&f.path) };
            if Environment::from_name(rel).is_none() {
                continue;
            }
            if let Some(r) = roots.get(root) {
                let v = variants.entry(r).or_default();
                if v.len() < 8 {
                    v.push(f);
                }
            }
        }
    }
    let mut jobs = Vec::new();
    for dir in root_dirs {
        let base = ordered_tfvars(tfvars.get(*dir).map(Vec::as_slice).unwrap_or(&[]), extra);
        match variants.get(dir.as_str()) {
            Some(vs) => {
                for v in vs {
                    let mut files = base.clone();
                    files.push(v);
                    let shown = if dir.is_empty() { "." } else { dir.as_str() };
                    let rel = v.path.get(dir.len()..).unwrap_or(&v.path).trim_start_matches('/');
                    jobs.push(((*dir).clone(), format!("{shown} [{rel}]"), files));
                }
            }
            None => jobs.push(((*dir).clone(), (*dir).clone(), base)),
        }
    }
    jobs
}

fn short(s: &str) -> String {
    let s = s.trim();
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s.to_owned()
    }
}

/// Terraform's precedence, lowest first: `terraform.tfvars`, `terraform.tfvars.json`,
/// `*.auto.tfvars(.json)` in lexical order, then explicit var files.
fn ordered_tfvars<'a>(files: &[&'a ParsedFile], extra: &[&'a ParsedFile]) -> Vec<&'a ParsedFile> {
    let mut out: Vec<&ParsedFile> = Vec::new();
    let by_name = |n: &str| files.iter().find(|f| file_name(&f.path) == n).copied();
    out.extend(by_name("terraform.tfvars"));
    out.extend(by_name("terraform.tfvars.json"));
    let mut auto: Vec<&ParsedFile> = files
        .iter()
        .filter(|f| {
            let n = file_name(&f.path);
            n.ends_with(".auto.tfvars") || n.ends_with(".auto.tfvars.json")
        })
        .copied()
        .collect();
    auto.sort_by(|a, b| file_name(&a.path).cmp(file_name(&b.path)));
    out.extend(auto);
    for e in extra {
        if !out.iter().any(|f| std::ptr::eq(*f, *e)) {
            out.push(e);
        }
    }
    out
}

fn root_env(model: &Model, dir: &str, files: &[&ParsedFile]) -> EnvEvidence {
    // The last var file that names an environment wins (highest precedence).
    for f in files.iter().rev() {
        if let Some(ev) = tf_doc(f).and_then(|d| crate::syntax::terraform::tfvars_env(&d.body)) {
            return ev;
        }
    }
    // A per-environment var file (`envs/staging.tfvars`) names the environment by its path.
    if let Some(last) = files.last() {
        let n = file_name(&last.path);
        if n != "terraform.tfvars" && n != "terraform.tfvars.json" && !n.contains(".auto.tfvars") {
            let ev = crate::base::env::from_path(&last.path);
            if ev.env != Environment::Unknown {
                return ev;
            }
        }
    }
    let tf_file = model
        .files
        .iter()
        .filter(|f| matches!(f.kind, FileKind::Terraform | FileKind::TerraformJson) && parent_dir(&f.path) == dir)
        .find(|f| f.env.env != Environment::Unknown);
    match tf_file {
        Some(f) => f.env.clone(),
        None => crate::base::env::from_path(&format!("{dir}/main.tf")),
    }
}

/// Give each root's `.tf` files the environment its tfvars names, where the file's own
/// environment came only from its path (or is unknown). Configured environments are kept.
pub fn apply_root_envs(tf: &TfModel, files: &mut [ParsedFile]) {
    let by_dir: HashMap<&str, &EnvEvidence> = tf.roots.iter().map(|r| (r.dir.as_str(), &r.env)).collect();
    // A module file evaluated only from roots of one known environment belongs to it, so
    // per-file policies weigh it as the rules that read its evaluated instances do.
    let mut module_envs: HashMap<u32, Option<(Environment, &str)>> = HashMap::new();
    for r in tf.instances() {
        let entry = module_envs.entry(r.block_span.file.0).or_insert(Some((r.env, r.root.as_str())));
        if entry.is_some_and(|(env, _)| env != r.env) {
            *entry = None;
        }
    }
    for f in files.iter_mut() {
        if !matches!(f.kind, FileKind::Terraform | FileKind::TerraformJson | FileKind::Tfvars | FileKind::TfvarsJson) {
            continue;
        }
        if f.env.span.is_some() || f.env.reason.starts_with("configured") {
            continue;
        }
        if let Some(ev) = by_dir.get(parent_dir(&f.path)) {
            if ev.span.is_some() && ev.env != Environment::Unknown {
                f.env = (*ev).clone();
                continue;
            }
        }
        if f.env.env != Environment::Unknown || by_dir.contains_key(parent_dir(&f.path)) {
            continue;
        }
        if let Some(Some((env, root))) = module_envs.get(&f.source.id.0) {
            if *env != Environment::Unknown {
                let root = if root.is_empty() { "." } else { root };
                f.env = EnvEvidence {
                    env: *env,
                    reason: format!("module evaluated only from root `{root}` ({})", env.as_str()),
                    span: None,
                };
            }
        }
    }
}
