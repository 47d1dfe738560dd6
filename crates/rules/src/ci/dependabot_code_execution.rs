//! `dependabot-external-code-execution`: `insecure-external-code-execution: allow` lets
//! Dependabot run code from the manifests it updates, with the registry credentials it holds.

use infra_lint_core::kind::FileKind;
use infra_lint_core::parse::Document;
use infra_lint_core::{Edit, Finding, Fix, Model};

use crate::declare_rule;
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Flags `insecure-external-code-execution: allow` on an `updates:` entry of
    /// `.github/dependabot.yml`, at the value.
    ///
    /// ## Why is this bad?
    /// Some package managers run code while resolving dependencies (`setup.py` of a Python
    /// package, Gradle or Mix scripts, Bundler's `gemspec` evaluation). Dependabot refuses to do
    /// so by default; `allow` turns that off, so a dependency (or a manifest change) can run
    /// code inside the Dependabot update job, which has access to every private registry
    /// credential configured for the update.
    ///
    /// ## How to fix
    /// Remove the option (or set it to `deny`). When private registries are needed, give
    /// Dependabot only those it needs through `registries:`.
    ///
    /// ## Example
    /// ```yaml
    /// # bad
    /// updates:
    ///   - package-ecosystem: pip
    ///     directory: /
    ///     insecure-external-code-execution: allow
    /// ```
    /// ```yaml
    /// # good
    /// updates:
    ///   - package-ecosystem: pip
    ///     directory: /
    ///     insecure-external-code-execution: deny
    /// ```
    ///
    /// ## References
    /// - <https://docs.github.com/en/code-security/dependabot/working-with-dependabot/dependabot-options-reference#insecure-external-code-execution-->
    pub struct DependabotExternalCodeExecution {
        id: "dependabot-external-code-execution",
        severity: High,
        formats: [Dependabot],
        tags: ["security", "ci", "supply-chain"],
        precision: "high",
        summary: "Dependabot may run code from the manifests it updates",
        aliases: ["dependabot-execution"],
    }
}

impl Rule for DependabotExternalCodeExecution {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for f in model.files_of(FileKind::Dependabot) {
            let Some(Document::Dependabot(doc)) = &f.doc else { continue };
            for (i, u) in doc.updates.iter().enumerate() {
                let Some(v) = &u.external_code_execution else { continue };
                if !v.value.trim().eq_ignore_ascii_case("allow") {
                    continue;
                }
                let eco = u.ecosystem.as_ref().map_or_else(|| "this".to_owned(), |e| format!("the `{}`", e.value));
                out.push(
                    Finding::new(
                        Self::META.id,
                        Self::META.severity,
                        v.span,
                        format!(
                            "{eco} update allows external code execution: code in the manifests or dependencies it resolves runs with Dependabot's registry credentials"
                        ),
                    )
                    .fix("Remove `insecure-external-code-execution` or set it to `deny`")
                    .autofix(Fix::safe("deny external code execution", vec![Edit::replace(v.span, "deny")]))
                    .key(format!("updates[{i}].insecure-external-code-execution"))
                    .env(model.env_of(v.span)),
                );
            }
        }
    }
}
