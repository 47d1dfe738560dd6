//! `fly-https-not-forced`: a fly.io HTTP service that answers plain HTTP instead of redirecting
//! to HTTPS.

use infra_lint_core::discover::FileKind;
use infra_lint_core::parse::fly::Entry;
use infra_lint_core::parse::Document;
use infra_lint_core::{Edit, Environment, Finding, Fix, Model, Severity, Span};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags a fly.toml `[http_service]`, or a `[[services.ports]]` entry with an `http` handler
    /// and no `tls` handler, whose `force_https` is `false` or missing.
    ///
    /// ## Why is this bad?
    /// Without `force_https = true`, fly's proxy answers requests on port 80 in clear text
    /// instead of redirecting them to HTTPS. Session cookies, tokens and form data sent over
    /// that first request can be read or changed by anyone on the network path, and users who
    /// type the bare domain never get upgraded.
    ///
    /// Severity is medium, high in production (an app name such as `acme-production` or a file
    /// such as `fly.production.toml` says so), low in development and test.
    ///
    /// ## How to fix
    /// Set `force_https = true` in `[http_service]`, or on the plain-HTTP `[[services.ports]]`
    /// entry (port 80 with `handlers = ["http"]`).
    ///
    /// ## Example
    /// ```toml
    /// # Bad
    /// [http_service]
    ///   internal_port = 8080
    ///   force_https = false
    /// ```
    ///
    /// ```toml
    /// # Good
    /// [http_service]
    ///   internal_port = 8080
    ///   force_https = true
    /// ```
    ///
    /// ## References
    /// - fly.io app configuration, `[http_service]` and `[[services.ports]]`: <https://fly.io/docs/reference/configuration/>
    /// - OWASP Transport Layer Security Cheat Sheet: <https://cheatsheetseries.owasp.org/cheatsheets/Transport_Layer_Security_Cheat_Sheet.html>
    pub struct FlyHttpsNotForced {
        id: "fly-https-not-forced",
        severity: Medium,
        formats: [Fly],
        tags: ["security", "network", "fly"],
        precision: "high",
        summary: "A fly.io HTTP service without force_https serves plain HTTP",
    }
}

const FIX: &str = "set `force_https = true` so fly redirects plain-HTTP requests to HTTPS";

/// Medium, high in production, low in development/test.
fn severity(env: Environment) -> Severity {
    match env {
        Environment::Production => Severity::High,
        Environment::Staging | Environment::Unknown => Severity::Medium,
        Environment::Development | Environment::Test => Severity::Low,
    }
}

/// The finding for one HTTP section, or `None` when `force_https = true`.
fn check_section(
    model: &Model,
    app: &str,
    what: &str,
    header: Span,
    force_https: Option<&Entry>,
    key: String,
) -> Option<Finding> {
    let (span, message) = match force_https {
        Some(e) if e.value.as_bool() == Some(true) => return None,
        Some(e) => (
            e.value.span,
            format!(
                "fly app \"{app}\": {what} sets force_https = {}, so requests on plain HTTP are served in \
                 clear text instead of being redirected to HTTPS",
                model.text(e.value.span)
            ),
        ),
        None => (
            header,
            format!(
                "fly app \"{app}\": {what} has no force_https, so requests on plain HTTP are served in clear \
                 text instead of being redirected to HTTPS"
            ),
        ),
    };
    let env = model.env_of(span);
    let finding = Finding::new(FlyHttpsNotForced::META.id, severity(env), span, message).fix(FIX).key(key).env(env);
    Some(match autofix(model, header, force_https) {
        Some(fix) => finding.autofix(fix),
        None => finding,
    })
}

/// `force_https = true` in place of the value, or as a new line under a table header
/// (`[http_service]`, `[[services.ports]]`); inline tables are left to the user.
fn autofix(model: &Model, header: Span, force_https: Option<&Entry>) -> Option<Fix> {
    if let Some(e) = force_https {
        return Some(Fix::safe("set force_https = true", vec![Edit::replace(e.value.span, "true")]));
    }
    let file = model.file(header.file)?;
    let text: &str = &file.source.text;
    let head = text.get(header.start as usize..header.end as usize)?;
    if !head.starts_with('[') {
        return None;
    }
    // After the header line, indented like the first key under it (or two spaces).
    let eol = text[header.end as usize..].find('\n').map(|i| header.end as usize + i + 1)?;
    let next = &text[eol..];
    let indent: String = next
        .lines()
        .find(|l| !l.trim().is_empty())
        .map_or_else(|| "  ".to_owned(), |l| l.chars().take_while(|c| *c == ' ' || *c == '\t').collect());
    let at = u32::try_from(eol).ok()?;
    Some(Fix::safe(
        "add force_https = true",
        vec![Edit::insert(header.file, at, format!("{indent}force_https = true\n"))],
    ))
}

impl Rule for FlyHttpsNotForced {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for f in model.files_of(FileKind::Fly) {
            let Some(Document::Fly(doc)) = &f.doc else { continue };
            let app = doc.app_name().unwrap_or(&f.path);
            if let Some(h) = &doc.http_service {
                out.extend(check_section(
                    model,
                    app,
                    "[http_service]",
                    h.span,
                    h.force_https.as_ref(),
                    "http_service.force_https".to_owned(),
                ));
            }
            for (i, svc) in doc.services.iter().enumerate() {
                for (j, port) in svc.ports.iter().enumerate().filter(|(_, p)| p.is_plain_http()) {
                    let what = match port.port_number() {
                        Some(n) => format!("[[services.ports]] port {n} with the http handler"),
                        None => "[[services.ports]] entry with the http handler".to_owned(),
                    };
                    let key = match port.port_number() {
                        Some(n) => format!("services[{i}].ports[port={n}].force_https"),
                        None => format!("services[{i}].ports[{j}].force_https"),
                    };
                    out.extend(check_section(model, app, &what, port.span, port.force_https.as_ref(), key));
                }
            }
        }
    }
}
