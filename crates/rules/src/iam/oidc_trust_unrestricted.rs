//! `oidc-trust-unrestricted`: an IAM role trusting GitHub's OIDC provider without pinning `sub`.

use infra_lint_core::{Finding, Model, Severity};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Finds IAM roles that trust GitHub Actions' OIDC provider
    /// (`token.actions.githubusercontent.com`) without restricting which repository may assume
    /// them: no condition on `token.actions.githubusercontent.com:sub` (or on the `sub` claim of an
    /// enterprise's issuer path, `token.actions.githubusercontent.com/<enterprise>:sub`), or a `sub`
    /// pattern that matches any owner (`*`, `repo:*`, `repo:*/app:*`).
    ///
    /// Trust policies written with `jsonencode({...})`, heredoc JSON and `aws_iam_policy_document`
    /// data sources are all read after evaluation (variables, module inputs, `for_each`). A policy
    /// that cannot be evaluated is not reported. The finding points at the offending `sub`
    /// pattern itself, or — when there is no `sub` condition — at the statement's `Condition`
    /// (or the statement); in heredoc JSON too, at the line and column inside the heredoc.
    ///
    /// ## Why is this bad?
    /// Every GitHub repository — including an attacker's — can get an OIDC token from
    /// `token.actions.githubusercontent.com`. The audience (`sts.amazonaws.com`) is the same for
    /// all of them. Only the `sub` claim (`repo:owner/name:ref:…`) tells your repositories apart;
    /// without a condition on it, anyone can assume the role from their own workflow.
    ///
    /// ## How to fix
    /// Add a `StringLike`/`StringEquals` condition on `token.actions.githubusercontent.com:sub`
    /// naming your organisation and repository, ideally also the branch or environment:
    /// `repo:acme/api:ref:refs/heads/main` or `repo:acme/api:environment:production`.
    ///
    /// ## Example
    /// ```hcl
    /// # Bad: only the audience is checked
    /// condition {
    ///   test     = "StringEquals"
    ///   variable = "token.actions.githubusercontent.com:aud"
    ///   values   = ["sts.amazonaws.com"]
    /// }
    /// ```
    /// ```hcl
    /// # Good
    /// condition {
    ///   test     = "StringLike"
    ///   variable = "token.actions.githubusercontent.com:sub"
    ///   values   = ["repo:acme/api:ref:refs/heads/main"]
    /// }
    /// ```
    ///
    /// ## References
    /// - <https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services>
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html#idp_oidc_Create_GitHub>
    pub struct OidcTrustUnrestricted {
        id: "oidc-trust-unrestricted",
        severity: Critical,
        formats: [Terraform, TerraformJson],
        tags: ["security", "iam", "ci"],
        precision: "high",
        summary: "An IAM role any GitHub repository can assume through OIDC",
    }
}

/// Whether a `sub` pattern lets any owner through.
fn unrestricted(pattern: &str) -> bool {
    let p = pattern.trim();
    let Some(rest) = p.strip_prefix("repo:") else {
        // Not a repository pattern: only a bare wildcard is unrestricted.
        return p.is_empty() || p.chars().all(|c| c == '*' || c == '?');
    };
    let owner = rest.split('/').next().unwrap_or("");
    owner.is_empty() || owner.contains('*') || owner.contains('?')
}

impl Rule for OidcTrustUnrestricted {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        let providers: Vec<_> =
            crate::facts::Facts::of(model).oidc_trusts.iter().filter(|t| t.kind == "provider").collect();
        for t in crate::facts::Facts::of(model).oidc_trusts.iter().filter(|t| t.kind == "role" && t.known) {
            let env = model.env_for(t.span, t.root.as_deref());
            let root = t.address.split_once(':').map_or("", |(r, _)| r);
            let role = t.address.split_once(':').map_or(t.address.as_str(), |(_, a)| a);
            let mut found = Vec::new();
            if t.sub_patterns.is_empty() {
                found.push((
                    t.span,
                    format!(
                        "IAM role {role} trusts GitHub Actions OIDC (token.actions.githubusercontent.com) with no \
                         condition on the `sub` claim: a workflow in any GitHub repository can assume it"
                    ),
                    format!("{}:no-sub", t.address),
                ));
            } else {
                for (p, span) in t.sub_patterns.iter().filter(|(p, _)| unrestricted(p)) {
                    found.push((
                        *span,
                        format!(
                            "IAM role {role} trusts GitHub Actions OIDC with `sub` pattern \"{p}\", which matches \
                             repositories of any owner: anyone's workflow can assume it"
                        ),
                        format!("{}:sub={p}", t.address),
                    ));
                }
            }
            for (span, message, key) in found {
                let mut f = Finding::new(Self::META.id, Severity::Critical, span, message)
                    .fix("add a StringLike condition on token.actions.githubusercontent.com:sub such as repo:ORG/REPO:ref:refs/heads/main")
                    .key(key)
                    .env(env);
                if let Some(p) = providers.iter().find(|p| p.address.split_once(':').map_or("", |(r, _)| r) == root) {
                    f = f.related(p.span, "GitHub OIDC provider defined here");
                }
                out.push(f);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::unrestricted;

    #[test]
    fn patterns() {
        assert!(unrestricted("*"));
        assert!(unrestricted("repo:*"));
        assert!(unrestricted("repo:*/api:*"));
        assert!(!unrestricted("repo:acme/*"));
        assert!(!unrestricted("repo:acme/api:ref:refs/heads/main"));
    }
}
