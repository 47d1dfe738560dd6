//! GitHub Actions workflows (`.github/workflows/*.yml`) and action metadata files (`action.yml`):
//! triggers, permissions, jobs, steps, `${{ … }}` expressions, each with the span of its source.
//!
//! Both are [`Workflow`] documents; [`Workflow::kind`] tells them apart. For a composite action
//! the steps of `runs.steps` are in [`Workflow::action_steps`]. Expression spans are found in the
//! scalar's *source text*, so they are exact even inside block scalars (`run: |`).

use serde::Serialize;

use crate::base::env::{EnvEvidence, Environment};
use crate::base::finding::Diagnostic;
use crate::base::source::{SourceFile, Span};
use crate::syntax::node::Node;
use crate::syntax::yaml::{self, Spanned};

/// Workflow or action metadata.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WorkflowKind {
    /// `.github/workflows/*.yml`
    #[default]
    Workflow,
    /// `action.yml` / `action.yaml` (composite, docker or node action)
    Action,
}

/// A GitHub Actions workflow or action metadata file (boxed, so [`crate::syntax::Document`] stays
/// small; it dereferences to [`WorkflowDoc`]).
#[derive(Debug, Default, Serialize)]
#[serde(transparent)]
pub struct Workflow(pub Box<WorkflowDoc>);

impl std::ops::Deref for Workflow {
    type Target = WorkflowDoc;
    fn deref(&self) -> &WorkflowDoc {
        &self.0
    }
}

impl std::ops::DerefMut for Workflow {
    fn deref_mut(&mut self) -> &mut WorkflowDoc {
        &mut self.0
    }
}

/// The contents of a workflow or action metadata file.
#[derive(Debug, Default, Serialize)]
pub struct WorkflowDoc {
    /// Workflow or action.
    pub kind: WorkflowKind,
    /// `name:`.
    pub name: Option<Spanned<String>>,
    /// Span of the `on:` key, when present.
    pub on_span: Option<Span>,
    /// Trigger event names (`push`, `pull_request_target` …) with their spans.
    pub triggers: Vec<Spanned<String>>,
    /// Top-level `permissions:`.
    pub permissions: Option<Permissions>,
    /// Top-level `env:`.
    pub env: Vec<WfEntry>,
    /// Span of the `jobs:` key, when present.
    pub jobs_span: Option<Span>,
    /// Jobs in source order.
    pub jobs: Vec<Job>,
    /// Action: `runs.using` (`composite`, `docker`, `node20` …).
    pub action_using: Option<Spanned<String>>,
    /// Action: `runs.image` for docker actions.
    pub action_image: Option<Spanned<String>>,
    /// Action: `runs.steps` of a composite action.
    pub action_steps: Vec<Step>,
    /// Action: declared input names.
    pub action_inputs: Vec<Spanned<String>>,
    /// The whole document as a spanned tree (for policies).
    pub root: Option<Node>,
    /// The documents after the first in a file of several (`---`), for policies that read each
    /// document (conftest); usually empty.
    #[serde(skip)]
    pub more_documents: Vec<Node>,
}

impl WorkflowDoc {
    /// Whether the workflow is triggered by `event`.
    #[must_use]
    pub fn triggered_by(&self, event: &str) -> bool {
        self.triggers.iter().any(|t| t.value == event)
    }

    /// Triggered by an event that runs with write access/secrets on attacker-controlled input
    /// (`pull_request_target`, `issue_comment`, `workflow_run`).
    #[must_use]
    pub fn privileged_trigger(&self) -> Option<&Spanned<String>> {
        self.triggers
            .iter()
            .find(|t| matches!(t.value.as_str(), "pull_request_target" | "issue_comment" | "workflow_run"))
    }

    /// Every step of the file: job steps and composite-action steps, with the job (if any).
    pub fn all_steps(&self) -> impl Iterator<Item = (Option<&Job>, &Step)> {
        self.jobs
            .iter()
            .flat_map(|j| j.steps.iter().map(move |s| (Some(j), s)))
            .chain(self.action_steps.iter().map(|s| (None, s)))
    }

    /// Every `uses:` of the file: reusable-workflow calls of jobs, then the steps' actions.
    pub fn all_uses(&self) -> impl Iterator<Item = &Spanned<String>> {
        self.jobs.iter().filter_map(|j| j.uses.as_ref()).chain(self.all_steps().filter_map(|(_, s)| s.uses.as_ref()))
    }
}

/// A `permissions:` block.
#[derive(Debug, Clone, Serialize)]
pub struct Permissions {
    /// Span of the `permissions` key.
    pub key_span: Span,
    /// Span of the value.
    pub span: Span,
    /// The string form (`write-all`, `read-all`), if a string.
    pub all: Option<String>,
    /// Scopes of the mapping form (`contents: read`); empty for `{}`.
    pub scopes: Vec<PermissionScope>,
}

impl Permissions {
    /// `permissions: write-all`.
    #[must_use]
    pub fn is_write_all(&self) -> bool {
        self.all.as_deref() == Some("write-all")
    }
}

/// One scope of a permissions mapping.
#[derive(Debug, Clone, Serialize)]
pub struct PermissionScope {
    /// Scope name (`contents`, `id-token` …).
    pub scope: String,
    /// Span of the scope name.
    pub scope_span: Span,
    /// Level (`read`, `write`, `none`).
    pub level: String,
    /// Span of the level.
    pub level_span: Span,
}

/// A `${{ … }}` expression.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Expr {
    /// The text between `${{` and `}}`, trimmed.
    pub text: String,
    /// Span of the whole `${{ … }}` in the source.
    pub span: Span,
}

/// A key/value entry of `env:`, `with:` or `secrets:`.
#[derive(Debug, Clone, Serialize)]
pub struct WfEntry {
    /// The key.
    pub key: String,
    /// Span of the key.
    pub key_span: Span,
    /// Scalar value as text (`None` for null or a collection).
    pub value: Option<String>,
    /// Span of the value.
    pub value_span: Span,
    /// Expressions in the value.
    pub expressions: Vec<Expr>,
}

impl WfEntry {
    /// Span from the key to the end of the value.
    #[must_use]
    pub fn span(&self) -> Span {
        self.key_span.cover(self.value_span)
    }
}

/// A `run:` script (or any scalar whose expressions matter) with its expressions.
#[derive(Debug, Clone, Serialize)]
pub struct Script {
    /// The script text (YAML value).
    pub value: String,
    /// Span of the scalar in source.
    pub span: Span,
    /// Expressions in it.
    pub expressions: Vec<Expr>,
}

/// A job.
#[derive(Debug, Clone, Serialize)]
pub struct Job {
    /// Job id (its key under `jobs:`).
    pub id: String,
    /// Span of the job id.
    pub id_span: Span,
    /// Span of the job's mapping.
    pub span: Span,
    /// `name:`.
    pub name: Option<Spanned<String>>,
    /// `runs-on:` labels.
    pub runs_on: Vec<Spanned<String>>,
    /// `environment:` name (string form or `{name:}`).
    pub environment: Option<Spanned<String>>,
    /// Job-level `permissions:`.
    pub permissions: Option<Permissions>,
    /// Job-level `env:`.
    pub env: Vec<WfEntry>,
    /// `if:`.
    pub if_cond: Option<Spanned<String>>,
    /// Steps.
    pub steps: Vec<Step>,
    /// Reusable-workflow call: `uses:`.
    pub uses: Option<Spanned<String>>,
    /// Reusable-workflow call: `with:`.
    pub with: Vec<WfEntry>,
    /// Reusable-workflow call: `secrets: inherit` (span of `inherit`).
    pub secrets_inherit: Option<Span>,
    /// Reusable-workflow call: explicit `secrets:` entries.
    pub secrets: Vec<WfEntry>,
    /// `container:` image.
    pub container: Option<Spanned<String>>,
    /// `services.*.image`.
    pub service_images: Vec<Spanned<String>>,
}

/// A step.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    /// 0-based index in its job.
    pub index: usize,
    /// Span of the step's mapping.
    pub span: Span,
    /// `id:`.
    pub id: Option<Spanned<String>>,
    /// `name:`.
    pub name: Option<Spanned<String>>,
    /// `uses:` value.
    pub uses: Option<Spanned<String>>,
    /// `with:` inputs.
    pub with: Vec<WfEntry>,
    /// `run:` script.
    pub run: Option<Script>,
    /// `shell:`.
    pub shell: Option<Spanned<String>>,
    /// Step `env:`.
    pub env: Vec<WfEntry>,
    /// `if:`.
    pub if_cond: Option<Spanned<String>>,
}

impl Step {
    /// A `with:` input by name.
    #[must_use]
    pub fn input(&self, name: &str) -> Option<&WfEntry> {
        self.with.iter().find(|w| w.key == name)
    }

    /// The action a step uses, without `@ref`, lower-cased (`actions/checkout`).
    #[must_use]
    pub fn action(&self) -> Option<String> {
        let u = &self.uses.as_ref()?.value;
        Some(u.split('@').next().unwrap_or("").trim().to_ascii_lowercase())
    }

    /// Human label: `name`, `id`, the action used (without its ref) or `step N`.
    #[must_use]
    pub fn label(&self) -> String {
        if let Some(s) = self.name.as_ref().or(self.id.as_ref()) {
            return s.value.clone();
        }
        match &self.uses {
            Some(u) => u.value.split('@').next().unwrap_or("").to_owned(),
            None => format!("step {}", self.index + 1),
        }
    }
}

/// Parse a file. Never panics; problems become diagnostics naming the file.
#[must_use]
pub fn parse(src: &SourceFile) -> (Option<Workflow>, Vec<Diagnostic>) {
    let loaded = yaml::load_all(src);
    let diags = loaded.diagnostics;
    let mut docs = loaded.docs.into_iter().skip_while(Node::is_null);
    let Some(root) = docs.next() else {
        return (if diags.is_empty() { Some(Workflow::default()) } else { None }, diags);
    };
    let file_name = src.path.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    let is_action = file_name == "action.yml"
        || file_name == "action.yaml"
        || (root.get("runs").is_some() && root.get("jobs").is_none());
    let mut wf = WorkflowDoc {
        kind: if is_action { WorkflowKind::Action } else { WorkflowKind::Workflow },
        name: root.get("name").and_then(yaml::text),
        ..WorkflowDoc::default()
    };
    if let Some((k, on)) = root.entry("on").or_else(|| root.entry("true")) {
        wf.on_span = Some(k.span);
        wf.triggers = triggers(on);
    }
    wf.permissions = root.entry("permissions").map(|(k, v)| permissions(k, v));
    wf.env = root.get("env").map(|n| wf_entries(src, n)).unwrap_or_default();
    if let Some((k, jobs)) = root.entry("jobs") {
        wf.jobs_span = Some(k.span);
        for (id, id_span, def) in yaml::entries(jobs) {
            wf.jobs.push(job(src, id, id_span, def));
        }
    }
    if let Some(runs) = root.get("runs") {
        wf.action_using = runs.get("using").and_then(yaml::text);
        wf.action_image = runs.get("image").and_then(yaml::text);
        wf.action_steps = steps(src, runs.get("steps"));
    }
    if let Some(inputs) = root.get("inputs") {
        wf.action_inputs = yaml::entries(inputs).map(|(k, ks, _)| Spanned::new(k.to_owned(), ks)).collect();
    }
    wf.root = Some(root);
    wf.more_documents = docs.collect();
    (Some(Workflow(Box::new(wf))), diags)
}

fn triggers(on: &Node) -> Vec<Spanned<String>> {
    if let Some(items) = on.as_seq() {
        items.iter().filter_map(yaml::text).collect()
    } else if on.as_map().is_some() {
        yaml::entries(on).map(|(k, ks, _)| Spanned::new(k.to_owned(), ks)).collect()
    } else {
        yaml::text(on).into_iter().collect()
    }
}

fn permissions(key: &Node, v: &Node) -> Permissions {
    let scopes = yaml::entries(v)
        .filter_map(|(scope, scope_span, lv)| {
            Some(PermissionScope { scope: scope.to_owned(), scope_span, level: lv.scalar_text()?, level_span: lv.span })
        })
        .collect();
    Permissions { key_span: key.span, span: v.span, all: v.scalar_text(), scopes }
}

fn job(src: &SourceFile, id: &str, id_span: Span, def: &Node) -> Job {
    let environment = def.get("environment").and_then(|e| match e.get("name") {
        Some(n) => yaml::text(n),
        None => yaml::text(e),
    });
    let runs_on = match def.get("runs-on") {
        Some(r) if r.as_seq().is_some() => r.as_seq().unwrap_or(&[]).iter().filter_map(yaml::text).collect(),
        Some(r) if r.as_map().is_some() => {
            let mut v: Vec<Spanned<String>> = r.get("group").and_then(yaml::text).into_iter().collect();
            match r.get("labels") {
                Some(l) if l.as_seq().is_some() => v.extend(l.as_seq().unwrap_or(&[]).iter().filter_map(yaml::text)),
                Some(l) => v.extend(yaml::text(l)),
                None => {}
            }
            v
        }
        Some(r) => yaml::text(r).into_iter().collect(),
        None => Vec::new(),
    };
    let secrets = def.get("secrets");
    Job {
        id: id.to_owned(),
        id_span,
        span: def.span,
        name: def.get("name").and_then(yaml::text),
        runs_on,
        environment,
        permissions: def.entry("permissions").map(|(k, v)| permissions(k, v)),
        env: def.get("env").map(|n| wf_entries(src, n)).unwrap_or_default(),
        if_cond: def.get("if").and_then(yaml::text),
        steps: steps(src, def.get("steps")),
        uses: def.get("uses").and_then(yaml::text),
        with: def.get("with").map(|n| wf_entries(src, n)).unwrap_or_default(),
        secrets_inherit: secrets.filter(|s| s.as_str() == Some("inherit")).map(|s| s.span),
        secrets: secrets.map(|n| wf_entries(src, n)).unwrap_or_default(),
        container: def.get("container").and_then(|c| c.get("image").or(Some(c))).and_then(yaml::text),
        service_images: def
            .get("services")
            .map(|s| yaml::entries(s).filter_map(|(_, _, svc)| svc.get("image").and_then(yaml::text)).collect())
            .unwrap_or_default(),
    }
}

fn steps(src: &SourceFile, n: Option<&Node>) -> Vec<Step> {
    let Some(items) = n.and_then(Node::as_seq) else { return Vec::new() };
    items
        .iter()
        .enumerate()
        .filter(|(_, s)| s.as_map().is_some())
        .map(|(index, s)| Step {
            index,
            span: s.span,
            id: s.get("id").and_then(yaml::text),
            name: s.get("name").and_then(yaml::text),
            uses: s.get("uses").and_then(yaml::text),
            with: s.get("with").map(|n| wf_entries(src, n)).unwrap_or_default(),
            run: s.get("run").and_then(|r| script(src, r)),
            shell: s.get("shell").and_then(yaml::text),
            env: s.get("env").map(|n| wf_entries(src, n)).unwrap_or_default(),
            if_cond: s.get("if").and_then(yaml::text),
        })
        .collect()
}

fn script(src: &SourceFile, n: &Node) -> Option<Script> {
    let value = n.scalar_text()?;
    Some(Script { value, span: n.span, expressions: expressions(src, n.span) })
}

fn wf_entries(src: &SourceFile, n: &Node) -> Vec<WfEntry> {
    n.as_map()
        .unwrap_or(&[])
        .iter()
        .filter_map(|(k, v)| {
            Some(WfEntry {
                key: k.scalar_text()?,
                key_span: k.span,
                value: v.scalar_text(),
                value_span: v.span,
                expressions: if v.scalar_text().is_some() { expressions(src, v.span) } else { Vec::new() },
            })
        })
        .collect()
}

/// Every `${{ … }}` expression in the source text of `span`.
#[must_use]
pub fn expressions(src: &SourceFile, span: Span) -> Vec<Expr> {
    let text = src.slice(span);
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(open) = text.get(from..).and_then(|t| t.find("${{")).map(|i| from + i) {
        let body_start = open + 3;
        let Some(close) = text.get(body_start..).and_then(|t| t.find("}}")).map(|i| body_start + i) else { break };
        let inner = text.get(body_start..close).unwrap_or("").trim();
        let start = span.start as usize + open;
        out.push(Expr { text: inner.to_owned(), span: Span::new(span.file, start, span.start as usize + close + 2) });
        from = close + 2;
    }
    out
}

/// Whether a value consists only of `${{ … }}` expressions (and whitespace).
#[must_use]
pub fn is_pure_expression(value: &str) -> bool {
    let mut rest = value.trim();
    if rest.is_empty() {
        return false;
    }
    while !rest.is_empty() {
        let Some(after) = rest.strip_prefix("${{") else { return false };
        let Some(close) = after.find("}}") else { return false };
        rest = after.get(close + 2..).unwrap_or("").trim_start();
    }
    true
}

/// Environment evidence: a job `environment:` naming production (preferred) or staging.
#[must_use]
pub fn env_hint(doc: &Workflow) -> Option<EnvEvidence> {
    let mut best: Option<EnvEvidence> = None;
    for job in &doc.jobs {
        let Some(e) = &job.environment else { continue };
        let found = Environment::from_name(&e.value);
        let rank = |env: Environment| match env {
            Environment::Production => 2,
            Environment::Staging => 1,
            _ => 0,
        };
        let Some(env) = found.filter(|env| rank(*env) > 0) else { continue };
        if best.as_ref().is_none_or(|b| rank(env) > rank(b.env)) {
            best = Some(EnvEvidence {
                env,
                reason: format!("job `{}` environment \"{}\"", job.id, e.value),
                span: Some(e.span),
            });
        }
    }
    best
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::base::source::FileId;

    fn parse_at(path: &str, text: &str) -> (SourceFile, Workflow, Vec<Diagnostic>) {
        let src = SourceFile::new(FileId(0), path, text);
        let (doc, diags) = parse(&src);
        (src, doc.unwrap(), diags)
    }

    fn at(src: &SourceFile, span: Span) -> (u32, u32) {
        let lc = src.start(span);
        (lc.line, lc.col)
    }

    pub(super) const WF_TEXT: &str = WF;
    pub(super) const WF_LEN: usize = WF.len();

    const WF: &str = r#"name: CI
on:
  pull_request_target:
    types: [opened]
  push:
permissions: write-all
env:
  GLOBAL: x
jobs:
  build:
    runs-on: [self-hosted, linux]
    environment:
      name: production
    permissions: {}
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - name: Greet
        run: |
          echo "title: ${{ github.event.issue.title }}"
          echo ok ${{github.head_ref}}
        env:
          AWS_ACCESS_KEY_ID: ${{ secrets.AWS_KEY }}
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: arn:aws:iam::1:role/x
          python-version: 3.10
  call:
    uses: org/repo/.github/workflows/x.yml@main
    secrets: inherit
"#;

    #[test]
    fn workflow_structure_and_spans() {
        let (src, wf, diags) = parse_at(".github/workflows/ci.yml", WF);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(wf.kind, WorkflowKind::Workflow);
        assert_eq!(wf.triggers.iter().map(|t| t.value.as_str()).collect::<Vec<_>>(), ["pull_request_target", "push"]);
        assert_eq!(at(&src, wf.triggers[0].span), (3, 3));
        assert!(wf.privileged_trigger().is_some());
        let p = wf.permissions.as_ref().unwrap();
        assert!(p.is_write_all());
        assert_eq!(at(&src, p.span), (6, 14));
        assert_eq!(at(&src, wf.jobs_span.unwrap()), (9, 1));
        let build = &wf.jobs[0];
        assert_eq!((build.id.as_str(), at(&src, build.id_span)), ("build", (10, 3)));
        assert_eq!(build.runs_on.len(), 2);
        assert_eq!(build.environment.as_ref().unwrap().value, "production");
        let jp = build.permissions.as_ref().unwrap();
        assert!(jp.scopes.is_empty() && jp.all.is_none());
        let s0 = &build.steps[0];
        assert_eq!(s0.action().as_deref(), Some("actions/checkout"));
        assert_eq!(at(&src, s0.uses.as_ref().unwrap().span), (16, 15));
        let r = s0.input("ref").unwrap();
        assert_eq!(at(&src, r.value_span), (18, 16));
        assert_eq!(r.expressions[0].text, "github.event.pull_request.head.sha");
        let run = build.steps[1].run.as_ref().unwrap();
        assert_eq!(run.expressions.len(), 2);
        assert_eq!(run.expressions[0].text, "github.event.issue.title");
        assert_eq!(at(&src, run.expressions[0].span), (21, 24));
        assert_eq!(src.slice(run.expressions[1].span), "${{github.head_ref}}");
        assert_eq!(at(&src, run.expressions[1].span), (22, 19));
        let s2 = &build.steps[2];
        assert_eq!(s2.input("python-version").unwrap().value.as_deref(), Some("3.10"));
        let call = &wf.jobs[1];
        assert_eq!(call.uses.as_ref().unwrap().value, "org/repo/.github/workflows/x.yml@main");
        assert_eq!(at(&src, call.secrets_inherit.unwrap()), (31, 14));
        assert_eq!(env_hint(&wf).unwrap().env, Environment::Production);
    }

    #[test]
    fn trigger_forms() {
        let (_, wf, _) = parse_at("w.yml", "on: push\njobs: {}\n");
        assert_eq!(wf.triggers[0].value, "push");
        let (_, wf, _) = parse_at("w.yml", "on: [issue_comment, workflow_run]\njobs: {}\n");
        assert!(wf.triggered_by("issue_comment") && wf.triggered_by("workflow_run"));
        let (_, wf, _) = parse_at("w.yml", "'on':\n  pull_request:\njobs: {}\n");
        assert!(wf.triggered_by("pull_request"));
    }

    #[test]
    fn composite_action() {
        let text = "name: x\ninputs:\n  token:\n    required: true\nruns:\n  using: composite\n  steps:\n    - uses: actions/setup-node@v4\n    - run: echo ${{ inputs.token }}\n      shell: bash\n";
        let (src, wf, diags) = parse_at("action.yml", text);
        assert!(diags.is_empty());
        assert_eq!(wf.kind, WorkflowKind::Action);
        assert_eq!(wf.action_using.as_ref().unwrap().value, "composite");
        assert_eq!(wf.action_steps.len(), 2);
        assert_eq!(at(&src, wf.action_steps[0].uses.as_ref().unwrap().span), (8, 13));
        assert_eq!(wf.action_inputs[0].value, "token");
        assert_eq!(wf.all_steps().count(), 2);
    }

    #[test]
    fn pure_expressions() {
        assert!(is_pure_expression("${{ secrets.X }}"));
        assert!(is_pure_expression(" ${{ a }}${{ b }} "));
        assert!(!is_pure_expression("Bearer ${{ secrets.X }}"));
        assert!(!is_pure_expression(""));
        assert!(!is_pure_expression("${{ unclosed"));
    }

    #[test]
    fn odd_shapes_do_not_panic() {
        for text in [
            "jobs:\n  a:\n",
            "jobs: 3\non: {}\n",
            "jobs:\n  a:\n    steps: [1, {run: [1]}, {with: 3, env: [a]}]\n    environment: {}\n    runs-on: {labels: x}\n",
            "on:\njobs:\n  a:\n    steps:\n      - run: \"${{\"\n",
            "- a\n",
        ] {
            let src = SourceFile::new(FileId(0), "w.yml", text);
            let _ = parse(&src);
        }
    }
}

#[cfg(test)]
mod proptests {
    use super::*;
    use crate::base::source::FileId;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn parse_never_panics_on_mutated_workflow(pos in 0usize..tests::WF_LEN, len in 0usize..12, ins in "[-:{}\\[\\]&*|>'\"$ \\n\\tx]{0,8}") {
            let mut t = tests::WF_TEXT.to_owned();
            let start = (0..=pos.min(t.len())).rev().find(|&i| t.is_char_boundary(i)).unwrap_or(0);
            let end = (start + len).min(t.len());
            let end = (end..=t.len()).find(|&i| t.is_char_boundary(i)).unwrap_or(t.len());
            t.replace_range(start..end, &ins);
            let src = SourceFile::new(FileId(0), ".github/workflows/x.yml", t.as_str());
            let (doc, _) = parse(&src);
            if let Some(doc) = doc {
                for (_, s) in doc.all_steps() {
                    if let Some(r) = &s.run {
                        for e in &r.expressions {
                            prop_assert!(e.span.end as usize <= t.len());
                        }
                    }
                }
                let _ = env_hint(&doc);
            }
        }
    }
}
