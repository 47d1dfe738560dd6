//! `public-database`: a datastore reachable from the internet (Terraform, compose, fly).

use crate::facts::{Datastore, DatastoreKind, ServiceOrigin};
use infra_lint_core::{Environment, Finding, Model, Severity};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Finds databases that can be reached from the whole internet:
    /// - `publicly_accessible = true` on `aws_db_instance`, `aws_rds_cluster_instance` and
    ///   `aws_redshift_cluster` (Redshift defaults to public);
    /// - a security group that opens a database port (5432, 3306, 1433, 1521, 27017, 6379, 9200,
    ///   5984 …) to `0.0.0.0/0` or `::/0`, attached through `vpc_security_group_ids` to a database
    ///   that is not known to be private (inline `ingress`, `aws_security_group_rule` and
    ///   `aws_vpc_security_group_ingress_rule` alike);
    /// - Cloud SQL (`google_sql_database_instance`) with a public IP and an authorized network of
    ///   `0.0.0.0/0`; Azure PostgreSQL/MySQL/SQL firewall rules from `0.0.0.0` to `255.255.255.255`;
    ///   NIFCLOUD `nifcloud_db_instance` with `publicly_accessible = true` and DB security
    ///   groups with a rule from `0.0.0.0/0`;
    /// - a compose service running a database image that publishes its port on all interfaces
    ///   (`"5432:5432"` rather than `"127.0.0.1:5432:5432"`), and a fly app running a database
    ///   image with a public service;
    /// - a Railway database reached through its public TCP proxy: a service variable set to
    ///   `${{Postgres.DATABASE_PUBLIC_URL}}`, `${{Redis.RAILWAY_TCP_PROXY_DOMAIN}}` or a literal
    ///   `*.proxy.rlwy.net` address (the finding is at that value).
    ///
    /// Terraform is evaluated first: a module whose `publicly_accessible = var.public` is reported
    /// only for the roots that pass `true` (for example from `terraform.tfvars`), at the attribute
    /// in the module, with the tfvars line, the module call and the variables as related
    /// locations. Values that cannot be known statically are not reported.
    ///
    /// Severity: critical in production and when the environment is unknown, high in staging,
    /// low in development and test. Compose files are mostly local: medium when their environment
    /// is unknown, silent in development.
    ///
    /// ## Why is this bad?
    /// A database listening on the internet is found by scanners within minutes. It is then one
    /// weak, leaked or default password — or one unpatched engine bug — away from a full data
    /// breach, and brute-force attempts alone can take it down.
    ///
    /// ## How to fix
    /// Keep databases in private subnets: `publicly_accessible = false`, security groups that
    /// only allow the application's security group or the VPC range, Cloud SQL private IP,
    /// Azure private endpoints. Reach them through a bastion, SSM Session Manager, a VPN or
    /// `fly proxy`. In compose, bind to `127.0.0.1:5432:5432` or do not publish the port.
    ///
    /// ## Example
    /// ```hcl
    /// # Bad
    /// resource "aws_db_instance" "main" {
    ///   engine              = "postgres"
    ///   publicly_accessible = true
    /// }
    /// ```
    /// ```hcl
    /// # Good
    /// resource "aws_db_instance" "main" {
    ///   engine                 = "postgres"
    ///   publicly_accessible    = false
    ///   vpc_security_group_ids = [aws_security_group.db_from_app.id]
    /// }
    /// ```
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html>
    /// - <https://cloud.google.com/sql/docs/postgres/configure-ip>
    /// - <https://cwe.mitre.org/data/definitions/284.html>
    pub struct PublicDatabase {
        id: "public-database",
        severity: Critical,
        formats: [Terraform, TerraformJson, Tfvars, TfvarsJson, Compose, Fly, Railway],
        tags: ["security", "network", "datastores"],
        precision: "high",
        summary: "A datastore reachable from the internet",
        aliases: ["AVD-AWS-0180", "AWS-0180", "CKV_AWS_17", "CKV_AWS_87", "AVD-GCP-0017", "GCP-0017", "CKV_GCP_11", "AVD-AZU-0029", "AZU-0029", "CKV_AZURE_11"],
    }
}

fn engine_name(kind: DatastoreKind) -> &'static str {
    match kind {
        DatastoreKind::Postgres => "PostgreSQL",
        DatastoreKind::Mysql => "MySQL",
        DatastoreKind::SqlServer => "SQL Server",
        DatastoreKind::Oracle => "Oracle",
        DatastoreKind::Mongo => "MongoDB",
        DatastoreKind::Redis => "Redis",
        DatastoreKind::Elasticsearch => "Elasticsearch",
        DatastoreKind::Couchdb => "CouchDB",
        DatastoreKind::Other => "database",
    }
}

/// The environment of a datastore: the evaluating root's for Terraform, the file's otherwise.
fn env_of(model: &Model, ds: &Datastore) -> Environment {
    let span = ds.public_exposure.first().map_or(ds.span, |(_, s)| *s);
    model.env_for(span, ds.root.as_deref())
}

/// Severity for the datastore's origin and environment; `None` = silent.
fn severity(origin: ServiceOrigin, env: Environment) -> Option<Severity> {
    match (origin, env) {
        (ServiceOrigin::Compose, Environment::Development | Environment::Test) => None,
        (ServiceOrigin::Compose, Environment::Unknown) => Some(Severity::Medium),
        (_, Environment::Production | Environment::Unknown) => Some(Severity::Critical),
        (_, Environment::Staging) => Some(Severity::High),
        (_, Environment::Development | Environment::Test) => Some(Severity::Low),
    }
}

fn describe(ds: &Datastore) -> String {
    match ds.origin {
        ServiceOrigin::Terraform => match ds.name.split_once(':') {
            Some((root, addr)) => format!("{addr} (root {root})"),
            None => ds.name.clone(),
        },
        ServiceOrigin::Compose => format!("compose service {}", ds.name.trim_start_matches("services.")),
        ServiceOrigin::Fly => format!("fly app {}", ds.name),
        ServiceOrigin::Railway if ds.name.contains(' ') => ds.name.clone(),
        ServiceOrigin::Railway => format!("Railway service {}", ds.name),
        ServiceOrigin::Dockerfile | ServiceOrigin::Vercel | ServiceOrigin::Workers | ServiceOrigin::Nginx => {
            ds.name.clone()
        }
    }
}

/// The one-line fix, in the terms of the file the datastore is defined in. `exposed` is the source
/// text of the offending value (for compose, the published port entry).
fn fix(origin: ServiceOrigin, exposed: &str) -> String {
    match origin {
        ServiceOrigin::Compose => {
            // The entry itself, bound to localhost, when it is the short `HOST:CONTAINER` syntax.
            let entry = exposed.trim().trim_matches(['"', '\'']);
            let example = if entry.starts_with(|c: char| c.is_ascii_digit()) && entry.contains(':') {
                format!("`\"127.0.0.1:{entry}\"`")
            } else {
                "`host_ip: 127.0.0.1`".to_owned()
            };
            format!(
                "bind the published port to localhost ({example}) or drop `ports:` and reach the database over the \
                 compose network"
            )
        }
        ServiceOrigin::Fly => {
            let fix = "remove the public `[[services]]`/`[http_service]` and reach the database over fly's private \
                       network (`<app>.internal` or Flycast)";
            fix.to_owned()
        }
        ServiceOrigin::Railway => {
            let fix = "connect over Railway's private network (`${{<db>.DATABASE_URL}}`, `<db>.railway.internal`) and \
                       remove the database's TCP proxy in its Networking settings";
            fix.to_owned()
        }
        ServiceOrigin::Terraform
        | ServiceOrigin::Dockerfile
        | ServiceOrigin::Vercel
        | ServiceOrigin::Workers
        | ServiceOrigin::Nginx => {
            let fix = "keep the database private (no public IP, security groups/firewalls limited to the app), and \
                       reach it through a bastion, VPN or proxy";
            fix.to_owned()
        }
    }
}

impl Rule for PublicDatabase {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for ds in &crate::facts::Facts::of(model).datastores {
            let Some(((reason, span), others)) = ds.public_exposure.split_first() else { continue };
            let env = env_of(model, ds);
            let Some(sev) = severity(ds.origin, env) else { continue };
            let env_note = match env {
                Environment::Unknown => String::new(),
                e => format!(" in {}", e.as_str()),
            };
            let message =
                format!("{} {}{env_note} is reachable from the internet: {reason}", engine_name(ds.kind), describe(ds));
            let mut f = Finding::new(Self::META.id, sev, *span, message)
                .fix(fix(ds.origin, model.text(*span)))
                .key(format!("{}:{reason}", ds.name))
                .env(env);
            for (why, s) in others {
                f = f.related(*s, format!("also exposed: {why}"));
            }
            for (what, s) in &ds.provenance {
                if s != span {
                    f = f.related(*s, format!("value from: {what}"));
                }
            }
            if ds.span != *span && ds.origin == ServiceOrigin::Terraform {
                f = f.related(ds.span, "datastore defined here");
            }
            out.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_compose_fix_shows_the_entry_bound_to_localhost() {
        let short = fix(ServiceOrigin::Compose, "\"9200:9200\"");
        assert!(short.contains("`\"127.0.0.1:9200:9200\"`"), "{short}");
        let long = fix(ServiceOrigin::Compose, "{ target: 5432, published: 5432 }");
        assert!(long.contains("`host_ip: 127.0.0.1`") && !long.contains("127.0.0.1:"), "{long}");
        assert!(fix(ServiceOrigin::Fly, "").contains("Flycast"));
    }
}
