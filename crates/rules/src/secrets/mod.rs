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

/// Words in a comment that tell the reader to make their own value: the value beside it is a
/// stand-in (`# generate one with openssl rand -hex 16`, `# change this`, `# replace with yours`).
const REPLACE_HINTS: &[&str] = &[
    "generate",
    "regenerate",
    "replace",
    "change this",
    "change it",
    "change me",
    "change the",
    "must be changed",
    "should be changed",
    "modify",
    "your own",
    "openssl rand",
    "pwgen",
    "rotate",
    "random",
    "not for production",
    "do not use in production",
    "don't use in production",
];

/// Whether a comment tells the reader to generate, replace or change the value at
/// `start..end` of `text`: a `#` / `//` comment after the value on its own line, or a whole-line
/// comment in the paragraph above it (the run of entries and comments up to the previous blank
/// line, at most 8 lines). Used for example files, whose values are meant to be copied and
/// replaced: a comment saying so makes a random-looking value a documented stand-in.
pub(crate) fn comment_says_replace(text: &str, start: usize, end: usize) -> bool {
    let hint = |comment: &str| {
        let lower = comment.to_ascii_lowercase();
        REPLACE_HINTS.iter().any(|h| lower.contains(h))
    };
    let line_start = text.get(..start).and_then(|t| t.rfind('\n')).map_or(0, |i| i + 1);
    let rest = text.get(end..).unwrap_or("");
    let line_rest = rest.split('\n').next().unwrap_or("");
    if let Some(i) = line_rest.find(" #").or_else(|| line_rest.find(" //")) {
        if hint(line_rest.get(i..).unwrap_or("")) {
            return true;
        }
    }
    let above = text.get(..line_start).unwrap_or("");
    for line in above.lines().rev().take(8) {
        let t = line.trim();
        if t.is_empty() {
            break;
        }
        if (t.starts_with('#') || t.starts_with("//")) && hint(t) {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::comment_says_replace;

    fn at(text: &str, value: &str) -> bool {
        let start = text.find(value).unwrap_or(0);
        comment_says_replace(text, start, start + value.len())
    }

    #[test]
    fn comments_that_ask_for_a_new_value() {
        let v = "ae13021afef0819c3a307ad487071c06";
        assert!(at(&format!("KEY={v} # You can generate one with `openssl rand -hex 16`\n"), v));
        assert!(at(&format!("# Replace before deploying\nOTHER=1\nKEY={v}\n"), v));
        assert!(at(&format!("// change this\nKEY={v}\n"), v));
        // No comment, an unrelated comment, or a hint beyond a blank line: not a stand-in.
        assert!(!at(&format!("KEY={v}\n"), v));
        assert!(!at(&format!("KEY={v} # must match the worker's key\n"), v));
        assert!(!at(&format!("# generate this\n\nKEY={v}\n"), v));
        assert!(!at(&format!("KEY={v}\n# replace the next one\nNEXT=1\n"), v));
    }
}
