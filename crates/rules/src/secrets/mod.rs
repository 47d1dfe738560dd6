//! Rules of the `secrets` family: literal secrets in configuration (`hardcoded-secret`), in
//! example env files (`env-example-secret`) and in Terraform variable files (`tfvars-secret`).
//! All of them judge values with [`crate::secret_detect`] and never print more than a
//! masked prefix of a value.

mod encoded;
mod env_example_secret;
mod hardcoded_secret;
mod tfvars_secret;

pub use env_example_secret::EnvExampleSecret;
pub use hardcoded_secret::HardcodedSecret;
pub use tfvars_secret::TfvarsSecret;

use crate::facts::SecretContext;

use crate::rule::Rule;

/// Every rule of this family.
#[must_use]
pub fn rules() -> Vec<Box<dyn Rule>> {
    vec![Box::new(HardcodedSecret), Box::new(EnvExampleSecret), Box::new(TfvarsSecret)]
}

/// Where a candidate sits, in words for messages (`Dockerfile ENV`, `compose environment`).
pub(crate) fn context_label(ctx: SecretContext) -> &'static str {
    match ctx {
        SecretContext::Tfvars => "Terraform variable file",
        SecretContext::TerraformAttribute => "Terraform attribute",
        SecretContext::DockerfileEnv => "Dockerfile ENV",
        SecretContext::DockerfileArg => "Dockerfile ARG default",
        SecretContext::ComposeEnvironment => "compose environment",
        SecretContext::ComposeBuildArg => "compose build arg",
        SecretContext::FlyEnv => "fly.toml [env]",
        SecretContext::WorkflowEnv => "workflow env",
        SecretContext::WorkflowWith => "workflow step input",
        SecretContext::EnvFile => "env file",
        SecretContext::RailwayVariables => "Railway config variables",
        SecretContext::VercelEnv => "vercel.json env",
        SecretContext::WranglerVars => "wrangler [vars]",
        SecretContext::Other => "configuration",
    }
}

/// Where the value should live instead, per context.
pub(crate) fn context_fix(ctx: SecretContext) -> &'static str {
    match ctx {
        SecretContext::Tfvars | SecretContext::TerraformAttribute => {
            "Rotate the credential; pass it via TF_VAR_* or a secret manager data source instead of a literal"
        }
        SecretContext::DockerfileEnv | SecretContext::DockerfileArg => {
            "Rotate the credential; use a BuildKit secret mount (RUN --mount=type=secret) or inject it at run time"
        }
        SecretContext::ComposeEnvironment | SecretContext::ComposeBuildArg => {
            "Rotate the credential; reference it as ${VAR} from an uncommitted .env file or use compose secrets"
        }
        SecretContext::FlyEnv => "Rotate the credential; store it with `fly secrets set` instead of [env]",
        SecretContext::WorkflowEnv | SecretContext::WorkflowWith => {
            "Rotate the credential; store it as a repository/environment secret and use ${{ secrets.NAME }}"
        }
        SecretContext::RailwayVariables => {
            "Rotate the credential; set it as a Railway service variable (dashboard or `railway variables --set`) and keep it out of the config file"
        }
        SecretContext::VercelEnv => {
            "Rotate the credential; add it with `vercel env add` (an encrypted Environment Variable) instead of vercel.json"
        }
        SecretContext::WranglerVars => {
            "Rotate the credential; store it with `wrangler secret put <NAME>` (per environment with `--env`) instead of [vars]"
        }
        SecretContext::EnvFile | SecretContext::Other => {
            "Rotate the credential; remove the file from version control and load the value from a secret store"
        }
    }
}
