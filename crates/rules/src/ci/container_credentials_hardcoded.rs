//! `container-credentials-hardcoded`: a registry password written into `container:`/`services:`.

use infra_lint_core::parse::node::Node;
use infra_lint_core::{Finding, Model, Severity, Span};

use crate::ci::workflows;
use crate::declare_rule;
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Flags `credentials: password:` of a job's `container:` or of its `services:` that is a
    /// literal instead of a `${{ secrets.… }}` reference. The finding is at the password value
    /// (the password itself is not printed).
    ///
    /// ## Why is this bad?
    /// The workflow file is readable by everyone who can read the repository (everyone, for a
    /// public one) and stays in its history: the registry account is exposed.
    ///
    /// ## How to fix
    /// Store the password as an encrypted secret and reference it:
    /// `password: ${{ secrets.REGISTRY_PASSWORD }}`; rotate the exposed one.
    ///
    /// ## Example
    /// ```yaml
    /// # bad
    /// container:
    ///   image: registry.example.com/app:1
    ///   credentials:
    ///     username: ci
    ///     password: hunter2
    /// ```
    /// ```yaml
    /// # good
    ///   credentials:
    ///     username: ci
    ///     password: ${{ secrets.REGISTRY_PASSWORD }}
    /// ```
    ///
    /// ## References
    /// - <https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions#jobsjob_idcontainercredentials>
    pub struct ContainerCredentialsHardcoded {
        id: "container-credentials-hardcoded",
        severity: High,
        formats: [Workflow],
        tags: ["security", "ci", "secrets"],
        precision: "very-high",
        summary: "Registry password of a job container or service written into the workflow",
        aliases: ["hardcoded-container-credentials"],
    }
}

fn literal_password(container: &Node) -> Option<Span> {
    let pw = container.get("credentials")?.get("password")?;
    let text = pw.scalar_text()?;
    (!text.trim().is_empty() && !text.contains("${{")).then_some(pw.span)
}

impl Rule for ContainerCredentialsHardcoded {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (_, wf) in workflows(model) {
            let Some(jobs) = wf.root.as_ref().and_then(|r| r.get("jobs")) else { continue };
            for (id, _, job) in infra_lint_core::parse::yaml::entries(jobs) {
                let mut hits: Vec<(Span, String)> = Vec::new();
                if let Some(span) = job.get("container").and_then(literal_password) {
                    hits.push((span, format!("the container of job `{id}`")));
                }
                if let Some(services) = job.get("services") {
                    for (name, _, svc) in infra_lint_core::parse::yaml::entries(services) {
                        if let Some(span) = literal_password(svc) {
                            hits.push((span, format!("service `{name}` of job `{id}`")));
                        }
                    }
                }
                for (span, what) in hits {
                    out.push(
                        Finding::new(
                            Self::META.id,
                            Severity::High,
                            span,
                            format!("The registry password for {what} is written into the workflow: anyone who can read the repository can use it"),
                        )
                        .fix("Reference a secret (`password: ${{ secrets.REGISTRY_PASSWORD }}`) and rotate this password")
                        .key(format!("jobs.{id}.credentials:{what}"))
                        .env(model.env_of(span)),
                    );
                }
            }
        }
    }
}
