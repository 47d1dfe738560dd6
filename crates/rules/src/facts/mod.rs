//! Cross-format facts: the view of the repository that rules reason about, each fact pointing
//! back at its spans — services, datastores and how they are exposed, public entrypoints and
//! their rate limits, secret candidates, CI cloud authentication, OIDC trusts, SQL tables.
//!
//! The facts are a rule decision (what counts as "public", which ports are databases, what is
//! rate-limit evidence), so they live here, not in core: each format module reads its parsed
//! documents (`collect_*` functions), [`terraform`] reads the evaluated Terraform, and
//! [`Facts::of`] builds them once per model on first use (kept in [`Model::derived`]).

mod compose;
mod dockerfile;
mod dotenv;
pub(crate) mod edge;
mod fly;
mod platform;
mod sql;
pub mod terraform;
pub(crate) mod workflow;

pub use compose::datastore_kind;
pub use fly::datastore_kind_of_image;
pub use terraform::GITHUB_OIDC;

use serde::Serialize;

use infra_lint_core::base::source::Span;
use infra_lint_core::model::{Model, ParsedFile};
use infra_lint_core::syntax::Document;

/// All facts of a scan.
#[derive(Debug, Default, Serialize)]
pub struct Facts {
    /// Every key/value that could carry a secret, from every format.
    pub secrets: Vec<SecretCandidate>,
    /// Services and containers (compose services, fly apps, Dockerfile final stages, ECS …).
    pub services: Vec<Service>,
    /// Datastores and how they are exposed.
    pub datastores: Vec<Datastore>,
    /// How CI jobs authenticate to clouds.
    pub ci_auth: Vec<CiCloudAuth>,
    /// Public HTTP entrypoints and what rate-limits them.
    pub entrypoints: Vec<Entrypoint>,
    /// SQL tables with tenancy columns and row-level-security state.
    pub tables: Vec<SqlTable>,
    /// IAM roles trusting GitHub's OIDC provider (and OIDC providers themselves).
    pub oidc_trusts: Vec<OidcTrust>,
    /// Index of the live (not dropped) tables in [`Facts::tables`] by (project, schema, name), so
    /// merging migrations is linear in their size (maintained by the SQL fact collector).
    #[serde(skip)]
    pub(crate) table_index: std::collections::HashMap<(String, String, String), usize>,
}

impl Facts {
    /// The facts of `model`, built on first use and kept with the model (see
    /// [`Model::derived`]); every rule and policy of a scan reads the same facts.
    #[must_use]
    pub fn of(model: &Model) -> &Facts {
        let any = model.derived.get_or_init(|| Box::new(Facts::collect(model)));
        // Only this crate stores into the slot, always a `Facts`; `attach` refuses anything else.
        any.downcast_ref::<Facts>().unwrap_or_else(|| {
            static EMPTY: std::sync::OnceLock<Facts> = std::sync::OnceLock::new();
            EMPTY.get_or_init(Facts::default)
        })
    }

    /// Store `facts` as the facts of `model` (tests and embedders that build facts by hand).
    /// Returns whether they were stored: `false` when the model's facts were already built.
    #[must_use]
    pub fn attach(model: &Model, facts: Facts) -> bool {
        model.derived.set(Box::new(facts)).is_ok()
    }

    /// Build the facts of a model: every parsed file's documents (vendored module files count
    /// only through evaluation), then the evaluated Terraform.
    #[must_use]
    pub fn collect(model: &Model) -> Facts {
        let mut facts = Facts::default();
        for f in &model.files {
            if f.is_vendored() {
                continue;
            }
            if let Some(doc) = &f.doc {
                collect_file(f, doc, &mut facts);
            }
        }
        edge::collect_nginx(&model.files, &mut facts);
        let tenancy = <crate::settings::Sql as crate::settings::Family>::of(model);
        if !tenancy.is_default() {
            sql::apply_tenancy_columns(&mut facts.tables, &tenancy.columns());
        }
        if let Some(tf) = &model.terraform {
            terraform::collect(tf, model, &mut facts);
        }
        facts
    }
}

/// Add one parsed file's cross-format facts.
fn collect_file(file: &ParsedFile, doc: &Document, facts: &mut Facts) {
    match doc {
        // Terraform facts come from the evaluated model (`terraform::collect`), not per file.
        Document::Terraform(_) => {}
        Document::Compose(d) => compose::collect_facts(file, d, facts),
        Document::Workflow(d) => workflow::collect_facts(file, d, facts),
        Document::Dockerfile(d) => dockerfile::collect_facts(file, d, facts),
        Document::Env(d) => dotenv::collect_facts(file, d, facts),
        Document::Fly(d) => fly::collect_facts(file, d, facts),
        Document::Sql(d) => sql::collect_facts(file, d, facts),
        Document::Railway(d) => platform::collect_railway(file, d, facts),
        Document::Vercel(d) => platform::collect_vercel(file, d, facts),
        Document::Wrangler(d) => platform::collect_wrangler(file, d, facts),
        // nginx servers are collected across files (includes, upstreams): `edge::collect_nginx`.
        Document::Nginx(_) => {}
        // Read by the Postgres replay (`model::pg`) and the Supabase rules directly.
        Document::SupabaseConfig(_) => {}
        // Formats added later contribute no facts until a collector is written for them.
        #[allow(unreachable_patterns)]
        _ => {}
    }
}

/// Where a secret-bearing value appears.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SecretContext {
    /// A `*.tfvars` / `*.tfvars.json` value.
    Tfvars,
    /// A `.tf` attribute.
    TerraformAttribute,
    /// Dockerfile `ENV`.
    DockerfileEnv,
    /// Dockerfile `ARG` default.
    DockerfileArg,
    /// compose `environment:`.
    ComposeEnvironment,
    /// compose build `args:`.
    ComposeBuildArg,
    /// fly.toml `[env]`.
    FlyEnv,
    /// workflow `env:` (workflow, job or step level).
    WorkflowEnv,
    /// workflow step `with:`.
    WorkflowWith,
    /// A `.env` file entry.
    EnvFile,
    /// Railway config `variables` / `env` (top level, build, deploy or an environment override).
    RailwayVariables,
    /// `vercel.json` `env` or `build.env`.
    VercelEnv,
    /// wrangler `vars` (top level or `[env.<name>.vars]`).
    WranglerVars,
    /// Anything else (e.g. a URL with credentials in a run script).
    Other,
}

/// A key/value pair that could carry a secret. The value is the literal source value; rules
/// decide whether it is a secret (see [`crate::secret_detect`]).
#[derive(Debug, Clone, Serialize)]
pub struct SecretCandidate {
    /// The key / variable / attribute name (`DATABASE_PASSWORD`).
    pub key: String,
    /// Span of the key.
    pub key_span: Span,
    /// The literal value (unquoted, unescaped).
    #[serde(skip)]
    pub value: String,
    /// Span of the value in source.
    pub value_span: Span,
    /// Where it appears.
    pub context: SecretContext,
    /// The file is an example/template.
    pub example: bool,
    /// The value is a reference, not a literal (`${{ secrets.X }}`, `var.x`, `${X}`).
    pub is_reference: bool,
    /// Structural path for fingerprints (`services.db.environment.POSTGRES_PASSWORD`).
    pub path: String,
}

/// A published/exposed port.
#[derive(Debug, Clone, Serialize)]
pub struct PortBinding {
    /// Host bind address (`None` = all interfaces).
    pub host_ip: Option<String>,
    /// Host port (`None` = not published to the host / random).
    pub host_port: Option<u16>,
    /// Container port.
    pub container_port: Option<u16>,
    /// Span of the port entry.
    pub span: Span,
}

/// A mount.
#[derive(Debug, Clone, Serialize)]
pub struct Mount {
    /// Source (host path or volume name).
    pub source: String,
    /// Target in the container.
    pub target: String,
    /// Span of the mount entry.
    pub span: Span,
}

/// Where a service is defined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ServiceOrigin {
    /// A docker compose service.
    Compose,
    /// A fly.io app.
    Fly,
    /// The final stage of a Dockerfile.
    Dockerfile,
    /// A Terraform resource (ECS task, container …).
    Terraform,
    /// A Railway service (`railway.toml` / `railway.json`).
    Railway,
    /// A Vercel project (`vercel.json`).
    Vercel,
    /// A Cloudflare Worker (`wrangler.toml` / `wrangler.json[c]`).
    Workers,
    /// An nginx `server` block (the edge in front of an app).
    Nginx,
}

/// A service or container.
#[derive(Debug, Clone, Serialize)]
pub struct Service {
    /// Service name (compose service key, fly app name, …).
    pub name: String,
    /// Where it is defined.
    pub origin: ServiceOrigin,
    /// Span of the definition (service key / block header).
    pub span: Span,
    /// Image reference and its span.
    pub image: Option<(String, Span)>,
    /// Configured user, if any.
    pub user: Option<(String, Span)>,
    /// Published ports.
    pub ports: Vec<PortBinding>,
    /// `privileged: true` span.
    pub privileged: Option<Span>,
    /// Added capabilities with spans.
    pub cap_add: Vec<(String, Span)>,
    /// Mounts.
    pub mounts: Vec<Mount>,
    /// `network_mode: host` span.
    pub host_network: Option<Span>,
}

/// What kind of datastore.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DatastoreKind {
    /// PostgreSQL
    Postgres,
    /// MySQL / MariaDB
    Mysql,
    /// SQL Server
    SqlServer,
    /// Oracle
    Oracle,
    /// MongoDB
    Mongo,
    /// Redis / Valkey / KeyDB
    Redis,
    /// Elasticsearch / OpenSearch
    Elasticsearch,
    /// CouchDB
    Couchdb,
    /// Other / unknown engine
    Other,
}

/// A datastore and how it is exposed.
#[derive(Debug, Clone, Serialize)]
pub struct Datastore {
    /// Resource address or service name (`aws_db_instance.main`, `services.db`).
    pub name: String,
    /// Engine.
    pub kind: DatastoreKind,
    /// Where it is defined.
    pub origin: ServiceOrigin,
    /// Span of the definition.
    pub span: Span,
    /// Evidence that it is reachable from the internet: (reason, span). Empty = not public.
    pub public_exposure: Vec<(String, Span)>,
    /// Provenance chain of the exposing value (e.g. tfvars line → module argument → variable).
    pub provenance: Vec<(String, Span)>,
    /// The Terraform root whose evaluation produced this fact (`envs/prod`; `""` for the
    /// repository root), when it comes from Terraform: its environment is the fact's.
    #[serde(skip)]
    pub root: Option<String>,
}

/// How a CI job authenticates to a cloud.
#[derive(Debug, Clone, Serialize)]
pub struct CiCloudAuth {
    /// Cloud: `aws`, `gcp`, `azure`.
    pub cloud: String,
    /// Uses long-lived static keys (vs OIDC).
    pub static_keys: bool,
    /// Human description (`aws-actions/configure-aws-credentials with aws-access-key-id`).
    pub method: String,
    /// Span of the offending input/env entry (or the step).
    pub span: Span,
    /// Workflow name / job id for fingerprints.
    pub job: String,
    /// The job deploys to production (environment or file name says so).
    pub production: bool,
}

/// A public HTTP entrypoint.
#[derive(Debug, Clone, Serialize)]
pub struct Entrypoint {
    /// Resource address (`aws_lb.public`), or the platform's name for it (`worker:api:production`).
    pub address: String,
    /// Resource type (`aws_lb`), or for the platforms `vercel_project`, `cloudflare_worker_route`,
    /// `railway_service`, `nginx_server`.
    pub kind: String,
    /// Where it is defined.
    pub origin: ServiceOrigin,
    /// Span of the block header (for the platforms: the public route, domain or `server`).
    pub span: Span,
    /// What rate-limits it (reason, span); empty = nothing.
    pub rate_limited_by: Vec<(String, Span)>,
    /// Other places that explain it (the routes it serves, the upstream an nginx server proxies).
    pub related: Vec<(String, Span)>,
    /// The host names it answers for (worker route hosts, nginx `server_name`s, a Railway or
    /// Vercel domain), lower case; used to link an edge proxy to what it fronts.
    pub hosts: Vec<String>,
    /// The Terraform root whose evaluation produced this fact (`envs/prod`; `""` for the
    /// repository root), when it comes from Terraform: its environment is the fact's.
    #[serde(skip)]
    pub root: Option<String>,
}

/// A SQL table and its RLS state across all migrations.
#[derive(Debug, Clone, Serialize)]
pub struct SqlTable {
    /// Schema (`public` when unqualified).
    pub schema: String,
    /// Table name.
    pub name: String,
    /// Span of the `CREATE TABLE` statement's name (or statement start).
    pub span: Span,
    /// Tenancy columns found, with spans.
    pub tenancy_columns: Vec<(String, Span)>,
    /// Every column (from `CREATE TABLE` and later `ADD COLUMN`), with spans.
    #[serde(skip)]
    pub columns: Vec<(String, Span)>,
    /// `ENABLE ROW LEVEL SECURITY` spans.
    pub rls_enabled: Vec<Span>,
    /// `FORCE ROW LEVEL SECURITY` spans.
    pub rls_forced: Vec<Span>,
    /// `CREATE POLICY` spans.
    pub policies: Vec<Span>,
    /// Names of the policies in `policies` (same order); `DROP POLICY` removes both.
    pub policy_names: Vec<String>,
    /// The table was dropped later.
    pub dropped: bool,
    /// Migration flavour: `prisma`, `supabase`, `plain`.
    pub flavour: String,
    /// The migrations project (directory containing `migrations/`) the table belongs to.
    pub project: String,
}

/// An IAM role (or policy document) trusting an OIDC provider, or an OIDC provider itself.
#[derive(Debug, Clone, Serialize)]
pub struct OidcTrust {
    /// Resource address.
    pub address: String,
    /// `provider` (an `aws_iam_openid_connect_provider`) or `role` (a trusting role/policy).
    pub kind: String,
    /// Span of the block / statement.
    pub span: Span,
    /// For roles: the `sub` patterns pinned, with spans (empty = not pinned).
    pub sub_patterns: Vec<(String, Span)>,
    /// Whether the trust could be evaluated (false = unknown, do not report).
    pub known: bool,
    /// The Terraform root whose evaluation produced this fact (`envs/prod`; `""` for the
    /// repository root), when it comes from Terraform: its environment is the fact's.
    #[serde(skip)]
    pub root: Option<String>,
}
