//! Parsers, one module per format. Each turns a [`SourceFile`] into a typed document whose keys,
//! values and blocks carry [`crate::base::source::Span`]s, plus diagnostics for what it could not read.
//! No parser panics on any input.

pub mod comments;
pub mod compose;
pub mod dependabot;
pub mod dockerfile;
pub mod dotenv;
pub mod fly;
pub mod json;
pub mod nginx;
pub mod node;
pub mod pre_commit;
pub mod railway;
pub mod sql;
pub mod sql_ddl;
pub mod supabase_config;
pub mod terraform;
pub mod vercel;
pub mod workflow;
pub mod wrangler;
pub mod yaml;
pub(crate) mod yaml_relax;

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
    /// `railway.toml` / `railway.json`
    Railway(railway::Railway),
    /// `vercel.json`
    Vercel(vercel::Vercel),
    /// `wrangler.toml` / `wrangler.json` / `wrangler.jsonc`
    Wrangler(wrangler::Wrangler),
    /// nginx configuration
    Nginx(nginx::NginxConf),
    /// `supabase/config.toml`
    SupabaseConfig(supabase_config::SupabaseConfig),
    /// `.github/dependabot.yml`
    Dependabot(dependabot::Dependabot),
    /// `.pre-commit-config.yaml`
    PreCommit(pre_commit::PreCommit),
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
        FileKind::Railway => map(railway::parse(src), Document::Railway),
        FileKind::Vercel => map(vercel::parse(src), Document::Vercel),
        FileKind::Wrangler => map(wrangler::parse(src), Document::Wrangler),
        FileKind::Nginx => map(nginx::parse(src), Document::Nginx),
        FileKind::SupabaseConfig => map(supabase_config::parse(src), Document::SupabaseConfig),
        FileKind::Dependabot => map(dependabot::parse(src), Document::Dependabot),
        FileKind::PreCommit => map(pre_commit::parse(src), Document::PreCommit),
    }
}

impl Document {
    /// The environment of the part of the document `span` is in, for formats that configure
    /// several environments in one file (wrangler `[env.<name>]`, Railway
    /// `environments.<name>`); `None` when the span is outside such a part.
    #[must_use]
    pub fn env_at(&self, span: crate::base::source::Span) -> Option<crate::base::env::Environment> {
        let scopes: Vec<(Option<&str>, &node::Node, &node::Node)> = match self {
            Document::Wrangler(d) => d.scopes().into_iter().map(|s| (s.name, s.header, s.node)).collect(),
            Document::Railway(d) => d.scopes().into_iter().map(|s| (s.name, s.header, s.node)).collect(),
            _ => return None,
        };
        scopes.into_iter().find_map(|(name, header, node)| {
            let name = name?;
            let (start, end) = node.extent();
            let inside = (span.start >= start && span.end <= end) || span == header.span;
            if inside {
                crate::base::env::Environment::from_name(name)
            } else {
                None
            }
        })
    }

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
            Document::Railway(d) => railway::env_hint(d),
            Document::Vercel(d) => vercel::env_hint(d),
            Document::Wrangler(d) => wrangler::env_hint(d),
            Document::Nginx(d) => nginx::env_hint(d),
            Document::SupabaseConfig(_) => None,
            Document::Dependabot(d) => dependabot::env_hint(d),
            Document::PreCommit(d) => pre_commit::env_hint(d),
        }
    }
}
