//! `tfvars-secret`: a literal secret in a Terraform variable-definitions file.

use std::collections::BTreeMap;

use crate::facts::SecretContext;
use crate::secret_detect::{classify, is_local_default, is_placeholder, is_public_key, is_reference, mask};
use infra_lint_core::discover::FileKind;
use infra_lint_core::parse::terraform::{ExprKind, ObjKey, TfDocument};
use infra_lint_core::parse::Document;
use infra_lint_core::source::{dir_and_ancestors, parent_dir};
use infra_lint_core::terraform::eval::local_source;
use infra_lint_core::{Finding, Model, Severity, Span};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};

use super::hardcoded_secret::capitalize;

declare_rule! {
    /// ## What it does
    /// Finds literal secrets in `*.tfvars`, `*.auto.tfvars` and `*.tfvars.json` files:
    /// - a value for a variable declared `sensitive = true` in the module the file feeds (the
    ///   nearest directory at or above it with `.tf` files) or in a module it calls with a local
    ///   source; a tfvars file with no Terraform at or above it (`envs/prod.tfvars` passed with
    ///   `-var-file`) is checked against every module's declarations;
    /// - a value with a known secret shape (AWS keys, GitHub/Stripe/Slack tokens, private keys,
    ///   URLs with a password …) or a random-looking value for a secret-named key
    ///   (`db_password`, `api_token` …), nested object keys included.
    ///
    /// Example files (`terraform.tfvars.example`), placeholders (`change-me`, `<…>`, empty),
    /// well-known local defaults and public keys (`ssh-ed25519 …`, `-----BEGIN PUBLIC KEY`) are
    /// not reported.
    ///
    /// ## Why is this bad?
    /// `sensitive = true` hides a value from plans and logs, but a literal in a committed tfvars
    /// file is still readable by everyone with access to the repository and stays in its history.
    ///
    /// ## How to fix
    /// Rotate the credential. Pass it with `TF_VAR_<name>` from the CI secret store, or read it
    /// in Terraform from a secret manager (`aws_secretsmanager_secret_version`,
    /// `google_secret_manager_secret_version`, Vault) instead of a variable file.
    ///
    /// ## Example
    /// ```hcl
    /// # bad: prod.tfvars (variables.tf declares db_password with sensitive = true)
    /// db_password = "hR8#kq2LmZ9vX4wp"
    /// ```
    /// ```hcl
    /// # good: prod.tfvars — db_password comes from TF_VAR_db_password in CI
    /// db_instance_class = "db.t4g.medium"
    /// ```
    ///
    /// ## References
    /// - <https://developer.hashicorp.com/terraform/language/values/variables#suppressing-values-in-cli-output>
    /// - <https://cwe.mitre.org/data/definitions/798.html>
    pub struct TfvarsSecret {
        id: "tfvars-secret",
        severity: High,
        formats: [Tfvars, TfvarsJson],
        tags: ["security", "secrets", "terraform"],
        precision: "high",
        summary: "A literal secret in a Terraform variable file",
    }
}

/// A tfvars value to judge.
struct Candidate {
    /// Top-level variable name.
    var: String,
    /// Innermost key (the variable name for top-level values).
    key: String,
    value: String,
    span: Span,
    path: String,
}

/// Terraform directories: `variable "x" { sensitive = true }` declarations (name → span of the
/// attribute) and the directories of the modules each calls with a local source.
#[derive(Default)]
struct TfDirs {
    sensitive: BTreeMap<String, BTreeMap<String, Span>>,
    calls: BTreeMap<String, Vec<String>>,
}

fn tf_dirs(model: &Model) -> TfDirs {
    let mut out = TfDirs::default();
    for f in model.files.iter().filter(|f| matches!(f.kind, FileKind::Terraform | FileKind::TerraformJson)) {
        let Some(Document::Terraform(doc)) = &f.doc else { continue };
        let dir = parent_dir(&f.path).to_string();
        let entry = out.sensitive.entry(dir.clone()).or_default();
        for b in doc.body.blocks_of("variable") {
            let Some(name) = b.label(0) else { continue };
            if let Some(a) = b.body.attr("sensitive") {
                if matches!(a.expr.kind, ExprKind::Bool(true)) {
                    entry.insert(name.to_string(), a.span);
                }
            }
        }
        let calls = out.calls.entry(dir.clone()).or_default();
        calls.extend(doc.body.blocks_of("module").filter_map(|b| local_source(&dir, b)));
    }
    out
}

impl TfDirs {
    /// The `sensitive = true` declaration of `var` in module `dir` or, failing that, in the
    /// modules it calls (breadth first, each directory once).
    fn declaration(&self, dir: &str, var: &str) -> Option<Span> {
        let mut queue = std::collections::VecDeque::from([dir.to_owned()]);
        let mut seen = std::collections::BTreeSet::new();
        while let Some(d) = queue.pop_front() {
            if !seen.insert(d.clone()) {
                continue;
            }
            if let Some(span) = self.sensitive.get(&d).and_then(|m| m.get(var)) {
                return Some(*span);
            }
            queue.extend(self.calls.get(&d).into_iter().flatten().cloned());
        }
        None
    }
}

/// Literal string values of a tfvars document, nested keys included.
fn doc_candidates(doc: &TfDocument, file_path: &str, out: &mut Vec<Candidate>) {
    fn walk(e: &infra_lint_core::parse::terraform::Expr, var: &str, key: &str, path: &str, out: &mut Vec<Candidate>) {
        match &e.kind {
            ExprKind::Str(_) | ExprKind::Template(_) => {
                if let Some(s) = e.as_str() {
                    out.push(Candidate {
                        var: var.to_string(),
                        key: key.to_string(),
                        value: s.to_string(),
                        span: e.span,
                        path: path.to_string(),
                    });
                }
            }
            ExprKind::Array(items) => {
                for (i, it) in items.iter().enumerate() {
                    walk(it, var, key, &format!("{path}[{i}]"), out);
                }
            }
            ExprKind::Object(entries) => {
                for (k, v) in entries {
                    let name = match k {
                        ObjKey::Ident(n, _) => n.clone(),
                        ObjKey::Expr(x) => x.as_str().map_or_else(|| "?".to_string(), str::to_string),
                    };
                    walk(v, var, &name, &format!("{path}.{name}"), out);
                }
            }
            _ => {}
        }
    }
    for a in &doc.body.attributes {
        walk(&a.expr, &a.key, &a.key, &format!("{file_path}:{}", a.key), out);
    }
}

impl Rule for TfvarsSecret {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        let tfvars: Vec<_> =
            model.files.iter().filter(|f| matches!(f.kind, FileKind::Tfvars | FileKind::TfvarsJson)).collect();
        if tfvars.is_empty() {
            return;
        }
        let dirs = tf_dirs(model);
        let sensitive = &dirs.sensitive;
        // Any module's declaration, for tfvars files that feed no module of their own (first
        // directory in path order wins). Built once: no per-candidate scan of all modules.
        let mut anywhere: BTreeMap<&str, &Span> = BTreeMap::new();
        for m in sensitive.values() {
            for (name, span) in m {
                anywhere.entry(name.as_str()).or_insert(span);
            }
        }
        // The tfvars candidates of the Terraform facts, grouped by file once (not re-filtered per file).
        let mut by_file: BTreeMap<infra_lint_core::FileId, Vec<&crate::facts::SecretCandidate>> = BTreeMap::new();
        for c in &crate::facts::Facts::of(model).secrets {
            if c.context == SecretContext::Tfvars && !c.example && !c.is_reference {
                by_file.entry(c.value_span.file).or_default().push(c);
            }
        }
        for f in tfvars {
            if f.example {
                continue;
            }
            let id = f.source.id;
            // Candidates the Terraform facts collected, then the document's own literals not already covered.
            let mut cands: Vec<Candidate> = by_file
                .get(&id)
                .into_iter()
                .flatten()
                .map(|c| Candidate {
                    var: c.key.clone(),
                    key: c.key.clone(),
                    value: c.value.clone(),
                    span: c.value_span,
                    path: c.path.clone(),
                })
                .collect();
            if let Some(Document::Terraform(doc)) = &f.doc {
                let mut own = Vec::new();
                doc_candidates(doc, &f.path, &mut own);
                for c in own {
                    if !cands.iter().any(|k| k.span.contains(&c.span) || c.span.contains(&k.span)) {
                        cands.push(c);
                    }
                }
            }
            // The module this file feeds: nearest directory at or above it with `.tf` files.
            let module = dir_and_ancestors(parent_dir(&f.path)).find(|d| sensitive.contains_key(*d));
            for c in cands {
                let value = c.value.trim();
                if value.is_empty() || is_reference(value) {
                    continue;
                }
                let env = model.env_of(c.span);
                let (what, related) = if let Some(m) = classify(&c.key, value) {
                    (capitalize(&m.kind), None)
                } else {
                    let decl = match module {
                        Some(m) => dirs.declaration(m, &c.var),
                        None => anywhere.get(c.var.as_str()).map(|s| **s),
                    };
                    let Some(decl) = decl else { continue };
                    if c.var != c.key || is_placeholder(value) || is_local_default(value) || is_public_key(value) {
                        continue;
                    }
                    ("Literal value of a variable declared sensitive".to_string(), Some(decl))
                };
                let shown = if c.var == c.key { c.var.clone() } else { format!("{}.{}", c.var, c.key) };
                let message = format!(
                    "{what} in tfvars for `{shown}` (value {}): committed variable files are readable by everyone with repository access",
                    mask(value)
                );
                let mut finding = Finding::new(Self::META.id, Severity::High, c.span, message)
                    .fix("Rotate the credential and pass it via TF_VAR_* from a secret store instead of a tfvars file")
                    .key(c.path.clone())
                    .env(env)
                    .secret(c.span);
                if let Some(decl) = related {
                    finding = finding.related(decl, "variable declared sensitive here");
                }
                out.push(finding);
            }
        }
    }
}
