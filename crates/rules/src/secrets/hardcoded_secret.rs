//! `hardcoded-secret`: a literal secret in configuration that is committed.

use infra_lint_core::discover::FileKind;
use infra_lint_core::model::facts::SecretContext;
use infra_lint_core::model::ParsedFile;
use infra_lint_core::parse::dockerfile::{Dockerfile, Form};
use infra_lint_core::parse::terraform::{Body, ExprKind};
use infra_lint_core::parse::Document;
use infra_lint_core::secrets::{classify, mask, scan_text, scan_text_shapes, SecretMatch};
use infra_lint_core::{Environment, Finding, Model, Severity, Span};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};

use super::{context_fix, context_label};

declare_rule! {
    /// ## What it does
    /// Finds literal secrets in committed configuration: `.tf` attributes, Dockerfile `ENV` values
    /// and `ARG` defaults, compose `environment:` and build args, fly.toml `[env]`, workflow
    /// `env:`/`with:` values and real (non-example) `.env` files.
    ///
    /// A value is a secret when it has a known token shape (AWS access key ids, GitHub, GitLab,
    /// Slack, Stripe live keys, Resend, npm, SendGrid, Twilio, Google, OpenAI, Anthropic, webhook
    /// signing secrets, private-key blocks, JWTs, URLs with an embedded password …), or when its
    /// key names a secret (`password`, `secret`, `token`, `api_key` …) and the value looks
    /// generated (length, character classes and entropy).
    ///
    /// Free text is searched too: Dockerfile `RUN` commands and heredoc scripts, and every
    /// string of a `.tf` file (e.g. `user_data` scripts, `jsonencode`d container definitions):
    /// known token shapes and URLs with a password anywhere, and `KEY=value` assignments whose
    /// key names a secret. A literal `default` of a `variable "db_password"` block is judged
    /// under the variable's name.
    ///
    /// Stays quiet on references (`${VAR}`, `${{ secrets.X }}`, `var.x`), placeholders
    /// (`change-me`, `your-…`, `xxx`, `<…>`), well-known local defaults (`postgres`,
    /// `minioadmin`, URLs to `localhost`), public keys and certificates, Stripe test keys and
    /// Supabase anon/demo JWTs. Example files are left to `env-example-secret` and tfvars files to
    /// `tfvars-secret`.
    ///
    /// Severity: `high`. Known token shapes are reported as `high` everywhere; the heuristic
    /// (secret-named key with a random-looking value) is weighted by environment (staging one step
    /// lower) and silent in development and test files, whose random-looking passwords are
    /// local-only defaults.
    ///
    /// ## Why is this bad?
    /// Anything committed is readable by everyone with access to the repository, its forks, CI
    /// logs and every image built from it, forever (history keeps it after deletion). Leaked keys
    /// are found by scanners within minutes of a push.
    ///
    /// ## How to fix
    /// Rotate the credential first (assume it is compromised), then load it at run time from a
    /// secret store: CI secrets, `fly secrets`, compose `${VAR}` from an uncommitted `.env`,
    /// BuildKit secret mounts, Terraform `TF_VAR_*` or a secret manager data source.
    ///
    /// ## Example
    /// ```dockerfile
    /// # bad
    /// ENV STRIPE_SECRET_KEY=sk_live_<24 random characters>
    /// ```
    /// ```dockerfile
    /// # good: the value is provided when the container starts
    /// ENV STRIPE_SECRET_KEY=""
    /// ```
    ///
    /// ## References
    /// - <https://cwe.mitre.org/data/definitions/798.html>
    /// - <https://docs.docker.com/build/building/secrets/>
    /// - <https://docs.github.com/en/actions/security-guides/using-secrets-in-github-actions>
    pub struct HardcodedSecret {
        id: "hardcoded-secret",
        severity: High,
        formats: [Terraform, TerraformJson, Dockerfile, Compose, Fly, Workflow, Action, Env],
        tags: ["security", "secrets"],
        precision: "high",
        summary: "A literal secret committed in configuration",
    }
}

/// One secret to report.
struct Hit<'a> {
    found: SecretMatch,
    span: Span,
    /// `Dockerfile ENV `KEY``-style description of where it is.
    place: String,
    value: &'a str,
    context: SecretContext,
    key: String,
}

fn push(model: &Model, hit: Hit<'_>, out: &mut Vec<Finding>) {
    let env = model.env_of(hit.span);
    if !hit.found.known_shape && matches!(env, Environment::Development | Environment::Test) {
        return;
    }
    let severity = if hit.found.known_shape { Severity::High } else { Severity::High.weigh(env) };
    let message = format!(
        "{} hardcoded in {} (value {}): anyone who can read the repository can use it",
        capitalize(&hit.found.kind),
        hit.place,
        mask(hit.value)
    );
    out.push(
        Finding::new(HardcodedSecret::META.id, severity, hit.span, message)
            .fix(context_fix(hit.context))
            .key(hit.key)
            .env(env)
            .secret(hit.span),
    );
}

/// Whether `span` overlaps any of `taken`.
fn taken_by(taken: &[Span], span: Span) -> bool {
    taken
        .iter()
        .any(|t| t.file == span.file && span.start < t.end.max(t.start + 1) && t.start < span.end.max(span.start + 1))
}

/// Strings of a `.tf` file: attribute literals (judged with their key) and free text.
fn scan_terraform(
    model: &Model,
    file: &ParsedFile,
    body: &Body,
    block: &str,
    taken: &mut Vec<Span>,
    out: &mut Vec<Finding>,
) {
    let text: &str = &file.source.text;
    for a in &body.attributes {
        let full = if block.is_empty() { a.key.clone() } else { format!("{block}.{}", a.key) };
        let key = if a.key == "default" && block.starts_with("variable.") {
            block.trim_start_matches("variable.").to_string()
        } else {
            a.key.clone()
        };
        if let Some(v) = a.expr.as_str() {
            if let Some(found) = classify(&key, v) {
                if !taken_by(taken, a.value_span) {
                    taken.push(a.value_span);
                    push(
                        model,
                        Hit {
                            found,
                            span: a.value_span,
                            place: format!("Terraform attribute `{full}`"),
                            value: v,
                            context: SecretContext::TerraformAttribute,
                            key: format!("{}:{full}", file.path),
                        },
                        out,
                    );
                }
                continue;
            }
        }
        let raw = text.get(a.value_span.range()).unwrap_or("");
        // Strings and heredocs are searched like scripts; other expressions (HCL code such as
        // type constraints and objects) only for known token shapes.
        let hits = if a.expr.as_str().is_some() || matches!(a.expr.kind, ExprKind::Template(_)) {
            scan_text(raw)
        } else {
            scan_text_shapes(raw)
        };
        for h in hits {
            let start = a.value_span.start as usize + h.start;
            let span = Span::new(file.source.id, start, a.value_span.start as usize + h.end);
            if taken_by(taken, span) {
                continue;
            }
            taken.push(span);
            let inner = h.key.as_deref().map_or(String::new(), |k| format!(" (`{k}`)"));
            push(
                model,
                Hit {
                    found: h.found,
                    span,
                    place: format!("Terraform attribute `{full}`{inner}"),
                    value: raw.get(h.start..h.end).unwrap_or(""),
                    context: SecretContext::TerraformAttribute,
                    key: format!("{}:{full}:{}", file.path, h.key.as_deref().unwrap_or("")),
                },
                out,
            );
        }
    }
    for b in &body.blocks {
        // Resource addresses as Terraform writes them (`aws_instance.web`), other blocks with their kind.
        let mut parts: Vec<&str> = Vec::new();
        if b.kind != "resource" {
            parts.push(&b.kind);
        }
        parts.extend(b.labels.iter().map(|l| l.value.as_str()));
        let name = parts.join(".");
        let name = if block.is_empty() { name } else { format!("{block}.{name}") };
        scan_terraform(model, file, &b.body, &name, taken, out);
    }
}

/// `RUN` commands and heredoc scripts of a Dockerfile.
fn scan_dockerfile(model: &Model, file: &ParsedFile, doc: &Dockerfile, out: &mut Vec<Finding>) {
    for (n, instr) in doc.instructions.iter().enumerate().filter(|(_, i)| i.keyword == "RUN") {
        let (text, exec) = match instr.form {
            Form::Shell => (instr.args_text.clone(), false),
            Form::Exec => (instr.args.iter().map(|w| w.value.as_str()).collect::<Vec<_>>().join(" "), true),
        };
        for h in scan_text(&text) {
            let value = text.get(h.start..h.end).unwrap_or("");
            let span = if exec {
                instr.span
            } else {
                instr.args.iter().find(|w| w.value.contains(value)).map_or(instr.span, |w| w.span)
            };
            push(
                model,
                Hit {
                    found: h.found,
                    span,
                    place: format!(
                        "a Dockerfile RUN command{}",
                        h.key.as_deref().map_or(String::new(), |k| format!(" (`{k}`)"))
                    ),
                    value,
                    context: SecretContext::DockerfileEnv,
                    key: format!("{}:RUN:{n}:{}", file.path, h.key.as_deref().unwrap_or("")),
                },
                out,
            );
        }
        for hd in instr.heredocs.iter().filter(|h| !h.strip_tabs) {
            for h in scan_text(&hd.body) {
                let start = hd.body_span.start as usize + h.start;
                let span = Span::new(hd.body_span.file, start, hd.body_span.start as usize + h.end);
                push(
                    model,
                    Hit {
                        found: h.found,
                        span,
                        place: format!(
                            "a Dockerfile RUN script{}",
                            h.key.as_deref().map_or(String::new(), |k| format!(" (`{k}`)"))
                        ),
                        value: hd.body.get(h.start..h.end).unwrap_or(""),
                        context: SecretContext::DockerfileEnv,
                        key: format!("{}:RUN:{n}:{}", file.path, h.key.as_deref().unwrap_or("")),
                    },
                    out,
                );
            }
        }
    }
}

impl Rule for HardcodedSecret {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        let mut taken: Vec<Span> = Vec::new();
        for c in &model.facts.secrets {
            if c.context == SecretContext::Tfvars {
                continue;
            }
            if c.example || c.is_reference {
                continue;
            }
            let Some(found) = classify(&c.key, &c.value) else { continue };
            // A value reported here is not searched again as free text.
            taken.push(c.value_span);
            let hit = Hit {
                found,
                span: c.value_span,
                place: if c.context == SecretContext::TerraformAttribute && !c.path.is_empty() {
                    format!("{} `{}`", context_label(c.context), c.path)
                } else {
                    format!("{} `{}`", context_label(c.context), c.key)
                },
                value: &c.value,
                context: c.context,
                key: c.path.clone(),
            };
            push(model, hit, out);
        }
        for file in &model.files {
            // Vendored module files (`.terraform/modules/…`) are not the repository's code.
            if file.example || file.is_vendored() {
                continue;
            }
            match (&file.doc, file.kind) {
                (Some(Document::Terraform(doc)), FileKind::Terraform | FileKind::TerraformJson) => {
                    scan_terraform(model, file, &doc.body, "", &mut taken, out);
                }
                (Some(Document::Dockerfile(doc)), _) => scan_dockerfile(model, file, doc, out),
                _ => {}
            }
        }
    }
}

/// Upper-case the first letter.
pub(crate) fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(f) => f.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
