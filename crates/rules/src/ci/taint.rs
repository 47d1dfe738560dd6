//! The taint model of GitHub Actions expressions: which values an attacker controls, and how
//! that control flows through `env:`, `matrix`, step and job outputs, and the `inputs` of local
//! composite actions and reusable workflows (across files).
//!
//! Levels:
//! - [`Level::Attacker`]: text that whoever opens a pull request, issue, comment, review or
//!   discussion, pushes a branch or writes a commit chooses (GitHub's list of untrusted input),
//!   or a value derived from it;
//! - [`Level::Unknown`]: a value whose origin the workflow does not show (step outputs of
//!   actions, `inputs.*` without a local caller, `needs.*.outputs`, `repository_dispatch`
//!   payloads): it cannot be proven safe;
//! - everything else (GitHub-generated identifiers, SHAs, numbers, literals, secrets, `vars`)
//!   is not reported.

use infra_lint_core::model::ParsedFile;
use infra_lint_core::parse::node::Node;
use infra_lint_core::parse::workflow::{expressions, Job, Step, WfEntry, WorkflowDoc, WorkflowKind};
use infra_lint_core::{Model, Span};

use crate::ci::expr::{result_sources, Source};

/// How far an expansion is controlled by an outsider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Level {
    Unknown,
    Attacker,
}

/// One step of a taint chain: where the value passed through.
#[derive(Debug, Clone)]
pub(crate) struct Hop {
    pub span: Span,
    pub note: String,
}

/// Why an expansion is tainted.
#[derive(Debug, Clone)]
pub(crate) struct Taint {
    pub level: Level,
    /// The originating context (`github.event.issue.title`, `steps.x.outputs.y` …).
    pub origin: String,
    /// How it got here, outermost first.
    pub chain: Vec<Hop>,
    /// Why a value of unknown origin cannot be proven safe, when that is not obvious.
    pub why: Option<&'static str>,
}

/// Attacker-controlled context paths (`*` = any one segment), from GitHub's list of untrusted
/// input: text written by whoever opens an issue, pull request, comment, review or discussion,
/// branch names and commit metadata.
const ATTACKER: &[&str] = &[
    "github.head_ref",
    "github.event.issue.title",
    "github.event.issue.body",
    "github.event.pull_request.title",
    "github.event.pull_request.body",
    "github.event.pull_request.head.ref",
    "github.event.pull_request.head.label",
    "github.event.pull_request.head.repo.default_branch",
    "github.event.pull_request.head.repo.description",
    "github.event.pull_request.head.repo.homepage",
    "github.event.comment.body",
    "github.event.review.body",
    "github.event.review_comment.body",
    "github.event.review_comment.diff_hunk",
    "github.event.discussion.title",
    "github.event.discussion.body",
    "github.event.discussion_comment.body",
    "github.event.pages.*.page_name",
    "github.event.commits.*.message",
    "github.event.commits.*.author.email",
    "github.event.commits.*.author.name",
    "github.event.commits.*.committer.email",
    "github.event.commits.*.committer.name",
    "github.event.head_commit.message",
    "github.event.head_commit.author.email",
    "github.event.head_commit.author.name",
    "github.event.head_commit.committer.email",
    "github.event.head_commit.committer.name",
    "github.event.*.head_commit.message",
    "github.event.*.head_commit.author.email",
    "github.event.*.head_commit.author.name",
    "github.event.*.head_commit.committer.email",
    "github.event.*.head_commit.committer.name",
    "github.event.workflow_run.head_branch",
    "github.event.workflow_run.display_title",
    "github.event.workflow_run.pull_requests.*.head.ref",
    "github.event.workflow_run.head_repository.description",
    "github.event.check_suite.head_branch",
    "github.event.check_run.check_suite.head_branch",
    "github.event.check_run.head_branch",
    "github.event.changes.title.from",
    "github.event.changes.body.from",
    "github.event.merge_group.head_commit.message",
];

/// Outputs of well-known actions that hold no free text: digests, ids, versions, booleans,
/// tokens (`action`, `output`; `*` = any).
const SAFE_OUTPUTS: &[(&str, &str)] = &[
    ("docker/build-push-action", "digest"),
    ("docker/build-push-action", "imageid"),
    ("docker/metadata-action", "tags"),
    ("docker/metadata-action", "version"),
    ("actions/cache", "cache-hit"),
    ("actions/cache/restore", "cache-hit"),
    ("actions/setup-*", "*"),
    ("actions/create-github-app-token", "token"),
    ("tibdex/github-app-token", "token"),
    ("actions/upload-artifact", "artifact-id"),
    ("actions/upload-artifact", "artifact-url"),
    ("actions/deploy-pages", "page_url"),
];

fn matches_pattern(path: &str, pattern: &str) -> bool {
    let mut p = path.split('.');
    let mut q = pattern.split('.');
    loop {
        match (p.next(), q.next()) {
            (None, None) => return true,
            (Some(a), Some(b)) if b == "*" || a == "*" || a == b => {}
            _ => return false,
        }
    }
}

/// Whether a context path is attacker-controlled (a dumped object counts when it holds such a field).
pub(crate) fn attacker_path(path: &str, dumped: bool) -> bool {
    ATTACKER.iter().any(|pat| {
        matches_pattern(path, pat)
            || (dumped && (path == "github" || path == "github.event" || pat.starts_with(&format!("{path}."))))
            // a field below an attacker-controlled value (`fromJSON(github.event.comment.body).x`)
            || path.starts_with(&format!("{pat}.")) && !pat.contains('*')
    })
}

/// `github` context values whose text GitHub generates or restricts to a safe alphabet:
/// identifiers, numbers, SHAs, booleans, timestamps, enumerations, URLs, logins and repository
/// names. Other `github.*` values (ref and branch names, release tags, label names, display names
/// and other free text an event carries) cannot be proven safe.
fn fixed_github(p: &[&str]) -> bool {
    match p {
        ["github"] | ["github", "event"] => true,
        // branch and tag names: whoever creates the ref chooses them, and git allows `$`,
        // backquotes, `;` and quotes in them
        ["github", "ref" | "ref_name" | "base_ref"] => false,
        ["github", _] => true,
        ["github", "event", leaf] => fixed_field("event", leaf),
        ["github", "event", .., parent, leaf] => fixed_field(parent, leaf),
        _ => false,
    }
}

/// Whether an event payload field (`leaf` of an object `parent`) holds GitHub-generated or
/// restricted text.
fn fixed_field(parent: &str, leaf: &str) -> bool {
    const FIXED: &[&str] = &[
        "id",
        "number",
        "sha",
        "before",
        "after",
        "state",
        "type",
        "action",
        "event",
        "status",
        "conclusion",
        "author_association",
        "additions",
        "deletions",
        "changed_files",
        "commits",
        "comments",
        "review_comments",
        "draft",
        "merged",
        "mergeable",
        "rebaseable",
        "locked",
        "private",
        "fork",
        "site_admin",
        "deleted",
        "default",
        "forced",
        "created",
        "prerelease",
        "size",
        "run_attempt",
        "run_number",
        "visibility",
        "login",
        "full_name",
        "url",
        "timestamp",
        "schedule",
        "ref_type",
        "protected",
        "archived",
        "disabled",
        "total_count",
    ];
    let repo_like = matches!(parent, "repo" | "repository" | "head_repository" | "base_repository");
    FIXED.contains(&leaf)
        || (repo_like && leaf == "name")
        || ["_id", "_count", "_at", "_sha", "_url", "_number"].iter().any(|s| leaf.ends_with(s))
        || ["is_", "has_", "allow_"].iter().any(|s| leaf.starts_with(s))
        // `reactions.+1`, indexes
        || leaf == "*" && parent == "reactions"
}

fn segs(path: &str) -> Vec<&str> {
    path.split('.').collect()
}

/// What the analysis needs to know about where an expression sits.
#[derive(Clone, Copy)]
pub(crate) struct Scope<'a> {
    pub model: &'a Model,
    pub file: &'a ParsedFile,
    pub wf: &'a WorkflowDoc,
    pub job: Option<&'a Job>,
    pub step: Option<&'a Step>,
}

const MAX_HOPS: usize = 8;

impl<'a> Scope<'a> {
    fn steps(&self) -> &'a [Step] {
        self.job.map_or(&self.wf.action_steps[..], |j| &j.steps[..])
    }

    fn job_node(&self, id: &str) -> Option<&'a Node> {
        self.wf.root.as_ref()?.get("jobs")?.get(id)
    }

    /// The worst taint of an expression's result, if any.
    pub(crate) fn taint_of(&self, expr: &str) -> Option<Taint> {
        self.taint_depth(expr, 0)
    }

    fn taint_depth(&self, expr: &str, depth: usize) -> Option<Taint> {
        let mut best: Option<Taint> = None;
        for s in result_sources(expr) {
            if let Some(t) = self.source_taint(&s, depth) {
                if best.as_ref().is_none_or(|b| t.level > b.level) {
                    best = Some(t);
                }
            }
        }
        best
    }

    /// The worst taint among a value's `${{ }}` expressions.
    fn entry_taint(&self, e: &WfEntry, depth: usize) -> Option<Taint> {
        let mut best: Option<Taint> = None;
        for x in &e.expressions {
            if let Some(t) = self.taint_depth(&x.text, depth) {
                if best.as_ref().is_none_or(|b| t.level > b.level) {
                    best = Some(t);
                }
            }
        }
        best
    }

    fn node_taint(&self, n: &Node, depth: usize) -> Option<Taint> {
        let mut best: Option<Taint> = None;
        for x in expressions(&self.file.source, n.span) {
            if let Some(t) = self.taint_depth(&x.text, depth) {
                if best.as_ref().is_none_or(|b| t.level > b.level) {
                    best = Some(t);
                }
            }
        }
        best
    }

    fn source_taint(&self, s: &Source, depth: usize) -> Option<Taint> {
        let path = s.path.as_str();
        if attacker_path(path, s.dumped) {
            return Some(Taint { level: Level::Attacker, origin: path.to_owned(), chain: Vec::new(), why: None });
        }
        if depth >= MAX_HOPS {
            return None;
        }
        let p = segs(path);
        match p.as_slice() {
            ["env", name, ..] => self.env_taint(name, depth),
            ["matrix", name, ..] => self.matrix_taint(name, depth),
            ["steps", id, "outputs", name, ..] => self.step_output_taint(id, name, path, depth),
            // `jobs.<id>.outputs.<name>`: how a reusable workflow's `workflow_call` outputs
            // name its jobs' outputs
            ["needs" | "jobs", job, "outputs", name, ..] => self.needs_taint(job, name, path, depth),
            ["inputs", name, ..] => self.input_taint(name, path, depth),
            ["github", "event", "inputs", ..] | ["github", "event", "client_payload", ..] => {
                Some(Taint { level: Level::Unknown, origin: path.to_owned(), chain: Vec::new(), why: None })
            }
            ["github", ..] if !fixed_github(&p) => {
                let why = if matches!(p.as_slice(), ["github", _]) {
                    // `pull_request` runs on `refs/pull/<n>/merge`
                    if p[1] != "base_ref" && self.wf.triggers.iter().all(|t| t.value == "pull_request") {
                        return None;
                    }
                    "a branch or tag name: whoever creates the ref chooses it, and git allows `$(`, backquotes and quotes in ref names"
                } else {
                    "event text that GitHub does not restrict to identifiers, numbers or hashes"
                };
                Some(Taint { level: Level::Unknown, origin: path.to_owned(), chain: Vec::new(), why: Some(why) })
            }
            // A property of a computed value (`(a || b).x`, `fromJSON(a).x`): the analysis
            // follows both sides, but which object is read is decided at run time.
            _ if s.computed => Some(Taint {
                level: Level::Unknown,
                origin: path.to_owned(),
                chain: Vec::new(),
                why: Some("a property of a value computed at run time (`(a || b).x`, `fromJSON(…).x`)"),
            }),
            _ => None,
        }
    }

    /// `env.NAME`: the step's, then the job's, then the workflow's `env:` entry.
    fn env_taint(&self, name: &str, depth: usize) -> Option<Taint> {
        let blocks: [&[WfEntry]; 3] =
            [self.step.map_or(&[][..], |s| &s.env[..]), self.job.map_or(&[][..], |j| &j.env[..]), &self.wf.env];
        let Some(e) = blocks.iter().flat_map(|b| b.iter()).find(|e| e.key.eq_ignore_ascii_case(name)) else {
            return self.exported_env_taint(name, depth);
        };
        let mut t = self.entry_taint(e, depth + 1)?;
        t.chain.insert(0, Hop { span: e.value_span, note: format!("`env.{}` is set here", e.key) });
        Some(t)
    }

    /// `env.NAME` that no `env:` block sets: an earlier step exported it through `$GITHUB_ENV`
    /// (judged by what the script writes), or an action or the caller of this action did.
    fn exported_env_taint(&self, name: &str, depth: usize) -> Option<Taint> {
        let before = self.step.map_or(usize::MAX, |s| s.index);
        let key = format!("{}=", name.to_ascii_lowercase());
        let heredoc = format!("{}<<", name.to_ascii_lowercase());
        // a line writing NAME to `$GITHUB_ENV` (`NAME=value` or a `NAME<<EOF` block)
        let exports = |line: &str| {
            let l = line.to_ascii_lowercase();
            l.contains("github_env") && (l.contains(&key) || l.contains(&heredoc))
        };
        let mut literal_only = false;
        for step in self.steps().iter().filter(|s| s.index < before).rev() {
            let Some(run) = &step.run else { continue };
            let writes: Vec<&str> = run.value.lines().filter(|l| exports(l)).collect();
            if writes.is_empty() {
                continue;
            }
            // the name as the script spells it (contexts are read case-insensitively)
            let name = writes
                .iter()
                .find_map(|l| {
                    let lower = l.to_ascii_lowercase();
                    let i = lower.find(&key).or_else(|| lower.find(&heredoc))?;
                    l.get(i..i + name.len())
                })
                .unwrap_or(name);
            // what the write expands (`echo "X=${{ … }}" >> $GITHUB_ENV`)
            let inner = Scope { step: Some(step), ..*self };
            for x in &run.expressions {
                if !exports(line_of(&self.file.source.text, x.span)) {
                    continue;
                }
                if let Some(mut t) = inner.taint_depth(&x.text, depth + 1) {
                    t.chain.insert(0, Hop { span: x.span, note: format!("`env.{name}` is exported here") });
                    return Some(t);
                }
            }
            // a literal (`echo "MODE=release" >> "$GITHUB_ENV"`) is what it says; anything the
            // shell computes, reads or expands is a value the workflow does not show
            let computed = writes.iter().any(|l| {
                let lower = l.to_ascii_lowercase();
                let value = lower.find(&key).map_or("", |i| l.get(i + key.len()..).unwrap_or(""));
                let value = value.split(">>").next().unwrap_or("").split('|').next().unwrap_or("");
                lower.contains(&heredoc) || value.contains('$') || value.contains('`')
            });
            if !computed {
                literal_only = true;
                break;
            }
            return Some(Taint {
                level: Level::Unknown,
                origin: format!("env.{name}"),
                chain: vec![Hop { span: run.span, note: format!("`env.{name}` is exported here") }],
                why: Some("exported through `$GITHUB_ENV` from a value the script computes at run time"),
            });
        }
        if literal_only {
            return None;
        }
        Some(Taint {
            level: Level::Unknown,
            origin: format!("env.{name}"),
            chain: Vec::new(),
            why: Some(if self.wf.kind == WorkflowKind::Action {
                "not set in this action: its caller or an earlier action set it"
            } else {
                "no `env:` block sets it: an action or a script exported it at run time"
            }),
        })
    }

    /// `matrix.NAME`: the job's `strategy.matrix` values (or the expression the matrix is built from).
    fn matrix_taint(&self, name: &str, depth: usize) -> Option<Taint> {
        let job = self.job?;
        let matrix = self.job_node(&job.id)?.get("strategy")?.get("matrix")?;
        let mut best: Option<Taint> = None;
        let mut consider = |n: &Node, what: String| {
            // A value computed by an expression that reads a context is evaluated when the
            // job starts; what it holds then is not a value the workflow shows.
            let computed = || {
                expressions(&self.file.source, n.span).iter().any(|x| !result_sources(&x.text).is_empty()).then(|| {
                    Taint {
                        level: Level::Unknown,
                        origin: format!("matrix.{name}"),
                        chain: Vec::new(),
                        why: Some("a matrix value computed by an expression when the job starts"),
                    }
                })
            };
            if let Some(mut t) = self.node_taint(n, depth + 1).or_else(computed) {
                t.chain.insert(0, Hop { span: n.span, note: what });
                if best.as_ref().is_none_or(|b| t.level > b.level) {
                    best = Some(t);
                }
            }
        };
        if matrix.as_map().is_none() {
            // `matrix: ${{ fromJSON(…) }}`: every value comes from the expression
            consider(matrix, format!("the matrix (and `matrix.{name}`) is built here"));
            return best;
        }
        for (k, v) in matrix.as_map().unwrap_or(&[]) {
            let key = k.as_str().unwrap_or("");
            if key.eq_ignore_ascii_case(name) {
                consider(v, format!("`matrix.{name}` takes its values here"));
            } else if key == "include" {
                match v.as_seq() {
                    Some(items) => {
                        for item in items {
                            match item.get(name) {
                                Some(val) => consider(val, format!("`matrix.{name}` is included here")),
                                None if item.as_map().is_none() => {
                                    consider(item, format!("`matrix.{name}` may be included here"));
                                }
                                None => {}
                            }
                        }
                    }
                    None => consider(v, format!("`matrix.{name}` may be included here")),
                }
            } else if v.as_map().is_none() && v.as_seq().is_none() && key != "exclude" {
                // a dimension built from an expression cannot hide `name`, but the dimension list may
            }
        }
        best
    }

    /// `steps.ID.outputs.NAME`: a `run:` step's `NAME=…` line written to `$GITHUB_OUTPUT` (what
    /// it expands or the env it writes out), or an action's output (unknown unless the action
    /// is known to output no free text).
    fn step_output_taint(&self, id: &str, name: &str, path: &str, depth: usize) -> Option<Taint> {
        let step = self.steps().iter().find(|s| s.id.as_ref().is_some_and(|i| i.value.eq_ignore_ascii_case(id)));
        let Some(step) = step else {
            return Some(Taint { level: Level::Unknown, origin: path.to_owned(), chain: Vec::new(), why: None });
        };
        if let Some(run) = &step.run {
            // `echo "name=value" >> "$GITHUB_OUTPUT"` lines: the expressions they expand
            let inner = Scope { step: Some(step), ..*self };
            let mut best: Option<Taint> = None;
            for line_expr in &run.expressions {
                let line = line_of(&self.file.source.text, line_expr.span);
                if !(line.contains("GITHUB_OUTPUT") && line.contains(&format!("{name}="))) {
                    continue;
                }
                if let Some(mut t) = inner.taint_depth(&line_expr.text, depth + 1) {
                    t.chain.insert(
                        0,
                        Hop { span: line_expr.span, note: format!("step output `{name}` is computed here") },
                    );
                    if best.as_ref().is_none_or(|b| t.level > b.level) {
                        best = Some(t);
                    }
                }
            }
            // Env values the script writes out (`echo "x=$TITLE" >> $GITHUB_OUTPUT`).
            for e in step.env.iter() {
                let written = run.value.lines().any(|l| {
                    l.contains("GITHUB_OUTPUT")
                        && l.contains(&format!("{name}="))
                        && (l.contains(&format!("${}", e.key)) || l.contains(&format!("${{{}}}", e.key)))
                });
                if written {
                    if let Some(mut t) = inner.entry_taint(e, depth + 1) {
                        t.chain.insert(
                            0,
                            Hop {
                                span: e.value_span,
                                note: format!("step output `{name}` is written from `{}`", e.key),
                            },
                        );
                        if best.as_ref().is_none_or(|b| t.level > b.level) {
                            best = Some(t);
                        }
                    }
                }
            }
            // Read from a file that an artifact of another run (or a restored cache) put in
            // the workspace of a privileged `workflow_run` job: the run that produced it chose it.
            if best.is_none() && writes_read_value(&run.value, name) {
                if let Some(t) = self.downloaded_before(step.index) {
                    let mut t = t;
                    t.chain.insert(
                        0,
                        Hop { span: run.span, note: format!("step output `{name}` is read from a file here") },
                    );
                    return Some(t);
                }
            }
            // Computed by the script from what it was given (its env and expressions, judged
            // above) and the repository: not attacker-controlled on its own.
            return best;
        }
        let uses = step.uses.as_ref()?;
        // A local composite action: its `outputs.<name>.value`, evaluated in the action.
        if let Some(target) = crate::ci::local_target(&uses.value) {
            if let Some(t) = self.local_output(target, &["outputs"], name, depth, &uses.value) {
                return t;
            }
        }
        let action = crate::ci::action_name(&uses.value);
        if SAFE_OUTPUTS.iter().any(|(a, o)| {
            (action == *a || (a.ends_with('*') && action.starts_with(a.trim_end_matches('*'))))
                && (*o == "*" || name.eq_ignore_ascii_case(o))
        }) {
            return None;
        }
        Some(Taint {
            level: Level::Unknown,
            origin: path.to_owned(),
            chain: vec![Hop { span: uses.span, note: format!("output of `{}`", uses.value) }],
            why: None,
        })
    }

    /// Files another run wrote, in the workspace before step `before` of this job: an artifact
    /// downloaded in a `workflow_run` workflow (or from another run: `run-id:`, or an action
    /// that always fetches another workflow's artifacts), or a cache restored there.
    pub(crate) fn downloaded_before(&self, before: usize) -> Option<Taint> {
        let workflow_run = self.wf.triggered_by("workflow_run");
        self.steps().iter().filter(|s| s.index < before).find_map(|s| {
            let uses = s.uses.as_ref()?;
            let action = crate::ci::action_name(&uses.value);
            let other_run = |keys: &[&str]| keys.iter().any(|k| crate::ci::step_input(s, k).is_some());
            let (level, what) = match action.as_str() {
                "dawidd6/action-download-artifact" => (Level::Attacker, "an artifact of another workflow run"),
                "actions/download-artifact" if workflow_run || other_run(&["run-id", "run_id"]) => {
                    (Level::Attacker, "an artifact of another workflow run")
                }
                "actions/cache" | "actions/cache/restore" if workflow_run => {
                    (Level::Unknown, "a cache entry other runs can write")
                }
                _ => return None,
            };
            Some(Taint {
                level,
                origin: what.to_owned(),
                chain: vec![Hop { span: uses.span, note: format!("{what} is put in the workspace here") }],
                why: None,
            })
        })
    }

    /// `needs.JOB.outputs.NAME`: the job's `outputs:` entry, evaluated in that job.
    fn needs_taint(&self, job_id: &str, name: &str, path: &str, depth: usize) -> Option<Taint> {
        let job = self.wf.jobs.iter().find(|j| j.id.eq_ignore_ascii_case(job_id));
        let Some(job) = job else {
            return Some(Taint { level: Level::Unknown, origin: path.to_owned(), chain: Vec::new(), why: None });
        };
        let node = self.job_node(&job.id);
        let out = node.and_then(|n| n.get("outputs")).and_then(|o| {
            o.as_map()?.iter().find(|(k, _)| k.as_str().is_some_and(|k| k.eq_ignore_ascii_case(name))).map(|(_, v)| v)
        });
        if let (Some(u), None) = (&job.uses, out) {
            // A local reusable workflow: its `on.workflow_call.outputs.<name>.value`.
            if let Some(target) = crate::ci::local_target(&u.value) {
                let target = target.split('@').next().unwrap_or(target);
                if let Some(t) = self.local_output(target, &["on", "workflow_call", "outputs"], name, depth, &u.value) {
                    return t;
                }
            }
            return Some(Taint { level: Level::Unknown, origin: path.to_owned(), chain: Vec::new(), why: None });
        }
        let out = out?;
        let scope = Scope { job: Some(job), step: None, ..*self };
        let mut t = scope.node_taint(out, depth + 1)?;
        t.chain.insert(0, Hop { span: out.span, note: format!("job output `{job_id}.{name}` is set here") });
        Some(t)
    }

    /// The output `name` of the local action or reusable workflow `./target` (found in the scan):
    /// the `value` under `outputs_at` in its file, evaluated there (its `inputs.*` through its
    /// local callers). `None` when the file is not in the scan or does not declare the output;
    /// `Some(None)` when the output carries no taint.
    fn local_output(
        &self,
        target: &str,
        outputs_at: &[&str],
        name: &str,
        depth: usize,
        uses: &str,
    ) -> Option<Option<Taint>> {
        if depth + 1 >= MAX_HOPS {
            return None;
        }
        let (f, w) = crate::ci::local_workflow(self.model, &self.file.path, target)?;
        let mut node = w.root.as_ref()?;
        for k in outputs_at {
            node = node.get(k)?;
        }
        let out = &node.as_map()?.iter().find(|(k, _)| k.as_str().is_some_and(|k| k.eq_ignore_ascii_case(name)))?.1;
        let value = out.get("value").unwrap_or(out);
        let scope = Scope { model: self.model, file: f, wf: w, job: None, step: None };
        Some(scope.node_taint(value, depth + 1).map(|mut t| {
            t.chain.insert(0, Hop { span: value.span, note: format!("output `{name}` of `{uses}` is set here") });
            t
        }))
    }

    /// `inputs.NAME` of a composite action or reusable workflow: what local callers pass.
    fn input_taint(&self, name: &str, path: &str, depth: usize) -> Option<Taint> {
        let own = crate::ci::path_key(&self.file.path);
        let mut best: Option<Taint> = None;
        let mut callers = 0usize;
        for f in &self.model.files {
            let Some(infra_lint_core::parse::Document::Workflow(w)) = &f.doc else { continue };
            let scan = |job: Option<&'a Job>,
                        uses: &str,
                        with: &'a [WfEntry],
                        step: Option<&'a Step>|
             -> Option<Option<Taint>> {
                let target = crate::ci::local_target(uses)?;
                if !crate::ci::calls(&f.path, &own, target) {
                    return None;
                }
                let e = with.iter().find(|e| e.key.eq_ignore_ascii_case(name));
                let scope = Scope { model: self.model, file: f, wf: w, job, step };
                Some(e.and_then(|e| {
                    let mut t = scope.entry_taint(e, depth + 1)?;
                    t.chain.insert(0, Hop { span: e.value_span, note: format!("input `{name}` is passed here") });
                    Some(t)
                }))
            };
            for job in &w.jobs {
                if let Some(u) = &job.uses {
                    if let Some(r) = scan(Some(job), &u.value, &job.with, None) {
                        callers += 1;
                        if let Some(t) = r {
                            if best.as_ref().is_none_or(|b| t.level > b.level) {
                                best = Some(t);
                            }
                        }
                    }
                }
            }
            for (job, step) in w.all_steps() {
                let Some(u) = &step.uses else { continue };
                if let Some(r) = scan(job, &u.value, &step.with, Some(step)) {
                    callers += 1;
                    if let Some(t) = r {
                        if best.as_ref().is_none_or(|b| t.level > b.level) {
                            best = Some(t);
                        }
                    }
                }
            }
        }
        if best.is_some() {
            return best;
        }
        // No local caller shows what is passed: any caller (or a manual dispatch) chooses it.
        let external = self.wf.kind == WorkflowKind::Action || self.wf.triggered_by("workflow_call");
        (callers == 0 && external).then(|| Taint {
            level: Level::Unknown,
            origin: path.to_owned(),
            chain: Vec::new(),
            why: None,
        })
    }
}

/// Whether a script writes output `name` from something it reads at run time (a command
/// substitution, a file redirect, or a command that prints a file) into `$GITHUB_OUTPUT`.
fn writes_read_value(script: &str, name: &str) -> bool {
    let key = format!("{name}=");
    script.lines().any(|l| {
        let Some(at) = l.find(&key) else { return false };
        let value = l.get(at + key.len()..).unwrap_or("");
        l.contains("GITHUB_OUTPUT")
            && (value.contains("$(")
                || value.contains('`')
                || value.contains("$(<")
                || l.trim_start().starts_with("cat "))
    })
}

/// The text of the line holding `span`'s start.
fn line_of(text: &str, span: Span) -> &str {
    let at = (span.start as usize).min(text.len());
    let start = text.get(..at).and_then(|t| t.rfind('\n')).map_or(0, |i| i + 1);
    let end = text.get(at..).and_then(|t| t.find('\n')).map_or(text.len(), |i| at + i);
    text.get(start..end).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ci::{calls, path_key};

    #[test]
    fn attacker_paths() {
        assert!(attacker_path("github.event.pull_request.head.ref", false));
        assert!(attacker_path("github.event.commits.*.message", false));
        assert!(attacker_path("github.event.check_suite.head_commit.message", false));
        assert!(attacker_path("github.event", true));
        assert!(attacker_path("github.event.issue", true));
        assert!(!attacker_path("github.event.issue", false));
        assert!(!attacker_path("github.event.pull_request.number", false));
        assert!(!attacker_path("github.event.pull_request.head.sha", false));
        assert!(!attacker_path("github.event.workflow_run.head_sha", false));
        assert!(attacker_path("github.event.comment.body.x", false));
    }

    #[test]
    fn github_values_that_cannot_be_proven_safe() {
        let fixed = |p: &str| fixed_github(&p.split('.').collect::<Vec<_>>());
        for p in [
            "github.sha",
            "github.actor",
            "github.triggering_actor",
            "github.event.action",
            "github.event.issue.number",
            "github.event.pull_request.head.repo.fork",
            "github.event.pull_request.head.repo.name",
            "github.event.workflow_run.pull_requests.*.base.repo.id",
            "github.event.issue.user.login",
            "github.event.comment.created_at",
            "github.event.issue.html_url",
        ] {
            assert!(fixed(p), "{p}");
        }
        for p in [
            "github.ref",
            "github.ref_name",
            "github.base_ref",
            "github.event.ref",
            "github.event.release.tag_name",
            "github.event.label.name",
            "github.event.changes.new_discussion.labels.*.name",
            "github.event.release.name",
        ] {
            assert!(!fixed(p), "{p}");
        }
    }

    #[test]
    fn local_calls() {
        assert!(calls(".github/workflows/a.yml", ".github/actions/x", ".github/actions/x"));
        assert!(calls("repo/.github/workflows/a.yml", "repo/.github/actions/x", ".github/actions/x/"));
        assert!(!calls("repo/.github/workflows/a.yml", "other/.github/actions/x", ".github/actions/x"));
        assert!(calls(".github/workflows/a.yml", ".github/workflows/r.yml", ".github/workflows/r.yml"));
        assert_eq!(path_key("a/action.yml"), "a");
        assert_eq!(line_of("ab\ncd\nef", Span::new(infra_lint_core::source::FileId(0), 4, 5)), "cd");
    }
}
