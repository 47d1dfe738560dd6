//! `self-hosted-runner-exposed`: a self-hosted runner runs code of pull requests and comments.

use infra_lint_core::parse::node::Node;
use infra_lint_core::{Finding, Model, Severity};

use crate::ci::workflows;
use crate::declare_rule;
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Flags jobs that run on self-hosted runners (a `self-hosted` label, a runner `group:`,
    /// or a matrix value used in `runs-on:` that names one) in workflows that pull requests or
    /// comments can start (`pull_request`, `pull_request_target`, `pull_request_review`,
    /// `pull_request_review_comment`, `issue_comment`, `discussion_comment`). The finding is at
    /// the job's `runs-on:`, the label, group or matrix value as related (a matrix value that an
    /// `exclude:` of that dimension takes out does not count). With `[ci] pedantic = true`,
    /// self-hosted runners are reported (low) under any trigger.
    ///
    /// ## Why is this bad?
    /// Self-hosted runners are not wiped between jobs. Code from a fork's pull request (or a
    /// build that a comment triggers) runs on the machine and can persist there, read other
    /// jobs' secrets and caches, and reach the network the runner sits in.
    ///
    /// ## How to fix
    /// Run jobs for untrusted events on GitHub-hosted or ephemeral, isolated runners; keep
    /// self-hosted runners for `push`, `schedule` and `workflow_dispatch`.
    ///
    /// ## Example
    /// ```yaml
    /// # bad
    /// on: pull_request
    /// jobs:
    ///   test:
    ///     runs-on: [self-hosted, linux]
    /// ```
    /// ```yaml
    /// # good
    /// on: pull_request
    /// jobs:
    ///   test:
    ///     runs-on: ubuntu-latest
    /// ```
    ///
    /// ## References
    /// - <https://docs.github.com/en/actions/hosting-your-own-runners/managing-self-hosted-runners/about-self-hosted-runners#self-hosted-runner-security>
    pub struct SelfHostedRunnerExposed {
        id: "self-hosted-runner-exposed",
        severity: High,
        formats: [Workflow],
        tags: ["security", "ci"],
        precision: "high",
        summary: "Job on a self-hosted runner in a workflow that pull requests or comments can start",
        aliases: ["self-hosted-runner"],
    }
}

const TRIGGERS: &[&str] = &[
    "pull_request",
    "pull_request_target",
    "pull_request_review",
    "pull_request_review_comment",
    "issue_comment",
    "discussion_comment",
];

/// Scalar texts below a node (a label list, a matrix dimension).
fn texts(n: &Node, out: &mut Vec<(String, infra_lint_core::Span)>) {
    if let Some(items) = n.as_seq() {
        for i in items {
            texts(i, out);
        }
    } else if let Some(t) = n.scalar_text() {
        out.push((t, n.span));
    }
}

impl Rule for SelfHostedRunnerExposed {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (_, wf) in workflows(model) {
            let exposed = wf.triggers.iter().find(|t| TRIGGERS.contains(&t.value.as_str()));
            // Pedantic: a self-hosted runner under any trigger (persistent machines keep what a
            // job leaves behind, and a compromised dependency reaches them too).
            let Some(trigger) = exposed.or_else(|| wf.triggers.first().filter(|_| crate::ci::pedantic(model))) else {
                continue;
            };
            for job in &wf.jobs {
                let node = wf.root.as_ref().and_then(|r| r.get("jobs")).and_then(|j| j.get(&job.id));
                let Some((runs_on_key, runs_on)) = node.and_then(|n| n.entry("runs-on")) else { continue };
                let mut hit = None;
                if let Some(g) = runs_on.get("group") {
                    hit = Some((g.span, "a runner group".to_owned()));
                }
                let mut labels = Vec::new();
                texts(runs_on.get("labels").unwrap_or(runs_on), &mut labels);
                for (label, span) in &labels {
                    if hit.is_some() {
                        break;
                    }
                    if label.trim().eq_ignore_ascii_case("self-hosted") {
                        hit = Some((*span, "the `self-hosted` label".to_owned()));
                    } else if let Some(dim) = label
                        .trim()
                        .strip_prefix("${{")
                        .and_then(|x| x.strip_suffix("}}"))
                        .map(str::trim)
                        .and_then(|x| x.strip_prefix("matrix."))
                    {
                        // a matrix dimension whose values name a self-hosted runner
                        let matrix = node.and_then(|n| n.get("strategy")).and_then(|s| s.get("matrix"));
                        let mut values = Vec::new();
                        if let Some(m) = matrix {
                            if let Some(d) = m.get(dim) {
                                texts(d, &mut values);
                            }
                            for inc in m.get("include").and_then(Node::as_seq).unwrap_or(&[]) {
                                if let Some(d) = inc.get(dim) {
                                    texts(d, &mut values);
                                }
                            }
                        }
                        // values that an `exclude:` of this dimension alone takes out
                        let excluded: Vec<String> = matrix
                            .and_then(|m| m.get("exclude"))
                            .and_then(Node::as_seq)
                            .unwrap_or(&[])
                            .iter()
                            .filter(|x| x.as_map().is_some_and(|m| m.len() == 1))
                            .filter_map(|x| x.get(dim).and_then(Node::scalar_text))
                            .map(|v| v.trim().to_ascii_lowercase())
                            .collect();
                        if let Some((_, s)) = values.iter().find(|(v, _)| {
                            let v = v.trim().to_ascii_lowercase();
                            v.contains("self-hosted") && !excluded.contains(&v)
                        }) {
                            hit = Some((*s, format!("`matrix.{dim}`, which includes a self-hosted runner")));
                        }
                    }
                }
                let Some((span, what)) = hit else { continue };
                // At the job's `runs-on:` (its choice of runner), the label, group or matrix
                // value that makes it self-hosted as related.
                let finding = if exposed.is_some() {
                    Finding::new(
                        Self::META.id,
                        Severity::High,
                        runs_on_key.span,
                        format!(
                            "Job `{}` runs on a self-hosted runner ({what}) in a workflow that `{}` starts: code from outside the repository can run on, and persist in, that machine",
                            job.id, trigger.value
                        ),
                    )
                    .fix("Use GitHub-hosted or ephemeral isolated runners for jobs that untrusted events start")
                } else {
                    Finding::new(
                        Self::META.id,
                        Severity::Low,
                        runs_on_key.span,
                        format!(
                            "Job `{}` runs on a self-hosted runner ({what}): what a job leaves on a persistent machine (files, credentials, processes) is there for the next one",
                            job.id
                        ),
                    )
                    .fix("Use ephemeral, isolated self-hosted runners (one job per machine), or GitHub-hosted runners")
                };
                out.push(
                    finding
                        .key(format!("jobs.{}.runs-on", job.id))
                        .related(span, format!("self-hosted: {what}"))
                        .related(trigger.span, format!("the workflow runs on `{}`", trigger.value))
                        .env(model.env_of(span)),
                );
            }
        }
    }
}
