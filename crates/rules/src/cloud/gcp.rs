//! Google Cloud checks: Cloud Storage, Cloud SQL, compute and firewalls, GKE, IAM, KMS, BigQuery,
//! DNS, networking and other services.

use infra_lint_core::terraform::Tri;

use super::engine::Cond::{self, *};
use super::engine::{Ctx, Hit, Scope};

/// An ordinary subnet for VMs (proxy-only, Private Service Connect and private NAT subnets have
/// a `purpose` and neither flow logs nor Private Google Access apply to them).
const VM_SUBNET: Cond = Or(&[Not(&Set("purpose")), In("purpose", &["PRIVATE", "PRIVATE_RFC_1918"])]);

const PG: Cond = Prefix("database_version", "POSTGRES");
const MYSQL: Cond = Prefix("database_version", "MYSQL");
const MSSQL: Cond = Prefix("database_version", "SQLSERVER");

macro_rules! flag {
    ($name:literal, $value:literal) => {
        Any("settings.database_flags", &And(&[Eq("name", $name), Eq("value", $value)]))
    };
}

/// IAM member/members holding `allUsers` or `allAuthenticatedUsers`.
fn public_member(_: &Ctx<'_>, s: &Scope<'_>) -> Hit {
    for key in ["member", "members"] {
        if let Some((v, span)) = s.get(key) {
            let items = match v.as_list() {
                Some(l) => l.to_vec(),
                None => vec![v.clone()],
            };
            for x in items {
                if let Some(m) = x.as_str() {
                    if m == "allUsers" || m == "allAuthenticatedUsers" {
                        return Hit::at(span, None, Some(m.to_owned()));
                    }
                }
            }
        }
    }
    // google_*_iam_policy with policy_data (JSON bindings)
    if let Some((v, span)) = s.get("policy_data") {
        if let Some(t) = v.as_str() {
            if t.contains("allUsers") || t.contains("allAuthenticatedUsers") {
                return Hit::at(span, None, Some("allUsers".to_owned()));
            }
        }
    }
    Hit::no()
}

fn member_matches(s: &Scope<'_>, pred: &dyn Fn(&str) -> bool) -> Hit {
    let mut unknown = false;
    for key in ["member", "members"] {
        if let Some((v, span)) = s.get(key) {
            let items = match v.as_list() {
                Some(l) => l.to_vec(),
                None => vec![v.clone()],
            };
            for x in items {
                match x.as_str() {
                    Some(m) if pred(m) => return Hit::at(span, None, Some(m.to_owned())),
                    Some(_) => {}
                    None => unknown = true,
                }
            }
        }
    }
    Hit::tri(if unknown { Tri::Unknown } else { Tri::False })
}

fn default_sa_member(_: &Ctx<'_>, s: &Scope<'_>) -> Hit {
    member_matches(s, &|m| {
        m.ends_with("-compute@developer.gserviceaccount.com") || m.ends_with("@appspot.gserviceaccount.com")
    })
}

fn user_member(_: &Ctx<'_>, s: &Scope<'_>) -> Hit {
    member_matches(s, &|m| m.starts_with("user:") && m.ends_with("@gmail.com"))
}

const BASIC_ROLES: &[&str] = &["roles/owner", "roles/editor", "roles/viewer"];
const SA_ROLES: &[&str] = &["roles/iam.serviceAccountUser", "roles/iam.serviceAccountTokenCreator"];
const ADMIN_ROLES: &[&str] = &[
    "roles/owner",
    "roles/editor",
    "roles/iam.securityAdmin",
    "roles/iam.serviceAccountAdmin",
    "roles/iam.serviceAccountKeyAdmin",
    "roles/resourcemanager.projectIamAdmin",
];

fn sa_privileged(_: &Ctx<'_>, s: &Scope<'_>) -> Hit {
    let role = s.get("role").and_then(|(v, _)| v.as_string()).unwrap_or_default();
    if !ADMIN_ROLES.contains(&role.as_str()) {
        return Hit::no();
    }
    member_matches(s, &|m| m.starts_with("serviceAccount:"))
}

/// GCP firewall: an ingress rule from 0.0.0.0/0 (or ::/0) allowing one of `ports` (None = any).
fn fw_open(s: &Scope<'_>, ports: Option<&[u32]>, egress: bool) -> Hit {
    let dir = s.get("direction").and_then(|(v, _)| v.as_string()).unwrap_or_else(|| "INGRESS".to_owned());
    if dir.eq_ignore_ascii_case("EGRESS") != egress {
        return Hit::no();
    }
    if s.get("disabled").is_some_and(|(v, _)| v.truth() == Tri::True) {
        return Hit::no();
    }
    let key = if egress { "destination_ranges" } else { "source_ranges" };
    let Some((ranges, span)) = s.get(key) else {
        // Ingress without source ranges or tags means 0.0.0.0/0.
        if !egress && s.get("source_tags").is_none() && s.get("source_service_accounts").is_none() {
            return allows(s, ports, s.header());
        }
        if egress {
            return allows(s, ports, s.header());
        }
        return Hit::no();
    };
    let open = ranges.as_list().unwrap_or(&[]).iter().any(|r| matches!(r.as_str(), Some("0.0.0.0/0" | "::/0" | "*")))
        || matches!(ranges.as_str(), Some("0.0.0.0/0" | "::/0"));
    if !open {
        return Hit::tri(if ranges.has_unknown() { Tri::Unknown } else { Tri::False });
    }
    allows(s, ports, span)
}

fn allows(s: &Scope<'_>, ports: Option<&[u32]>, span: infra_lint_core::Span) -> Hit {
    for a in s.objects("allow") {
        let proto = a.get("protocol").and_then(|(v, _)| v.as_string()).unwrap_or_default();
        let all_proto = proto == "all" || proto == "-1";
        let Some(want) = ports else { return Hit::at(span, None, Some(format!("protocol {proto}"))) };
        let list = a.get("ports").and_then(|(v, _)| v.as_list().map(<[_]>::to_vec));
        let covers = |p: u32| match &list {
            None => all_proto || proto == "tcp" || proto == "udp",
            Some(items) => items.iter().filter_map(|x| x.as_string()).any(|r| match r.split_once('-') {
                Some((a, b)) => {
                    a.trim().parse::<u32>().is_ok_and(|a| a <= p) && b.trim().parse::<u32>().is_ok_and(|b| p <= b)
                }
                None => r.trim().parse::<u32>() == Ok(p),
            }),
        };
        if let Some(p) = want.iter().find(|p| covers(**p)) {
            return Hit::at(span, None, Some(format!("port {p} open to the internet")));
        }
    }
    Hit::no()
}

fn fw_any_open(_: &Ctx<'_>, s: &Scope<'_>) -> Hit {
    fw_open(s, None, false)
}
fn fw_egress_open(_: &Ctx<'_>, s: &Scope<'_>) -> Hit {
    fw_open(s, None, true)
}
fn fw_http(_: &Ctx<'_>, s: &Scope<'_>) -> Hit {
    fw_open(s, Some(&[80]), false)
}
fn fw_ftp(_: &Ctx<'_>, s: &Scope<'_>) -> Hit {
    fw_open(s, Some(&[20, 21]), false)
}

/// A firewall rule allowing all ports (no `ports`, or `0-65535`) from anywhere.
fn fw_all_ports(_: &Ctx<'_>, s: &Scope<'_>) -> Hit {
    let h = fw_open(s, Some(&[1, 65535]), false);
    if h.tri != Tri::True {
        return h;
    }
    for a in s.objects("allow") {
        let ports = a.get("ports").and_then(|(v, _)| v.as_list().map(<[_]>::to_vec));
        let all = match ports {
            None => true,
            Some(l) => l.iter().filter_map(|x| x.as_string()).any(|r| r == "0-65535" || r == "1-65535"),
        };
        if all {
            return h;
        }
    }
    Hit::no()
}

crate::cloud_checks! { CHECKS; "gcp";
    {
        id: "gcp-storage-public",
        severity: Critical,
        types: ["google_storage_bucket_iam_binding", "google_storage_bucket_iam_member", "google_storage_bucket_iam_policy", "google_storage_bucket_access_control", "google_storage_default_object_access_control"],
        service: "storage",
        summary: "A Cloud Storage bucket readable by `allUsers` or `allAuthenticatedUsers`",
        why: "Granting a role to `allUsers`/`allAuthenticatedUsers` makes the bucket's objects readable by anyone (any Google account).",
        fix: "Grant roles to named users, groups or service accounts; serve public content through a CDN",
        message: "bucket is public",
        when: Or(&[Code(public_member), In("entity", &["allUsers", "allAuthenticatedUsers"])]),
        aliases: ["AVD-GCP-0001", "GCP-0001", "CKV_GCP_28"],
        bad: r#"resource "google_storage_bucket_iam_member" "m" {
  bucket = "assets"
  role   = "roles/storage.objectViewer"
  member = "allUsers"
}
"#,
        good: r#"resource "google_storage_bucket_iam_member" "m" {
  bucket = "assets"
  role   = "roles/storage.objectViewer"
  member = "group:readers@example.com"
}
"#,
    },
    {
        id: "gcp-storage-uniform-access",
        severity: Medium,
        types: ["google_storage_bucket"],
        service: "storage",
        summary: "A Cloud Storage bucket without uniform bucket-level access",
        why: "With fine-grained ACLs, individual objects can be made public behind the bucket policy's back.",
        fix: "Set `uniform_bucket_level_access = true`",
        message: "uniform bucket-level access is not enabled",
        when: Not(&True("uniform_bucket_level_access")),
        aliases: ["AVD-GCP-0002", "GCP-0002", "CKV_GCP_29"],
        bad: r#"resource "google_storage_bucket" "b" {
  name     = "data"
  location = "EU"
}
"#,
        good: r#"resource "google_storage_bucket" "b" {
  name                        = "data"
  location                    = "EU"
  uniform_bucket_level_access = true
}
"#,
    },
    {
        id: "gcp-storage-versioning",
        severity: Low,
        types: ["google_storage_bucket"],
        service: "storage",
        summary: "A Cloud Storage bucket without object versioning",
        why: "Without versioning, overwritten or deleted objects are gone for good.",
        fix: "Set `versioning { enabled = true }`",
        message: "versioning is not enabled",
        when: Not(&True("versioning.enabled")),
        aliases: ["CKV_GCP_78"],
        bad: r#"resource "google_storage_bucket" "b" {
  name     = "data"
  location = "EU"
}
"#,
        good: r#"resource "google_storage_bucket" "b" {
  name     = "data"
  location = "EU"
  versioning {
    enabled = true
  }
}
"#,
    },
    {
        id: "gcp-storage-logging",
        severity: Low,
        types: ["google_storage_bucket"],
        service: "storage",
        summary: "A Cloud Storage bucket without access logging, or logging to itself",
        why: "Usage logs record access to the bucket; a bucket logging into itself mixes logs with data and loses them with it.",
        fix: "Set `logging { log_bucket = \"<another bucket>\" }`",
        message: "bucket has no usable access logging",
        when: Or(&[Not(&Set("logging.log_bucket")), Code(logs_to_itself)]),
        aliases: ["CKV_GCP_62", "CKV_GCP_63"],
        bad: r#"resource "google_storage_bucket" "b" {
  name     = "data"
  location = "EU"
  logging {
    log_bucket = "data"
  }
}
"#,
        good: r#"resource "google_storage_bucket" "b" {
  name     = "data"
  location = "EU"
  logging {
    log_bucket = "access-logs"
  }
}
"#,
    },
    {
        id: "gcp-storage-public-access-prevention",
        severity: Low,
        types: ["google_storage_bucket"],
        service: "storage",
        summary: "A Cloud Storage bucket without enforced public access prevention",
        why: "Public access prevention blocks any later grant to `allUsers`/`allAuthenticatedUsers`, whatever the IAM policy says.",
        fix: "Set `public_access_prevention = \"enforced\"`",
        message: "public access prevention is not enforced",
        when: Not(&Eq("public_access_prevention", "enforced")),
        aliases: ["CKV_GCP_114"],
        bad: r#"resource "google_storage_bucket" "b" {
  name     = "data"
  location = "EU"
}
"#,
        good: r#"resource "google_storage_bucket" "b" {
  name                     = "data"
  location                 = "EU"
  public_access_prevention = "enforced"
}
"#,
    },
    {
        id: "gcp-iam-public-member",
        severity: High,
        types: [
            "google_bigquery_dataset_iam_binding", "google_bigquery_dataset_iam_member", "google_bigquery_table_iam_binding",
            "google_bigquery_table_iam_member", "google_artifact_registry_repository_iam_binding", "google_artifact_registry_repository_iam_member",
            "google_cloud_run_service_iam_binding", "google_cloud_run_service_iam_member", "google_cloud_run_v2_service_iam_binding",
            "google_cloud_run_v2_service_iam_member", "google_cloudfunctions_function_iam_binding", "google_cloudfunctions_function_iam_member",
            "google_cloudfunctions2_function_iam_binding", "google_cloudfunctions2_function_iam_member", "google_kms_crypto_key_iam_binding",
            "google_kms_crypto_key_iam_member", "google_kms_key_ring_iam_binding", "google_kms_key_ring_iam_member",
            "google_pubsub_topic_iam_binding", "google_pubsub_topic_iam_member", "google_pubsub_subscription_iam_binding",
            "google_pubsub_subscription_iam_member", "google_dataproc_cluster_iam_binding", "google_dataproc_cluster_iam_member",
            "google_project_iam_binding", "google_project_iam_member", "google_secret_manager_secret_iam_binding",
            "google_secret_manager_secret_iam_member", "google_container_registry_iam_member"
        ],
        service: "iam",
        summary: "A resource granted to `allUsers` or `allAuthenticatedUsers`",
        why: "A role granted to everyone (or any Google account) exposes the dataset, key, topic, function or service to the whole internet.",
        note: "Cloud Run services and Cloud Functions meant to be public websites are an intended exception: suppress the finding there.",
        fix: "Grant the role to named users, groups or service accounts",
        message: "role granted to everyone",
        when: Code(public_member),
        aliases: ["CKV_GCP_100", "CKV_GCP_101", "CKV_GCP_102", "CKV_GCP_107", "CKV_GCP_112", "CKV2_GCP_6", "CKV2_GCP_8", "CKV_GCP_98", "CKV_GCP_99", "CKV_GCP_113", "CKV_GCP_15"],
        bad: r#"resource "google_pubsub_topic_iam_member" "m" {
  topic  = "events"
  role   = "roles/pubsub.publisher"
  member = "allAuthenticatedUsers"
}
"#,
        good: r#"resource "google_pubsub_topic_iam_member" "m" {
  topic  = "events"
  role   = "roles/pubsub.publisher"
  member = "serviceAccount:app@proj.iam.gserviceaccount.com"
}
"#,
    },
    {
        id: "gcp-bigquery-dataset-public",
        severity: High,
        types: ["google_bigquery_dataset", "google_bigquery_dataset_access"],
        service: "bigquery",
        summary: "A BigQuery dataset shared with everyone",
        why: "An access entry with `special_group = \"allAuthenticatedUsers\"` or `iam_member = \"allUsers\"` lets any Google account query the data.",
        fix: "Grant access to named users, groups or the organisation's domain",
        message: "dataset is accessible to everyone",
        when: Or(&[
            Any("access", &Or(&[In("special_group", &["allAuthenticatedUsers", "allUsers"]), In("iam_member", &["allUsers", "allAuthenticatedUsers"])])),
            In("special_group", &["allAuthenticatedUsers", "allUsers"]),
            In("iam_member", &["allUsers", "allAuthenticatedUsers"]),
        ]),
        aliases: ["AVD-GCP-0046", "GCP-0046", "CKV_GCP_15"],
        bad: r#"resource "google_bigquery_dataset" "d" {
  dataset_id = "sales"
  access {
    role          = "READER"
    special_group = "allAuthenticatedUsers"
  }
}
"#,
        good: r#"resource "google_bigquery_dataset" "d" {
  dataset_id = "sales"
  access {
    role   = "READER"
    domain = "example.com"
  }
}
"#,
    },
    {
        id: "gcp-sql-require-ssl",
        severity: High,
        types: ["google_sql_database_instance"],
        service: "sql",
        summary: "A Cloud SQL instance accepting unencrypted connections",
        why: "Without SSL enforcement, credentials and query results can travel in plaintext.",
        fix: "Set `settings { ip_configuration { ssl_mode = \"ENCRYPTED_ONLY\" } }` (or `require_ssl = true` on older providers)",
        message: "SSL is not enforced",
        when: And(&[
            Not(&True("settings.ip_configuration.require_ssl")),
            Not(&In("settings.ip_configuration.ssl_mode", &["ENCRYPTED_ONLY", "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"])),
        ]),
        aliases: ["AVD-GCP-0015", "GCP-0015", "CKV_GCP_6"],
        bad: r#"resource "google_sql_database_instance" "db" {
  database_version = "POSTGRES_15"
  settings {
    tier = "db-f1-micro"
  }
}
"#,
        good: r#"resource "google_sql_database_instance" "db" {
  database_version = "POSTGRES_15"
  settings {
    tier = "db-f1-micro"
    ip_configuration {
      ssl_mode = "ENCRYPTED_ONLY"
    }
  }
}
"#,
    },
    {
        id: "gcp-sql-public-ip",
        severity: Medium,
        types: ["google_sql_database_instance"],
        service: "sql",
        summary: "A Cloud SQL instance with a public IP address",
        why: "A public IP exposes the database endpoint to the internet; private IP keeps it inside the VPC.",
        note: "`ipv4_enabled` defaults to true, but an instance with no `ip_configuration` at all has no authorized networks either: its public address only accepts IAM-authenticated Cloud SQL connectors, so it is reported only when `ip_configuration` is written without turning the public address off.",
        fix: "Set `ip_configuration { ipv4_enabled = false private_network = … }`",
        message: "instance has a public IP",
        when: And(&[Has("settings.ip_configuration"), Not(&False("settings.ip_configuration.ipv4_enabled"))]),
        aliases: ["CKV_GCP_60"],
        bad: r#"resource "google_sql_database_instance" "db" {
  database_version = "POSTGRES_15"
  settings {
    tier = "db-f1-micro"
    ip_configuration {
      ipv4_enabled = true
    }
  }
}
"#,
        good: r#"resource "google_sql_database_instance" "db" {
  database_version = "POSTGRES_15"
  settings {
    tier = "db-f1-micro"
    ip_configuration {
      ipv4_enabled    = false
      private_network = "projects/p/global/networks/vpc"
    }
  }
}
"#,
    },
    {
        id: "gcp-sql-backups",
        severity: Medium,
        types: ["google_sql_database_instance"],
        service: "sql",
        summary: "A Cloud SQL instance without automated backups",
        why: "Without backups, data lost to a bad migration, a bug or an attacker cannot be restored.",
        note: "Read replicas (with `master_instance_name`) are not reported.",
        fix: "Set `settings { backup_configuration { enabled = true } }`",
        message: "automated backups are not enabled",
        when: And(&[Not(&Set("master_instance_name")), Not(&True("settings.backup_configuration.enabled"))]),
        aliases: ["AVD-GCP-0024", "GCP-0024", "CKV_GCP_14"],
        bad: r#"resource "google_sql_database_instance" "db" {
  database_version = "POSTGRES_15"
  settings {
    tier = "db-f1-micro"
  }
}
"#,
        good: r#"resource "google_sql_database_instance" "db" {
  database_version = "POSTGRES_15"
  settings {
    tier = "db-f1-micro"
    backup_configuration {
      enabled = true
    }
  }
}
"#,
    },
    {
        id: "gcp-sql-mysql-pitr",
        severity: Low,
        types: ["google_sql_database_instance"],
        service: "sql",
        summary: "A Cloud SQL MySQL instance without point-in-time recovery",
        why: "Binary logging enables recovery to any second, not just the last backup.",
        fix: "Set `backup_configuration { enabled = true binary_log_enabled = true }`",
        message: "point-in-time recovery (binary logging) is off",
        when: And(&[MYSQL, Not(&Set("master_instance_name")), Not(&True("settings.backup_configuration.binary_log_enabled"))]),
        aliases: ["CKV2_GCP_20"],
        bad: r#"resource "google_sql_database_instance" "db" {
  database_version = "MYSQL_8_0"
  settings {
    tier = "db-f1-micro"
  }
}
"#,
        good: r#"resource "google_sql_database_instance" "db" {
  database_version = "MYSQL_8_0"
  settings {
    tier = "db-f1-micro"
    backup_configuration {
      enabled            = true
      binary_log_enabled = true
    }
  }
}
"#,
    },
    {
        id: "gcp-sql-pg-log-checkpoints",
        severity: Low,
        types: ["google_sql_database_instance"],
        service: "sql",
        summary: "A Cloud SQL PostgreSQL instance not logging checkpoints",
        why: "CIS asks for `log_checkpoints = on` to see I/O pressure and crash-recovery behaviour.",
        fix: "Add `database_flags { name = \"log_checkpoints\" value = \"on\" }`",
        message: "log_checkpoints is not on",
        when: And(&[PG, Not(&flag!("log_checkpoints", "on"))]),
        aliases: ["AVD-GCP-0025", "GCP-0025", "CKV_GCP_51"],
        bad: r#"resource "google_sql_database_instance" "db" {
  database_version = "POSTGRES_15"
  settings {
    tier = "db-f1-micro"
  }
}
"#,
        good: r#"resource "google_sql_database_instance" "db" {
  database_version = "POSTGRES_15"
  settings {
    tier = "db-f1-micro"
    database_flags {
      name  = "log_checkpoints"
      value = "on"
    }
  }
}
"#,
    },
    {
        id: "gcp-sql-pg-log-connections",
        severity: Low,
        types: ["google_sql_database_instance"],
        service: "sql",
        summary: "A Cloud SQL PostgreSQL instance not logging connections",
        why: "Connection logs record every login attempt, the evidence for brute force and misuse.",
        fix: "Add `database_flags { name = \"log_connections\" value = \"on\" }`",
        message: "log_connections is not on",
        when: And(&[PG, Not(&flag!("log_connections", "on"))]),
        aliases: ["AVD-GCP-0016", "GCP-0016", "CKV_GCP_52"],
        bad: r#"resource "google_sql_database_instance" "db" {
  database_version = "POSTGRES_15"
  settings {
    tier = "db-f1-micro"
  }
}
"#,
        good: r#"resource "google_sql_database_instance" "db" {
  database_version = "POSTGRES_15"
  settings {
    tier = "db-f1-micro"
    database_flags {
      name  = "log_connections"
      value = "on"
    }
  }
}
"#,
    },
    {
        id: "gcp-sql-pg-log-disconnections",
        severity: Low,
        types: ["google_sql_database_instance"],
        service: "sql",
        summary: "A Cloud SQL PostgreSQL instance not logging disconnections",
        why: "Disconnection logs give session durations, useful to spot abnormal sessions.",
        fix: "Add `database_flags { name = \"log_disconnections\" value = \"on\" }`",
        message: "log_disconnections is not on",
        when: And(&[PG, Not(&flag!("log_disconnections", "on"))]),
        aliases: ["AVD-GCP-0022", "GCP-0022", "CKV_GCP_53"],
        bad: r#"resource "google_sql_database_instance" "db" {
  database_version = "POSTGRES_15"
  settings {
    tier = "db-f1-micro"
  }
}
"#,
        good: r#"resource "google_sql_database_instance" "db" {
  database_version = "POSTGRES_15"
  settings {
    tier = "db-f1-micro"
    database_flags {
      name  = "log_disconnections"
      value = "on"
    }
  }
}
"#,
    },
    {
        id: "gcp-sql-pg-log-lock-waits",
        severity: Low,
        types: ["google_sql_database_instance"],
        service: "sql",
        summary: "A Cloud SQL PostgreSQL instance not logging lock waits",
        why: "Lock-wait logs reveal contention and denial-of-service by long transactions.",
        fix: "Add `database_flags { name = \"log_lock_waits\" value = \"on\" }`",
        message: "log_lock_waits is not on",
        when: And(&[PG, Not(&flag!("log_lock_waits", "on"))]),
        aliases: ["AVD-GCP-0020", "GCP-0020", "CKV_GCP_54"],
        bad: r#"resource "google_sql_database_instance" "db" {
  database_version = "POSTGRES_15"
  settings {
    tier = "db-f1-micro"
  }
}
"#,
        good: r#"resource "google_sql_database_instance" "db" {
  database_version = "POSTGRES_15"
  settings {
    tier = "db-f1-micro"
    database_flags {
      name  = "log_lock_waits"
      value = "on"
    }
  }
}
"#,
    },
    {
        id: "gcp-sql-pg-log-temp-files",
        severity: Low,
        types: ["google_sql_database_instance"],
        service: "sql",
        summary: "A Cloud SQL PostgreSQL instance not logging temporary files",
        why: "Logging every temporary file (`log_temp_files = 0`) reveals queries spilling to disk.",
        fix: "Add `database_flags { name = \"log_temp_files\" value = \"0\" }`",
        message: "log_temp_files is not 0",
        when: And(&[PG, Not(&flag!("log_temp_files", "0"))]),
        aliases: ["AVD-GCP-0014", "GCP-0014", "CKV_GCP_56"],
        bad: r#"resource "google_sql_database_instance" "db" {
  database_version = "POSTGRES_15"
  settings {
    tier = "db-f1-micro"
  }
}
"#,
        good: r#"resource "google_sql_database_instance" "db" {
  database_version = "POSTGRES_15"
  settings {
    tier = "db-f1-micro"
    database_flags {
      name  = "log_temp_files"
      value = "0"
    }
  }
}
"#,
    },
    {
        id: "gcp-sql-pg-log-min-duration",
        severity: Low,
        types: ["google_sql_database_instance"],
        service: "sql",
        summary: "A Cloud SQL PostgreSQL instance logging statement text by duration",
        why: "`log_min_duration_statement` other than -1 writes full statements (with their literal values, possibly personal data) to the logs.",
        fix: "Set `database_flags { name = \"log_min_duration_statement\" value = \"-1\" }`",
        message: "log_min_duration_statement is not -1",
        when: And(&[PG, Any("settings.database_flags", &And(&[Eq("name", "log_min_duration_statement"), Not(&Eq("value", "-1"))]))]),
        aliases: ["AVD-GCP-0021", "GCP-0021", "CKV_GCP_57"],
        bad: r#"resource "google_sql_database_instance" "db" {
  database_version = "POSTGRES_15"
  settings {
    tier = "db-f1-micro"
    database_flags {
      name  = "log_min_duration_statement"
      value = "100"
    }
  }
}
"#,
        good: r#"resource "google_sql_database_instance" "db" {
  database_version = "POSTGRES_15"
  settings {
    tier = "db-f1-micro"
    database_flags {
      name  = "log_min_duration_statement"
      value = "-1"
    }
  }
}
"#,
    },
    {
        id: "gcp-sql-pg-log-min-messages",
        severity: Low,
        types: ["google_sql_database_instance"],
        service: "sql",
        summary: "A Cloud SQL PostgreSQL instance not logging errors",
        why: "`log_min_messages` above `error` (fatal, panic) drops error messages from the logs.",
        fix: "Set `database_flags { name = \"log_min_messages\" value = \"error\" }` (or a lower level such as `warning`)",
        message: "errors are not logged",
        when: And(&[PG, Any("settings.database_flags", &And(&[Eq("name", "log_min_messages"), In("value", &["fatal", "panic", "log"])]))]),
        aliases: ["AVD-GCP-0018", "GCP-0018", "CKV_GCP_55", "CKV_GCP_109"],
        bad: r#"resource "google_sql_database_instance" "db" {
  database_version = "POSTGRES_15"
  settings {
    tier = "db-f1-micro"
    database_flags {
      name  = "log_min_messages"
      value = "panic"
    }
  }
}
"#,
        good: r#"resource "google_sql_database_instance" "db" {
  database_version = "POSTGRES_15"
  settings {
    tier = "db-f1-micro"
    database_flags {
      name  = "log_min_messages"
      value = "error"
    }
  }
}
"#,
    },
    {
        id: "gcp-sql-pg-stats-logging",
        severity: Low,
        types: ["google_sql_database_instance"],
        service: "sql",
        summary: "A Cloud SQL PostgreSQL instance with performance statistics logging on",
        why: "`log_*_stats` flags write per-query performance statistics to the logs: noisy, costly, and CIS asks for them off.",
        fix: "Set `log_executor_stats`, `log_parser_stats`, `log_planner_stats` and `log_statement_stats` to `off`",
        message: "statistics logging is on",
        when: And(&[PG, Or(&[flag!("log_executor_stats", "on"), flag!("log_parser_stats", "on"), flag!("log_planner_stats", "on"), flag!("log_statement_stats", "on")])]),
        aliases: ["CKV2_GCP_14", "CKV2_GCP_15", "CKV2_GCP_16", "CKV2_GCP_17"],
        bad: r#"resource "google_sql_database_instance" "db" {
  database_version = "POSTGRES_15"
  settings {
    tier = "db-f1-micro"
    database_flags {
      name  = "log_planner_stats"
      value = "on"
    }
  }
}
"#,
        good: r#"resource "google_sql_database_instance" "db" {
  database_version = "POSTGRES_15"
  settings {
    tier = "db-f1-micro"
    database_flags {
      name  = "log_planner_stats"
      value = "off"
    }
  }
}
"#,
    },
    {
        id: "gcp-sql-pg-audit",
        severity: Low,
        types: ["google_sql_database_instance"],
        service: "sql",
        summary: "A Cloud SQL PostgreSQL instance without pgAudit",
        why: "pgAudit records who read and changed which data; without it, database access is not audited.",
        fix: "Add `database_flags { name = \"cloudsql.enable_pgaudit\" value = \"on\" }`",
        message: "pgAudit is not enabled",
        when: And(&[PG, Not(&flag!("cloudsql.enable_pgaudit", "on"))]),
        aliases: ["CKV_GCP_110"],
        bad: r#"resource "google_sql_database_instance" "db" {
  database_version = "POSTGRES_15"
  settings {
    tier = "db-f1-micro"
  }
}
"#,
        good: r#"resource "google_sql_database_instance" "db" {
  database_version = "POSTGRES_15"
  settings {
    tier = "db-f1-micro"
    database_flags {
      name  = "cloudsql.enable_pgaudit"
      value = "on"
    }
  }
}
"#,
    },
    {
        id: "gcp-sql-pg-log-statement",
        severity: Low,
        types: ["google_sql_database_instance"],
        service: "sql",
        summary: "A Cloud SQL PostgreSQL instance not logging DDL statements",
        why: "`log_statement = ddl` (or `mod`) records schema changes for audit.",
        fix: "Add `database_flags { name = \"log_statement\" value = \"ddl\" }`",
        message: "log_statement does not record DDL",
        when: And(&[PG, Not(&Any("settings.database_flags", &And(&[Eq("name", "log_statement"), In("value", &["ddl", "mod", "all"])])))]),
        aliases: ["CKV_GCP_111"],
        bad: r#"resource "google_sql_database_instance" "db" {
  database_version = "POSTGRES_15"
  settings {
    tier = "db-f1-micro"
  }
}
"#,
        good: r#"resource "google_sql_database_instance" "db" {
  database_version = "POSTGRES_15"
  settings {
    tier = "db-f1-micro"
    database_flags {
      name  = "log_statement"
      value = "ddl"
    }
  }
}
"#,
    },
    {
        id: "gcp-sql-pg-log-hostname",
        severity: Low,
        types: ["google_sql_database_instance"],
        service: "sql",
        summary: "A Cloud SQL PostgreSQL instance not logging client hostnames",
        why: "Logged hostnames help attribute connections during an investigation.",
        fix: "Add `database_flags { name = \"log_hostname\" value = \"on\" }`",
        message: "log_hostname is not on",
        when: And(&[PG, Not(&flag!("log_hostname", "on"))]),
        aliases: ["CKV_GCP_108"],
        bad: r#"resource "google_sql_database_instance" "db" {
  database_version = "POSTGRES_15"
  settings {
    tier = "db-f1-micro"
  }
}
"#,
        good: r#"resource "google_sql_database_instance" "db" {
  database_version = "POSTGRES_15"
  settings {
    tier = "db-f1-micro"
    database_flags {
      name  = "log_hostname"
      value = "on"
    }
  }
}
"#,
    },
    {
        id: "gcp-sql-pg-log-duration",
        severity: Low,
        types: ["google_sql_database_instance"],
        service: "sql",
        summary: "A Cloud SQL PostgreSQL instance not logging statement durations",
        why: "`log_duration` records how long each statement ran, to spot abusive or runaway queries.",
        fix: "Add `database_flags { name = \"log_duration\" value = \"on\" }`",
        message: "log_duration is not on",
        when: And(&[PG, Not(&flag!("log_duration", "on"))]),
        aliases: ["CKV2_GCP_13"],
        bad: r#"resource "google_sql_database_instance" "db" {
  database_version = "POSTGRES_15"
  settings {
    tier = "db-f1-micro"
  }
}
"#,
        good: r#"resource "google_sql_database_instance" "db" {
  database_version = "POSTGRES_15"
  settings {
    tier = "db-f1-micro"
    database_flags {
      name  = "log_duration"
      value = "on"
    }
  }
}
"#,
    },
    {
        id: "gcp-sql-mysql-local-infile",
        severity: Medium,
        types: ["google_sql_database_instance"],
        service: "sql",
        summary: "A Cloud SQL MySQL instance with `local_infile` on",
        why: "`LOAD DATA LOCAL INFILE` lets a malicious server or SQL injection read files from the client.",
        note: "Cloud SQL for MySQL defaults to `local_infile = off`; only an explicit `on` is reported.",
        fix: "Add `database_flags { name = \"local_infile\" value = \"off\" }`",
        message: "local_infile is not off",
        when: And(&[MYSQL, flag!("local_infile", "on")]),
        aliases: ["AVD-GCP-0026", "GCP-0026", "CKV_GCP_50"],
        bad: r#"resource "google_sql_database_instance" "db" {
  database_version = "MYSQL_8_0"
  settings {
    tier = "db-f1-micro"
    database_flags {
      name  = "local_infile"
      value = "on"
    }
  }
}
"#,
        good: r#"resource "google_sql_database_instance" "db" {
  database_version = "MYSQL_8_0"
  settings {
    tier = "db-f1-micro"
    database_flags {
      name  = "local_infile"
      value = "off"
    }
  }
}
"#,
    },
    {
        id: "gcp-sql-mysql-skip-show-database",
        severity: Low,
        types: ["google_sql_database_instance"],
        service: "sql",
        summary: "A Cloud SQL MySQL instance letting every user list all databases",
        why: "Without `skip_show_database`, any account can enumerate every database name.",
        fix: "Add `database_flags { name = \"skip_show_database\" value = \"on\" }`",
        message: "skip_show_database is not on",
        when: And(&[MYSQL, Not(&flag!("skip_show_database", "on"))]),
        aliases: ["CIS-GCP-6.1.2"],
        bad: r#"resource "google_sql_database_instance" "db" {
  database_version = "MYSQL_8_0"
  settings {
    tier = "db-f1-micro"
  }
}
"#,
        good: r#"resource "google_sql_database_instance" "db" {
  database_version = "MYSQL_8_0"
  settings {
    tier = "db-f1-micro"
    database_flags {
      name  = "skip_show_database"
      value = "on"
    }
  }
}
"#,
    },
    {
        id: "gcp-sql-mssql-contained-auth",
        severity: Medium,
        types: ["google_sql_database_instance"],
        service: "sql",
        summary: "A Cloud SQL Server instance allowing contained database authentication",
        why: "Contained databases authenticate users themselves, bypassing server-level login policies.",
        fix: "Set `database_flags { name = \"contained database authentication\" value = \"off\" }`",
        message: "contained database authentication is on",
        when: And(&[MSSQL, flag!("contained database authentication", "on")]),
        aliases: ["AVD-GCP-0023", "GCP-0023", "CKV_GCP_59"],
        bad: r#"resource "google_sql_database_instance" "db" {
  database_version = "SQLSERVER_2019_STANDARD"
  settings {
    tier = "db-custom-2-7680"
    database_flags {
      name  = "contained database authentication"
      value = "on"
    }
  }
}
"#,
        good: r#"resource "google_sql_database_instance" "db" {
  database_version = "SQLSERVER_2019_STANDARD"
  settings {
    tier = "db-custom-2-7680"
    database_flags {
      name  = "contained database authentication"
      value = "off"
    }
  }
}
"#,
    },
    {
        id: "gcp-sql-mssql-cross-db-ownership",
        severity: Medium,
        types: ["google_sql_database_instance"],
        service: "sql",
        summary: "A Cloud SQL Server instance with cross-database ownership chaining on",
        why: "Ownership chaining across databases lets a user of one database reach objects of another.",
        fix: "Set `database_flags { name = \"cross db ownership chaining\" value = \"off\" }`",
        message: "cross db ownership chaining is on",
        when: And(&[MSSQL, flag!("cross db ownership chaining", "on")]),
        aliases: ["AVD-GCP-0019", "GCP-0019", "CKV_GCP_58"],
        bad: r#"resource "google_sql_database_instance" "db" {
  database_version = "SQLSERVER_2019_STANDARD"
  settings {
    tier = "db-custom-2-7680"
    database_flags {
      name  = "cross db ownership chaining"
      value = "on"
    }
  }
}
"#,
        good: r#"resource "google_sql_database_instance" "db" {
  database_version = "SQLSERVER_2019_STANDARD"
  settings {
    tier = "db-custom-2-7680"
  }
}
"#,
    },
    {
        id: "gcp-sql-old-major-version",
        severity: Low,
        types: ["google_sql_database_instance"],
        service: "sql",
        summary: "A Cloud SQL instance on an old major version",
        why: "Old major versions reach end of support and stop receiving security fixes.",
        fix: "Upgrade `database_version` to a current major version",
        message: "old database major version",
        when: In("database_version", &["POSTGRES_9_6", "POSTGRES_10", "POSTGRES_11", "POSTGRES_12", "MYSQL_5_6", "MYSQL_5_7", "SQLSERVER_2017_STANDARD", "SQLSERVER_2017_ENTERPRISE", "SQLSERVER_2017_EXPRESS", "SQLSERVER_2017_WEB"]),
        aliases: ["CKV_GCP_79"],
        bad: r#"resource "google_sql_database_instance" "db" {
  database_version = "POSTGRES_11"
}
"#,
        good: r#"resource "google_sql_database_instance" "db" {
  database_version = "POSTGRES_16"
}
"#,
    },
    {
        id: "gcp-firewall-public-ingress",
        severity: Medium,
        types: ["google_compute_firewall"],
        service: "compute",
        summary: "A VPC firewall rule allowing ingress from the whole internet",
        why: "Everything the rule allows is reachable by anyone; only intended public services should be.",
        note: "SSH/RDP are also reported by `open-admin-port`.",
        fix: "Restrict `source_ranges` to known networks (or use IAP for admin access)",
        message: "firewall allows ingress from the internet",
        when: Code(fw_any_open),
        aliases: ["AVD-GCP-0027", "GCP-0027"],
        bad: r#"resource "google_compute_firewall" "f" {
  name          = "app"
  network       = "default"
  source_ranges = ["0.0.0.0/0"]
  allow {
    protocol = "tcp"
    ports    = ["8080"]
  }
}
"#,
        good: r#"resource "google_compute_firewall" "f" {
  name          = "app"
  network       = "default"
  source_ranges = ["10.0.0.0/8"]
  allow {
    protocol = "tcp"
    ports    = ["8080"]
  }
}
"#,
    },
    {
        id: "gcp-firewall-public-egress",
        severity: Low,
        types: ["google_compute_firewall"],
        service: "compute",
        summary: "A VPC firewall rule allowing egress to the whole internet",
        why: "Unrestricted egress lets a compromised workload exfiltrate data anywhere.",
        fix: "Restrict `destination_ranges`",
        message: "firewall allows egress to the internet",
        when: Code(fw_egress_open),
        aliases: ["AVD-GCP-0035", "GCP-0035"],
        bad: r#"resource "google_compute_firewall" "f" {
  name               = "out"
  network            = "default"
  direction          = "EGRESS"
  destination_ranges = ["0.0.0.0/0"]
  allow {
    protocol = "tcp"
  }
}
"#,
        good: r#"resource "google_compute_firewall" "f" {
  name               = "out"
  network            = "default"
  direction          = "EGRESS"
  destination_ranges = ["10.0.0.0/8"]
  allow {
    protocol = "tcp"
  }
}
"#,
    },
    {
        id: "gcp-firewall-all-ports",
        severity: High,
        types: ["google_compute_firewall"],
        service: "compute",
        summary: "A VPC firewall rule allowing all ports from the whole internet",
        why: "All ports open to the world exposes every service on the targeted instances.",
        fix: "Allow only the needed ports from the needed ranges",
        message: "firewall allows all ports from the internet",
        when: Code(fw_all_ports),
        aliases: ["AVD-GCP-0072", "GCP-0072", "CKV2_GCP_12"],
        bad: r#"resource "google_compute_firewall" "f" {
  name          = "all"
  network       = "default"
  source_ranges = ["0.0.0.0/0"]
  allow {
    protocol = "tcp"
  }
}
"#,
        good: r#"resource "google_compute_firewall" "f" {
  name          = "web"
  network       = "default"
  source_ranges = ["0.0.0.0/0"]
  allow {
    protocol = "tcp"
    ports    = ["443"]
  }
}
"#,
    },
    {
        id: "gcp-firewall-http",
        severity: Low,
        types: ["google_compute_firewall"],
        service: "compute",
        summary: "A VPC firewall rule allowing HTTP (80) from the whole internet",
        why: "Port 80 serves unencrypted HTTP; public endpoints belong behind HTTPS load balancers.",
        fix: "Serve HTTPS via a load balancer and restrict port 80",
        message: "HTTP open to the internet",
        when: Code(fw_http),
        aliases: ["CKV_GCP_106"],
        bad: r#"resource "google_compute_firewall" "f" {
  name          = "web"
  network       = "default"
  source_ranges = ["0.0.0.0/0"]
  allow {
    protocol = "tcp"
    ports    = ["80"]
  }
}
"#,
        good: r#"resource "google_compute_firewall" "f" {
  name          = "web"
  network       = "default"
  source_ranges = ["0.0.0.0/0"]
  allow {
    protocol = "tcp"
    ports    = ["443"]
  }
}
"#,
    },
    {
        id: "gcp-firewall-ftp",
        severity: Medium,
        types: ["google_compute_firewall"],
        service: "compute",
        summary: "A VPC firewall rule allowing FTP (20/21) from the whole internet",
        why: "FTP sends credentials in plaintext and is brute-forced constantly.",
        fix: "Do not open 20/21 to 0.0.0.0/0; use SFTP",
        message: "FTP open to the internet",
        when: Code(fw_ftp),
        aliases: ["CKV_GCP_75"],
        bad: r#"resource "google_compute_firewall" "f" {
  name          = "ftp"
  network       = "default"
  source_ranges = ["0.0.0.0/0"]
  allow {
    protocol = "tcp"
    ports    = ["21"]
  }
}
"#,
        good: r#"resource "google_compute_firewall" "f" {
  name          = "ftp"
  network       = "default"
  source_ranges = ["10.0.0.0/8"]
  allow {
    protocol = "tcp"
    ports    = ["21"]
  }
}
"#,
    },
    {
        id: "gcp-instance-public-ip",
        severity: Medium,
        types: ["google_compute_instance", "google_compute_instance_template", "google_compute_instance_from_template"],
        service: "compute",
        summary: "A Compute Engine instance with an external IP address",
        why: "An external IP puts the VM on the internet; firewall rules become the only barrier.",
        fix: "Remove `access_config` from the network interface; use Cloud NAT and IAP",
        message: "instance has an external IP",
        when: Any("network_interface", &Has("access_config")),
        aliases: ["AVD-GCP-0031", "GCP-0031", "CKV_GCP_40"],
        bad: r#"resource "google_compute_instance" "vm" {
  name         = "vm"
  machine_type = "e2-small"
  network_interface {
    network = "default"
    access_config {}
  }
}
"#,
        good: r#"resource "google_compute_instance" "vm" {
  name         = "vm"
  machine_type = "e2-small"
  network_interface {
    network = "default"
  }
}
"#,
    },
    {
        id: "gcp-instance-project-ssh-keys",
        severity: Medium,
        types: ["google_compute_instance", "google_compute_instance_template"],
        service: "compute",
        summary: "A Compute Engine instance accepting project-wide SSH keys",
        why: "Project-wide keys grant SSH to every instance; one leaked key opens them all.",
        fix: "Set `metadata = { block-project-ssh-keys = true }`",
        message: "project-wide SSH keys are not blocked",
        when: Not(&True("metadata.block-project-ssh-keys")),
        aliases: ["AVD-GCP-0030", "GCP-0030", "CKV_GCP_32"],
        bad: r#"resource "google_compute_instance" "vm" {
  name         = "vm"
  machine_type = "e2-small"
}
"#,
        good: r#"resource "google_compute_instance" "vm" {
  name         = "vm"
  machine_type = "e2-small"
  metadata = {
    block-project-ssh-keys = true
  }
}
"#,
    },
    {
        id: "gcp-instance-serial-port",
        severity: Medium,
        types: ["google_compute_instance", "google_compute_instance_template", "google_compute_project_metadata"],
        service: "compute",
        summary: "Serial port access enabled on Compute Engine",
        why: "The interactive serial console is reachable from the internet and bypasses firewall rules.",
        fix: "Remove `serial-port-enable = true` from metadata",
        message: "serial port access is enabled",
        when: True("metadata.serial-port-enable"),
        aliases: ["AVD-GCP-0032", "GCP-0032", "CKV_GCP_35"],
        bad: r#"resource "google_compute_instance" "vm" {
  name         = "vm"
  machine_type = "e2-small"
  metadata = {
    serial-port-enable = true
  }
}
"#,
        good: r#"resource "google_compute_instance" "vm" {
  name         = "vm"
  machine_type = "e2-small"
  metadata = {
    serial-port-enable = false
  }
}
"#,
    },
    {
        id: "gcp-instance-os-login-disabled",
        severity: Medium,
        types: ["google_compute_instance", "google_compute_instance_template"],
        service: "compute",
        summary: "A Compute Engine instance overriding the project's OS Login setting",
        why: "OS Login ties SSH access to IAM; turning it off per instance falls back to unmanaged SSH keys.",
        fix: "Remove `enable-oslogin = false` from the instance metadata",
        message: "OS Login is disabled on the instance",
        when: False("metadata.enable-oslogin"),
        aliases: ["AVD-GCP-0036", "GCP-0036", "CKV_GCP_34"],
        bad: r#"resource "google_compute_instance" "vm" {
  name         = "vm"
  machine_type = "e2-small"
  metadata = {
    enable-oslogin = false
  }
}
"#,
        good: r#"resource "google_compute_instance" "vm" {
  name         = "vm"
  machine_type = "e2-small"
  metadata = {
    enable-oslogin = true
  }
}
"#,
    },
    {
        id: "gcp-project-os-login",
        severity: Medium,
        types: ["google_compute_project_metadata", "google_compute_project_metadata_item"],
        service: "compute",
        summary: "Project metadata without OS Login enabled",
        why: "Without project-wide OS Login, SSH access is managed by keys in metadata instead of IAM.",
        fix: "Set `enable-oslogin = \"TRUE\"` in project metadata",
        message: "OS Login is not enabled for the project",
        when: Or(&[
            And(&[Type("google_compute_project_metadata"), Not(&True("metadata.enable-oslogin")), Not(&Eq("metadata.enable-oslogin", "TRUE"))]),
            And(&[Type("google_compute_project_metadata_item"), Eq("key", "enable-oslogin"), Not(&True("value")), Not(&Eq("value", "TRUE"))]),
        ]),
        aliases: ["AVD-GCP-0042", "GCP-0042", "CKV_GCP_33"],
        bad: r#"resource "google_compute_project_metadata" "m" {
  metadata = {
    foo = "bar"
  }
}
"#,
        good: r#"resource "google_compute_project_metadata" "m" {
  metadata = {
    enable-oslogin = "TRUE"
  }
}
"#,
    },
    {
        id: "gcp-instance-ip-forwarding",
        severity: Medium,
        types: ["google_compute_instance", "google_compute_instance_template"],
        service: "compute",
        summary: "A Compute Engine instance with IP forwarding enabled",
        why: "IP forwarding lets the instance route traffic for others, bypassing network controls, unless it is a deliberate router/NAT.",
        fix: "Remove `can_ip_forward = true` unless the instance is a router",
        message: "IP forwarding is enabled",
        when: True("can_ip_forward"),
        aliases: ["AVD-GCP-0043", "GCP-0043", "CKV_GCP_36"],
        bad: r#"resource "google_compute_instance" "vm" {
  name           = "vm"
  machine_type   = "e2-small"
  can_ip_forward = true
}
"#,
        good: r#"resource "google_compute_instance" "vm" {
  name           = "vm"
  machine_type   = "e2-small"
  can_ip_forward = false
}
"#,
    },
    {
        id: "gcp-instance-default-service-account",
        severity: Medium,
        types: ["google_compute_instance", "google_compute_instance_template", "google_compute_instance_from_template"],
        service: "compute",
        summary: "A Compute Engine instance using the default service account",
        why: "The default compute service account has the Editor role on the project: any code on the VM can change almost anything.",
        note: "An instance without a `service_account` block has no service account at all and is not reported.",
        fix: "Create a dedicated service account with only the roles the VM needs",
        message: "instance uses the default compute service account",
        when: Any("service_account", &Or(&[Not(&Set("email")), Prefix("email", "default"), Contains("email", "-compute@developer.gserviceaccount.com")])),
        aliases: ["AVD-GCP-0044", "GCP-0044", "CKV_GCP_30"],
        bad: r#"resource "google_compute_instance" "vm" {
  name         = "vm"
  machine_type = "e2-small"
  service_account {
    email  = "123456-compute@developer.gserviceaccount.com"
    scopes = ["cloud-platform"]
  }
}
"#,
        good: r#"resource "google_compute_instance" "vm" {
  name         = "vm"
  machine_type = "e2-small"
  service_account {
    email  = "app@proj.iam.gserviceaccount.com"
    scopes = ["cloud-platform"]
  }
}
"#,
    },
    {
        id: "gcp-instance-full-api-access",
        severity: High,
        types: ["google_compute_instance", "google_compute_instance_template", "google_compute_instance_from_template"],
        service: "compute",
        summary: "A Compute Engine instance using the default service account with full API access",
        why: "The default service account (Editor) with the `cloud-platform` scope gives any code on the VM near-full control of the project.",
        fix: "Use a dedicated service account, or narrow the scopes",
        message: "default service account with cloud-platform scope",
        when: Any("service_account", &And(&[
            Or(&[Not(&Set("email")), Prefix("email", "default"), Contains("email", "-compute@developer.gserviceaccount.com")]),
            Contains("scopes", "cloud-platform"),
        ])),
        aliases: ["CKV_GCP_31"],
        bad: r#"resource "google_compute_instance" "vm" {
  name         = "vm"
  machine_type = "e2-small"
  service_account {
    scopes = ["cloud-platform"]
  }
}
"#,
        good: r#"resource "google_compute_instance" "vm" {
  name         = "vm"
  machine_type = "e2-small"
  service_account {
    email  = "app@proj.iam.gserviceaccount.com"
    scopes = ["cloud-platform"]
  }
}
"#,
    },
    {
        id: "gcp-instance-shielded-vm",
        severity: Low,
        types: ["google_compute_instance", "google_compute_instance_template"],
        service: "compute",
        summary: "A Compute Engine instance with Shielded VM vTPM or integrity monitoring off",
        why: "vTPM and integrity monitoring detect boot-level tampering (rootkits, bootkits).",
        fix: "Set `shielded_instance_config { enable_vtpm = true enable_integrity_monitoring = true }`",
        message: "Shielded VM protection is disabled",
        when: Or(&[False("shielded_instance_config.enable_vtpm"), False("shielded_instance_config.enable_integrity_monitoring")]),
        aliases: ["AVD-GCP-0041", "GCP-0041", "AVD-GCP-0045", "GCP-0045", "CKV_GCP_39"],
        bad: r#"resource "google_compute_instance" "vm" {
  name         = "vm"
  machine_type = "e2-small"
  shielded_instance_config {
    enable_vtpm = false
  }
}
"#,
        good: r#"resource "google_compute_instance" "vm" {
  name         = "vm"
  machine_type = "e2-small"
  shielded_instance_config {
    enable_vtpm                 = true
    enable_integrity_monitoring = true
  }
}
"#,
    },
    {
        id: "gcp-disk-no-cmek",
        severity: Low,
        types: ["google_compute_disk", "google_compute_instance"],
        service: "compute",
        summary: "A Compute Engine disk not encrypted with a customer-managed or customer-supplied key",
        why: "Google-managed keys cannot be restricted or revoked by you; CMEK/CSEK put key access under your control.",
        fix: "Set `disk_encryption_key { kms_key_self_link = … }` (or `boot_disk { kms_key_self_link = … }`)",
        message: "disk uses a Google-managed key",
        when: Or(&[
            And(&[Type("google_compute_disk"), Not(&Has("disk_encryption_key"))]),
            And(&[Type("google_compute_instance"), Has("boot_disk"), Not(&Set("boot_disk.kms_key_self_link")), Not(&Set("boot_disk.disk_encryption_key_raw"))]),
        ]),
        aliases: ["AVD-GCP-0034", "GCP-0034", "CKV_GCP_37", "CKV_GCP_38"],
        bad: r#"resource "google_compute_disk" "d" {
  name = "data"
  size = 100
}
"#,
        good: r#"resource "google_compute_disk" "d" {
  name = "data"
  size = 100
  disk_encryption_key {
    kms_key_self_link = "projects/p/locations/europe-west1/keyRings/r/cryptoKeys/k"
  }
}
"#,
    },
    {
        id: "gcp-disk-raw-key",
        severity: High,
        types: ["google_compute_disk", "google_compute_instance"],
        service: "compute",
        summary: "A disk encryption key written in plaintext in Terraform",
        why: "A customer-supplied key committed in code (and state) is readable by everyone with repository access.",
        fix: "Use a Cloud KMS key (`kms_key_self_link`) instead of `raw_key`",
        message: "raw disk encryption key in configuration",
        // A known string only: a variable passed through stays unknown and is not reported.
        when: Or(&[Prefix("disk_encryption_key.raw_key", ""), Prefix("boot_disk.disk_encryption_key_raw", "")]),
        aliases: ["AVD-GCP-0037", "GCP-0037"],
        bad: r#"resource "google_compute_disk" "d" {
  name = "data"
  disk_encryption_key {
    raw_key = "SGVsbG8gZnJvbSBHb29nbGUgQ2xvdWQgUGxhdGZvcm0="
  }
}
"#,
        good: r#"resource "google_compute_disk" "d" {
  name = "data"
  disk_encryption_key {
    kms_key_self_link = "projects/p/locations/europe-west1/keyRings/r/cryptoKeys/k"
  }
}
"#,
    },
    {
        id: "gcp-ssl-policy-weak-tls",
        severity: Medium,
        types: ["google_compute_ssl_policy"],
        service: "compute",
        summary: "A load balancer SSL policy allowing TLS below 1.2",
        why: "TLS 1.0/1.1 are deprecated and have practical attacks.",
        note: "The default `min_tls_version` is TLS_1_0.",
        fix: "Set `min_tls_version = \"TLS_1_2\"`",
        message: "minimum TLS version is below 1.2",
        when: Not(&In("min_tls_version", &["TLS_1_2", "TLS_1_3"])),
        aliases: ["AVD-GCP-0039", "GCP-0039", "CKV_GCP_4"],
        bad: r#"resource "google_compute_ssl_policy" "p" {
  name            = "tls"
  min_tls_version = "TLS_1_1"
}
"#,
        good: r#"resource "google_compute_ssl_policy" "p" {
  name            = "tls"
  min_tls_version = "TLS_1_2"
}
"#,
    },
    {
        id: "gcp-subnet-flow-logs",
        severity: Low,
        types: ["google_compute_subnetwork"],
        service: "compute",
        summary: "A VPC subnetwork without flow logs",
        why: "Flow logs record connections in the subnet, needed to investigate intrusions and exfiltration.",
        note: "Proxy-only, Private Service Connect and private NAT subnets (any `purpose` other than `PRIVATE`) are not reported.",
        fix: "Add `log_config { aggregation_interval = \"INTERVAL_5_SEC\" … }`",
        message: "flow logs are not enabled",
        when: And(&[VM_SUBNET, Not(&Has("log_config"))]),
        aliases: ["AVD-GCP-0029", "GCP-0029", "AVD-GCP-0076", "GCP-0076", "CKV_GCP_26"],
        bad: r#"resource "google_compute_subnetwork" "s" {
  name          = "app"
  ip_cidr_range = "10.0.0.0/24"
  network       = "vpc"
}
"#,
        good: r#"resource "google_compute_subnetwork" "s" {
  name          = "app"
  ip_cidr_range = "10.0.0.0/24"
  network       = "vpc"
  log_config {
    aggregation_interval = "INTERVAL_5_SEC"
  }
}
"#,
    },
    {
        id: "gcp-subnet-private-google-access",
        severity: Low,
        types: ["google_compute_subnetwork"],
        service: "compute",
        summary: "A VPC subnetwork without Private Google Access",
        why: "Without it, VMs without external IPs cannot reach Google APIs, which pushes teams to add external IPs.",
        fix: "Set `private_ip_google_access = true`",
        message: "Private Google Access is off",
        when: And(&[VM_SUBNET, Not(&True("private_ip_google_access"))]),
        aliases: ["CKV_GCP_74"],
        bad: r#"resource "google_compute_subnetwork" "s" {
  name          = "app"
  ip_cidr_range = "10.0.0.0/24"
  network       = "vpc"
}
"#,
        good: r#"resource "google_compute_subnetwork" "s" {
  name                     = "app"
  ip_cidr_range            = "10.0.0.0/24"
  network                  = "vpc"
  private_ip_google_access = true
}
"#,
    },
    {
        id: "gcp-project-default-network",
        severity: Medium,
        types: ["google_project"],
        service: "compute",
        summary: "A project created with the default network",
        why: "The default network comes with permissive firewall rules (SSH and RDP from anywhere).",
        fix: "Set `auto_create_network = false` and create a custom VPC",
        message: "default network is created",
        when: Not(&False("auto_create_network")),
        aliases: ["AVD-GCP-0010", "GCP-0010", "CKV_GCP_27"],
        bad: r#"resource "google_project" "p" {
  name       = "app"
  project_id = "app-123"
}
"#,
        good: r#"resource "google_project" "p" {
  name                = "app"
  project_id          = "app-123"
  auto_create_network = false
}
"#,
    },
    {
        id: "gcp-dns-dnssec",
        severity: Medium,
        types: ["google_dns_managed_zone"],
        service: "dns",
        summary: "A public Cloud DNS zone without DNSSEC, or signed with RSASHA1",
        why: "Without DNSSEC (or with the broken SHA-1 algorithm), answers for the zone can be spoofed.",
        fix: "Set `dnssec_config { state = \"on\" }` with RSASHA256 or ECDSA keys",
        message: "DNSSEC is off or uses RSASHA1",
        when: And(&[
            Not(&Eq("visibility", "private")),
            Or(&[Not(&Eq("dnssec_config.state", "on")), Any("dnssec_config.default_key_specs", &Eq("algorithm", "rsasha1"))]),
        ]),
        aliases: ["AVD-GCP-0013", "GCP-0013", "CKV_GCP_16", "CKV_GCP_17"],
        bad: r#"resource "google_dns_managed_zone" "z" {
  name     = "example"
  dns_name = "example.com."
}
"#,
        good: r#"resource "google_dns_managed_zone" "z" {
  name     = "example"
  dns_name = "example.com."
  dnssec_config {
    state = "on"
  }
}
"#,
    },
    {
        id: "gcp-kms-rotation",
        severity: Medium,
        types: ["google_kms_crypto_key"],
        service: "kms",
        summary: "A Cloud KMS key not rotated at least every 90 days",
        why: "Rotation limits how much data one key version protects.",
        fix: "Set `rotation_period = \"7776000s\"` (90 days) or less",
        message: "key rotation is missing or longer than 90 days",
        when: And(&[Not(&Eq("purpose", "ASYMMETRIC_SIGN")), Not(&Eq("purpose", "ASYMMETRIC_DECRYPT")), Or(&[Not(&Set("rotation_period")), Code(rotation_too_long)])]),
        aliases: ["AVD-GCP-0065", "GCP-0065", "CKV_GCP_43"],
        bad: r#"resource "google_kms_crypto_key" "k" {
  name     = "data"
  key_ring = "ring"
}
"#,
        good: r#"resource "google_kms_crypto_key" "k" {
  name            = "data"
  key_ring        = "ring"
  rotation_period = "7776000s"
}
"#,
    },
    {
        id: "gcp-iam-default-service-account",
        severity: Medium,
        types: ["google_project_iam_member", "google_project_iam_binding", "google_organization_iam_member", "google_organization_iam_binding", "google_folder_iam_member", "google_folder_iam_binding"],
        service: "iam",
        summary: "A role granted to a default service account",
        why: "Default service accounts are used by every VM or App Engine app that does not name another; roles granted to them spread to all of those.",
        fix: "Grant roles to dedicated service accounts",
        message: "role granted to a default service account",
        when: Code(default_sa_member),
        aliases: ["AVD-GCP-0006", "GCP-0006", "AVD-GCP-0008", "GCP-0008", "CKV_GCP_46", "CKV_GCP_47", "CKV_GCP_48"],
        bad: r#"resource "google_project_iam_member" "m" {
  project = "p"
  role    = "roles/storage.admin"
  member  = "serviceAccount:123456-compute@developer.gserviceaccount.com"
}
"#,
        good: r#"resource "google_project_iam_member" "m" {
  project = "p"
  role    = "roles/storage.admin"
  member  = "serviceAccount:app@p.iam.gserviceaccount.com"
}
"#,
    },
    {
        id: "gcp-iam-service-account-user",
        severity: Medium,
        types: ["google_project_iam_member", "google_project_iam_binding", "google_folder_iam_member", "google_folder_iam_binding", "google_organization_iam_member", "google_organization_iam_binding"],
        service: "iam",
        summary: "Service account impersonation granted at project, folder or organisation level",
        why: "`iam.serviceAccountUser`/`serviceAccountTokenCreator` at this level lets the member act as every service account below it.",
        fix: "Grant these roles on the individual service account instead",
        message: "service account impersonation granted broadly",
        when: In("role", SA_ROLES),
        aliases: ["AVD-GCP-0011", "GCP-0011", "AVD-GCP-0005", "GCP-0005", "AVD-GCP-0003", "GCP-0003", "CKV_GCP_41", "CKV_GCP_44", "CKV_GCP_45", "CKV_GCP_49"],
        bad: r#"resource "google_project_iam_member" "m" {
  project = "p"
  role    = "roles/iam.serviceAccountUser"
  member  = "user:alice@example.com"
}
"#,
        good: r#"resource "google_service_account_iam_member" "m" {
  service_account_id = "projects/p/serviceAccounts/app@p.iam.gserviceaccount.com"
  role               = "roles/iam.serviceAccountUser"
  member             = "user:alice@example.com"
}
"#,
    },
    {
        id: "gcp-iam-privileged-service-account",
        severity: High,
        types: ["google_project_iam_member", "google_project_iam_binding", "google_folder_iam_member", "google_folder_iam_binding", "google_organization_iam_member", "google_organization_iam_binding"],
        service: "iam",
        summary: "A service account granted an owner, editor or IAM-admin role",
        why: "Service account keys leak; a service account with Owner/Editor or IAM-admin rights turns a leaked key into full control.",
        fix: "Grant the service account only the specific roles it needs",
        message: "service account has a privileged role",
        when: Code(sa_privileged),
        aliases: ["AVD-GCP-0007", "GCP-0007", "CKV_GCP_42"],
        bad: r#"resource "google_project_iam_member" "m" {
  project = "p"
  role    = "roles/editor"
  member  = "serviceAccount:app@p.iam.gserviceaccount.com"
}
"#,
        good: r#"resource "google_project_iam_member" "m" {
  project = "p"
  role    = "roles/storage.objectViewer"
  member  = "serviceAccount:app@p.iam.gserviceaccount.com"
}
"#,
    },
    {
        id: "gcp-iam-basic-role",
        severity: Medium,
        types: ["google_project_iam_member", "google_project_iam_binding", "google_folder_iam_member", "google_folder_iam_binding", "google_organization_iam_member", "google_organization_iam_binding"],
        service: "iam",
        summary: "A basic role (Owner, Editor, Viewer) granted at project, folder or organisation level",
        why: "Basic roles bundle thousands of permissions across every service; predefined or custom roles grant what is needed.",
        fix: "Use predefined or custom roles",
        message: "basic role granted",
        when: In("role", BASIC_ROLES),
        aliases: ["CKV_GCP_115", "CKV_GCP_116", "CKV_GCP_117"],
        bad: r#"resource "google_folder_iam_member" "m" {
  folder = "folders/123"
  role   = "roles/editor"
  member = "group:devs@example.com"
}
"#,
        good: r#"resource "google_folder_iam_member" "m" {
  folder = "folders/123"
  role   = "roles/compute.viewer"
  member = "group:devs@example.com"
}
"#,
    },
    {
        id: "gcp-iam-personal-account",
        severity: Medium,
        types: ["google_project_iam_member", "google_project_iam_binding", "google_folder_iam_member", "google_folder_iam_binding", "google_organization_iam_member", "google_organization_iam_binding"],
        service: "iam",
        summary: "A role granted to a personal Gmail account",
        why: "Personal accounts are outside the organisation's control: no enforced MFA, no offboarding.",
        fix: "Grant roles to organisation accounts or groups",
        message: "role granted to a gmail.com account",
        when: Code(user_member),
        aliases: ["AVD-GCP-0069", "GCP-0069"],
        bad: r#"resource "google_project_iam_member" "m" {
  project = "p"
  role    = "roles/viewer"
  member  = "user:someone@gmail.com"
}
"#,
        good: r#"resource "google_project_iam_member" "m" {
  project = "p"
  role    = "roles/viewer"
  member  = "user:someone@example.com"
}
"#,
    },
    {
        id: "gcp-service-account-user-key",
        severity: Medium,
        types: ["google_service_account_key"],
        service: "iam",
        summary: "A user-managed service account key",
        why: "Downloaded service account keys are long-lived credentials that leak; workload identity and impersonation avoid them.",
        fix: "Use workload identity federation or service account impersonation instead of keys",
        message: "user-managed service account key",
        when: Not(&Type("google_project")),
        aliases: ["CIS-GCP-1.4"],
        bad: r#"resource "google_service_account_key" "k" {
  service_account_id = "app@p.iam.gserviceaccount.com"
}
"#,
        good: r#"resource "google_service_account" "k" {
  account_id = "app"
}
"#,
    },
    {
        id: "gcp-workload-identity-unconditioned",
        severity: High,
        types: ["google_iam_workload_identity_pool_provider"],
        service: "iam",
        summary: "A workload identity pool provider without an attribute condition",
        why: "Without `attribute_condition`, any identity from the external provider (every GitHub repository, for example) can obtain tokens.",
        fix: "Set `attribute_condition` (for example `assertion.repository_owner == \"my-org\"`)",
        message: "no attribute condition",
        when: Or(&[Not(&Set("attribute_condition")), Empty("attribute_condition")]),
        aliases: ["AVD-GCP-0068", "GCP-0068", "CKV_GCP_118", "CKV_GCP_125"],
        bad: r#"resource "google_iam_workload_identity_pool_provider" "p" {
  workload_identity_pool_id          = "ci"
  workload_identity_pool_provider_id = "github"
  oidc {
    issuer_uri = "https://token.actions.githubusercontent.com"
  }
}
"#,
        good: r#"resource "google_iam_workload_identity_pool_provider" "p" {
  workload_identity_pool_id          = "ci"
  workload_identity_pool_provider_id = "github"
  attribute_condition                = "assertion.repository_owner == 'my-org'"
  oidc {
    issuer_uri = "https://token.actions.githubusercontent.com"
  }
}
"#,
    },
    {
        id: "gcp-gke-legacy-abac",
        severity: High,
        types: ["google_container_cluster"],
        service: "gke",
        summary: "A GKE cluster with legacy ABAC enabled",
        why: "Legacy ABAC grants broad static permissions that bypass Kubernetes RBAC.",
        fix: "Set `enable_legacy_abac = false`",
        message: "legacy ABAC is enabled",
        when: True("enable_legacy_abac"),
        aliases: ["AVD-GCP-0062", "GCP-0062", "CKV_GCP_7"],
        bad: r#"resource "google_container_cluster" "c" {
  name               = "apps"
  enable_legacy_abac = true
}
"#,
        good: r#"resource "google_container_cluster" "c" {
  name               = "apps"
  enable_legacy_abac = false
}
"#,
    },
    {
        id: "gcp-gke-client-certificate",
        severity: Medium,
        types: ["google_container_cluster"],
        service: "gke",
        summary: "A GKE cluster issuing a client certificate or using basic authentication",
        why: "Legacy client certificates and static passwords are long-lived credentials that cannot be revoked.",
        fix: "Set `master_auth { client_certificate_config { issue_client_certificate = false } }` and remove `username`/`password`",
        message: "legacy client authentication is enabled",
        when: Or(&[True("master_auth.client_certificate_config.issue_client_certificate"), Set("master_auth.username"), Set("master_auth.password")]),
        aliases: ["AVD-GCP-0064", "GCP-0064", "CKV_GCP_13", "CKV_GCP_19"],
        bad: r#"resource "google_container_cluster" "c" {
  name = "apps"
  master_auth {
    client_certificate_config {
      issue_client_certificate = true
    }
  }
}
"#,
        good: r#"resource "google_container_cluster" "c" {
  name = "apps"
  master_auth {
    client_certificate_config {
      issue_client_certificate = false
    }
  }
}
"#,
    },
    {
        id: "gcp-gke-logging-monitoring",
        severity: Medium,
        types: ["google_container_cluster"],
        service: "gke",
        summary: "A GKE cluster with Cloud Logging or Monitoring switched off",
        why: "Without logging and monitoring, cluster events and workload behaviour are invisible.",
        fix: "Leave `logging_service`/`monitoring_service` at their Kubernetes defaults (not `none`)",
        message: "logging or monitoring is disabled",
        when: Or(&[Eq("logging_service", "none"), Eq("monitoring_service", "none")]),
        aliases: ["AVD-GCP-0060", "GCP-0060", "CKV_GCP_1", "CKV_GCP_8"],
        bad: r#"resource "google_container_cluster" "c" {
  name            = "apps"
  logging_service = "none"
}
"#,
        good: r#"resource "google_container_cluster" "c" {
  name            = "apps"
  logging_service = "logging.googleapis.com/kubernetes"
}
"#,
    },
    {
        id: "gcp-gke-ip-aliasing",
        severity: Low,
        types: ["google_container_cluster"],
        service: "gke",
        summary: "A GKE cluster without VPC-native (alias IP) networking",
        why: "Routes-based clusters cannot use network policies and private connectivity features fully.",
        fix: "Add `ip_allocation_policy {}`",
        message: "IP aliasing is not enabled",
        when: And(&[Not(&Has("ip_allocation_policy")), Not(&Eq("networking_mode", "VPC_NATIVE"))]),
        aliases: ["AVD-GCP-0049", "GCP-0049", "CKV_GCP_23"],
        bad: r#"resource "google_container_cluster" "c" {
  name = "apps"
}
"#,
        good: r#"resource "google_container_cluster" "c" {
  name = "apps"
  ip_allocation_policy {}
}
"#,
    },
    {
        id: "gcp-gke-network-policy",
        severity: Medium,
        types: ["google_container_cluster"],
        service: "gke",
        summary: "A GKE cluster without network policy enforcement",
        why: "Without network policies, every pod can reach every other pod.",
        note: "Dataplane V2 (`datapath_provider = \"ADVANCED_DATAPATH\"`) enforces network policies and counts.",
        fix: "Set `network_policy { enabled = true }` or use Dataplane V2",
        message: "network policy is not enabled",
        when: And(&[Not(&True("network_policy.enabled")), Not(&Eq("datapath_provider", "ADVANCED_DATAPATH")), Not(&True("enable_autopilot"))]),
        aliases: ["AVD-GCP-0056", "GCP-0056", "CKV_GCP_12"],
        bad: r#"resource "google_container_cluster" "c" {
  name = "apps"
}
"#,
        good: r#"resource "google_container_cluster" "c" {
  name = "apps"
  network_policy {
    enabled = true
  }
}
"#,
    },
    {
        id: "gcp-gke-private-nodes",
        severity: Medium,
        types: ["google_container_cluster"],
        service: "gke",
        summary: "A GKE cluster whose nodes have public IP addresses",
        why: "Nodes with public IPs are reachable from the internet; private nodes use internal addresses only.",
        fix: "Set `private_cluster_config { enable_private_nodes = true }`",
        message: "private nodes are not enabled",
        when: Not(&True("private_cluster_config.enable_private_nodes")),
        aliases: ["AVD-GCP-0059", "GCP-0059", "CKV_GCP_64", "CKV_GCP_25"],
        bad: r#"resource "google_container_cluster" "c" {
  name = "apps"
}
"#,
        good: r#"resource "google_container_cluster" "c" {
  name = "apps"
  private_cluster_config {
    enable_private_nodes = true
  }
}
"#,
    },
    {
        id: "gcp-gke-master-authorized-networks",
        severity: Medium,
        types: ["google_container_cluster"],
        service: "gke",
        summary: "A GKE control plane reachable from any network",
        why: "Without master authorized networks, the Kubernetes API accepts connections from the whole internet.",
        fix: "Add `master_authorized_networks_config { cidr_blocks { … } }`",
        message: "master authorized networks are not configured",
        when: Not(&Has("master_authorized_networks_config")),
        aliases: ["AVD-GCP-0051", "GCP-0051", "CKV_GCP_20"],
        bad: r#"resource "google_container_cluster" "c" {
  name = "apps"
}
"#,
        good: r#"resource "google_container_cluster" "c" {
  name = "apps"
  master_authorized_networks_config {
    cidr_blocks {
      cidr_block = "10.0.0.0/8"
    }
  }
}
"#,
    },
    {
        id: "gcp-gke-shielded-nodes",
        severity: Low,
        types: ["google_container_cluster"],
        service: "gke",
        summary: "A GKE cluster with Shielded GKE Nodes disabled",
        why: "Shielded nodes give verifiable node identity and boot integrity, stopping node impersonation.",
        fix: "Remove `enable_shielded_nodes = false`",
        message: "Shielded GKE Nodes are disabled",
        when: False("enable_shielded_nodes"),
        aliases: ["AVD-GCP-0055", "GCP-0055", "CKV_GCP_71"],
        bad: r#"resource "google_container_cluster" "c" {
  name                  = "apps"
  enable_shielded_nodes = false
}
"#,
        good: r#"resource "google_container_cluster" "c" {
  name                  = "apps"
  enable_shielded_nodes = true
}
"#,
    },
    {
        id: "gcp-gke-node-secure-boot",
        severity: Low,
        types: ["google_container_cluster", "google_container_node_pool"],
        service: "gke",
        summary: "GKE nodes without Secure Boot",
        why: "Secure Boot prevents nodes from running unsigned boot components (rootkits).",
        fix: "Set `node_config { shielded_instance_config { enable_secure_boot = true } }`",
        message: "node Secure Boot is not enabled",
        when: And(&[Has("node_config"), Not(&True("node_config.shielded_instance_config.enable_secure_boot"))]),
        aliases: ["CKV_GCP_68"],
        bad: r#"resource "google_container_node_pool" "p" {
  name    = "pool"
  cluster = "apps"
  node_config {
    machine_type = "e2-standard-4"
  }
}
"#,
        good: r#"resource "google_container_node_pool" "p" {
  name    = "pool"
  cluster = "apps"
  node_config {
    machine_type = "e2-standard-4"
    shielded_instance_config {
      enable_secure_boot = true
    }
  }
}
"#,
    },
    {
        id: "gcp-gke-node-integrity-monitoring",
        severity: Low,
        types: ["google_container_cluster", "google_container_node_pool"],
        service: "gke",
        summary: "GKE nodes with integrity monitoring disabled",
        why: "Integrity monitoring detects changes to the node's boot sequence.",
        fix: "Remove `enable_integrity_monitoring = false` from `shielded_instance_config`",
        message: "node integrity monitoring is disabled",
        when: False("node_config.shielded_instance_config.enable_integrity_monitoring"),
        aliases: ["CKV_GCP_72"],
        bad: r#"resource "google_container_node_pool" "p" {
  name    = "pool"
  cluster = "apps"
  node_config {
    shielded_instance_config {
      enable_integrity_monitoring = false
    }
  }
}
"#,
        good: r#"resource "google_container_node_pool" "p" {
  name    = "pool"
  cluster = "apps"
  node_config {
    shielded_instance_config {
      enable_integrity_monitoring = true
    }
  }
}
"#,
    },
    {
        id: "gcp-gke-metadata-server",
        severity: Medium,
        types: ["google_container_cluster", "google_container_node_pool"],
        service: "gke",
        summary: "GKE nodes without the GKE metadata server",
        why: "Legacy metadata endpoints and the raw Compute metadata server let pods read node credentials and kube-env secrets.",
        note: "Node pools of a cluster with Workload Identity (`workload_identity_config`) get the GKE metadata server by default; an unset mode is reported only when the cluster is visible without it.",
        fix: "Set `node_config { workload_metadata_config { mode = \"GKE_METADATA\" } }` and keep `disable-legacy-endpoints = true`",
        message: "GKE metadata server is not enabled",
        when: And(&[
            Has("node_config"),
            Not(&In("node_config.workload_metadata_config.mode", &["GKE_METADATA", "GKE_METADATA_SERVER"])),
            Not(&In("node_config.workload_metadata_config.node_metadata", &["GKE_METADATA", "GKE_METADATA_SERVER"])),
            Or(&[
                Set("node_config.workload_metadata_config.mode"),
                Set("node_config.workload_metadata_config.node_metadata"),
                And(&[Type("google_container_cluster"), Not(&Set("workload_identity_config.workload_pool"))]),
                And(&[
                    Type("google_container_node_pool"),
                    Not(&Target { types: &["google_container_cluster"], via: "cluster", cond: &Set("workload_identity_config.workload_pool") }),
                ]),
            ]),
        ]),
        aliases: ["AVD-GCP-0057", "GCP-0057", "CKV_GCP_69"],
        bad: r#"resource "google_container_node_pool" "p" {
  name    = "pool"
  cluster = "apps"
  node_config {
    machine_type = "e2-standard-4"
  }
}
"#,
        good: r#"resource "google_container_node_pool" "p" {
  name    = "pool"
  cluster = "apps"
  node_config {
    machine_type = "e2-standard-4"
    workload_metadata_config {
      mode = "GKE_METADATA"
    }
  }
}
"#,
    },
    {
        id: "gcp-gke-legacy-metadata-endpoints",
        severity: Medium,
        types: ["google_container_cluster", "google_container_node_pool"],
        service: "gke",
        summary: "GKE nodes exposing the legacy metadata endpoints",
        why: "Legacy metadata endpoints and the raw Compute metadata server let pods read node credentials and kube-env secrets.",
        fix: "Set `node_config { workload_metadata_config { mode = \"GKE_METADATA\" } }` and keep `disable-legacy-endpoints = true`",
        message: "legacy metadata endpoints are enabled",
        when: Eq("node_config.metadata.disable-legacy-endpoints", "false"),
        aliases: ["AVD-GCP-0048", "GCP-0048", "CKV_GCP_67"],
        bad: r#"resource "google_container_node_pool" "p" {
  name    = "pool"
  cluster = "apps"
  node_config {
    metadata = {
      disable-legacy-endpoints = false
    }
  }
}
"#,
        good: r#"resource "google_container_node_pool" "p" {
  name    = "pool"
  cluster = "apps"
  node_config {
    machine_type = "e2-standard-4"
    workload_metadata_config {
      mode = "GKE_METADATA"
    }
  }
}
"#,
    },
    {
        id: "gcp-gke-node-service-account",
        severity: Medium,
        types: ["google_container_cluster", "google_container_node_pool"],
        service: "gke",
        summary: "GKE nodes running as the default compute service account",
        why: "The default compute service account has the Editor role: any pod that reaches node credentials controls the project.",
        fix: "Set `node_config { service_account = \"<dedicated minimal SA>\" }`",
        message: "nodes use the default service account",
        when: And(&[Not(&True("enable_autopilot")), Or(&[
            And(&[Has("node_config"), Not(&Set("node_config.service_account"))]),
            Contains("node_config.service_account", "-compute@developer.gserviceaccount.com"),
            Eq("node_config.service_account", "default"),
        ])]),
        aliases: ["AVD-GCP-0050", "GCP-0050"],
        bad: r#"resource "google_container_node_pool" "p" {
  name    = "pool"
  cluster = "apps"
  node_config {
    machine_type = "e2-standard-4"
  }
}
"#,
        good: r#"resource "google_container_node_pool" "p" {
  name    = "pool"
  cluster = "apps"
  node_config {
    machine_type    = "e2-standard-4"
    service_account = "gke-nodes@p.iam.gserviceaccount.com"
  }
}
"#,
    },
    {
        id: "gcp-gke-cos-image",
        severity: Low,
        types: ["google_container_cluster", "google_container_node_pool"],
        service: "gke",
        summary: "GKE nodes not using Container-Optimized OS",
        why: "COS is hardened for containers (read-only root, minimal packages, automatic updates).",
        fix: "Set `node_config { image_type = \"COS_CONTAINERD\" }`",
        message: "node image is not Container-Optimized OS",
        when: And(&[Set("node_config.image_type"), Not(&Prefix("node_config.image_type", "COS"))]),
        aliases: ["AVD-GCP-0054", "GCP-0054", "CKV_GCP_22"],
        bad: r#"resource "google_container_node_pool" "p" {
  name    = "pool"
  cluster = "apps"
  node_config {
    image_type = "UBUNTU_CONTAINERD"
  }
}
"#,
        good: r#"resource "google_container_node_pool" "p" {
  name    = "pool"
  cluster = "apps"
  node_config {
    image_type = "COS_CONTAINERD"
  }
}
"#,
    },
    {
        id: "gcp-gke-node-auto-repair",
        severity: Low,
        types: ["google_container_node_pool", "google_container_cluster"],
        service: "gke",
        summary: "A GKE node pool with auto-repair or auto-upgrade disabled",
        why: "Auto-upgrade applies security patches to nodes; auto-repair replaces unhealthy ones.",
        fix: "Set `management { auto_repair = true auto_upgrade = true }`",
        message: "node auto-repair or auto-upgrade is disabled",
        when: Or(&[False("management.auto_repair"), False("management.auto_upgrade")]),
        aliases: ["AVD-GCP-0063", "GCP-0063", "AVD-GCP-0058", "GCP-0058", "CKV_GCP_9", "CKV_GCP_10"],
        bad: r#"resource "google_container_node_pool" "p" {
  name    = "pool"
  cluster = "apps"
  management {
    auto_repair = false
  }
}
"#,
        good: r#"resource "google_container_node_pool" "p" {
  name    = "pool"
  cluster = "apps"
  management {
    auto_repair  = true
    auto_upgrade = true
  }
}
"#,
    },
    {
        id: "gcp-gke-release-channel",
        severity: Low,
        types: ["google_container_cluster"],
        service: "gke",
        summary: "A GKE cluster not enrolled in a release channel",
        why: "Release channels keep the control plane and nodes on patched versions automatically.",
        fix: "Set `release_channel { channel = \"REGULAR\" }`",
        message: "no release channel",
        when: Or(&[Not(&Has("release_channel")), Eq("release_channel.channel", "UNSPECIFIED")]),
        aliases: ["CKV_GCP_70"],
        bad: r#"resource "google_container_cluster" "c" {
  name = "apps"
}
"#,
        good: r#"resource "google_container_cluster" "c" {
  name = "apps"
  release_channel {
    channel = "REGULAR"
  }
}
"#,
    },
    {
        id: "gcp-gke-binary-authorization",
        severity: Low,
        types: ["google_container_cluster"],
        service: "gke",
        summary: "A GKE cluster without Binary Authorization",
        why: "Binary Authorization only admits images signed by trusted build pipelines.",
        fix: "Set `binary_authorization { evaluation_mode = \"PROJECT_SINGLETON_POLICY_ENFORCE\" }`",
        message: "Binary Authorization is not enabled",
        when: And(&[Not(&True("enable_binary_authorization")), Not(&Eq("binary_authorization.evaluation_mode", "PROJECT_SINGLETON_POLICY_ENFORCE")), Not(&True("binary_authorization.enabled"))]),
        aliases: ["CKV_GCP_66"],
        bad: r#"resource "google_container_cluster" "c" {
  name = "apps"
}
"#,
        good: r#"resource "google_container_cluster" "c" {
  name = "apps"
  binary_authorization {
    evaluation_mode = "PROJECT_SINGLETON_POLICY_ENFORCE"
  }
}
"#,
    },
    {
        id: "gcp-gke-google-groups-rbac",
        severity: Low,
        types: ["google_container_cluster"],
        service: "gke",
        summary: "A GKE cluster without Google Groups for RBAC",
        why: "Google Groups for RBAC manages cluster access through groups instead of individual users.",
        fix: "Set `authenticator_groups_config { security_group = \"gke-security-groups@example.com\" }`",
        message: "Google Groups for RBAC is not configured",
        when: Not(&Has("authenticator_groups_config")),
        aliases: ["CKV_GCP_65"],
        bad: r#"resource "google_container_cluster" "c" {
  name = "apps"
}
"#,
        good: r#"resource "google_container_cluster" "c" {
  name = "apps"
  authenticator_groups_config {
    security_group = "gke-security-groups@example.com"
  }
}
"#,
    },
    {
        id: "gcp-gke-default-node-pool",
        severity: Low,
        types: ["google_container_cluster"],
        service: "gke",
        summary: "A GKE cluster keeping its default node pool",
        why: "The default node pool cannot be configured separately (service account, metadata, shielded settings); managed node pools can.",
        fix: "Set `remove_default_node_pool = true` and define `google_container_node_pool` resources",
        message: "default node pool is kept",
        when: And(&[Not(&True("remove_default_node_pool")), Not(&True("enable_autopilot"))]),
        aliases: ["CKV_GCP_123"],
        bad: r#"resource "google_container_cluster" "c" {
  name = "apps"
}
"#,
        good: r#"resource "google_container_cluster" "c" {
  name                     = "apps"
  remove_default_node_pool = true
  initial_node_count       = 1
}
"#,
    },
    {
        id: "gcp-redis-auth",
        severity: Medium,
        types: ["google_redis_instance"],
        service: "memorystore",
        summary: "A Memorystore Redis instance without AUTH",
        why: "Without AUTH, anything that can reach the instance can read and write the cache.",
        fix: "Set `auth_enabled = true`",
        message: "AUTH is not enabled",
        when: Not(&True("auth_enabled")),
        aliases: ["CKV_GCP_95"],
        bad: r#"resource "google_redis_instance" "r" {
  name           = "cache"
  memory_size_gb = 1
}
"#,
        good: r#"resource "google_redis_instance" "r" {
  name           = "cache"
  memory_size_gb = 1
  auth_enabled   = true
}
"#,
    },
    {
        id: "gcp-redis-transit-encryption",
        severity: Medium,
        types: ["google_redis_instance"],
        service: "memorystore",
        summary: "A Memorystore Redis instance without in-transit encryption",
        why: "Without TLS, cached data and the AUTH string travel in plaintext.",
        fix: "Set `transit_encryption_mode = \"SERVER_AUTHENTICATION\"`",
        message: "in-transit encryption is disabled",
        when: Not(&Eq("transit_encryption_mode", "SERVER_AUTHENTICATION")),
        aliases: ["CKV_GCP_97"],
        bad: r#"resource "google_redis_instance" "r" {
  name           = "cache"
  memory_size_gb = 1
}
"#,
        good: r#"resource "google_redis_instance" "r" {
  name                    = "cache"
  memory_size_gb          = 1
  transit_encryption_mode = "SERVER_AUTHENTICATION"
}
"#,
    },
    {
        id: "gcp-no-cmek",
        severity: Low,
        types: [
            "google_bigquery_table", "google_bigquery_dataset", "google_pubsub_topic", "google_artifact_registry_repository",
            "google_bigtable_instance", "google_dataflow_job", "google_dataproc_cluster", "google_vertex_ai_dataset",
            "google_notebooks_instance", "google_notebooks_runtime", "google_spanner_database", "google_document_ai_warehouse_location"
        ],
        service: "kms",
        summary: "A Google Cloud resource not encrypted with a customer-managed key",
        why: "Google-managed keys cannot be restricted, audited separately or revoked by you; a Cloud KMS key can.",
        fix: "Set the resource's customer-managed key (`encryption_configuration { kms_key_name }`, `kms_key_name`, `kms_key`, `disk_encryption`, …)",
        message: "not encrypted with a customer-managed key",
        when: Or(&[
            And(&[Type("google_bigquery_table"), Not(&Set("encryption_configuration.kms_key_name"))]),
            And(&[Type("google_bigquery_dataset"), Not(&Set("default_encryption_configuration.kms_key_name"))]),
            And(&[Or(&[Type("google_pubsub_topic"), Type("google_artifact_registry_repository")]), Not(&Set("kms_key_name"))]),
            And(&[Type("google_bigtable_instance"), Not(&Any("cluster", &Set("kms_key_name")))]),
            And(&[Type("google_dataflow_job"), Not(&Set("kms_key_name"))]),
            And(&[Type("google_dataproc_cluster"), Not(&Set("cluster_config.encryption_config.kms_key_name"))]),
            And(&[Type("google_vertex_ai_dataset"), Not(&Set("encryption_spec.kms_key_name"))]),
            And(&[Type("google_notebooks_instance"), Not(&Eq("disk_encryption", "CMEK"))]),
            And(&[Type("google_notebooks_runtime"), Not(&Set("virtual_machine.virtual_machine_config.encryption_config.kms_key"))]),
            And(&[Type("google_spanner_database"), Not(&Set("encryption_config.kms_key_name"))]),
            And(&[Type("google_document_ai_warehouse_location"), Not(&Set("kms_key"))]),
        ]),
        aliases: ["CKV_GCP_80", "CKV_GCP_81", "CKV_GCP_83", "CKV_GCP_84", "CKV_GCP_85", "CKV_GCP_90", "CKV_GCP_91", "CKV_GCP_92", "CKV2_GCP_21", "CKV2_GCP_35", "CKV_GCP_93", "CKV2_GCP_23"],
        bad: r#"resource "google_pubsub_topic" "t" {
  name = "events"
}
"#,
        good: r#"resource "google_pubsub_topic" "t" {
  name         = "events"
  kms_key_name = "projects/p/locations/europe-west1/keyRings/r/cryptoKeys/k"
}
"#,
    },
    {
        id: "gcp-deletion-protection-off",
        severity: Low,
        types: ["google_spanner_database", "google_bigquery_table", "google_bigtable_instance", "google_sql_database_instance", "google_container_cluster"],
        service: "resilience",
        summary: "Deletion protection switched off",
        why: "With deletion protection off, a single destroy or replacement deletes the resource and its data.",
        fix: "Set `deletion_protection = true` (`enable_drop_protection = true` for Spanner)",
        message: "deletion protection is disabled",
        when: Or(&[False("deletion_protection"), False("enable_drop_protection")]),
        aliases: ["CKV_GCP_119", "CKV_GCP_121", "CKV_GCP_122"],
        bad: r#"resource "google_bigquery_table" "t" {
  dataset_id          = "sales"
  table_id            = "orders"
  deletion_protection = false
}
"#,
        good: r#"resource "google_bigquery_table" "t" {
  dataset_id          = "sales"
  table_id            = "orders"
  deletion_protection = true
}
"#,
    },
    {
        id: "gcp-private-endpoint-public",
        severity: Medium,
        types: ["google_data_fusion_instance", "google_notebooks_instance", "google_dataflow_job", "google_vertex_ai_endpoint", "google_tpu_v2_vm", "google_dataproc_cluster"],
        service: "network",
        summary: "A data or ML service reachable through public IP addresses",
        why: "Public IPs on Data Fusion, Vertex AI notebooks, Dataflow workers, endpoints, TPUs or Dataproc nodes expose them to the internet.",
        fix: "Use private instances (`private_instance = true`, `no_public_ip = true`, `ip_configuration = \"WORKER_IP_PRIVATE\"`, `internal_ip_only = true`, a `network` on endpoints)",
        message: "service has public IPs",
        when: Or(&[
            And(&[Type("google_data_fusion_instance"), Not(&True("private_instance"))]),
            And(&[Type("google_notebooks_instance"), Not(&True("no_public_ip"))]),
            And(&[Type("google_dataflow_job"), Not(&Eq("ip_configuration", "WORKER_IP_PRIVATE"))]),
            And(&[Type("google_vertex_ai_endpoint"), Not(&Set("network")), Not(&True("private_service_connect_config.enable_private_service_connect"))]),
            And(&[Type("google_tpu_v2_vm"), True("network_config.enable_external_ips")]),
            And(&[Type("google_dataproc_cluster"), Not(&True("cluster_config.gce_cluster_config.internal_ip_only"))]),
        ]),
        aliases: ["CKV_GCP_87", "CKV_GCP_89", "CKV_GCP_94", "CKV2_GCP_33", "CKV2_GCP_32", "CKV_GCP_103"],
        bad: r#"resource "google_data_fusion_instance" "d" {
  name = "etl"
  type = "BASIC"
}
"#,
        good: r#"resource "google_data_fusion_instance" "d" {
  name             = "etl"
  type             = "BASIC"
  private_instance = true
}
"#,
    },
    {
        id: "gcp-cloud-function-public-ingress",
        severity: Medium,
        types: ["google_cloudfunctions_function", "google_cloudfunctions2_function"],
        service: "functions",
        summary: "An HTTP Cloud Function accepting traffic from anywhere",
        why: "`ALLOW_ALL` ingress (the default) exposes the function's URL to the whole internet, bypassing the VPC and any load balancer with Cloud Armor in front of it.",
        note: "`ingress_settings` defaults to `ALLOW_ALL`: an unset value is reported for HTTP-triggered functions (1st gen with `trigger_http`, 2nd gen without an `event_trigger`).",
        fix: "Set `ingress_settings = \"ALLOW_INTERNAL_ONLY\"` (or `ALLOW_INTERNAL_AND_GCLB` behind a load balancer)",
        message: "function ingress allows all traffic",
        when: Or(&[
            Eq("ingress_settings", "ALLOW_ALL"),
            Eq("service_config.ingress_settings", "ALLOW_ALL"),
            And(&[Type("google_cloudfunctions_function"), True("trigger_http"), Not(&Set("ingress_settings"))]),
            And(&[
                Type("google_cloudfunctions2_function"),
                Not(&Has("event_trigger")),
                Has("service_config"),
                Not(&Set("service_config.ingress_settings")),
            ]),
        ]),
        aliases: ["CKV_GCP_124"],
        bad: r#"resource "google_cloudfunctions_function" "f" {
  name             = "api"
  runtime          = "python312"
  ingress_settings = "ALLOW_ALL"
}
"#,
        good: r#"resource "google_cloudfunctions_function" "f" {
  name             = "api"
  runtime          = "python312"
  ingress_settings = "ALLOW_INTERNAL_ONLY"
}
"#,
    },
    {
        id: "gcp-cloud-function-http-trigger-insecure",
        severity: Medium,
        types: ["google_cloudfunctions_function"],
        service: "functions",
        summary: "An HTTP-triggered Cloud Function (1st gen) that also answers plain HTTP",
        why: "`https_trigger_security_level` defaults to `SECURE_OPTIONAL`: the trigger URL answers over HTTP too, so requests and their tokens can travel unencrypted.",
        fix: "Set `https_trigger_security_level = \"SECURE_ALWAYS\"`",
        message: "HTTP trigger accepts plain HTTP",
        when: And(&[True("trigger_http"), Not(&Eq("https_trigger_security_level", "SECURE_ALWAYS"))]),
        aliases: ["CKV2_GCP_10"],
        bad: r#"resource "google_cloudfunctions_function" "f" {
  name         = "api"
  runtime      = "python312"
  trigger_http = true
}
"#,
        good: r#"resource "google_cloudfunctions_function" "f" {
  name                         = "api"
  runtime                      = "python312"
  trigger_http                 = true
  https_trigger_security_level = "SECURE_ALWAYS"
}
"#,
    },
}

fn logs_to_itself(_: &Ctx<'_>, s: &Scope<'_>) -> Hit {
    match (s.get("name"), s.get_path("logging.log_bucket")) {
        (Some((n, _)), Some((l, span))) if n.as_str().is_some() && n.as_str() == l.as_str() => {
            Hit::at(span, Some(l), Some("logs to itself".to_owned()))
        }
        _ => Hit::no(),
    }
}

/// `rotation_period` (`"7776000s"`) longer than 90 days.
fn rotation_too_long(_: &Ctx<'_>, s: &Scope<'_>) -> Hit {
    let Some((v, span)) = s.get("rotation_period") else { return Hit::no() };
    let Some(t) = v.as_str() else { return Hit::tri(Tri::Unknown) };
    match t.trim_end_matches('s').parse::<f64>() {
        Ok(secs) if secs > 7_776_000.0 => Hit::at(span, Some(v.clone()), Some(t.to_owned())),
        Ok(_) => Hit::no(),
        Err(_) => Hit::tri(Tri::Unknown),
    }
}
