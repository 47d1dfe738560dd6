//! `unpinned-base-image`: `FROM` an image with no tag or the `latest` tag (and, with
//! `[containers] require-digest`, an image without an `@sha256:` digest).

use infra_lint_core::discover::FileKind;
use infra_lint_core::parse::dockerfile::{Dockerfile, ImageRef};
use infra_lint_core::parse::node::Node;
use infra_lint_core::parse::Document;
use infra_lint_core::{Finding, Model, Severity, Span};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};

use super::{dockerfiles, stage_label};

declare_rule! {
    /// ## What it does
    /// Finds `FROM` instructions whose image has no tag (which means `latest`) or the `latest`
    /// tag, in every stage. An image with a digest (`@sha256:…`) is pinned whatever its tag.
    /// `FROM scratch` and references to earlier stages (`FROM build`) are fine. An image given
    /// through a build argument (`FROM $BASE`, `FROM ${REGISTRY}/app`) is judged with the
    /// argument's default from a global `ARG` (the `ARG` line is a related location); without a
    /// default it is not judged.
    ///
    /// GitHub Actions jobs are checked the same way: `container:` / `container.image`,
    /// `services.*.image`, and steps that run an image directly (`uses: docker://…`). An image
    /// given as `${{ cond && 'name:tag' || '' }}` is judged by the literal images it can yield;
    /// one only contexts name is reported (low) with `[ci] pedantic = true`. An image given as `${{ matrix.NAME }}` is judged for each value of
    /// the job's `strategy.matrix.NAME` list and `include` entries (the matrix value is a related
    /// location); other expressions are not judged.
    ///
    /// **Pedantic mode (opt-in):** with
    ///
    /// ```toml
    /// [containers]
    /// require-digest = true
    /// ```
    ///
    /// in `.infra-lint.toml`, an image pinned by tag only (`node:20-alpine`, no `@sha256:…`) is
    /// reported too, as `low`: a tag can be re-pushed, a digest cannot. Off by default because
    /// most teams pin tags and let a bot bump them. Missing and `latest` tags stay `medium`.
    /// Workflow images also want a digest with `[ci] pedantic = true` (the workflow rules'
    /// pedantic mode).
    ///
    /// ## Why is this bad?
    /// `latest` moves: the same Dockerfile builds a different image tomorrow, with a new major
    /// version, a different OS release or a compromised upstream push. Builds are not
    /// reproducible and a rollback does not roll back the base.
    ///
    /// ## How to fix
    /// Pin a version tag (`node:20.11-alpine3.19`), ideally with its digest
    /// (`node:20.11-alpine3.19@sha256:…`), and let a bot (Dependabot, Renovate) propose updates.
    ///
    /// ## Example
    /// ```dockerfile
    /// # bad
    /// FROM python
    /// FROM nginx:latest
    /// ```
    /// ```dockerfile
    /// # good
    /// FROM python:3.12-slim
    /// FROM nginx:1.27-alpine
    /// # good even with require-digest = true
    /// FROM nginx:1.27-alpine@sha256:<64 hex digits>
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/build/building/best-practices/#pin-base-image-versions>
    pub struct UnpinnedBaseImage {
        id: "unpinned-base-image",
        severity: Medium,
        formats: [Dockerfile, Workflow],
        tags: ["security", "containers", "supply-chain"],
        precision: "high",
        summary: "A base or job container image with no tag or the latest tag",
        aliases: ["AVD-DS-0001", "DS001", "DL3006", "DL3007", "CKV_DOCKER_7", "unpinned-images"],
    }
}

/// Global `ARG name=default` values (before the first `FROM`): name → (value, span).
fn global_args(doc: &Dockerfile) -> Vec<(String, String, Span)> {
    let mut out = Vec::new();
    for i in doc.instructions.iter().filter(|i| i.stage.is_none() && i.keyword == "ARG") {
        for kv in &i.pairs {
            if let (Some(v), Some(s)) = (&kv.value, kv.value_span) {
                out.push((kv.key.clone(), v.clone(), s));
            }
        }
    }
    out
}

/// Substitute `$NAME`, `${NAME}` and `${NAME:-default}` from global ARG defaults. `None` when a
/// variable has no value. Returns the spans of the ARG defaults used.
fn expand(s: &str, args: &[(String, String, Span)]) -> Option<(String, Vec<Span>)> {
    let mut out = String::new();
    let mut used = Vec::new();
    let mut rest = s;
    while let Some(pos) = rest.find('$') {
        out.push_str(rest.get(..pos)?);
        let after = rest.get(pos + 1..)?;
        let (name, default, consumed) = if let Some(inner) = after.strip_prefix('{') {
            let close = inner.find('}')?;
            let body = inner.get(..close)?;
            let (n, d) = match body.split_once(":-").or_else(|| body.split_once('-')) {
                Some((n, d)) => (n, Some(d)),
                None => (body, None),
            };
            (n, d, close + 2)
        } else {
            let len = after.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(after.len());
            (after.get(..len)?, None, len)
        };
        match args.iter().rev().find(|(k, _, _)| k == name) {
            Some((_, v, sp)) if !v.is_empty() => {
                out.push_str(v);
                used.push(*sp);
            }
            _ => out.push_str(default.filter(|d| !d.is_empty())?),
        }
        rest = after.get(consumed..)?;
    }
    out.push_str(rest);
    Some((out, used))
}

/// The pedantic problem of a tag without a digest (`[containers] require-digest`).
const NO_DIGEST: &str = "is pinned by tag only, with no `@sha256:` digest, and a tag can be re-pushed \
                         (pedantic: `[containers] require-digest` or `[ci] pedantic` is on)";

/// Why an image reference is unpinned, if it is, and the severity to report it with.
fn unpinned(image: &str, require_digest: bool) -> Option<(&'static str, Severity)> {
    let r = ImageRef::parse(image.trim());
    if r.digest.is_some() || r.name.is_empty() || image.trim().eq_ignore_ascii_case("scratch") {
        return None;
    }
    match r.tag.as_deref() {
        None => Some(("has no tag, so every run pulls whatever `latest` is at the time", Severity::Medium)),
        Some(t) if t.eq_ignore_ascii_case("latest") => Some(("uses the moving `latest` tag", Severity::Medium)),
        Some(_) if require_digest => Some((NO_DIGEST, Severity::Low)),
        Some(_) => None,
    }
}

/// Values of `${{ matrix.NAME }}` in a job's `strategy.matrix`: the `NAME` list and `include` entries.
fn matrix_values<'a>(job: &'a Node, name: &str) -> Vec<&'a Node> {
    let mut out = Vec::new();
    let Some(matrix) = job.path(&["strategy", "matrix"]) else { return out };
    if let Some(list) = matrix.get(name).and_then(Node::as_seq) {
        out.extend(list.iter());
    }
    if let Some(v) = matrix.get(name).filter(|v| v.as_str().is_some()) {
        out.push(v);
    }
    for inc in matrix.get("include").and_then(Node::as_seq).unwrap_or(&[]) {
        if let Some(v) = inc.get(name) {
            out.push(v);
        }
    }
    out
}

/// The non-empty string literals an expression can evaluate to: those right after `&&` or `||`
/// (the `cond && 'a' || 'b'` idiom), not the operands of comparisons or function arguments.
fn result_literals(expr: &str) -> Vec<String> {
    let inner = expr.trim().strip_prefix("${{").and_then(|x| x.strip_suffix("}}")).unwrap_or(expr);
    let mut out = Vec::new();
    let mut rest = inner;
    while let Some(i) = rest.find(['&', '|']) {
        let after = rest.get(i..).unwrap_or("");
        let op_len = if after.starts_with("&&") || after.starts_with("||") { 2 } else { 1 };
        rest = after.get(op_len..).unwrap_or("");
        if op_len != 2 {
            continue;
        }
        let t = rest.trim_start();
        let Some(body) = t.strip_prefix('\'') else { continue };
        let Some(end) = body.find('\'') else { continue };
        let lit = body.get(..end).unwrap_or("");
        // a comparison operand (`|| 'x' == y`) is not a result
        let next = body.get(end + 1..).unwrap_or("").trim_start();
        if !lit.trim().is_empty() && !next.starts_with("==") && !next.starts_with("!=") {
            out.push(lit.to_owned());
        }
    }
    out
}

/// `${{ matrix.NAME }}` → `NAME`.
fn matrix_ref(expr: &str) -> Option<&str> {
    let inner = expr.trim().strip_prefix("${{")?.strip_suffix("}}")?.trim();
    let name = inner.strip_prefix("matrix.")?;
    name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-').then_some(name)
}

fn check_workflows(model: &Model, out: &mut Vec<Finding>) {
    for file in model.files_of(FileKind::Workflow) {
        let Some(Document::Workflow(wf)) = &file.doc else { continue };
        for job in &wf.jobs {
            let job_node = wf.root.as_ref().and_then(|r| r.path(&["jobs", job.id.as_str()]));
            let images =
                job.container.iter().map(|c| ("container", c)).chain(job.service_images.iter().map(|c| ("service", c)));
            for (what, img) in images {
                let mut judged: Vec<(String, Option<Span>)> = Vec::new();
                if let Some(name) = matrix_ref(&img.value) {
                    for v in job_node.map(|j| matrix_values(j, name)).unwrap_or_default() {
                        if let Some(s) = v.as_str() {
                            judged.push((s.to_string(), Some(v.span)));
                        }
                    }
                } else if !img.value.contains("${{") {
                    judged.push((img.value.clone(), None));
                } else {
                    // `${{ cond && 'redis:7' || '' }}`: the literal images it can yield.
                    let literals = result_literals(&img.value);
                    if literals.is_empty() && crate::ci::pedantic(model) {
                        // Pedantic: an image only an expression names cannot be checked.
                        out.push(
                            Finding::new(
                                UnpinnedBaseImage::META.id,
                                Severity::Low,
                                img.span,
                                format!(
                                    "Job `{}` {what} image is computed by `{}`: whether it is pinned cannot be checked",
                                    job.id, img.value
                                ),
                            )
                            .fix("Name the image literally, pinned by digest (`image:<version>@sha256:<digest>`)")
                            .key(format!("{}:jobs.{}.{what}:{}", file.path, job.id, img.value))
                            .env(model.env_of(img.span)),
                        );
                    }
                    judged.extend(literals.into_iter().map(|l| (l, None)));
                }
                for (image, via) in judged {
                    // Workflow images want a digest with `[containers] require-digest` or `[ci] pedantic`.
                    let digest = <crate::settings::Containers as crate::settings::Family>::of(model).require_digest
                        || <crate::settings::Ci as crate::settings::Family>::of(model).pedantic;
                    let Some((problem, severity)) = unpinned(&image, digest) else {
                        continue;
                    };
                    let from = if via.is_some() { format!(" (from `{}`)", img.value) } else { String::new() };
                    let msg = format!("Job `{}` {what} image `{image}`{from} {problem}", job.id);
                    let mut f = Finding::new(UnpinnedBaseImage::META.id, severity, img.span, msg)
                        .fix(if severity == Severity::Low {
                            "Add the image's digest after its tag (`image:<version>@sha256:<digest>`); Renovate or Dependabot can keep it current"
                        } else {
                            "Pin a version tag, ideally with a digest (`image:<version>@sha256:<digest>`)"
                        })
                        .key(format!("{}:jobs.{}.{what}:{image}", file.path, job.id))
                        .env(model.env_of(img.span));
                    if let Some(sp) = via {
                        f = f.related(sp, "matrix value used for the image");
                    }
                    out.push(f);
                }
            }
        }
        // Steps that run a container image directly (`uses: docker://image[:tag]`).
        let digest = <crate::settings::Containers as crate::settings::Family>::of(model).require_digest
            || <crate::settings::Ci as crate::settings::Family>::of(model).pedantic;
        for (_, step) in wf.all_steps() {
            let Some(u) = &step.uses else { continue };
            let Some(image) = u.value.trim().strip_prefix("docker://") else { continue };
            if image.contains("${{") {
                continue;
            }
            let Some((problem, severity)) = unpinned(image, digest) else { continue };
            out.push(
                Finding::new(
                    UnpinnedBaseImage::META.id,
                    severity,
                    u.span,
                    format!("Step \"{}\" runs the image `{image}`, which {problem}", step.label()),
                )
                .fix("Pin a version tag with a digest (`docker://image:<version>@sha256:<digest>`)")
                .key(format!("{}:uses:{image}", file.path))
                .env(model.env_of(u.span)),
            );
        }
    }
}

impl Rule for UnpinnedBaseImage {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        check_workflows(model, out);
        for (file, doc) in dockerfiles(model) {
            let args = global_args(doc);
            for stage in &doc.stages {
                if stage.base_stage.is_some() || stage.image.value.is_empty() {
                    continue;
                }
                let (image, used) = if stage.image.value.contains('$') {
                    let Some(x) = expand(&stage.image.value, &args) else { continue };
                    x
                } else {
                    (stage.image.value.clone(), Vec::new())
                };
                let lower = image.to_ascii_lowercase();
                if lower == "scratch"
                    || doc
                        .stages
                        .iter()
                        .take(stage.index)
                        .any(|s| s.name.as_ref().is_some_and(|n| n.value.eq_ignore_ascii_case(&lower)))
                {
                    continue;
                }
                let r = ImageRef::parse(&image);
                if r.digest.is_some() || r.name.is_empty() {
                    continue;
                }
                let (problem, severity) = match r.tag.as_deref() {
                    None => (
                        format!(
                            "Base image `{image}` has no tag, so every build pulls whatever `latest` is at the time"
                        ),
                        Severity::Medium,
                    ),
                    Some(t) if t.eq_ignore_ascii_case("latest") => (
                        format!("Base image `{image}` uses the moving `latest` tag, so builds are not reproducible"),
                        Severity::Medium,
                    ),
                    Some(_) if <crate::settings::Containers as crate::settings::Family>::of(model).require_digest => {
                        (format!("Base image `{image}` {NO_DIGEST}"), Severity::Low)
                    }
                    Some(_) => continue,
                };
                let via = if used.is_empty() { String::new() } else { format!(" (from `{}`)", stage.image.value) };
                let mut f = Finding::new(Self::META.id, severity, stage.image.span, format!("{problem}{via}"))
                    .fix(if severity == Severity::Low {
                        format!(
                            "Add the image's digest after its tag: `{image}@sha256:<digest>`; Renovate or Dependabot can \
                             keep it current"
                        )
                    } else {
                        format!("Pin a version tag, ideally with a digest: `{}:<version>@sha256:<digest>`", r.name)
                    })
                    .key(format!("{}:{}:from", file.path, stage_label(stage)))
                    .env(model.env_of(stage.image.span));
                for sp in used {
                    f = f.related(sp, "build argument default used for the image");
                }
                out.push(f);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::result_literals;

    #[test]
    fn literal_results_of_expressions() {
        assert_eq!(result_literals("${{ inputs.redis == 'true' && 'redis:7' || '' }}"), vec!["redis:7"]);
        assert_eq!(result_literals("${{ inputs.image || vars.DEFAULT_IMAGE }}"), Vec::<String>::new());
        assert_eq!(result_literals("${{ a || 'x' == b }}"), Vec::<String>::new());
    }
}
