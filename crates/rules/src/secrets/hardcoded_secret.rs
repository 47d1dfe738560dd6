//! `hardcoded-secret`: a literal secret in configuration that is committed.

use std::collections::HashMap;
use std::sync::LazyLock;

use rayon::prelude::*;
use regex::Regex;

use crate::facts::SecretContext;
use crate::secret_detect::{
    classify, decode_base64_text, documented_example, find_documented_examples, human_chosen_password,
    is_marked_placeholder, is_public_key, mask, published_demo_secret, scan_name_value_literals, scan_text,
    scan_text_human_passwords, scan_text_shapes, SecretMatch, TextSecret,
};
use infra_lint_core::discover::FileKind;
use infra_lint_core::model::ParsedFile;
use infra_lint_core::parse::dockerfile::Dockerfile;
use infra_lint_core::parse::terraform::{Body, ExprKind};
use infra_lint_core::parse::workflow::Workflow;
use infra_lint_core::parse::Document;
use infra_lint_core::{Environment, FileId, Finding, Model, Severity, Span};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};

use super::encoded::{decode_value, scan_encoded};
use super::{context_fix, context_label};

declare_rule! {
    /// ## What it does
    /// Finds literal secrets in committed configuration: `.tf` attributes, Dockerfile `ENV` values
    /// and `ARG` defaults, compose `environment:` and build args, fly.toml `[env]`, workflow
    /// `env:`/`with:` values and real (non-example) `.env` files.
    ///
    /// A value is a secret when it has a known token shape (about 150 types: AWS, Azure, GCP,
    /// Alibaba and Tencent keys, GitHub tokens (CRC-32 checksum verified), GitLab personal,
    /// runner, deploy and CI tokens, Slack, Stripe live keys, Docker Hub, HashiCorp Vault and
    /// Terraform Cloud, npm, PyPI, SendGrid, Twilio, OpenAI, Anthropic, Hugging Face, Databricks,
    /// Doppler, Grafana, Sentry, Tailscale, webhook URLs, private-key blocks, JWTs, URLs with an
    /// embedded password …; the list is in `docs/secrets.md`), or when its
    /// key names a secret (`password`, `secret`, `token`, `api_key` …) and the value looks
    /// generated (length, character classes and entropy).
    ///
    /// Free text is searched too: Dockerfile `RUN` commands and heredoc scripts, and every
    /// string of a `.tf` file (e.g. `user_data` scripts, `jsonencode`d container definitions):
    /// known token shapes and URLs with a password anywhere, and `KEY=value` assignments (and
    /// `{"name": "KEY", "value": "…"}` pairs) whose key names a secret. A literal `default` of a
    /// `variable "db_password"` block is judged under the variable's name. Workflow and
    /// composite-action `run:` scripts are searched for known token shapes and URLs with a
    /// password only. Spans are exact inside scripts, block scalars and heredocs.
    ///
    /// Docker registry credentials are decoded: an `auth` field of an `auths` document (a
    /// `DOCKER_AUTH_CONFIG` value, `RUN echo '{"auths": …}' > ~/.docker/config.json`) is reported
    /// when its base64 decodes to `user:password` with a real password (not a placeholder, a
    /// `${VAR}` reference or a local default); the finding points at the `auth` value.
    ///
    /// Published demo values (Supabase's self-hosting JWT secret, demo keys and dashboard
    /// password, Django's `django-insecure-…` keys) are placeholders in development files and
    /// findings in production files, where everyone who read the vendor's guide can use them.
    ///
    /// Base64 is decoded: the literal of a `user_data_base64` (any `*_base64`) or Azure
    /// `custom_data` attribute, and every `base64decode("…")` argument, is decoded and searched
    /// like a script; the finding points at the encoded literal and says it was base64-encoded.
    ///
    /// Some attributes are secrets by definition: `plaintext_value` of GitHub Actions /
    /// Dependabot / Codespaces secrets, `secret_string` of `aws_secretsmanager_secret_version`,
    /// `secret_data` of `google_secret_manager_secret_version`, `value` of
    /// `azurerm_key_vault_secret` and of a `SecureString` `aws_ssm_parameter`, database master
    /// and administrator passwords (`aws_db_instance.password`, `aws_rds_cluster.master_password`,
    /// `azurerm_*_server.administrator_login_password`, `google_sql_user.password` …). Any literal
    /// there is reported, even a phrase such as `blue horse battery staple`; only explicit
    /// placeholders (`change-me`, `<…>`, `xxx` …) and references are fine.
    ///
    /// AWS's documented example keys (`AKIAIOSFODNN7EXAMPLE` and its secret, and the second
    /// documented pair) cannot authenticate, yet a scanner that stays silent on them in a real
    /// `.tf` file looks broken and the line they sit on is where a real key will be pasted. They
    /// are reported as `low` in non-example files (silent in example, development and test
    /// files; `env-example-secret` and `tfvars-secret` ignore them).
    ///
    /// Stays quiet on references (`${VAR}`, `${{ secrets.X }}`, `var.x`), placeholders
    /// (`change-me`, `your-…`, `xxx`, `<…>`), well-known local defaults (`postgres`,
    /// `minioadmin`, URLs to `localhost`), public keys and certificates, Stripe test keys and
    /// Supabase anon/demo JWTs. Example env files are left to `env-example-secret` and tfvars
    /// files to `tfvars-secret`; other example and template files (`docker-compose.example.yml`,
    /// `terraform.tfvars.example`) are reported only for a provider-issued token shape (a
    /// `ghp_…` GitHub token, a live Stripe key, a private key), never for a made-up password.
    ///
    /// Severity: `high`. Known token shapes are reported as `high` everywhere; the heuristic
    /// (secret-named key with a random-looking value) and literal values of secret attributes are
    /// weighted by environment (staging one step lower) and silent in development and test files,
    /// whose passwords are local-only defaults. Human-chosen passwords are `medium` (weighted the
    /// same way) and documented example keys `low`.
    ///
    /// Human-chosen passwords: in Terraform (attributes, `user_data`/`custom_data` scripts,
    /// container definitions, decoded base64) a value under a password- or secret-named key that
    /// reads as a phrase (`SomeSortOfPassword`, `SuperSecretPassw0rd`) is reported as `medium`
    /// (weighted by environment, silent in development and test files and in `examples/`,
    /// `demo/`, `samples/`, `tests/` and `fixtures/` directories, whose passwords are meant to be
    /// replaced), unless a word marks it as a placeholder or local value (`dev_password`,
    /// `LocalTestPassword`, `change-me-password`).
    /// Terraform deploys real machines, so a phrase there is most likely the real (weak)
    /// password. Elsewhere (compose, `.env`, Dockerfiles) such phrases are far more often
    /// placeholders and local defaults, and stay quiet.
    ///
    /// In ECS `container_definitions`, an environment entry whose name is a password or secret
    /// (`{"name": "DATABASE_PASSWORD", "value": "…"}`) is reported for any literal value that is
    /// not an explicit placeholder or local default, even a phrase with spaces, as `medium`: the
    /// task definition deploys it as written (use `secrets` with `valueFrom`).
    ///
    /// Production configuration (a file whose environment is production, e.g.
    /// `docker-compose.prod.yml`, `.env.production`) is held to a stricter standard: any literal
    /// under a password-named key is reported as `medium`, however weak (`DB_PASSWORD: ali12345`),
    /// and published demo secrets — the Supabase self-hosting JWT secret and the demo
    /// `anon`/`service_role` keys signed with it — are reported as `high`, because everyone knows
    /// them. Elsewhere those demo values are placeholders and stay quiet.
    ///
    /// A literal under `lifecycle { ignore_changes = [<attribute>] }` is a bootstrap value that is
    /// replaced outside Terraform: it is reported as `low`, and the message says why. Tokens in a
    /// CI workflow's `env:` and step inputs are reported even though a workflow named `ci.yml` or
    /// `test.yml` counts as a test file (`medium` for the heuristic, `high` for known shapes).
    /// Inside a multi-line value (a YAML block scalar) the finding points at the token's own line.
    ///
    /// Not reported, by choice: short phrases with spaces under a secret-named key elsewhere
    /// (`PASSWORD="oh no D:"` in a script): they are indistinguishable from prose and test values.
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
        aliases: ["AVD-AWS-0029", "AWS-0029", "AVD-AWS-0129", "AWS-0129", "AVD-AWS-0122", "AWS-0122", "CKV_AWS_46", "CKV_AWS_45", "AVD-AWS-0036", "AWS-0036", "AVD-AZU-0037", "AZU-0037", "AVD-CLDSTK-0001", "CLDSTK-0001", "AVD-GIT-0002", "GIT-0002", "CKV_AWS_41", "CKV_OPENSTACK_4", "AVD-OPNSTK-0001", "OPNSTK-0001", "CKV_TC_13"],
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
    /// How sure we are, which sets the severity.
    tier: Tier,
}

/// How a hit is weighed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tier {
    /// A secret ([`SecretMatch::known_shape`] decides between always-high and env-weighted).
    Secret,
    /// A human-chosen password phrase in a Terraform script or attribute: `medium`, weighted.
    Phrase,
    /// A credential published as an example in vendor documentation: `low`.
    Documented,
    /// A literal under `lifecycle { ignore_changes = [<attribute>] }`: a bootstrap value that is
    /// replaced outside Terraform after the first apply: `low`, saying why.
    Bootstrap,
}

/// Whether the resource's `lifecycle { ignore_changes = [...] }` names `key` (or is `all`).
fn ignored_changes(file: &ParsedFile, body: &Body, key: &str) -> bool {
    body.blocks.iter().filter(|b| b.kind == "lifecycle").filter_map(|b| b.body.attr("ignore_changes")).any(|a| {
        let raw = file.source.text.get(a.value_span.range()).unwrap_or("");
        raw.trim() == "all"
            || raw.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).any(|w| w == key || w == "all")
    })
}

fn push(model: &Model, hit: Hit<'_>, out: &mut Vec<Finding>) {
    let env = model.env_of(hit.span);
    // A CI workflow is "test" by its name (`ci.yml`, `test.yml`), but the tokens in its `env:` and
    // step inputs are real ones (remote caches, registries, deploy hooks): not dismissed.
    let ci = matches!(hit.context, SecretContext::WorkflowEnv | SecretContext::WorkflowWith);
    if (hit.tier != Tier::Secret || !hit.found.known_shape)
        && matches!(env, Environment::Development | Environment::Test)
        && !(ci && hit.tier == Tier::Secret)
    {
        return;
    }
    if hit.tier == Tier::Phrase && model.file(hit.span.file).is_some_and(|f| in_sample_dir(&f.path)) {
        return;
    }
    let (severity, message) = if hit.tier == Tier::Bootstrap {
        (
            Severity::Low,
            format!(
                "{} hardcoded in {} (value {}): `lifecycle {{ ignore_changes }}` marks it as a bootstrap value \
                 replaced outside Terraform, so it is reported as low, but the literal is committed and was \
                 live until first replaced",
                capitalize(&hit.found.kind),
                hit.place,
                mask(hit.value)
            ),
        )
    } else if hit.tier == Tier::Documented {
        (
            Severity::Low,
            format!(
                "{} hardcoded in {}: this published value cannot authenticate, but credentials are being \
                 written into committed configuration here, and a real key put in its place would leak",
                capitalize(&hit.found.kind),
                hit.place,
            ),
        )
    } else {
        (
            match hit.tier {
                Tier::Phrase => Severity::Medium.weigh(env),
                _ if hit.found.known_shape => Severity::High,
                _ if ci && matches!(env, Environment::Development | Environment::Test) => Severity::Medium,
                _ => Severity::High.weigh(env),
            },
            format!(
                "{} hardcoded in {} (value {}): anyone who can read the repository can use it",
                capitalize(&hit.found.kind),
                hit.place,
                mask(hit.value)
            ),
        )
    };
    out.push(
        Finding::new(HardcodedSecret::META.id, severity, hit.span, message)
            .fix(context_fix(hit.context))
            .key(hit.key)
            .env(env)
            .secret(hit.span),
    );
}

/// Whether a path is inside a directory of examples, demos or tests (`examples/complete/main.tf`),
/// whose phrase passwords are placeholders for readers to replace.
fn in_sample_dir(path: &str) -> bool {
    let mut dirs: Vec<&str> = path.split('/').collect();
    dirs.pop();
    dirs.iter().any(|d| {
        matches!(
            d.to_ascii_lowercase().as_str(),
            "example"
                | "examples"
                | "demo"
                | "demos"
                | "sample"
                | "samples"
                | "test"
                | "tests"
                | "fixtures"
                | "testdata"
        )
    })
}

/// Whether `span` overlaps any of `taken`.
fn taken_by(taken: &[Span], span: Span) -> bool {
    taken
        .iter()
        .any(|t| t.file == span.file && span.start < t.end.max(t.start + 1) && t.start < span.end.max(span.start + 1))
}

/// Secrets in free text: [`scan_text`] (with `KEY=value` assignments) or [`scan_text_shapes`]
/// (known token shapes only), plus documented example credentials, and with `phrases` (Terraform
/// scripts) human-chosen passwords ([`scan_text_human_passwords`]).
fn free_text(text: &str, assignments: bool, phrases: bool) -> Vec<(TextSecret, Tier)> {
    let hits = if assignments { scan_text(text) } else { scan_text_shapes(text) };
    let mut out: Vec<(TextSecret, Tier)> = hits.into_iter().map(|h| (h, Tier::Secret)).collect();
    let mut extra: Vec<(TextSecret, Tier)> =
        find_documented_examples(text).into_iter().map(|h| (h, Tier::Documented)).collect();
    if phrases {
        extra.extend(scan_text_human_passwords(text).into_iter().map(|h| (h, Tier::Phrase)));
    }
    for (e, tier) in extra {
        if !out.iter().any(|(h, _)| e.start < h.end && h.start < e.end) {
            out.push((e, tier));
        }
    }
    out.sort_by_key(|(h, _)| h.start);
    out
}

/// Resource attributes whose value is secret material by definition: any literal there is a
/// hardcoded secret, however it looks (only explicit placeholders and references are fine).
/// `(resource type, attribute, what it is)`.
const SECRET_ATTRIBUTES: &[(&str, &str, &str)] = &[
    ("github_actions_secret", "plaintext_value", "GitHub Actions secret value"),
    ("github_actions_environment_secret", "plaintext_value", "GitHub Actions secret value"),
    ("github_actions_organization_secret", "plaintext_value", "GitHub Actions secret value"),
    ("github_dependabot_secret", "plaintext_value", "Dependabot secret value"),
    ("github_dependabot_organization_secret", "plaintext_value", "Dependabot secret value"),
    ("github_codespaces_secret", "plaintext_value", "Codespaces secret value"),
    ("github_codespaces_organization_secret", "plaintext_value", "Codespaces secret value"),
    ("aws_secretsmanager_secret_version", "secret_string", "Secrets Manager secret value"),
    ("google_secret_manager_secret_version", "secret_data", "Secret Manager secret value"),
    ("azurerm_key_vault_secret", "value", "Key Vault secret value"),
    ("aws_ssm_parameter", "value", "SecureString parameter value"),
    ("aws_db_instance", "password", "database master password"),
    ("aws_rds_cluster", "master_password", "database master password"),
    ("aws_docdb_cluster", "master_password", "database master password"),
    ("aws_neptune_cluster", "master_password", "database master password"),
    ("aws_redshift_cluster", "master_password", "database master password"),
    ("aws_elasticache_replication_group", "auth_token", "Redis AUTH token"),
    ("aws_mq_broker", "password", "broker user password"),
    ("google_sql_user", "password", "database user password"),
    ("azurerm_mssql_server", "administrator_login_password", "database administrator password"),
    ("azurerm_sql_server", "administrator_login_password", "database administrator password"),
    ("azurerm_postgresql_server", "administrator_login_password", "database administrator password"),
    ("azurerm_postgresql_flexible_server", "administrator_password", "database administrator password"),
    ("azurerm_mysql_flexible_server", "administrator_password", "database administrator password"),
    ("azurerm_linux_virtual_machine", "admin_password", "VM administrator password"),
    ("azurerm_windows_virtual_machine", "admin_password", "VM administrator password"),
];

/// What a resource attribute holds when it is secret material by definition (see
/// [`SECRET_ATTRIBUTES`]); `aws_ssm_parameter.value` only for `type = "SecureString"`.
fn secret_attribute(rtype: &str, body: &Body, key: &str) -> Option<&'static str> {
    let (_, _, what) = SECRET_ATTRIBUTES.iter().find(|(t, a, _)| *t == rtype && *a == key)?;
    if rtype == "aws_ssm_parameter"
        && !body.attributes.iter().any(|a| a.key == "type" && a.expr.as_str() == Some("SecureString"))
    {
        return None;
    }
    Some(what)
}

/// Attributes whose string value is base64 by contract: `user_data_base64`, `*_base64`, and
/// Azure's `custom_data` (which the provider wants base64-encoded).
fn base64_attribute(key: &str) -> bool {
    key.ends_with("_base64") || key == "custom_data"
}

static BASE64DECODE_CALL: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r#"\b(?:base64decode|base64gunzip)\(\s*("[A-Za-z0-9+/=\s]{8,}")\s*\)"#).ok());

/// Base64 literals of an attribute value (the whole literal of a `*_base64` attribute, each
/// `base64decode("…")` argument): (span of the literal, decoded text).
fn base64_literals(file: &ParsedFile, key: &str, a_expr_str: Option<&str>, value_span: Span) -> Vec<(Span, String)> {
    let mut out = Vec::new();
    if base64_attribute(key) {
        if let Some(text) = a_expr_str.and_then(decode_base64_text) {
            out.push((value_span, text));
        }
    }
    let raw = file.source.slice(value_span);
    if let Some(re) = BASE64DECODE_CALL.as_ref().filter(|_| raw.contains("base64")) {
        for c in re.captures_iter(raw) {
            let Some(lit) = c.get(1) else { continue };
            let inner = lit.as_str().trim_matches('"');
            if let Some(text) = decode_base64_text(inner) {
                let start = value_span.start as usize + lit.start();
                out.push((Span::new(file.source.id, start, value_span.start as usize + lit.end()), text));
            }
        }
    }
    out
}

/// Strings of a `.tf` file: attribute literals (judged with their key) and free text.
#[allow(clippy::too_many_lines)]
fn scan_terraform(
    model: &Model,
    file: &ParsedFile,
    body: &Body,
    block: &str,
    rtype: &str,
    taken: &mut Vec<Span>,
    out: &mut Vec<Finding>,
) {
    let text: &str = &file.source.text;
    for a in &body.attributes {
        // The attribute's dotted path, for messages and fingerprints (only built for a hit).
        let full = || if block.is_empty() { a.key.clone() } else { format!("{block}.{}", a.key) };
        let key: &str = if a.key == "default" && block.starts_with("variable.") {
            block.trim_start_matches("variable.")
        } else {
            &a.key
        };
        if let Some(v) = a.expr.as_str() {
            let judged = classify(key, v)
                .map(|f| (f, Tier::Secret))
                .or_else(|| {
                    let what = secret_attribute(rtype, body, &a.key)?;
                    (!is_marked_placeholder(v) && !is_public_key(v) && documented_example(v).is_none())
                        .then(|| (SecretMatch { kind: format!("literal {what}"), known_shape: false }, Tier::Secret))
                })
                .or_else(|| {
                    human_chosen_password(key, v).then(|| {
                        (SecretMatch { kind: "human-chosen password".to_string(), known_shape: false }, Tier::Phrase)
                    })
                });
            if let Some((found, tier)) = judged {
                let tier = if ignored_changes(file, body, &a.key) { Tier::Bootstrap } else { tier };
                if !taken_by(taken, a.value_span) {
                    taken.push(a.value_span);
                    push(
                        model,
                        Hit {
                            found,
                            span: a.value_span,
                            place: format!("Terraform attribute `{}`", full()),
                            value: v,
                            context: SecretContext::TerraformAttribute,
                            key: format!("{}:{}", file.path, full()),
                            tier,
                        },
                        out,
                    );
                }
                continue;
            }
        }
        for (lit_span, decoded) in base64_literals(file, &a.key, a.expr.as_str(), a.value_span) {
            if taken_by(taken, lit_span) {
                continue;
            }
            let hits = free_text(&decoded, true, true);
            let Some((first, tier)) = hits.first() else { continue };
            taken.push(lit_span);
            let inner = first.key.as_deref().map_or(String::new(), |k| format!(" (`{k}`)"));
            push(
                model,
                Hit {
                    found: first.found.clone(),
                    span: lit_span,
                    place: format!("the base64-encoded value of Terraform attribute `{}`{inner}, once decoded", full()),
                    value: decoded.get(first.start..first.end).unwrap_or(""),
                    context: SecretContext::TerraformAttribute,
                    key: format!("{}:{}:base64:{}", file.path, full(), first.key.as_deref().unwrap_or("")),
                    tier: *tier,
                },
                out,
            );
        }
        let raw = text.get(a.value_span.range()).unwrap_or("");
        // Strings and heredocs (also inside function calls: `base64encode(<<-EOT … EOT)`) are
        // searched like scripts; other expressions (HCL code such as type constraints and
        // objects) only for known token shapes.
        let script = a.expr.as_str().is_some() || matches!(a.expr.kind, ExprKind::Template(_)) || raw.contains("<<");
        let mut hits = free_text(raw, script, script);
        if rtype == "aws_ecs_task_definition" && a.key == "container_definitions" {
            for h in scan_name_value_literals(raw) {
                if !hits.iter().any(|(o, _)| h.start < o.end && o.start < h.end) {
                    hits.push((h, Tier::Phrase));
                }
            }
        }
        for (h, tier) in hits {
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
                    place: format!("Terraform attribute `{}`{inner}", full()),
                    value: raw.get(h.start..h.end).unwrap_or(""),
                    context: SecretContext::TerraformAttribute,
                    key: format!("{}:{}:{}", file.path, full(), h.key.as_deref().unwrap_or("")),
                    tier,
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
        let inner_type = if block.is_empty() {
            if b.kind == "resource" {
                b.labels.first().map_or("", |l| l.value.as_str())
            } else {
                ""
            }
        } else {
            rtype
        };
        scan_terraform(model, file, &b.body, &name, inner_type, taken, out);
    }
}

/// `RUN` commands and heredoc scripts of a Dockerfile. The instruction's source text is searched
/// (not the joined words), so a secret's span is exactly its bytes, also across line
/// continuations and in exec form.
fn scan_dockerfile(model: &Model, file: &ParsedFile, doc: &Dockerfile, out: &mut Vec<Finding>) {
    for (n, instr) in doc.instructions.iter().enumerate().filter(|(_, i)| i.keyword == "RUN") {
        let mut regions: Vec<(Span, &str)> = vec![(instr.args_span, "a Dockerfile RUN command")];
        regions.extend(instr.heredocs.iter().map(|hd| (hd.body_span, "a Dockerfile RUN script")));
        for (region, what) in regions {
            let raw = file.source.slice(region);
            let encoded =
                encoded_in_script(model, file, region, what, SecretContext::DockerfileEnv, &format!("RUN:{n}"), out);
            for (h, tier) in free_text(raw, true, false) {
                let span = Span::new(region.file, region.start as usize + h.start, region.start as usize + h.end);
                if taken_by(&encoded, span) {
                    continue;
                }
                push(
                    model,
                    Hit {
                        found: h.found,
                        span,
                        place: format!("{what}{}", h.key.as_deref().map_or(String::new(), |k| format!(" (`{k}`)"))),
                        value: raw.get(h.start..h.end).unwrap_or(""),
                        context: SecretContext::DockerfileEnv,
                        key: format!("{}:RUN:{n}:{}", file.path, h.key.as_deref().unwrap_or("")),
                        tier,
                    },
                    out,
                );
            }
        }
    }
}

/// Base64 literals fed to a decoder in a script region (`echo <b64> | base64 -d`): reported at
/// the base64 text when the decoded text holds a secret.
fn encoded_in_script(
    model: &Model,
    file: &ParsedFile,
    region: Span,
    what: &str,
    context: SecretContext,
    key: &str,
    out: &mut Vec<Finding>,
) -> Vec<Span> {
    let raw = file.source.slice(region);
    let mut spans = Vec::new();
    for e in scan_encoded(raw) {
        let span = Span::new(region.file, region.start as usize + e.start, region.start as usize + e.end);
        let inner = e.hit.key.as_deref().map_or(String::new(), |k| format!(" (`{k}`)"));
        push(
            model,
            Hit {
                found: e.hit.found.clone(),
                span,
                place: format!("base64 text decoded by {what}{inner}"),
                value: e.value(),
                context,
                key: format!("{}:{key}:base64:{}", file.path, e.hit.key.as_deref().unwrap_or("")),
                tier: Tier::Secret,
            },
            out,
        );
        spans.push(span);
    }
    spans
}

/// `run:` scripts of workflow and composite-action steps: known token shapes only (a script
/// is code: `PASSWORD=…` there is usually a variable set from `${{ secrets.X }}` or a test
/// value). The scalar's source text is searched, so spans are exact inside block scalars.
fn scan_workflow(model: &Model, file: &ParsedFile, doc: &Workflow, out: &mut Vec<Finding>) {
    for (job, step) in doc.all_steps() {
        let Some(run) = &step.run else { continue };
        let raw = file.source.slice(run.span);
        let step_name = step.name.as_ref().map_or_else(|| format!("#{}", step.index + 1), |n| format!("`{}`", n.value));
        let place = match job {
            Some(j) => format!("the `run:` script of step {step_name} in job `{}`", j.id),
            None => format!("the `run:` script of composite-action step {step_name}"),
        };
        let step_key = format!("jobs.{}.steps.{}.run", job.map_or("", |j| j.id.as_str()), step.index);
        let encoded = encoded_in_script(model, file, run.span, &place, SecretContext::WorkflowEnv, &step_key, out);
        for (h, tier) in free_text(raw, false, false) {
            let span = Span::new(run.span.file, run.span.start as usize + h.start, run.span.start as usize + h.end);
            if taken_by(&encoded, span) {
                continue;
            }
            push(
                model,
                Hit {
                    found: h.found.clone(),
                    span,
                    place: place.clone(),
                    value: raw.get(h.start..h.end).unwrap_or(""),
                    context: SecretContext::WorkflowEnv,
                    key: format!(
                        "{}:jobs.{}.steps.{}.run:{}",
                        file.path,
                        job.map_or("", |j| j.id.as_str()),
                        step.index,
                        h.found.kind
                    ),
                    tier,
                },
                out,
            );
        }
    }
}

impl Rule for HardcodedSecret {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        let mut taken: Vec<Span> = Vec::new();
        for c in &crate::facts::Facts::of(model).secrets {
            // Example and template files other than env files (`docker-compose.example.yml`,
            // `terraform.tfvars.example`): values there are meant to be replaced, so only a
            // provider-issued token shape is reported — a real token pasted into a template.
            if c.example && !c.is_reference && c.context != SecretContext::EnvFile {
                if let Some(found) = classify(&c.key, &c.value).filter(is_issued_token) {
                    taken.push(c.value_span);
                    let hit = Hit {
                        tier: Tier::Secret,
                        found,
                        span: token_span(model, c.value_span),
                        place: format!("{} `{}` of an example file", context_label(c.context), c.key),
                        value: &c.value,
                        context: c.context,
                        key: c.path.clone(),
                    };
                    push(model, hit, out);
                }
                continue;
            }
            if c.context == SecretContext::Tfvars {
                continue;
            }
            if c.example || c.is_reference {
                continue;
            }
            let (found, tier) = match classify(&c.key, &c.value) {
                Some(found) => (found, Tier::Secret),
                None => match documented_example(&c.value) {
                    Some(kind) => (SecretMatch { kind: kind.to_string(), known_shape: true }, Tier::Documented),
                    None if c.context == SecretContext::TerraformAttribute
                        && human_chosen_password(&c.key, &c.value) =>
                    {
                        (SecretMatch { kind: "human-chosen password".to_string(), known_shape: false }, Tier::Phrase)
                    }
                    // Production configuration: published demo secrets are real there (everyone
                    // knows them), and so is any literal under a password-named key.
                    None if model.env_of(c.value_span) == Environment::Production => {
                        if let Some(what) = published_demo_secret(&c.value) {
                            (SecretMatch { kind: what.to_string(), known_shape: true }, Tier::Secret)
                        } else if production_password(&c.key, &c.value) {
                            (
                                SecretMatch {
                                    kind: "literal password in production configuration".to_string(),
                                    known_shape: false,
                                },
                                Tier::Phrase,
                            )
                        } else {
                            continue;
                        }
                    }
                    // Terraform attributes: `*_base64` attributes and `base64decode("…")` calls
                    // are decoded by the Terraform text search below.
                    None => {
                        let decoded =
                            (c.context != SecretContext::TerraformAttribute).then(|| decode_value(&c.value)).flatten();
                        if let Some((decoded, inner)) = decoded {
                            taken.push(c.value_span);
                            let key = inner.key.as_deref().map_or(String::new(), |k| format!(" (`{k}`)"));
                            let hit = Hit {
                                tier: Tier::Secret,
                                found: inner.found.clone(),
                                span: c.value_span,
                                place: format!(
                                    "the base64-encoded value of {} `{}`{key}, once decoded",
                                    context_label(c.context),
                                    c.key
                                ),
                                value: decoded.get(inner.start..inner.end).unwrap_or(""),
                                context: c.context,
                                key: format!("{}:base64", c.path),
                            };
                            push(model, hit, out);
                        }
                        continue;
                    }
                },
            };
            // A value reported here is not searched again as free text.
            taken.push(c.value_span);
            // A Docker `auths` document: point at (and mask from) the `auth` value inside it.
            let embedded = found.kind.starts_with("Docker registry credentials");
            let span = if embedded { narrow_to_token(model, c.value_span) } else { token_span(model, c.value_span) };
            let value = if embedded && span != c.value_span { model.text(span) } else { c.value.as_str() };
            let hit = Hit {
                tier,
                found,
                span,
                place: if c.context == SecretContext::TerraformAttribute && !c.path.is_empty() {
                    format!("{} `{}`", context_label(c.context), c.path)
                } else {
                    format!("{} `{}`", context_label(c.context), c.key)
                },
                value,
                context: c.context,
                key: c.path.clone(),
            };
            push(model, hit, out);
        }
        // Then every file's own text, in parallel: this is the heaviest rule on Terraform-rich
        // repositories, and a file's search needs only the values of that file already reported.
        let mut by_file: HashMap<FileId, Vec<Span>> = HashMap::new();
        for s in taken {
            by_file.entry(s.file).or_default().push(s);
        }
        let found: Vec<Finding> = model
            .files
            .par_iter()
            // Vendored module files (`.terraform/modules/…`) are not the repository's code.
            .filter(|file| !file.example && !file.is_vendored())
            .flat_map_iter(|file| {
                let mut out = Vec::new();
                match (&file.doc, file.kind) {
                    (Some(Document::Terraform(doc)), FileKind::Terraform | FileKind::TerraformJson) => {
                        let mut taken = by_file.get(&file.source.id).cloned().unwrap_or_default();
                        scan_terraform(model, file, &doc.body, "", "", &mut taken, &mut out);
                    }
                    (Some(Document::Dockerfile(doc)), _) => scan_dockerfile(model, file, doc, &mut out),
                    (Some(Document::Workflow(doc)), _) => scan_workflow(model, file, doc, &mut out),
                    _ => {}
                }
                out
            })
            .collect();
        out.extend(found);
    }
}

/// A token a provider issued, by its shape (not a URL or connection string with a password,
/// whose host and password in an example file are usually made up, nor a heuristic match).
fn is_issued_token(m: &SecretMatch) -> bool {
    m.known_shape
        && !matches!(m.kind.as_str(), "URL with an embedded password" | "connection string with an embedded password")
        && !m.kind.starts_with("Docker registry credentials")
}

/// A literal under a password-named key (`DB_PASSWORD`, `admin_passwd`, `REDIS_PASS`) that is
/// not a reference, an explicit placeholder or empty — however weak (`ali12345`): in production
/// configuration it is the password.
fn production_password(key: &str, value: &str) -> bool {
    let leaf = key.rsplit('.').next().unwrap_or(key).to_ascii_lowercase();
    let words: Vec<&str> = leaf.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let password_key = words
        .iter()
        .any(|w| matches!(*w, "password" | "passwd" | "pwd" | "passphrase" | "pass") || w.ends_with("password"))
        && !words.iter().any(|w| matches!(*w, "file" | "path" | "length" | "policy" | "min" | "hash" | "enabled"));
    let v = value.trim();
    password_key
        && v.chars().count() >= 4
        && !v.chars().any(char::is_whitespace)
        && !v.contains("://")
        && !is_marked_placeholder(v)
        && !matches!(v.to_ascii_lowercase().as_str(), "true" | "false" | "null" | "none" | "changeme" | "change-me")
}

/// For a value written over several lines (a YAML block scalar, a multi-line string), the span
/// of the known token inside it, so the finding points at the token's own line; else `span`.
fn token_span(model: &Model, span: Span) -> Span {
    if !model.text(span).contains('\n') {
        return span;
    }
    narrow_to_token(model, span)
}

/// The span of the first known token inside the value at `span`, else `span`.
fn narrow_to_token(model: &Model, span: Span) -> Span {
    let raw = model.text(span);
    match scan_text_shapes(raw).first() {
        Some(h) => Span::new(span.file, span.start as usize + h.start, span.start as usize + h.end),
        None => span,
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
