//! Parsers, one module per format. Each turns a [`SourceFile`] into a typed document whose keys,
//! values and blocks carry [`crate::base::source::Span`]s, plus diagnostics for what it could not read.
//! No parser panics on any input.

pub mod compose;
pub mod dockerfile;
pub mod dotenv;
pub mod fly;
pub mod json;
pub mod node;
pub mod sql;
pub mod terraform;
pub mod workflow;
pub mod yaml;

use serde::Serialize;

use crate::base::env::EnvEvidence;
use crate::base::finding::Diagnostic;
use crate::base::kind::FileKind;
use crate::base::source::SourceFile;

/// A parsed document of any format.
#[derive(Debug, Serialize)]
#[serde(tag = "format", content = "document", rename_all = "kebab-case")]
pub enum Document {
    /// `.tf`, `.tf.json`, `.tfvars`, `.tfvars.json`
    Terraform(terraform::TfDocument),
    /// docker compose
    Compose(compose::Compose),
    /// GitHub workflow or action
    Workflow(workflow::Workflow),
    /// Dockerfile
    Dockerfile(dockerfile::Dockerfile),
    /// `.env`
    Env(dotenv::EnvFile),
    /// fly.toml
    Fly(fly::Fly),
    /// SQL migration
    Sql(sql::SqlMigration),
}

/// Parse a source file of the given kind.
#[must_use]
pub fn parse(src: &SourceFile, kind: FileKind) -> (Option<Document>, Vec<Diagnostic>) {
    fn map<T>(r: (Option<T>, Vec<Diagnostic>), f: fn(T) -> Document) -> (Option<Document>, Vec<Diagnostic>) {
        (r.0.map(f), r.1)
    }
    match kind {
        FileKind::Terraform | FileKind::TerraformJson | FileKind::Tfvars | FileKind::TfvarsJson => {
            map(terraform::parse(src), Document::Terraform)
        }
        FileKind::Compose => map(compose::parse(src), Document::Compose),
        FileKind::Workflow | FileKind::Action => map(workflow::parse(src), Document::Workflow),
        FileKind::Dockerfile => map(dockerfile::parse(src), Document::Dockerfile),
        FileKind::Env => map(dotenv::parse(src), Document::Env),
        FileKind::Fly => map(fly::parse(src), Document::Fly),
        FileKind::Sql => map(sql::parse(src), Document::Sql),
    }
}

impl Document {
    /// Environment evidence found in the document's contents.
    #[must_use]
    pub fn env_hint(&self) -> Option<EnvEvidence> {
        match self {
            Document::Terraform(d) => terraform::env_hint(d),
            Document::Compose(d) => compose::env_hint(d),
            Document::Workflow(d) => workflow::env_hint(d),
            Document::Dockerfile(d) => dockerfile::env_hint(d),
            Document::Env(d) => dotenv::env_hint(d),
            Document::Fly(d) => fly::env_hint(d),
            Document::Sql(d) => sql::env_hint(d),
        }
    }
}
