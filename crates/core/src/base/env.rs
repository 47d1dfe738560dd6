//! Environment inference: production / staging / development / test / unknown, with evidence.
//!
//! Sources of evidence, strongest first: configuration (`--env production=GLOB`), the document
//! itself (tfvars `environment = "staging"`, fly app name `*-production`, workflow `environment:`),
//! the file name (`fly.production.toml`, `docker-compose.prod.yml`, `deploy-prod.yml`) and the path
//! (`envs/prod/`, `environments/staging/`).

use serde::{Deserialize, Serialize};

use crate::base::source::Span;

/// The environment a file belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Environment {
    /// Serves real users.
    Production,
    /// Pre-production.
    Staging,
    /// Local development.
    Development,
    /// Tests and CI fixtures.
    Test,
    /// Not known.
    #[default]
    Unknown,
}

impl Environment {
    /// Lower-case name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Environment::Production => "production",
            Environment::Staging => "staging",
            Environment::Development => "development",
            Environment::Test => "test",
            Environment::Unknown => "unknown",
        }
    }

    /// Parse a name or a common abbreviation (`prod`, `stg`, `dev`, `local` …).
    #[must_use]
    pub fn from_word(word: &str) -> Option<Environment> {
        match word.to_ascii_lowercase().as_str() {
            "production" | "prod" | "prd" | "live" => Some(Environment::Production),
            "staging" | "stage" | "stg" | "preprod" | "pre-prod" | "uat" => Some(Environment::Staging),
            // A dev container (`.devcontainer/`) is a development environment by definition.
            "development" | "dev" | "develop" | "local" | "localhost" | "sandbox" | "devcontainer" => {
                Some(Environment::Development)
            }
            "test" | "tests" | "testing" | "ci" | "e2e" => Some(Environment::Test),
            _ => None,
        }
    }

    /// Find an environment word in a name or path: split on non-alphanumeric separators and look
    /// at each word (`docker-compose.prod.yml` → production, `envs/staging/main.tf` → staging).
    #[must_use]
    pub fn from_name(name: &str) -> Option<Environment> {
        name.split(|c: char| !c.is_ascii_alphanumeric()).find_map(Environment::from_word)
    }
}

/// An environment with the evidence it was inferred from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct EnvEvidence {
    /// The environment.
    pub env: Environment,
    /// Why, e.g. `path segment "envs/prod"` or `tfvars environment = "staging"`.
    pub reason: String,
    /// Where in the source the evidence is, when it comes from file contents.
    pub span: Option<Span>,
}

/// Infer the environment of a file from its relative path alone (name first, then directories).
#[must_use]
pub fn from_path(rel: &str) -> EnvEvidence {
    let mut parts: Vec<&str> = rel.split('/').collect();
    let name = parts.pop().unwrap_or("");
    // File name without the format words that could mislead (`.env.example` is not "dev").
    if let Some(env) = Environment::from_name(name) {
        return EnvEvidence { env, reason: format!("file name \"{name}\""), span: None };
    }
    for dir in parts.iter().rev() {
        if let Some(env) = Environment::from_name(dir) {
            return EnvEvidence { env, reason: format!("directory \"{dir}\""), span: None };
        }
    }
    EnvEvidence::default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn infers_from_names_and_paths() {
        assert_eq!(from_path("fly.production.toml").env, Environment::Production);
        assert_eq!(from_path("docker-compose.prod.yml").env, Environment::Production);
        assert_eq!(from_path(".github/workflows/deploy-prod.yml").env, Environment::Production);
        assert_eq!(from_path("infra/envs/prod/main.tf").env, Environment::Production);
        assert_eq!(from_path("environments/staging/main.tf").env, Environment::Staging);
        assert_eq!(from_path("docker-compose.dev.yml").env, Environment::Development);
        assert_eq!(from_path(".devcontainer/docker-compose.yml").env, Environment::Development);
        assert_eq!(from_path(".devcontainer/Dockerfile").env, Environment::Development);
        assert_eq!(from_path("docker-compose.yml").env, Environment::Unknown);
        assert_eq!(from_path("src/main.tf").env, Environment::Unknown);
        assert_eq!(from_path("products/main.tf").env, Environment::Unknown);
    }
}
