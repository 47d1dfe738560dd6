//! The Rego policy engine (regorus): shipped policies, user policies, conftest shapes.
//!
//! Policies are parsed once per scan ([`PolicySet::load`]) into two warm engines:
//!
//! - **infra-lint policies** — the shipped `crates/rules/policies/*.rego` and any user policy whose `# METADATA`
//!   block has `custom.id` — see each file as the per-file envelope described in `docs/rego.md`
//!   (`{path, kind, environment, example, config, documents, document, facts}`), or, with
//!   `custom.scope: repository`, all matching files at once (`{files: [envelope…]}`). Their results
//!   carry `at` (a path into the input, a spanned node or a span) and become findings with the
//!   policy's `custom.id`.
//! - **conftest policies** — everything else from `--policy DIR` — see each file in conftest's
//!   input shape ([`shapes`]); `deny`/`violation`/`warn` rules (and `deny_…` …) of the selected
//!   namespaces (default `main`) give findings `policy/<package>/<rule>`, located by tracing the
//!   result to the input node it talks about ([`stree::STree::trace`]).
//!
//! Evaluation runs per file, in parallel (a clone of the warm engine per rayon job). A policy that
//! fails to parse or to evaluate becomes a [`Diagnostic`] naming the policy file and line:column;
//! the other policies go on.

pub mod metadata;
pub mod shapes;
mod shipped;
pub mod stree;
pub mod testing;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::OnceLock;

use infra_lint_core::discover::FileKind;
use infra_lint_core::engine::policy_files::{PolicyFile, PolicyFileKind};
use infra_lint_core::model::ParsedFile;
use infra_lint_core::parse::Document;
use infra_lint_core::{Diagnostic, Finding, Model, RuleInfo, Severity, Span};
use rayon::prelude::*;
use regorus::Engine;
use serde_json::Value as J;

use metadata::Metadata;
use stree::{STree, Seg};

/// What to load.
#[derive(Debug, Clone, Default)]
pub struct PolicyOptions {
    /// Load the policies shipped with infra-lint (`crates/rules/policies/*.rego`).
    pub shipped: bool,
    /// The files of the user policy directories (`--policy DIR`, `[policy] dirs`), as the
    /// engine read them ([`infra_lint_core::engine::policy_files::read_dirs`]): `.rego` files and
    /// `.json`/`.yaml`/`.yml` data files.
    pub files: Vec<PolicyFile>,
    /// conftest namespaces (packages) to evaluate; empty means `main`.
    pub namespaces: Vec<String>,
    /// Evaluate every namespace that declares conftest rules.
    pub all_namespaces: bool,
    /// `[policy.data]` from the configuration; policies read it as `data.infra_lint.config`.
    pub data: J,
    /// Builtins of [`DENIED_BUILTINS`] the configuration re-enables for user policies
    /// (`[policy] allow-builtins`); reported as an `rego-sandbox-relaxed` warning.
    pub allow_builtins: Vec<String>,
}

/// Whether a policy sees one file or the whole repository.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    File,
    Repository,
}

/// One package of infra-lint policies (identified by `custom.id`).
#[derive(Debug, Clone)]
struct ModelPolicy {
    package: String,
    path: String,
    id: String,
    severity: Severity,
    formats: Vec<FileKind>,
    scope: Scope,
    rules: Vec<String>,
    /// Environment weighting applies (default for shipped policies; `custom.weigh_by_environment` decides).
    weigh: bool,
    /// The policy reads `input.document` / `input.facts` (building them is skipped otherwise).
    needs: Needs,
    /// `custom.requires_config` is set and that configuration is absent or empty: the policy is
    /// listed in the catalog but not evaluated (it could not report anything).
    dormant: bool,
}

/// Which expensive parts of the envelope a policy reads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Needs {
    document: bool,
    facts: bool,
}

impl Needs {
    fn of(text: &str) -> Self {
        Needs { document: text.contains("document"), facts: text.contains("facts") }
    }

    fn or(self, o: Needs) -> Needs {
        Needs { document: self.document || o.document, facts: self.facts || o.facts }
    }
}

/// One conftest namespace.
#[derive(Debug, Clone)]
struct Namespace {
    package: String,
    path: String,
    rules: Vec<String>,
    exception: bool,
}

/// The loaded policies, ready to evaluate. Cheap to clone.
#[derive(Clone)]
pub struct PolicySet {
    model_engine: Option<Engine>,
    model_policies: Vec<ModelPolicy>,
    conftest_engine: Option<Engine>,
    namespaces: Vec<Namespace>,
    rules: Vec<RuleInfo>,
}

impl std::fmt::Debug for PolicySet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PolicySet")
            .field("model_policies", &self.model_policies)
            .field("namespaces", &self.namespaces)
            .finish_non_exhaustive()
    }
}

/// A policy file to load.
struct PolicySource {
    /// Path shown in diagnostics (relative to the policy dir's parent, or `crates/rules/policies/…` when shipped).
    display: String,
    text: String,
    shipped: bool,
    /// Denied builtins the configuration re-enabled (`[policy] allow-builtins`).
    allowed: Vec<String>,
}

/// Whether a rule name is a conftest failure rule (`deny`, `violation`, `deny_x` …).
#[must_use]
pub fn is_failure_rule(name: &str) -> bool {
    rule_with_prefix(name, "deny") || rule_with_prefix(name, "violation")
}

/// Whether a rule name is a conftest warning rule (`warn`, `warn_x` …).
#[must_use]
pub fn is_warning_rule(name: &str) -> bool {
    rule_with_prefix(name, "warn")
}

fn rule_with_prefix(name: &str, prefix: &str) -> bool {
    match name.strip_prefix(prefix) {
        Some("") => true,
        Some(rest) => {
            rest.starts_with('_')
                && rest.split('_').skip(1).all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric()))
        }
        None => false,
    }
}

fn parse_error_location(msg: &str) -> Option<(u32, u32)> {
    static RE: OnceLock<Option<regex::Regex>> = OnceLock::new();
    let re = RE.get_or_init(|| regex::Regex::new(r"--> .*?:(\d+):(\d+)").ok()).as_ref()?;
    let c = re.captures(msg)?;
    Some((c.get(1)?.as_str().parse().ok()?, c.get(2)?.as_str().parse().ok()?))
}

/// The last line of a regorus error (the human message), without its code frame.
fn error_text(msg: &str) -> String {
    let last = msg.trim().lines().last().unwrap_or("").trim();
    last.strip_prefix("error: ").unwrap_or(last).to_owned()
}

/// A diagnostic for a regorus error about `path`, with line:col when the error has a frame.
fn policy_diag(code: &str, path: &str, what: &str, err: &str) -> Diagnostic {
    // Over its time or memory budget: the policy is named, the scan goes on (and fails closed).
    let code = if over_budget(err) { "rego-budget" } else { code };
    let d = Diagnostic::error(code, path, format!("{what}: {}", error_text(err)));
    match parse_error_location(err) {
        Some((l, c)) => d.at(l, c),
        None => d,
    }
}

/// Builtins a policy from a scanned tree may not call: their results depend on the host or the
/// clock, reveal the host, reach the network, or grow without bound
/// (`net.cidr_expand("0.0.0.0/0")` is four billion addresses).
pub const DENIED_BUILTINS: [&str; 12] = [
    "time.now_ns",
    "rand.intn",
    "opa.runtime",
    "uuid.rfc4122",
    "uuid.parse",
    "http.send",
    "net.cidr_expand",
    "net.lookup_ip_addr",
    "crypto.x509.parse_and_verify_certificates",
    "trace",
    "numbers.range",
    "numbers.range_step",
];

/// Widest literal `sprintf` width or precision a user policy may write (`%0999999999d` would
/// allocate a gigabyte in one call).
pub const MAX_POLICY_FORMAT_WIDTH: usize = 4096;

/// Warn, visibly in every output, when the configuration re-enables sandboxed builtins.
fn sandbox_relaxed(opts: &PolicyOptions, has_user_policies: bool, diags: &mut Vec<Diagnostic>) {
    if opts.allow_builtins.is_empty() {
        return;
    }
    let unknown: Vec<&str> =
        opts.allow_builtins.iter().map(String::as_str).filter(|b| !DENIED_BUILTINS.contains(b)).collect();
    if !unknown.is_empty() {
        diags.push(Diagnostic::warning(
            "rego-sandbox-relaxed",
            "policies",
            format!(
                "[policy] allow-builtins names builtins that are not sandboxed: {} (sandboxed: {})",
                unknown.join(", "),
                DENIED_BUILTINS.join(", ")
            ),
        ));
    }
    let known: Vec<&str> =
        opts.allow_builtins.iter().map(String::as_str).filter(|b| DENIED_BUILTINS.contains(b)).collect();
    if !known.is_empty() && has_user_policies {
        diags.push(Diagnostic::warning(
            "rego-sandbox-relaxed",
            "policies",
            format!(
                "the configuration re-enables sandboxed builtins for user policies ([policy] allow-builtins): {}; \
                 their results may depend on the host or the clock, or grow without bound",
                known.join(", ")
            ),
        ));
    }
}

/// The first literal `sprintf` format width or precision over [`MAX_POLICY_FORMAT_WIDTH`].
fn huge_format_width(text: &str) -> Option<String> {
    static RE: OnceLock<Option<regex::Regex>> = OnceLock::new();
    let re = RE.get_or_init(|| regex::Regex::new(r"%[-+ #0]*(\d+)?(?:\.(\d+))?[a-zA-Z]").ok()).as_ref()?;
    re.captures_iter(text).find_map(|c| {
        let too_big = |m: Option<regex::Match<'_>>| {
            m.is_some_and(|m| {
                m.as_str().len() > 6 || m.as_str().parse::<usize>().is_ok_and(|n| n > MAX_POLICY_FORMAT_WIDTH)
            })
        };
        (too_big(c.get(1)) || too_big(c.get(2))).then(|| c.get(0).map_or(String::new(), |m| m.as_str().to_owned()))
    })
}

/// Time budget of one policy rule evaluation.
pub const POLICY_TIME_LIMIT: std::time::Duration = std::time::Duration::from_secs(5);

/// Memory the policy evaluations of a scan may hold on top of what the process held when they
/// began. Enforced only when the `memory-limit` feature (on in the `infra-lint` binary) installs
/// regorus' counting allocator; see [`HAS_MEMORY_BUDGET`].
pub const POLICY_MEMORY_BUDGET: u64 = 256 * 1024 * 1024;

/// Whether this build enforces [`POLICY_MEMORY_BUDGET`] (the `memory-limit` feature). Without
/// it, a policy has only the time budget and the refused builtins.
pub const HAS_MEMORY_BUDGET: bool = cfg!(feature = "memory-limit");

/// The memory limit of regorus (process-wide) while at least one scan evaluates policies: the
/// live bytes counted by the allocator when the first of them began, plus the budget. Without
/// the `memory-limit` feature the guard does nothing.
mod memory_budget {
    #[cfg(feature = "memory-limit")]
    use std::sync::{Mutex, PoisonError};

    /// How many policy phases run now (a library may scan on several threads at once).
    #[cfg(feature = "memory-limit")]
    static ACTIVE: Mutex<usize> = Mutex::new(0);

    pub(super) struct Guard(());

    impl Guard {
        pub(super) fn enter(budget: u64) -> Guard {
            #[cfg(feature = "memory-limit")]
            {
                let mut active = ACTIVE.lock().unwrap_or_else(PoisonError::into_inner);
                if *active == 0 {
                    let live = regorus_mimalloc::global_allocation_stats_snapshot().allocated;
                    regorus::set_global_memory_limit(Some(live.saturating_add(budget)));
                }
                *active += 1;
            }
            #[cfg(not(feature = "memory-limit"))]
            let _ = budget;
            Guard(())
        }
    }

    #[cfg(feature = "memory-limit")]
    impl Drop for Guard {
        fn drop(&mut self) {
            let mut active = ACTIVE.lock().unwrap_or_else(PoisonError::into_inner);
            *active = active.saturating_sub(1);
            if *active == 0 {
                regorus::set_global_memory_limit(None);
            }
        }
    }
}

/// Whether an evaluation error is a time or memory budget being exceeded.
fn over_budget(err: &str) -> bool {
    err.contains("exceeded time limit") || err.contains("exceeded memory limit")
}

/// The first denied builtin a policy's text calls (comments ignored), unless `allowed`.
fn denied_builtin(text: &str, allowed: &[String]) -> Option<&'static str> {
    let code: String = text
        .lines()
        .map(|l| match l.find('#') {
            Some(i) if !l[..i].contains('"') => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n");
    // Calls are `name(` with optional spaces around the dots.
    let squeezed: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    DENIED_BUILTINS.iter().copied().filter(|b| !allowed.iter().any(|a| a == b)).find(|b| {
        let pat = format!("{b}(");
        squeezed.match_indices(&pat).any(|(i, _)| {
            !squeezed[..i].chars().next_back().is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
        })
    })
}

/// Move what `print()` wrote during an evaluation into diagnostics (notes naming the policy).
fn drain_prints(engine: &mut Engine, path: &str, diags: &mut Vec<Diagnostic>) {
    if let Ok(lines) = engine.take_prints() {
        for l in lines.into_iter().take(20) {
            let l: String = l.chars().take(500).collect();
            diags.push(Diagnostic::new(
                infra_lint_core::DiagnosticLevel::Note,
                "policy-print",
                path,
                format!("print(): {l}"),
            ));
        }
    }
}

/// Add a policy to an engine: Rego v1 first, v0 when v1 parsing fails. Returns the package
/// (without `data.`) and the names of its rules.
fn add_policy(engine: &mut Engine, src: &PolicySource) -> Result<(String, Vec<String>), Diagnostic> {
    if !src.shipped {
        if let Some(w) = huge_format_width(&src.text) {
            return Err(Diagnostic::error(
                "rego-sandbox",
                &src.display,
                format!(
                    "policy writes the format `{w}`, wider than {MAX_POLICY_FORMAT_WIDTH} (a memory bomb in \
                     infra-lint's sandbox); the policy is not loaded"
                ),
            ));
        }
        if let Some(b) = denied_builtin(&src.text, &src.allowed) {
            return Err(Diagnostic::error(
                "rego-sandbox",
                &src.display,
                format!(
                    "policy calls `{b}`, which is off in infra-lint's sandbox (nondeterministic, \
                     host-revealing or unbounded builtins: {}); the policy is not loaded \
                     (a trusted configuration may re-enable it with `[policy] allow-builtins`)",
                    DENIED_BUILTINS.join(", ")
                ),
            ));
        }
    }
    let v1 = engine.add_policy(src.display.clone(), src.text.clone());
    let pkg = match v1 {
        Ok(p) => p,
        Err(e1) => {
            engine.set_rego_v0(true);
            let v0 = engine.add_policy(src.display.clone(), src.text.clone());
            engine.set_rego_v0(false);
            match v0 {
                Ok(p) => p,
                Err(e0) => {
                    // Report the error of the dialect the file is most likely written in.
                    let looks_v1 = src.text.contains("import rego.v1")
                        || src.text.contains(" if ")
                        || src.text.contains(" contains ");
                    let e = if looks_v1 { e1 } else { e0 };
                    return Err(policy_diag(
                        "policy-parse-error",
                        &src.display,
                        "policy does not parse",
                        &e.to_string(),
                    ));
                }
            }
        }
    };
    let package = pkg.strip_prefix("data.").unwrap_or(&pkg).to_owned();
    let mut rules = BTreeSet::new();
    if let Some(module) = engine.get_modules().last() {
        for rule in &module.policy {
            let text = match &**rule {
                regorus::unstable::Rule::Spec { head, .. } => match head {
                    regorus::unstable::RuleHead::Compr { refr, .. }
                    | regorus::unstable::RuleHead::Set { refr, .. }
                    | regorus::unstable::RuleHead::Func { refr, .. } => refr.span().text().to_owned(),
                },
                regorus::unstable::Rule::Default { refr, .. } => refr.span().text().to_owned(),
            };
            let name: String = text.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            if !name.is_empty() {
                rules.insert(name);
            }
        }
    }
    Ok((package, rules.into_iter().collect()))
}

/// Force the engine to analyse its modules now (so clones start warm, and conflicts between
/// policies surface at load time).
fn warm(engine: &mut Engine) -> Result<(), String> {
    engine.set_input(regorus::Value::new_object());
    engine.eval_bool_query("true".to_owned(), false).map(|_| ()).map_err(|e| e.to_string())
}

/// Build an engine from sources; a source that breaks the whole engine (e.g. a rule conflict
/// found at analysis time) is dropped with a diagnostic and the rest are kept.
fn build_engine(
    sources: &[PolicySource],
    data: &[regorus::Value],
    diags: &mut Vec<Diagnostic>,
) -> (Engine, Vec<(usize, String, Vec<String>)>) {
    let make = |skip: &BTreeSet<usize>, diags: &mut Vec<Diagnostic>| {
        let mut engine = Engine::new();
        // A time budget per evaluation; print() is gathered and reported as diagnostics.
        engine.set_execution_timer_config(regorus::utils::limits::ExecutionTimerConfig {
            limit: POLICY_TIME_LIMIT,
            check_interval: std::num::NonZeroU32::new(64).unwrap_or(std::num::NonZeroU32::MIN),
        });
        engine.set_gather_prints(true);
        let mut added = Vec::new();
        for d in data {
            if let Err(e) = engine.add_data(d.clone()) {
                diags.push(Diagnostic::error("policy-data-error", "policy data", format!("cannot merge data: {e}")));
            }
        }
        for (i, s) in sources.iter().enumerate() {
            if skip.contains(&i) {
                continue;
            }
            match add_policy(&mut engine, s) {
                Ok((pkg, rules)) => added.push((i, pkg, rules)),
                Err(d) => diags.push(d),
            }
        }
        (engine, added)
    };
    let mut skip = BTreeSet::new();
    let (mut engine, added) = make(&skip, diags);
    if let Err(e) = warm(&mut engine) {
        // Find the culprits one by one: add sources incrementally, warming each time.
        let mut ok: Vec<usize> = Vec::new();
        for (i, _, _) in &added {
            let mut trial_skip: BTreeSet<usize> = (0..sources.len()).filter(|j| !ok.contains(j) && j != i).collect();
            trial_skip.extend(skip.iter().copied());
            let (mut trial, _) = make(&trial_skip, &mut Vec::new());
            match warm(&mut trial) {
                Ok(()) => ok.push(*i),
                Err(err) => {
                    skip.insert(*i);
                    if let Some(s) = sources.get(*i) {
                        diags.push(policy_diag("policy-error", &s.display, "policy cannot be used", &err));
                    }
                }
            }
        }
        if skip.is_empty() {
            diags.push(Diagnostic::error(
                "policy-error",
                "policies",
                format!("policies cannot be used: {}", error_text(&e)),
            ));
        }
        let (mut engine2, added2) = make(&skip, &mut Vec::new());
        let _ = warm(&mut engine2);
        return (engine2, added2);
    }
    (engine, added)
}

fn kind_from_str(s: &str) -> Option<FileKind> {
    const ALL: [FileKind; 18] = [
        FileKind::Terraform,
        FileKind::TerraformJson,
        FileKind::Tfvars,
        FileKind::TfvarsJson,
        FileKind::Fly,
        FileKind::Compose,
        FileKind::Dockerfile,
        FileKind::Env,
        FileKind::Workflow,
        FileKind::Action,
        FileKind::Sql,
        FileKind::Railway,
        FileKind::Vercel,
        FileKind::Wrangler,
        FileKind::Nginx,
        FileKind::SupabaseConfig,
        FileKind::Dependabot,
        FileKind::PreCommit,
    ];
    ALL.into_iter().find(|k| k.as_str() == s)
}

fn pascal(id: &str) -> String {
    id.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut cs = p.chars();
            cs.next().map(|c| c.to_ascii_uppercase().to_string() + cs.as_str()).unwrap_or_default()
        })
        .collect()
}

fn docs_from(meta: &Metadata) -> String {
    let mut docs = meta.description.clone().unwrap_or_default().trim().to_owned();
    if !meta.related.is_empty() && !docs.contains("## References") {
        docs.push_str("\n\n## References\n");
        for r in &meta.related {
            docs.push_str("- ");
            docs.push_str(r);
            docs.push('\n');
        }
    }
    docs.trim().to_owned() + "\n"
}

/// Parse a data file's text (`.json`, `.yaml`, `.yml`) as JSON.
fn parse_data_file(display: &str, text: &str) -> Result<J, Diagnostic> {
    if display.ends_with(".json") {
        return serde_json::from_str(text).map_err(|e| {
            Diagnostic::error("policy-data-error", display, format!("data file is not valid JSON: {e}"))
                .at(u32::try_from(e.line()).unwrap_or(0), u32::try_from(e.column()).unwrap_or(0))
        });
    }
    let src = infra_lint_core::SourceFile::new(infra_lint_core::FileId(0), display, text);
    let docs = infra_lint_core::parse::yaml::load(&src)?;
    Ok(docs.first().map_or(J::Object(serde_json::Map::new()), infra_lint_core::parse::node::Node::to_plain_json))
}

/// Put `value` under the key path `prefix` (data files in sub-directories are rooted there, as
/// OPA's loader does).
fn nest(prefix: &[String], value: J) -> J {
    prefix.iter().rev().fold(value, |acc, k| {
        let mut m = serde_json::Map::new();
        m.insert(k.clone(), acc);
        J::Object(m)
    })
}

/// The user policies (tests left out) and data among the files the engine read.
fn load_files(files: &[PolicyFile], diags: &mut Vec<Diagnostic>) -> (Vec<PolicySource>, Vec<J>) {
    let mut sources = Vec::new();
    let mut data = Vec::new();
    for f in files {
        match f.kind {
            PolicyFileKind::Rego => {
                sources.push(PolicySource {
                    display: f.display.clone(),
                    text: f.text.clone(),
                    shipped: false,
                    allowed: Vec::new(),
                });
            }
            PolicyFileKind::Data => match parse_data_file(&f.display, &f.text) {
                Ok(v) if v.is_object() => data.push(nest(&f.prefix, v)),
                Ok(_) => diags.push(Diagnostic::warning(
                    "policy-data-error",
                    &f.display,
                    "data file is not an object; ignored",
                )),
                Err(d) => diags.push(d),
            },
            _ => {}
        }
    }
    (sources, data)
}

/// Whether `path` (dotted, e.g. `tf_required_tags.tags`) names a non-empty value in the policy
/// configuration (`[policy.data]`): not missing, `null`, `false`, `""`, `[]` or `{}`.
fn configured(data: &J, paths: &str) -> bool {
    paths.split('|').any(|path| configured_at(data, path.trim()))
}

/// Whether one dotted path of `data` holds a non-empty value.
fn configured_at(data: &J, path: &str) -> bool {
    let mut v = data;
    for part in path.split('.') {
        match v.get(part) {
            Some(next) => v = next,
            None => return false,
        }
    }
    match v {
        J::Null | J::Bool(false) => false,
        J::String(s) => !s.is_empty(),
        J::Array(a) => !a.is_empty(),
        J::Object(o) => !o.is_empty(),
        J::Bool(true) | J::Number(_) => true,
    }
}

fn config_data(opts: &PolicyOptions) -> J {
    let cfg = if opts.data.is_object() { opts.data.clone() } else { J::Object(serde_json::Map::new()) };
    serde_json::json!({ "infra_lint": { "config": cfg } })
}

/// What policies see for file `index` of `model`: the infra-lint envelope (with `document`
/// and `facts`) and the conftest-shaped documents. For documentation and debugging.
#[must_use]
pub fn file_inputs(model: &Model, index: usize) -> Option<(J, Vec<J>)> {
    let f = model.files.get(index)?;
    let facts = FileFacts::of(&serde_json::to_value(crate::facts::Facts::of(model)).unwrap_or(J::Null));
    let docs = shapes::conftest_input_with(&f.source, f.kind, f.doc.as_ref());
    let tripped = std::sync::Mutex::new(BTreeSet::new());
    let alone = std::sync::RwLock::new(());
    let ctx = Ctx { model, facts: &facts, inputs: &[], local: Some((index, &docs)), tripped: &tripped, alone: &alone };
    let envelope = ctx.envelope(index, f, Needs { document: true, facts: true });
    let conftest = docs.iter().map(STree::to_json).collect();
    Some((envelope, conftest))
}

/// The catalog entries of the policies shipped with infra-lint (loaded once per process).
#[must_use]
pub fn shipped_rules() -> Vec<RuleInfo> {
    static SHIPPED: OnceLock<Vec<RuleInfo>> = OnceLock::new();
    SHIPPED
        .get_or_init(|| PolicySet::load(&PolicyOptions { shipped: true, ..PolicyOptions::default() }).0.rules())
        .clone()
}

impl PolicySet {
    /// An empty set (no policies).
    #[must_use]
    pub fn empty() -> Self {
        Self {
            model_engine: None,
            model_policies: Vec::new(),
            conftest_engine: None,
            namespaces: Vec::new(),
            rules: Vec::new(),
        }
    }

    /// Load the shipped policies and the user directories; parse every policy once.
    #[must_use]
    pub fn load(opts: &PolicyOptions) -> (PolicySet, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let lib: Vec<PolicySource> = shipped::LIB
            .iter()
            .map(|(p, t)| PolicySource {
                display: (*p).to_owned(),
                text: (*t).to_owned(),
                shipped: true,
                allowed: Vec::new(),
            })
            .collect();
        let mut model_sources: Vec<PolicySource> = Vec::new();
        let mut conftest_sources: Vec<PolicySource> = Vec::new();
        let mut metas: BTreeMap<String, Metadata> = BTreeMap::new();
        if opts.shipped {
            for (p, t) in shipped::POLICIES {
                model_sources.push(PolicySource {
                    display: (*p).to_owned(),
                    text: (*t).to_owned(),
                    shipped: true,
                    allowed: Vec::new(),
                });
            }
        }
        let (mut user, user_data) = load_files(&opts.files, &mut diags);
        sandbox_relaxed(opts, !user.is_empty(), &mut diags);
        for s in &mut user {
            s.allowed.clone_from(&opts.allow_builtins);
        }
        for s in user {
            match metadata::package_metadata(&s.text) {
                Ok(Some(m)) if m.custom_str("id").is_some() => model_sources.push(s),
                Ok(_) => conftest_sources.push(s),
                Err((line, msg)) => {
                    diags.push(Diagnostic::error("policy-metadata-error", &s.display, msg).at(line, 1));
                    conftest_sources.push(s);
                }
            }
        }
        for s in &model_sources {
            match metadata::package_metadata(&s.text) {
                Ok(Some(m)) => {
                    metas.insert(s.display.clone(), m);
                }
                Ok(None) => {}
                Err((line, msg)) => diags.push(Diagnostic::error("policy-metadata-error", &s.display, msg).at(line, 1)),
            }
        }
        let cfg = regorus::Value::from(config_data(opts));
        let mut set = PolicySet::empty();

        // infra-lint policies.
        if !model_sources.is_empty() {
            let n_lib = lib.len();
            let all: Vec<PolicySource> = lib
                .iter()
                .map(|s| PolicySource {
                    display: s.display.clone(),
                    text: s.text.clone(),
                    shipped: true,
                    allowed: Vec::new(),
                })
                .chain(model_sources)
                .collect();
            let mut data = vec![cfg.clone()];
            data.extend(user_data.iter().cloned().map(regorus::Value::from));
            let (engine, added) = build_engine(&all, &data, &mut diags);
            for (i, package, rules) in added {
                if i < n_lib {
                    continue;
                }
                let Some(src) = all.get(i) else { continue };
                let Some(meta) = metas.get(&src.display) else { continue };
                let Some(id) = meta.custom_str("id").map(str::to_owned) else { continue };
                let rules: Vec<String> =
                    rules.into_iter().filter(|r| is_failure_rule(r) || is_warning_rule(r)).collect();
                let severity = meta.custom_str("severity").and_then(Severity::parse).unwrap_or(Severity::Medium);
                let formats: Vec<FileKind> =
                    meta.custom_list("formats").iter().filter_map(|f| kind_from_str(f)).collect();
                let scope =
                    if meta.custom_str("scope") == Some("repository") { Scope::Repository } else { Scope::File };
                let weigh = meta.custom.get("weigh_by_environment").and_then(J::as_bool).unwrap_or(src.shipped);
                set.rules.push(RuleInfo {
                    id: id.clone(),
                    name: pascal(&id),
                    summary: meta.title.clone().unwrap_or_else(|| id.clone()),
                    docs: docs_from(meta),
                    severity,
                    tags: meta.custom_list("tags"),
                    precision: meta.custom_str("precision").unwrap_or("high").to_owned(),
                    formats: formats.iter().map(|k| k.as_str().to_owned()).collect(),
                    origin: "rego".to_owned(),
                    aliases: meta.custom_list("aliases"),
                });
                set.model_policies.push(ModelPolicy {
                    package,
                    path: src.display.clone(),
                    id,
                    severity,
                    formats,
                    scope,
                    rules,
                    weigh,
                    needs: Needs::of(&src.text),
                    dormant: meta.custom_str("requires_config").is_some_and(|path| !configured(&opts.data, path)),
                });
            }
            set.model_engine = Some(engine);
        }

        // conftest policies.
        if !conftest_sources.is_empty() {
            let n_lib = lib.len();
            let all: Vec<PolicySource> = lib.into_iter().chain(conftest_sources).collect();
            let mut data = vec![cfg];
            data.extend(user_data.into_iter().map(regorus::Value::from));
            let (engine, added) = build_engine(&all, &data, &mut diags);
            let wanted: Vec<String> =
                if opts.namespaces.is_empty() { vec!["main".to_owned()] } else { opts.namespaces.clone() };
            let mut by_pkg: BTreeMap<String, Namespace> = BTreeMap::new();
            for (i, package, rules) in added {
                if i < n_lib {
                    continue;
                }
                let Some(src) = all.get(i) else { continue };
                if !opts.all_namespaces && !wanted.contains(&package) {
                    continue;
                }
                let ns = by_pkg.entry(package.clone()).or_insert_with(|| Namespace {
                    package: package.clone(),
                    path: src.display.clone(),
                    rules: Vec::new(),
                    exception: false,
                });
                for r in rules {
                    if r == "exception" {
                        ns.exception = true;
                    } else if (is_failure_rule(&r) || is_warning_rule(&r)) && !ns.rules.contains(&r) {
                        ns.rules.push(r);
                    }
                }
            }
            for ns in by_pkg.into_values().filter(|n| !n.rules.is_empty()) {
                for r in &ns.rules {
                    let id = format!("policy/{}/{}", ns.package, r);
                    let (severity, kind) =
                        if is_failure_rule(r) { (Severity::High, "failure") } else { (Severity::Medium, "warning") };
                    set.rules.push(RuleInfo {
                        id: id.clone(),
                        name: pascal(&format!("{} {}", ns.package, r)),
                        summary: format!("conftest {kind} rule `{r}` of package `{}`", ns.package),
                        docs: format!(
                            "## What it does\nRuns the user policy rule `{r}` in package `{}` (from `{}`) over every file, in conftest's input shapes.\n",
                            ns.package, ns.path
                        ),
                        severity,
                        tags: vec!["policy".to_owned()],
                        precision: "medium".to_owned(),
                        formats: Vec::new(),
                        origin: "rego".to_owned(),
                        aliases: Vec::new(),
                    });
                }
                set.namespaces.push(ns);
            }
            set.conftest_engine = Some(engine);
        }
        set.rules.sort_by(|a, b| a.id.cmp(&b.id));
        set.rules.dedup_by(|a, b| a.id == b.id);
        diags.sort();
        diags.dedup();
        (set, diags)
    }

    /// The catalog entries of every loaded policy rule (origin `rego`).
    #[must_use]
    pub fn rules(&self) -> Vec<RuleInfo> {
        self.rules.clone()
    }

    /// Whether no policy is loaded.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.model_policies.is_empty() && self.namespaces.is_empty()
    }

    /// Whether an active (not dormant) policy is repository-scoped: it must see every file of the
    /// scan at once, so the scan cannot be split into shards.
    #[must_use]
    pub fn needs_whole_repository(&self) -> bool {
        self.model_policies.iter().any(|p| !p.dormant && p.scope == Scope::Repository)
    }

    /// Keep only the infra-lint policies whose id satisfies `keep` (conftest namespaces are kept).
    pub fn retain_ids(&mut self, keep: impl Fn(&str) -> bool) {
        self.model_policies.retain(|p| keep(&p.id));
        let ids: BTreeSet<String> = self.model_policies.iter().map(|p| p.id.clone()).collect();
        let conftest: BTreeSet<String> = self
            .namespaces
            .iter()
            .flat_map(|n| n.rules.iter().map(move |r| format!("policy/{}/{}", n.package, r)))
            .collect();
        self.rules.retain(|r| ids.contains(&r.id) || conftest.contains(&r.id));
    }

    /// Evaluate every policy over the model: per file in parallel, repository-scoped policies
    /// once. Findings are sorted; diagnostics name the policy file (and line:col where known).
    #[must_use]
    pub fn evaluate(&self, model: &Model) -> (Vec<Finding>, Vec<Diagnostic>) {
        let facts = if self.model_policies.iter().any(|p| !p.dormant && p.needs.facts) {
            FileFacts::of(&serde_json::to_value(crate::facts::Facts::of(model)).unwrap_or(J::Null))
        } else {
            FileFacts::default()
        };
        let active = |p: &&ModelPolicy| !p.dormant;
        // A file whose parser stopped at an error keeps a partial tree: its conftest shape is
        // read from the source as conftest would (and is empty when that fails too).
        let broken: std::collections::HashSet<&std::path::Path> = model
            .diagnostics
            .iter()
            .filter(|d| d.level == infra_lint_core::DiagnosticLevel::Error)
            .map(|d| d.path.as_path())
            .collect();
        fn complete<'f>(
            f: &'f ParsedFile,
            broken: &std::collections::HashSet<&std::path::Path>,
        ) -> Option<&'f Document> {
            match &f.doc {
                Some(Document::Terraform(_)) => f.doc.as_ref(),
                Some(_) if !broken.contains(f.source.path.as_path()) => f.doc.as_ref(),
                _ => None,
            }
        }
        let complete_doc = |f| complete(f, &broken);
        let wanted_by = |f: &ParsedFile, scope: Option<Scope>| {
            // A file its parser could not read is a diagnostic already; do not parse it again.
            f.doc.is_some()
                && self.model_policies.iter().filter(active).any(|p| {
                    scope.is_none_or(|s| p.scope == s) && (p.formats.is_empty() || p.formats.contains(&f.kind))
                })
        };
        // Repository-scoped policies see every file's input at once; per-file evaluation builds a
        // file's input when it gets to it and drops it after, so memory does not grow with the
        // repository.
        let inputs: Vec<Vec<STree>> = if self.model_policies.iter().filter(active).any(|p| p.scope == Scope::Repository)
        {
            model
                .files
                .par_iter()
                .map(|f| {
                    if wanted_by(f, Some(Scope::Repository)) {
                        shapes::conftest_input_with(&f.source, f.kind, complete_doc(f))
                    } else {
                        Vec::new()
                    }
                })
                .collect()
        } else {
            Vec::new()
        };
        // From here on, regorus' memory limit is the live bytes now plus the budget.
        let _budget = memory_budget::Guard::enter(POLICY_MEMORY_BUDGET);
        let tripped = std::sync::Mutex::new(BTreeSet::new());
        let alone = std::sync::RwLock::new(());
        let ctx = Ctx { model, facts: &facts, inputs: &inputs, local: None, tripped: &tripped, alone: &alone };
        let per_file: Vec<(Vec<Finding>, Vec<Diagnostic>)> = model
            .files
            .par_iter()
            .enumerate()
            .map_init(
                || (self.model_engine.clone(), self.conftest_engine.clone()),
                |(me, ce), (i, f)| {
                    let mut out = (Vec::new(), Vec::new());
                    // Downloaded modules (`.terraform/modules/…`) are not the repository's files.
                    if f.is_vendored() {
                        return out;
                    }
                    let docs = if (!self.namespaces.is_empty() && f.doc.is_some()) || wanted_by(f, Some(Scope::File)) {
                        shapes::conftest_input_with(&f.source, f.kind, complete_doc(f))
                    } else {
                        Vec::new()
                    };
                    let ctx = Ctx { local: Some((i, &docs)), ..ctx };
                    if let Some(engine) = me.as_mut() {
                        self.eval_model_file(engine, &ctx, i, f, &mut out);
                    }
                    if let Some(engine) = ce.as_mut() {
                        self.eval_conftest_file(engine, &ctx, i, f, &mut out);
                    }
                    out
                },
            )
            .collect();
        let mut findings = Vec::new();
        let mut diags = Vec::new();
        for (f, d) in per_file {
            findings.extend(f);
            diags.extend(d);
        }
        if let Some(engine) = &self.model_engine {
            let mut engine = engine.clone();
            for p in self.model_policies.iter().filter(|p| !p.dormant && p.scope == Scope::Repository) {
                self.eval_repository(&mut engine, &ctx, p, &mut findings, &mut diags);
            }
        }
        mask_secrets(model, &mut findings);
        crate::sort_findings(&mut findings);
        diags.sort();
        // One diagnostic per policy problem, not one per file it happened on.
        diags.dedup_by(|a, b| a.code == b.code && a.path == b.path && a.line == b.line && a.column == b.column);
        (findings, diags)
    }

    fn eval_model_file(
        &self,
        engine: &mut Engine,
        ctx: &Ctx<'_>,
        i: usize,
        f: &ParsedFile,
        out: &mut (Vec<Finding>, Vec<Diagnostic>),
    ) {
        let applicable: Vec<&ModelPolicy> = self
            .model_policies
            .iter()
            .filter(|p| !p.dormant && p.scope == Scope::File && (p.formats.is_empty() || p.formats.contains(&f.kind)))
            .collect();
        if applicable.is_empty() {
            return;
        }
        let needs = applicable.iter().fold(Needs::default(), |n, p| n.or(p.needs));
        let input = regorus::Value::from(ctx.envelope(i, f, needs));
        engine.set_input(input.clone());
        for p in applicable {
            for rule in &p.rules {
                let at = Guarded { pristine: self.model_engine.as_ref(), input: &input, path: &p.path };
                if let Some(v) = ctx.eval(engine, &at, format!("data.{}.{}", p.package, rule), rule, &mut out.1) {
                    for r in results(&v) {
                        if let Some(fd) = ctx.model_finding(p, rule, &r, Root::File(i)) {
                            out.0.push(fd);
                        }
                    }
                }
                drain_prints(engine, &p.path, &mut out.1);
            }
        }
    }

    fn eval_repository(
        &self,
        engine: &mut Engine,
        ctx: &Ctx<'_>,
        p: &ModelPolicy,
        findings: &mut Vec<Finding>,
        diags: &mut Vec<Diagnostic>,
    ) {
        let files: Vec<usize> = ctx
            .model
            .files
            .iter()
            .enumerate()
            .filter(|(_, f)| !f.is_vendored() && (p.formats.is_empty() || p.formats.contains(&f.kind)))
            .map(|(i, _)| i)
            .collect();
        let envelopes: Vec<J> =
            files.iter().filter_map(|&i| ctx.model.files.get(i).map(|f| ctx.envelope(i, f, p.needs))).collect();
        let input = regorus::Value::from(serde_json::json!({ "files": envelopes }));
        engine.set_input(input.clone());
        for rule in &p.rules {
            let at = Guarded { pristine: self.model_engine.as_ref(), input: &input, path: &p.path };
            if let Some(v) = ctx.eval(engine, &at, format!("data.{}.{}", p.package, rule), rule, diags) {
                for r in results(&v) {
                    if let Some(fd) = ctx.model_finding(p, rule, &r, Root::Files(&files)) {
                        findings.push(fd);
                    }
                }
            }
        }
        drain_prints(engine, &p.path, diags);
    }

    fn eval_conftest_file(
        &self,
        engine: &mut Engine,
        ctx: &Ctx<'_>,
        i: usize,
        f: &ParsedFile,
        out: &mut (Vec<Finding>, Vec<Diagnostic>),
    ) {
        if self.namespaces.is_empty() {
            return;
        }
        let docs = ctx.docs(i);
        // conftest evaluates each document of a multi-document file, and each element of a
        // top-level array, separately; a Dockerfile's command list is one input.
        let subs: Vec<(Vec<Seg>, &STree)> = match docs.as_slice() {
            [] => return,
            [one] => match (&one.v, f.kind) {
                (stree::SVal::Arr(items), k) if k != FileKind::Dockerfile => {
                    items.iter().enumerate().map(|(ix, t)| (vec![Seg::Index(ix)], t)).collect()
                }
                _ => vec![(Vec::new(), *one)],
            },
            many => many.iter().enumerate().map(|(ix, t)| (vec![Seg::Index(ix)], *t)).collect(),
        };
        for (prefix, sub) in subs {
            let input = regorus::Value::from(sub.to_json());
            engine.set_input(input.clone());
            for ns in &self.namespaces {
                let at = Guarded { pristine: self.conftest_engine.as_ref(), input: &input, path: &ns.path };
                let excepted: BTreeSet<String> = if ns.exception {
                    match ctx.eval(engine, &at, format!("data.{}.exception", ns.package), "exception", &mut out.1) {
                        Some(v) => results(&v)
                            .into_iter()
                            .flat_map(|r| match r {
                                J::Array(a) => {
                                    a.into_iter().filter_map(|x| x.as_str().map(str::to_owned)).collect::<Vec<_>>()
                                }
                                J::String(s) => vec![s],
                                _ => Vec::new(),
                            })
                            .collect(),
                        None => BTreeSet::new(),
                    }
                } else {
                    BTreeSet::new()
                };
                for rule in &ns.rules {
                    let bare = rule.strip_prefix("deny_").or_else(|| rule.strip_prefix("violation_")).unwrap_or(rule);
                    if excepted.iter().any(|e| e.eq_ignore_ascii_case(bare)) {
                        continue;
                    }
                    if let Some(v) = ctx.eval(engine, &at, format!("data.{}.{}", ns.package, rule), rule, &mut out.1) {
                        for r in results(&v) {
                            if let Some(fd) = ctx.conftest_finding(ns, rule, &r, f, sub, &prefix) {
                                out.0.push(fd);
                            }
                        }
                    }
                }
            }
        }
        drain_prints(engine, "conftest policies", &mut out.1);
    }
}

/// Policies may quote input values in their messages: mask every secret-looking value of the
/// model that appears in a message, and mark a finding that points at a secret value.
fn mask_secrets(model: &Model, findings: &mut [Finding]) {
    let secrets: Vec<(&str, Span)> = crate::facts::Facts::of(model)
        .secrets
        .iter()
        .filter(|s| !s.is_reference && s.value.chars().count() >= 6)
        .filter(|s| crate::secret_detect::classify(&s.key, &s.value).is_some())
        .map(|s| (s.value.as_str(), s.value_span))
        .collect();
    if secrets.is_empty() {
        return;
    }
    for f in findings {
        for (value, span) in &secrets {
            if f.message.contains(value) {
                f.message = f.message.replace(value, &crate::secret_detect::mask(value));
            }
            if span.contains(&f.span) || f.span.contains(span) {
                f.secret_spans.push(*span);
            }
        }
    }
}

/// The elements of a rule's value (a set or an array); nothing for undefined/other values.
fn results(v: &regorus::Value) -> Vec<J> {
    match serde_json::to_value(v) {
        Ok(J::Array(items)) => items,
        _ => Vec::new(),
    }
}

enum Root<'a> {
    File(usize),
    Files(&'a [usize]),
}

#[derive(Clone, Copy)]
struct Ctx<'a> {
    model: &'a Model,
    facts: &'a FileFacts,
    /// Every file's conftest-shaped documents (for repository-scoped policies; may be empty).
    inputs: &'a [Vec<STree>],
    /// The documents of the one file being evaluated (built for it, dropped after it).
    local: Option<(usize, &'a [STree])>,
    /// Rules (policy path and query) that exceeded a budget: not evaluated again in this scan.
    tripped: &'a std::sync::Mutex<BTreeSet<(String, String)>>,
    /// Held shared by every evaluation, and alone by the retry of one over the memory budget.
    alone: &'a std::sync::RwLock<()>,
}

/// The model's facts grouped by the file they mention, built once: a file's envelope gets the
/// facts with a span in it without a pass over every fact per file.
#[derive(Default)]
struct FileFacts {
    by_file: HashMap<u64, J>,
    /// Every kind of fact with no items (the facts of a file nothing mentions).
    empty: J,
}

impl FileFacts {
    fn of(facts: &J) -> FileFacts {
        let J::Object(kinds) = facts else { return FileFacts::default() };
        let empty: serde_json::Map<String, J> = kinds.keys().map(|k| (k.clone(), J::Array(Vec::new()))).collect();
        let mut by_file: HashMap<u64, J> = HashMap::new();
        for (kind, items) in kinds {
            let J::Array(items) = items else { continue };
            for item in items {
                let mut ids = BTreeSet::new();
                file_ids(item, &mut ids);
                for id in ids {
                    let entry = by_file.entry(id).or_insert_with(|| J::Object(empty.clone()));
                    if let Some(J::Array(list)) = entry.get_mut(kind) {
                        list.push(item.clone());
                    }
                }
            }
        }
        FileFacts { by_file, empty: J::Object(empty) }
    }

    fn of_file(&self, id: u64) -> J {
        self.by_file.get(&id).unwrap_or(&self.empty).clone()
    }
}

/// The serde tag of a document's format (`terraform`, `compose` …).
fn doc_format(d: &infra_lint_core::parse::Document) -> &'static str {
    use infra_lint_core::parse::Document as D;
    match d {
        D::Terraform(_) => "terraform",
        D::Compose(_) => "compose",
        D::Workflow(_) => "workflow",
        D::Dockerfile(_) => "dockerfile",
        D::Env(_) => "env",
        D::Fly(_) => "fly",
        D::Sql(_) => "sql",
        D::Railway(_) => "railway",
        D::Vercel(_) => "vercel",
        D::Wrangler(_) => "wrangler",
        D::Nginx(_) => "nginx",
        D::SupabaseConfig(_) => "supabase-config",
        D::Dependabot(_) => "dependabot",
        D::PreCommit(_) => "pre-commit",
    }
}

/// The files a JSON value holds spans (`{file, start, …}`) in.
fn file_ids(v: &J, out: &mut BTreeSet<u64>) {
    match v {
        J::Object(m) => {
            if let Some(id) = m.get("file").and_then(J::as_u64).filter(|_| m.contains_key("start")) {
                out.insert(id);
            }
            m.values().for_each(|x| file_ids(x, out));
        }
        J::Array(a) => a.iter().for_each(|x| file_ids(x, out)),
        _ => {}
    }
}

/// A span from JSON: `{file, start, end}`, or a node with `_loc` / `key_loc`.
fn span_from_json(v: &J) -> Option<Span> {
    let obj = v.as_object()?;
    if let (Some(f), Some(s), Some(e)) =
        (obj.get("file").and_then(J::as_u64), obj.get("start").and_then(J::as_u64), obj.get("end").and_then(J::as_u64))
    {
        return Some(Span::new(
            infra_lint_core::FileId(u32::try_from(f).ok()?),
            usize::try_from(s).ok()?,
            usize::try_from(e).ok()?,
        ));
    }
    ["_loc", "key_loc", "span", "loc"].iter().find_map(|k| obj.get(*k).and_then(span_from_json))
}

/// Where a rule is evaluated: the warm engine to start again from, the input, the policy file.
struct Guarded<'a> {
    pristine: Option<&'a Engine>,
    input: &'a regorus::Value,
    path: &'a str,
}

impl Guarded<'_> {
    /// Drop what an interrupted evaluation built: a fresh clone of the warm engine, same input.
    fn reset(&self, engine: &mut Engine) {
        if let Some(p) = self.pristine {
            *engine = p.clone();
            engine.set_input(self.input.clone());
        }
    }
}

impl Ctx<'_> {
    /// Evaluate `query` (the rule `rule` of the policy `at.path`). An error is a diagnostic naming
    /// the policy. A rule over its time or memory budget (`rego-budget`) is not evaluated again in
    /// this scan, and the engine starts again from the warm one (dropping what the rule built).
    /// The memory budget is shared by the evaluations running in parallel, so a rule over it is
    /// tried once more first, alone (the other evaluations wait): the one that filled it may have
    /// been another.
    fn eval(
        &self,
        engine: &mut Engine,
        at: &Guarded<'_>,
        query: String,
        rule: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<regorus::Value> {
        let key = (at.path.to_owned(), query);
        if self.tripped.lock().is_ok_and(|t| t.contains(&key)) {
            return None;
        }
        let mut result = {
            let _shared = self.alone.read().unwrap_or_else(std::sync::PoisonError::into_inner);
            engine.eval_rule(key.1.clone())
        };
        if let Err(e) = &result {
            let msg = e.to_string();
            if over_budget(&msg) {
                at.reset(engine);
                if msg.contains("exceeded memory limit") {
                    let _alone = self.alone.write().unwrap_or_else(std::sync::PoisonError::into_inner);
                    result = engine.eval_rule(key.1.clone());
                    if result.as_ref().is_err_and(|e| over_budget(&e.to_string())) {
                        at.reset(engine);
                    }
                }
            }
        }
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                let msg = e.to_string();
                if over_budget(&msg) {
                    if let Ok(mut t) = self.tripped.lock() {
                        t.insert(key);
                    }
                }
                diags.push(policy_diag("policy-eval-error", at.path, &format!("rule {rule} failed"), &msg));
                None
            }
        }
    }

    fn docs(&self, i: usize) -> Vec<&'_ STree> {
        match self.local {
            Some((j, docs)) if j == i => docs.iter().collect(),
            _ => self.inputs.get(i).map(|d| d.iter().collect()).unwrap_or_default(),
        }
    }

    fn envelope(&self, i: usize, f: &ParsedFile, needs: Needs) -> J {
        let docs = self.docs(i);
        let doc_json = if needs.document { serde_json::to_value(&f.doc).unwrap_or(J::Null) } else { J::Null };
        let id = u64::from(f.source.id.0);
        let facts = if needs.facts { self.facts.of_file(id) } else { J::Null };
        serde_json::json!({
            "path": f.path,
            "kind": f.kind.as_str(),
            "environment": f.environment().as_str(),
            "example": f.example,
            "file": id,
            "config": docs.first().map_or(J::Null, |d| d.to_json()),
            "documents": docs.iter().map(|d| d.to_json()).collect::<Vec<_>>(),
            "format": f.doc.as_ref().map_or(J::Null, |d| J::from(doc_format(d))),
            "document": doc_json.get("document").cloned().unwrap_or(J::Null),
            "facts": facts,
        })
    }

    /// The start of a file (its first line).
    fn file_span(&self, i: usize) -> Option<Span> {
        let f = self.model.files.get(i)?;
        let first = f.source.text.find('\n').unwrap_or(f.source.text.len());
        Some(f.source.span(0, first))
    }

    /// Resolve an `at` value against the envelope of file `i`.
    fn resolve_in_file(&self, i: usize, at: &J) -> Option<(Span, String)> {
        if let Some(s) = span_from_json(at) {
            return self.model.file(s.file).map(|_| (s, String::new()));
        }
        let path = stree::path_from_json(at)?;
        let (head, rest) = path.split_first()?;
        let docs = self.docs(i);
        let (tree, rest) = match head {
            Seg::Key(k) if k == "config" => (docs.first().copied()?, rest),
            Seg::Key(k) if k == "documents" => match rest.split_first() {
                Some((Seg::Index(d), r)) => (docs.get(*d).copied()?, r),
                _ => return None,
            },
            _ => return None,
        };
        let (node, _) = tree.resolve(rest);
        Some((node.report_span(), stree::path_key(rest)))
    }

    fn resolve(&self, root: &Root<'_>, at: &J) -> Option<(Span, String)> {
        match root {
            Root::File(i) => self.resolve_in_file(*i, at),
            Root::Files(files) => {
                if let Some(s) = span_from_json(at) {
                    return self.model.file(s.file).map(|_| (s, String::new()));
                }
                let path = stree::path_from_json(at)?;
                match path.as_slice() {
                    [Seg::Key(k), Seg::Index(ix), rest @ ..] if k == "files" => {
                        let i = *files.get(*ix)?;
                        if rest.is_empty() {
                            return self.file_span(i).map(|s| (s, String::new()));
                        }
                        let rest_json = J::Array(
                            rest.iter()
                                .map(|s| match s {
                                    Seg::Key(k) => J::from(k.clone()),
                                    Seg::Index(n) => J::from(*n),
                                })
                                .collect(),
                        );
                        self.resolve_in_file(i, &rest_json)
                    }
                    _ => None,
                }
            }
        }
    }

    fn model_finding(&self, p: &ModelPolicy, rule: &str, r: &J, root: Root<'_>) -> Option<Finding> {
        let (msg, obj) = match r {
            J::String(s) => (s.clone(), None),
            J::Object(o) => (o.get("msg").or_else(|| o.get("message")).and_then(J::as_str)?.to_owned(), Some(o)),
            _ => return None,
        };
        let at = obj.and_then(|o| o.get("at").or_else(|| o.get("path")));
        let (span, path_key) = match (at.and_then(|a| self.resolve(&root, a)), &root) {
            (Some(x), _) => x,
            (None, Root::File(i)) => (self.file_span(*i)?, String::new()),
            (None, Root::Files(files)) => (self.file_span(*files.first()?)?, String::new()),
        };
        let default = if is_warning_rule(rule) { p.severity.min(Severity::Medium) } else { p.severity };
        let declared =
            obj.and_then(|o| o.get("severity")).and_then(J::as_str).and_then(Severity::parse).unwrap_or(default);
        let env = self.model.env_of(span);
        let severity = if p.weigh { declared.weigh(env) } else { declared };
        let file_path = self.model.file(span.file).map(|f| f.path.clone()).unwrap_or_default();
        let key = obj.and_then(|o| o.get("key")).and_then(J::as_str).map_or_else(
            || if path_key.is_empty() { format!("{file_path}:{msg}") } else { format!("{file_path}:{path_key}") },
            str::to_owned,
        );
        let mut fd = Finding::new(p.id.clone(), severity, span, msg).key(key).env(env);
        if let Some(fix) = obj.and_then(|o| o.get("fix")).and_then(J::as_str) {
            fd = fd.fix(fix);
        }
        if let Some(J::Array(rel)) = obj.and_then(|o| o.get("related")) {
            for item in rel {
                let m = item.get("msg").and_then(J::as_str).unwrap_or("related");
                if let Some((s, _)) = item.get("at").and_then(|a| self.resolve(&root, a)) {
                    fd = fd.related(s, m);
                }
            }
        }
        Some(fd)
    }

    #[allow(clippy::too_many_arguments)]
    fn conftest_finding(
        &self,
        ns: &Namespace,
        rule: &str,
        r: &J,
        f: &ParsedFile,
        sub: &STree,
        prefix: &[Seg],
    ) -> Option<Finding> {
        let (msg, obj) = match r {
            J::String(s) => (s.clone(), None),
            J::Object(o) => (o.get("msg").and_then(J::as_str)?.to_owned(), Some(o)),
            _ => return None,
        };
        if msg.is_empty() {
            return None;
        }
        let explicit = obj.and_then(|o| o.get("at").or_else(|| o.get("path"))).and_then(|a| {
            if let Some(s) = span_from_json(a) {
                return Some((s, String::new()));
            }
            let p = stree::path_from_json(a)?;
            let (node, _) = sub.resolve(&p);
            Some((node.report_span(), stree::path_key(&p)))
        });
        let located = explicit.or_else(|| {
            sub.trace(&msg).map(|(s, p)| {
                let mut full = prefix.to_vec();
                full.extend(p);
                (s, stree::path_key(&full))
            })
        });
        let (span, path_key) = match located {
            Some(x) => x,
            None => {
                // The first line of the document the result is about (of the file, for a
                // single-document input).
                let start = if prefix.is_empty() { 0 } else { sub.span.start as usize };
                let rest = f.source.text.get(start..).unwrap_or("");
                let end = start + rest.find('\n').unwrap_or(rest.len());
                (f.source.span(start, end), stree::path_key(prefix))
            }
        };
        let default = if is_failure_rule(rule) { Severity::High } else { Severity::Medium };
        let severity =
            obj.and_then(|o| o.get("severity")).and_then(J::as_str).and_then(Severity::parse).unwrap_or(default);
        let key = if path_key.is_empty() { msg.clone() } else { format!("{path_key}:{msg}") };
        Some(
            Finding::new(format!("policy/{}/{}", ns.package, rule), severity, span, msg)
                .key(key)
                .env(self.model.env_of(span)),
        )
    }
}
