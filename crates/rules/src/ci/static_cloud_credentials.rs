//! `static-cloud-credentials`: a workflow authenticating to a cloud with long-lived keys.

use crate::facts::{CiCloudAuth, OidcTrust};
use infra_lint_core::{Finding, Model, Severity};

use crate::declare_rule;
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Flags GitHub workflows and composite actions that log in to a cloud with long-lived
    /// credentials:
    ///
    /// - `aws-actions/configure-aws-credentials` with `aws-access-key-id` /
    ///   `aws-secret-access-key`, or `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` taken from
    ///   secrets in an `env:` block;
    /// - `google-github-actions/auth` with `credentials_json` (a service-account key), or
    ///   `GOOGLE_CREDENTIALS` in `env:`;
    /// - `azure/login` with `creds` (a service-principal secret), or `ARM_CLIENT_SECRET` /
    ///   `AZURE_CLIENT_SECRET` in `env:`;
    /// - any other action given AWS keys through inputs named like them (`aws_access_key_id`,
    ///   `aws-secret-access-key` …) or a Google `service_account_key` (old `setup-gcloud`);
    /// - logins inside `run:` scripts: `aws configure set aws_access_key_id …`,
    ///   `gcloud auth activate-service-account` (a key file), `az login --service-principal`
    ///   without `--federated-token`. Keys already reported in a visible `env:` block are not
    ///   reported again at the script that uses them.
    ///
    /// Dummy values for local emulators (`AWS_ACCESS_KEY_ID: test`) are ignored. When Terraform
    /// in the repository (under the directory holding the workflow's `.github/`) already defines
    /// a GitHub OIDC provider or a role trusting it, the finding says so and points at it. Severity is `high` when the job deploys to production (its
    /// `environment:` or the file name says so), `medium` otherwise.
    ///
    /// ## Why is this bad?
    /// Long-lived keys stored as repository secrets never expire, are usable from anywhere, and
    /// leak through logs, forks of the workflow or a compromised action. OIDC federation gives
    /// each run a short-lived credential scoped to the repository, branch or environment.
    ///
    /// ## How to fix
    /// Use GitHub's OIDC provider: grant `permissions: id-token: write` and log in with
    /// `role-to-assume` (AWS), `workload_identity_provider` (GCP) or `client-id` / `tenant-id` /
    /// `subscription-id` (Azure); then delete the stored keys.
    ///
    /// ## Example
    /// ```yaml
    /// # bad
    /// - uses: aws-actions/configure-aws-credentials@v4
    ///   with:
    ///     aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}
    ///     aws-secret-access-key: ${{ secrets.AWS_SECRET_ACCESS_KEY }}
    /// ```
    /// ```yaml
    /// # good
    /// permissions:
    ///   id-token: write
    /// steps:
    ///   - uses: aws-actions/configure-aws-credentials@v4
    ///     with:
    ///       role-to-assume: arn:aws:iam::123456789012:role/deploy
    /// ```
    ///
    /// ## References
    /// - <https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect>
    /// - <https://github.com/aws-actions/configure-aws-credentials#oidc>
    pub struct StaticCloudCredentials {
        id: "static-cloud-credentials",
        severity: High,
        formats: [Workflow, Action],
        tags: ["security", "ci", "credentials", "oidc"],
        precision: "high",
        summary: "CI authenticates to a cloud with long-lived keys instead of OIDC",
    }
}

fn cloud_name(cloud: &str) -> &'static str {
    match cloud {
        "aws" => "AWS",
        "gcp" => "Google Cloud",
        "azure" => "Azure",
        _ => "the cloud",
    }
}

fn alternative(cloud: &str) -> &'static str {
    match cloud {
        "aws" => "GitHub OIDC with `role-to-assume` (and `permissions: id-token: write`)",
        "gcp" => "Workload Identity Federation with `workload_identity_provider` (and `permissions: id-token: write`)",
        "azure" => "OIDC federated credentials with `client-id`, `tenant-id` and `subscription-id` (and `permissions: id-token: write`)",
        _ => "OIDC federation",
    }
}

/// Cloud of an OIDC trust, from its resource type.
fn trust_cloud(t: &OidcTrust) -> &'static str {
    let segs = || t.address.split('.');
    if segs().any(|s| s.starts_with("google_")) {
        "gcp"
    } else if segs().any(|s| s.starts_with("azurerm_") || s.starts_with("azuread_")) {
        "azure"
    } else {
        "aws"
    }
}

impl Rule for StaticCloudCredentials {
    /// A workflow and the OIDC trust its repository's Terraform defines are read together.
    fn couplings(&self) -> &'static [infra_lint_core::shard::Coupling] {
        &[infra_lint_core::shard::Coupling::TerraformMentionWithWorkflows(crate::facts::GITHUB_OIDC)]
    }

    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        let statics: Vec<&CiCloudAuth> =
            crate::facts::Facts::of(model).ci_auth.iter().filter(|a| a.static_keys).collect();
        let key = |a: &CiCloudAuth| format!("{}:{}:{}", a.job, a.cloud, a.method);
        for (i, auth) in statics.iter().enumerate() {
            // The same keys handed to several steps of one job: one finding, the others related.
            let same_file = |a: &&&CiCloudAuth| a.span.file == auth.span.file && key(a) == key(auth);
            if statics.iter().take(i).any(|a| same_file(&a)) {
                continue;
            }
            let repeats: Vec<&CiCloudAuth> = statics.iter().skip(i + 1).filter(|a| same_file(a)).copied().collect();
            let severity = if auth.production { Severity::High } else { Severity::Medium };
            // Trusts of this repository: under the directory holding the workflow's `.github/`
            // (the scan root for workflows elsewhere), so nested repositories stay apart.
            let path_of = |s: infra_lint_core::Span| model.file(s.file).map_or("", |f| f.path.as_str());
            let repo = infra_lint_core::shard::github_root(path_of(auth.span)).unwrap_or("");
            let in_repo = |t: &&OidcTrust| {
                repo.is_empty() || path_of(t.span).strip_prefix(repo).is_some_and(|r| r.starts_with('/'))
            };
            let trusts: Vec<&OidcTrust> = crate::facts::Facts::of(model)
                .oidc_trusts
                .iter()
                .filter(|t| trust_cloud(t) == auth.cloud)
                .filter(in_repo)
                .collect();
            let mut msg = format!(
                "Job `{}` authenticates to {} with long-lived keys ({}){}; use {} instead",
                auth.job,
                cloud_name(&auth.cloud),
                auth.method,
                if auth.production { " in a production deploy" } else { "" },
                alternative(&auth.cloud),
            );
            if let Some(t) = trusts.first() {
                msg.push_str(&format!(
                    " — this repository already defines a GitHub OIDC {} (`{}`)",
                    if t.kind == "provider" { "provider" } else { "role" },
                    t.address
                ));
            }
            let mut f = Finding::new(Self::META.id, severity, auth.span, msg)
                .fix(format!("Switch to {} and delete the stored keys", alternative(&auth.cloud)))
                .key(key(auth))
                .env(model.env_of(auth.span));
            for r in repeats {
                f = f.related(r.span, format!("the same keys again ({})", r.method));
            }
            for t in trusts.iter().take(3) {
                f = f.related(t.span, format!("GitHub OIDC {} `{}` defined here", t.kind, t.address));
            }
            out.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use infra_lint_core::source::{FileId, Span};

    fn auth(cloud: &str, production: bool) -> CiCloudAuth {
        CiCloudAuth {
            cloud: cloud.to_owned(),
            static_keys: true,
            method: "aws-actions/configure-aws-credentials with aws-access-key-id".to_owned(),
            span: Span::new(FileId(0), 10, 20),
            job: "deploy".to_owned(),
            production,
        }
    }

    #[test]
    fn names_existing_oidc_trust_as_related() {
        let model = Model::default();
        let mut facts = crate::facts::Facts::default();
        facts.ci_auth.push(auth("aws", true));
        facts.ci_auth.push(CiCloudAuth { static_keys: false, ..auth("aws", false) });
        facts.ci_auth.push(auth("gcp", false));
        facts.oidc_trusts.push(OidcTrust {
            root: None,
            address: "module.ci.aws_iam_openid_connect_provider.github".to_owned(),
            kind: "provider".to_owned(),
            span: Span::new(FileId(1), 5, 9),
            sub_patterns: Vec::new(),
            known: true,
        });
        assert!(crate::facts::Facts::attach(&model, facts));
        let mut out = Vec::new();
        StaticCloudCredentials.check(&model, &mut out);
        assert_eq!(out.len(), 2, "the OIDC login is not a finding");
        let aws = &out[0];
        assert_eq!(aws.severity, Severity::High);
        assert!(aws.message.contains("already defines a GitHub OIDC provider"), "{}", aws.message);
        assert_eq!(aws.related.len(), 1);
        assert_eq!(aws.related[0].span.file, FileId(1));
        let gcp = &out[1];
        assert_eq!(gcp.severity, Severity::Medium);
        assert!(gcp.related.is_empty(), "an AWS provider is no help for Google Cloud");
        assert!(gcp.message.contains("workload_identity_provider"));
    }
}
