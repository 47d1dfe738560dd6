//! AWS data stores: RDS/Aurora, DocumentDB, Neptune, Redshift, ElastiCache/MemoryDB, DynamoDB/DAX,
//! OpenSearch, MSK, Kinesis, EFS, MQ, Athena, Glue, QLDB, Backup.

use super::engine::Cond::{self, *};

/// Read replicas and restores inherit their settings from the source.
pub(crate) const NOT_REPLICA: Cond = And(&[
    Not(&Set("replicate_source_db")),
    Not(&Set("snapshot_identifier")),
    Not(&Set("replication_source_identifier")),
]);

/// Engines that support IAM database authentication (Aurora, MySQL, PostgreSQL, MariaDB).
const IAM_AUTH_ENGINE: Cond = Not(&Or(&[
    Prefix("engine", "oracle"),
    Prefix("engine", "sqlserver"),
    Prefix("engine", "db2"),
    Prefix("engine", "custom"),
]));

crate::cloud_checks! { CHECKS; "aws";
    {
        id: "aws-rds-backup-retention",
        severity: Medium,
        types: ["aws_db_instance", "aws_rds_cluster"],
        service: "rds",
        summary: "An RDS instance or cluster keeping automated backups for less than two days",
        why: "With backups off (0) or kept one day, a bad migration or deletion noticed on Monday cannot be undone; point-in-time recovery only reaches back as far as the retention.",
        note: "Read replicas and restores are not reported (backups follow the source). Unset, RDS keeps one day. A retention of 0 (backups off) is reported by `aws-rds-backups-disabled`.",
        fix: "Set `backup_retention_period` to 7 days or more",
        message: "backup retention is below 2 days",
        when: And(&[NOT_REPLICA, Or(&[And(&[Gt("backup_retention_period", 0.0), Lt("backup_retention_period", 2.0)]), Not(&Set("backup_retention_period"))])]),
        aliases: ["AVD-AWS-0077", "AWS-0077"],
        bad: r#"resource "aws_db_instance" "d" {
  engine                  = "postgres"
  backup_retention_period = 1
}
"#,
        good: r#"resource "aws_db_instance" "d" {
  engine                  = "postgres"
  backup_retention_period = 7
}
"#,
    },
    {
        id: "aws-rds-deletion-protection",
        severity: Medium,
        types: ["aws_db_instance", "aws_rds_cluster"],
        service: "rds",
        summary: "An RDS instance or cluster without deletion protection",
        why: "Without deletion protection, one `terraform destroy`, a renamed resource or a console slip deletes the database.",
        fix: "Set `deletion_protection = true`",
        message: "deletion protection is not enabled",
        when: Not(&True("deletion_protection")),
        aliases: ["AVD-AWS-0177", "AWS-0177", "CKV_AWS_293", "CKV_AWS_139"],
        bad: r#"resource "aws_rds_cluster" "c" {
  engine = "aurora-postgresql"
}
"#,
        good: r#"resource "aws_rds_cluster" "c" {
  engine              = "aurora-postgresql"
  deletion_protection = true
}
"#,
    },
    {
        id: "aws-rds-iam-auth",
        severity: Low,
        types: ["aws_db_instance", "aws_rds_cluster"],
        service: "rds",
        summary: "An RDS database without IAM authentication",
        why: "IAM authentication replaces long-lived database passwords with short-lived tokens tied to IAM roles, which are audited and revoked centrally.",
        fix: "Set `iam_database_authentication_enabled = true`",
        message: "IAM database authentication is not enabled",
        when: And(&[IAM_AUTH_ENGINE, Not(&True("iam_database_authentication_enabled"))]),
        aliases: ["AVD-AWS-0176", "AWS-0176", "CKV_AWS_161", "CKV_AWS_162"],
        bad: r#"resource "aws_db_instance" "d" {
  engine = "mysql"
}
"#,
        good: r#"resource "aws_db_instance" "d" {
  engine                              = "mysql"
  iam_database_authentication_enabled = true
}
"#,
    },
    {
        id: "aws-rds-multi-az",
        severity: Low,
        types: ["aws_db_instance"],
        service: "rds",
        summary: "An RDS instance without Multi-AZ",
        why: "A single-AZ instance goes down with its availability zone and during maintenance; Multi-AZ fails over to a standby.",
        fix: "Set `multi_az = true` for production databases",
        message: "Multi-AZ is not enabled",
        when: And(&[NOT_REPLICA, Not(&True("multi_az"))]),
        aliases: ["CKV_AWS_157"],
        bad: r#"resource "aws_db_instance" "d" {
  engine = "postgres"
}
"#,
        good: r#"resource "aws_db_instance" "d" {
  engine   = "postgres"
  multi_az = true
}
"#,
    },
    {
        id: "aws-rds-performance-insights",
        severity: Low,
        types: ["aws_db_instance", "aws_rds_cluster_instance"],
        service: "rds",
        summary: "An RDS instance without Performance Insights",
        why: "Performance Insights shows which queries load the database; without it, slowdowns and abusive queries are hard to diagnose.",
        fix: "Set `performance_insights_enabled = true`",
        message: "Performance Insights is not enabled",
        when: Not(&True("performance_insights_enabled")),
        aliases: ["AVD-AWS-0133", "AWS-0133", "CKV_AWS_353"],
        bad: r#"resource "aws_db_instance" "d" {
  engine = "postgres"
}
"#,
        good: r#"resource "aws_db_instance" "d" {
  engine                       = "postgres"
  performance_insights_enabled = true
}
"#,
    },
    {
        id: "aws-rds-performance-insights-cmk",
        severity: Low,
        types: ["aws_db_instance", "aws_rds_cluster_instance"],
        service: "rds",
        summary: "Performance Insights data not encrypted with a customer-managed key",
        why: "Performance Insights stores query text, which can contain personal data; a customer-managed key controls and audits access to it.",
        fix: "Set `performance_insights_kms_key_id`",
        message: "Performance Insights uses the AWS-managed key",
        when: And(&[True("performance_insights_enabled"), Not(&Set("performance_insights_kms_key_id"))]),
        aliases: ["CKV_AWS_354", "AVD-AWS-0078", "AWS-0078"],
        bad: r#"resource "aws_db_instance" "d" {
  engine                       = "postgres"
  performance_insights_enabled = true
}
"#,
        good: r#"resource "aws_db_instance" "d" {
  engine                          = "postgres"
  performance_insights_enabled    = true
  performance_insights_kms_key_id = "arn:aws:kms:eu-west-1:111122223333:key/abc"
}
"#,
    },
    {
        id: "aws-rds-minor-upgrades-off",
        severity: Low,
        types: ["aws_db_instance", "aws_rds_cluster_instance", "aws_dms_replication_instance", "aws_elasticache_cluster", "aws_mq_broker", "aws_redshift_cluster"],
        service: "rds",
        summary: "Automatic minor version upgrades switched off",
        why: "Minor versions carry security fixes; with automatic upgrades off, known vulnerabilities stay until someone remembers to patch.",
        fix: "Set `auto_minor_version_upgrade = true` (`allow_version_upgrade = true` for Redshift)",
        message: "automatic minor version upgrades are disabled",
        when: Or(&[False("auto_minor_version_upgrade"), False("allow_version_upgrade")]),
        aliases: ["CKV_AWS_226", "CKV_AWS_222", "CKV_AWS_322", "CKV_AWS_207", "CKV_AWS_141"],
        bad: r#"resource "aws_db_instance" "d" {
  engine                     = "postgres"
  auto_minor_version_upgrade = false
}
"#,
        good: r#"resource "aws_db_instance" "d" {
  engine                     = "postgres"
  auto_minor_version_upgrade = true
}
"#,
    },
    {
        id: "aws-rds-log-exports",
        severity: Low,
        types: ["aws_db_instance", "aws_rds_cluster"],
        service: "rds",
        summary: "An RDS database exporting no logs to CloudWatch",
        why: "Without exported logs (error, audit, general, postgresql), failed logins and suspicious queries are lost with the instance.",
        fix: "Set `enabled_cloudwatch_logs_exports` (for example `[\"postgresql\"]` or `[\"audit\", \"error\"]`)",
        message: "no database logs are exported",
        when: Or(&[Not(&Set("enabled_cloudwatch_logs_exports")), Empty("enabled_cloudwatch_logs_exports")]),
        aliases: ["CKV_AWS_129", "CKV_AWS_324"],
        bad: r#"resource "aws_db_instance" "d" {
  engine = "postgres"
}
"#,
        good: r#"resource "aws_db_instance" "d" {
  engine                          = "postgres"
  enabled_cloudwatch_logs_exports = ["postgresql"]
}
"#,
    },
    {
        id: "aws-rds-cluster-audit-log",
        severity: Low,
        types: ["aws_rds_cluster"],
        service: "rds",
        summary: "An Aurora MySQL cluster not exporting its audit log",
        why: "The audit log records logins and queries; without it a data breach cannot be reconstructed.",
        fix: "Add `\"audit\"` to `enabled_cloudwatch_logs_exports`",
        message: "audit log is not exported",
        when: And(&[Or(&[Prefix("engine", "aurora-mysql"), Eq("engine", "aurora"), Eq("engine", "mysql")]), Not(&Contains("enabled_cloudwatch_logs_exports", "audit"))]),
        aliases: ["CKV_AWS_325"],
        bad: r#"resource "aws_rds_cluster" "c" {
  engine = "aurora-mysql"
}
"#,
        good: r#"resource "aws_rds_cluster" "c" {
  engine                          = "aurora-mysql"
  enabled_cloudwatch_logs_exports = ["audit", "error"]
}
"#,
    },
    {
        id: "aws-rds-enhanced-monitoring",
        severity: Low,
        types: ["aws_db_instance"],
        service: "rds",
        summary: "An RDS instance without enhanced monitoring",
        why: "Enhanced monitoring reports OS-level metrics (processes, memory) needed to diagnose incidents.",
        fix: "Set `monitoring_interval` (1–60 seconds) and a `monitoring_role_arn`",
        message: "enhanced monitoring is off",
        when: Or(&[Not(&Set("monitoring_interval")), Lt("monitoring_interval", 1.0)]),
        aliases: ["CKV_AWS_118"],
        bad: r#"resource "aws_db_instance" "d" {
  engine = "postgres"
}
"#,
        good: r#"resource "aws_db_instance" "d" {
  engine              = "postgres"
  monitoring_interval = 60
  monitoring_role_arn = "arn:aws:iam::111122223333:role/rds-monitoring"
}
"#,
    },
    {
        id: "aws-rds-copy-tags-to-snapshot",
        severity: Low,
        types: ["aws_db_instance", "aws_rds_cluster", "aws_neptune_cluster"],
        service: "rds",
        summary: "A database that does not copy its tags to snapshots",
        why: "Tags drive ownership, cost allocation and tag-based access control; snapshots without them escape those policies.",
        fix: "Set `copy_tags_to_snapshot = true`",
        message: "tags are not copied to snapshots",
        when: Not(&True("copy_tags_to_snapshot")),
        aliases: ["CKV_AWS_313", "CKV2_AWS_60", "CKV_AWS_362"],
        bad: r#"resource "aws_rds_cluster" "c" {
  engine = "aurora-postgresql"
}
"#,
        good: r#"resource "aws_rds_cluster" "c" {
  engine                = "aurora-postgresql"
  copy_tags_to_snapshot = true
}
"#,
    },
    {
        id: "aws-rds-no-cmk",
        severity: Low,
        types: ["aws_rds_cluster", "aws_db_instance_automated_backups_replication", "aws_db_snapshot_copy", "aws_rds_cluster_activity_stream"],
        service: "rds",
        summary: "RDS data encrypted without a customer-managed KMS key",
        why: "The AWS-managed `aws/rds` key cannot be shared or restricted; a customer-managed key controls who can restore and copy the data.",
        fix: "Set `kms_key_id` to a customer-managed key",
        message: "not encrypted with a customer-managed KMS key",
        when: Not(&Set("kms_key_id")),
        aliases: ["CKV_AWS_327", "CKV_AWS_245", "CKV_AWS_266", "CKV_AWS_246"],
        bad: r#"resource "aws_rds_cluster" "c" {
  engine            = "aurora-postgresql"
  storage_encrypted = true
}
"#,
        good: r#"resource "aws_rds_cluster" "c" {
  engine            = "aurora-postgresql"
  storage_encrypted = true
  kms_key_id        = "arn:aws:kms:eu-west-1:111122223333:key/abc"
}
"#,
    },
    {
        id: "aws-rds-outdated-ca",
        severity: Medium,
        types: ["aws_db_instance"],
        service: "rds",
        summary: "An RDS instance using an expired or retired certificate authority",
        why: "`rds-ca-2015` and `rds-ca-2019` have expired: clients verifying TLS fail or, worse, are configured not to verify.",
        fix: "Set `ca_cert_identifier = \"rds-ca-rsa2048-g1\"` (or another current CA)",
        message: "outdated RDS certificate authority",
        when: In("ca_cert_identifier", &["rds-ca-2015", "rds-ca-2019"]),
        aliases: ["CKV_AWS_211"],
        bad: r#"resource "aws_db_instance" "d" {
  engine             = "postgres"
  ca_cert_identifier = "rds-ca-2019"
}
"#,
        good: r#"resource "aws_db_instance" "d" {
  engine             = "postgres"
  ca_cert_identifier = "rds-ca-rsa2048-g1"
}
"#,
    },
    {
        id: "aws-aurora-backtrack",
        severity: Low,
        types: ["aws_rds_cluster"],
        service: "rds",
        summary: "An Aurora MySQL cluster without backtracking",
        why: "Backtracking rewinds the cluster to a point in time in minutes, without a restore, after a bad write or deletion.",
        fix: "Set `backtrack_window` (seconds, up to 72 hours)",
        message: "backtracking is not enabled",
        when: And(&[Or(&[Prefix("engine", "aurora-mysql"), Eq("engine", "aurora")]), Or(&[Not(&Set("backtrack_window")), Lt("backtrack_window", 1.0)])]),
        aliases: ["CKV_AWS_326"],
        bad: r#"resource "aws_rds_cluster" "c" {
  engine = "aurora-mysql"
}
"#,
        good: r#"resource "aws_rds_cluster" "c" {
  engine           = "aurora-mysql"
  backtrack_window = 86400
}
"#,
    },
    {
        id: "aws-rds-classic-security-group",
        severity: Medium,
        types: ["aws_db_security_group", "aws_redshift_security_group", "aws_elasticache_security_group"],
        service: "rds",
        summary: "An EC2-Classic database security group",
        why: "EC2-Classic security groups belong to the retired Classic network, outside any VPC.",
        fix: "Run the database in a VPC with `vpc_security_group_ids`",
        message: "EC2-Classic security group",
        when: Not(&Type("aws_vpc")),
        aliases: ["CKV_AWS_198", "AVD-AWS-0081", "AWS-0081", "AVD-AWS-0085", "AWS-0085"],
        bad: r#"resource "aws_db_security_group" "g" {
  name = "db"
  ingress {
    cidr = "10.0.0.0/24"
  }
}
"#,
        good: r#"resource "aws_security_group" "g" {
  name        = "db"
  description = "database"
}
"#,
    },
    {
        id: "aws-rds-snapshot-public",
        severity: Critical,
        types: ["aws_db_snapshot", "aws_db_cluster_snapshot"],
        service: "rds",
        summary: "An RDS snapshot shared with every AWS account",
        why: "A snapshot shared with `all` can be restored by anyone, with all of its data.",
        fix: "Remove `all` from `shared_accounts`; share with named accounts",
        message: "snapshot is shared publicly",
        when: Contains("shared_accounts", "all"),
        aliases: ["CKV_AWS_302"],
        bad: r#"resource "aws_db_snapshot" "s" {
  db_instance_identifier = "db"
  db_snapshot_identifier = "snap"
  shared_accounts        = ["all"]
}
"#,
        good: r#"resource "aws_db_snapshot" "s" {
  db_instance_identifier = "db"
  db_snapshot_identifier = "snap"
  shared_accounts        = ["111122223333"]
}
"#,
    },
    {
        id: "aws-docdb-unencrypted",
        severity: Medium,
        types: ["aws_docdb_cluster", "aws_docdb_global_cluster"],
        service: "documentdb",
        summary: "A DocumentDB cluster without storage encryption",
        why: "Storage, backups and snapshots of an unencrypted cluster are readable by anyone who gets a copy; encryption cannot be turned on later.",
        fix: "Set `storage_encrypted = true`",
        message: "storage is not encrypted",
        when: And(&[Not(&True("storage_encrypted")), Not(&Set("snapshot_identifier")), Not(&Set("source_db_cluster_identifier"))]),
        aliases: ["AVD-AWS-0021", "AWS-0021", "CKV_AWS_74", "CKV_AWS_292"],
        bad: r#"resource "aws_docdb_cluster" "d" {
  cluster_identifier = "docs"
}
"#,
        good: r#"resource "aws_docdb_cluster" "d" {
  cluster_identifier = "docs"
  storage_encrypted  = true
}
"#,
    },
    {
        id: "aws-docdb-no-cmk",
        severity: Low,
        types: ["aws_docdb_cluster"],
        service: "documentdb",
        summary: "A DocumentDB cluster not encrypted with a customer-managed key",
        why: "A customer-managed key controls and audits who can decrypt the data and its snapshots.",
        fix: "Set `kms_key_id`",
        message: "not encrypted with a customer-managed KMS key",
        when: Not(&Set("kms_key_id")),
        aliases: ["AVD-AWS-0022", "AWS-0022", "CKV_AWS_182"],
        bad: r#"resource "aws_docdb_cluster" "d" {
  storage_encrypted = true
}
"#,
        good: r#"resource "aws_docdb_cluster" "d" {
  storage_encrypted = true
  kms_key_id        = "arn:aws:kms:eu-west-1:111122223333:key/abc"
}
"#,
    },
    {
        id: "aws-docdb-log-exports",
        severity: Low,
        types: ["aws_docdb_cluster"],
        service: "documentdb",
        summary: "A DocumentDB cluster exporting no audit or profiler logs",
        why: "Without exported logs, authentication events and queries leave no trace for investigation.",
        fix: "Set `enabled_cloudwatch_logs_exports = [\"audit\", \"profiler\"]`",
        message: "no logs are exported",
        when: Or(&[Not(&Set("enabled_cloudwatch_logs_exports")), Empty("enabled_cloudwatch_logs_exports")]),
        aliases: ["AVD-AWS-0020", "AWS-0020", "CKV_AWS_85"],
        bad: r#"resource "aws_docdb_cluster" "d" {
  storage_encrypted = true
}
"#,
        good: r#"resource "aws_docdb_cluster" "d" {
  storage_encrypted               = true
  enabled_cloudwatch_logs_exports = ["audit", "profiler"]
}
"#,
    },
    {
        id: "aws-docdb-backup-retention",
        severity: Low,
        types: ["aws_docdb_cluster", "aws_neptune_cluster"],
        service: "documentdb",
        summary: "A DocumentDB or Neptune cluster keeping backups for less than 7 days",
        why: "The default one-day retention leaves no time to notice and undo a destructive change.",
        fix: "Set `backup_retention_period = 7` or more",
        message: "backup retention is below 7 days",
        when: Or(&[Lt("backup_retention_period", 7.0), Not(&Set("backup_retention_period"))]),
        aliases: ["CKV_AWS_360", "CKV_AWS_361"],
        bad: r#"resource "aws_docdb_cluster" "d" {
  backup_retention_period = 1
}
"#,
        good: r#"resource "aws_docdb_cluster" "d" {
  backup_retention_period = 7
}
"#,
    },
    {
        id: "aws-docdb-tls-disabled",
        severity: High,
        types: ["aws_docdb_cluster_parameter_group"],
        service: "documentdb",
        summary: "A DocumentDB parameter group that disables TLS",
        why: "With `tls = disabled`, credentials and documents travel in plaintext inside the VPC.",
        fix: "Remove the `tls` parameter or set it to `enabled`",
        message: "TLS is disabled",
        when: Any("parameter", &And(&[Eq("name", "tls"), Eq("value", "disabled")])),
        aliases: ["CKV_AWS_90"],
        bad: r#"resource "aws_docdb_cluster_parameter_group" "p" {
  family = "docdb5.0"
  parameter {
    name  = "tls"
    value = "disabled"
  }
}
"#,
        good: r#"resource "aws_docdb_cluster_parameter_group" "p" {
  family = "docdb5.0"
  parameter {
    name  = "tls"
    value = "enabled"
  }
}
"#,
    },
    {
        id: "aws-docdb-audit-logs-disabled",
        severity: Low,
        types: ["aws_docdb_cluster_parameter_group"],
        service: "documentdb",
        summary: "A DocumentDB parameter group without audit logging",
        why: "Audit logs record authentication and data-definition events; they are off unless `audit_logs` is enabled.",
        fix: "Add `parameter { name = \"audit_logs\" value = \"enabled\" }`",
        message: "audit logs are not enabled",
        when: Not(&Any("parameter", &And(&[Eq("name", "audit_logs"), Or(&[Eq("value", "enabled"), Eq("value", "all")])]))),
        aliases: ["CKV_AWS_104"],
        bad: r#"resource "aws_docdb_cluster_parameter_group" "p" {
  family = "docdb5.0"
}
"#,
        good: r#"resource "aws_docdb_cluster_parameter_group" "p" {
  family = "docdb5.0"
  parameter {
    name  = "audit_logs"
    value = "enabled"
  }
}
"#,
    },
    {
        id: "aws-neptune-unencrypted",
        severity: Medium,
        types: ["aws_neptune_cluster"],
        service: "neptune",
        summary: "A Neptune cluster without storage encryption",
        why: "Storage, backups and snapshots of an unencrypted cluster are readable by anyone who gets a copy.",
        fix: "Set `storage_encrypted = true`",
        message: "storage is not encrypted",
        when: And(&[Not(&True("storage_encrypted")), Not(&Set("snapshot_identifier")), Not(&Set("replication_source_identifier"))]),
        aliases: ["AVD-AWS-0076", "AWS-0076", "CKV_AWS_44"],
        bad: r#"resource "aws_neptune_cluster" "n" {
  cluster_identifier = "graph"
}
"#,
        good: r#"resource "aws_neptune_cluster" "n" {
  cluster_identifier = "graph"
  storage_encrypted  = true
}
"#,
    },
    {
        id: "aws-neptune-no-cmk",
        severity: Low,
        types: ["aws_neptune_cluster"],
        service: "neptune",
        summary: "A Neptune cluster not encrypted with a customer-managed key",
        why: "A customer-managed key controls and audits who can decrypt the data and its snapshots.",
        fix: "Set `kms_key_arn`",
        message: "not encrypted with a customer-managed KMS key",
        when: Not(&Set("kms_key_arn")),
        aliases: ["CKV_AWS_347", "AVD-AWS-0128", "AWS-0128"],
        bad: r#"resource "aws_neptune_cluster" "n" {
  storage_encrypted = true
}
"#,
        good: r#"resource "aws_neptune_cluster" "n" {
  storage_encrypted = true
  kms_key_arn       = "arn:aws:kms:eu-west-1:111122223333:key/abc"
}
"#,
    },
    {
        id: "aws-neptune-audit-log",
        severity: Low,
        types: ["aws_neptune_cluster"],
        service: "neptune",
        summary: "A Neptune cluster not exporting its audit log",
        why: "The audit log records queries and connections; without it, misuse cannot be investigated.",
        fix: "Set `enable_cloudwatch_logs_exports = [\"audit\"]`",
        message: "audit log is not exported",
        when: Not(&Contains("enable_cloudwatch_logs_exports", "audit")),
        aliases: ["AVD-AWS-0075", "AWS-0075", "CKV_AWS_101"],
        bad: r#"resource "aws_neptune_cluster" "n" {
  storage_encrypted = true
}
"#,
        good: r#"resource "aws_neptune_cluster" "n" {
  storage_encrypted              = true
  enable_cloudwatch_logs_exports = ["audit"]
}
"#,
    },
    {
        id: "aws-neptune-iam-auth",
        severity: Low,
        types: ["aws_neptune_cluster"],
        service: "neptune",
        summary: "A Neptune cluster without IAM authentication",
        why: "Without IAM authentication, any client that reaches the endpoint can query the graph.",
        fix: "Set `iam_database_authentication_enabled = true`",
        message: "IAM authentication is not enabled",
        when: Not(&True("iam_database_authentication_enabled")),
        aliases: ["CKV_AWS_359", "CKV2_AWS_58"],
        bad: r#"resource "aws_neptune_cluster" "n" {
  storage_encrypted = true
}
"#,
        good: r#"resource "aws_neptune_cluster" "n" {
  storage_encrypted                   = true
  iam_database_authentication_enabled = true
}
"#,
    },
    {
        id: "aws-neptune-instance-public",
        severity: High,
        types: ["aws_neptune_cluster_instance"],
        service: "neptune",
        summary: "A publicly accessible Neptune instance",
        why: "A public endpoint exposes the graph database to the internet.",
        fix: "Set `publicly_accessible = false`",
        message: "instance is publicly accessible",
        when: True("publicly_accessible"),
        aliases: ["CKV_AWS_102"],
        bad: r#"resource "aws_neptune_cluster_instance" "i" {
  cluster_identifier  = "graph"
  publicly_accessible = true
}
"#,
        good: r#"resource "aws_neptune_cluster_instance" "i" {
  cluster_identifier  = "graph"
  publicly_accessible = false
}
"#,
    },
    {
        id: "aws-redshift-no-cmk",
        severity: Low,
        types: ["aws_redshift_cluster", "aws_redshiftserverless_namespace", "aws_redshift_snapshot_copy_grant"],
        service: "redshift",
        summary: "A Redshift cluster or namespace not encrypted with a customer-managed key",
        why: "Without a customer-managed key, the warehouse is either unencrypted or encrypted with a key nobody can restrict or audit separately.",
        fix: "Set `encrypted = true` with a `kms_key_id`",
        message: "not encrypted with a customer-managed KMS key",
        when: Not(&Set("kms_key_id")),
        aliases: ["AVD-AWS-0084", "AWS-0084", "CKV_AWS_142", "CKV_AWS_282", "CKV_AWS_281"],
        bad: r#"resource "aws_redshift_cluster" "r" {
  cluster_identifier = "dw"
  node_type          = "ra3.xlplus"
}
"#,
        good: r#"resource "aws_redshift_cluster" "r" {
  cluster_identifier = "dw"
  node_type          = "ra3.xlplus"
  encrypted          = true
  kms_key_id         = "arn:aws:kms:eu-west-1:111122223333:key/abc"
}
"#,
    },
    {
        id: "aws-redshift-logging",
        severity: Low,
        types: ["aws_redshift_cluster"],
        service: "redshift",
        summary: "A Redshift cluster without audit logging",
        why: "Audit logs record connections, users and queries: the evidence needed after unauthorised access.",
        fix: "Add an `aws_redshift_logging` (or `logging { enable = true }`)",
        message: "audit logging is not enabled",
        when: And(&[Not(&True("logging.enable")), Not(&Related { types: &["aws_redshift_logging"], via: "cluster_identifier", cond: None })]),
        aliases: ["CKV_AWS_71"],
        bad: r#"resource "aws_redshift_cluster" "r" {
  cluster_identifier = "dw"
}
"#,
        good: r#"resource "aws_redshift_cluster" "r" {
  cluster_identifier = "dw"
  logging {
    enable      = true
    bucket_name = "audit"
  }
}
"#,
    },
    {
        id: "aws-redshift-outside-vpc",
        severity: Medium,
        types: ["aws_redshift_cluster"],
        service: "redshift",
        summary: "A Redshift cluster not placed in a VPC subnet group",
        why: "Without a subnet group the cluster runs in the default network placement instead of private subnets you control.",
        fix: "Set `cluster_subnet_group_name`",
        message: "cluster has no subnet group",
        when: Not(&Set("cluster_subnet_group_name")),
        aliases: ["AVD-AWS-0127", "AWS-0127", "CKV_AWS_154"],
        bad: r#"resource "aws_redshift_cluster" "r" {
  cluster_identifier = "dw"
}
"#,
        good: r#"resource "aws_redshift_cluster" "r" {
  cluster_identifier        = "dw"
  cluster_subnet_group_name = "private"
}
"#,
    },
    {
        id: "aws-redshift-enhanced-vpc-routing",
        severity: Low,
        types: ["aws_redshift_cluster"],
        service: "redshift",
        summary: "A Redshift cluster without enhanced VPC routing",
        why: "Without it, COPY and UNLOAD traffic bypasses the VPC's endpoints, flow logs and network controls.",
        fix: "Set `enhanced_vpc_routing = true`",
        message: "enhanced VPC routing is off",
        when: Not(&True("enhanced_vpc_routing")),
        aliases: ["CKV_AWS_321"],
        bad: r#"resource "aws_redshift_cluster" "r" {
  cluster_identifier = "dw"
}
"#,
        good: r#"resource "aws_redshift_cluster" "r" {
  cluster_identifier   = "dw"
  enhanced_vpc_routing = true
}
"#,
    },
    {
        id: "aws-redshift-default-database-name",
        severity: Low,
        types: ["aws_redshift_cluster"],
        service: "redshift",
        summary: "A Redshift cluster using the default database name `dev`",
        why: "The default name is the first thing automated attacks try.",
        fix: "Set `database_name` to something specific",
        message: "default database name",
        when: Or(&[Not(&Set("database_name")), Eq("database_name", "dev")]),
        aliases: ["CKV_AWS_320"],
        bad: r#"resource "aws_redshift_cluster" "r" {
  cluster_identifier = "dw"
}
"#,
        good: r#"resource "aws_redshift_cluster" "r" {
  cluster_identifier = "dw"
  database_name      = "analytics"
}
"#,
    },
    {
        id: "aws-redshift-require-ssl",
        severity: Medium,
        types: ["aws_redshift_parameter_group"],
        service: "redshift",
        summary: "A Redshift parameter group that does not require SSL",
        why: "Without `require_ssl`, clients may connect in plaintext and send credentials and results unencrypted.",
        fix: "Add `parameter { name = \"require_ssl\" value = \"true\" }`",
        message: "require_ssl is not true",
        when: Not(&Any("parameter", &And(&[Eq("name", "require_ssl"), Eq("value", "true")]))),
        aliases: ["CKV_AWS_105"],
        bad: r#"resource "aws_redshift_parameter_group" "p" {
  name   = "p"
  family = "redshift-1.0"
}
"#,
        good: r#"resource "aws_redshift_parameter_group" "p" {
  name   = "p"
  family = "redshift-1.0"
  parameter {
    name  = "require_ssl"
    value = "true"
  }
}
"#,
    },
    {
        id: "aws-elasticache-transit-encryption",
        severity: Medium,
        types: ["aws_elasticache_replication_group"],
        service: "elasticache",
        summary: "An ElastiCache replication group without encryption in transit",
        why: "Without TLS, cached data and AUTH tokens travel in plaintext between clients and nodes.",
        fix: "Set `transit_encryption_enabled = true`",
        message: "encryption in transit is not enabled",
        when: Not(&True("transit_encryption_enabled")),
        aliases: ["AVD-AWS-0051", "AWS-0051", "CKV_AWS_30"],
        bad: r#"resource "aws_elasticache_replication_group" "r" {
  replication_group_id = "cache"
  description          = "cache"
}
"#,
        good: r#"resource "aws_elasticache_replication_group" "r" {
  replication_group_id       = "cache"
  description                = "cache"
  transit_encryption_enabled = true
}
"#,
    },
    {
        id: "aws-elasticache-no-auth",
        severity: Medium,
        types: ["aws_elasticache_replication_group"],
        service: "elasticache",
        summary: "An ElastiCache Redis replication group without TLS and an AUTH token (or user group)",
        why: "Without authentication, anything that can reach the nodes can read and overwrite the cache.",
        fix: "Set `transit_encryption_enabled = true` with an `auth_token` or `user_group_ids`",
        message: "no AUTH token or user group with TLS",
        when: Not(&And(&[True("transit_encryption_enabled"), Or(&[Set("auth_token"), Set("user_group_ids")])])),
        aliases: ["CKV_AWS_31"],
        bad: r#"resource "aws_elasticache_replication_group" "r" {
  replication_group_id       = "cache"
  description                = "cache"
  transit_encryption_enabled = true
}
"#,
        good: r#"resource "aws_elasticache_replication_group" "r" {
  replication_group_id       = "cache"
  description                = "cache"
  transit_encryption_enabled = true
  auth_token                 = var.redis_auth_token
}
"#,
    },
    {
        id: "aws-elasticache-no-cmk",
        severity: Low,
        types: ["aws_elasticache_replication_group"],
        service: "elasticache",
        summary: "An ElastiCache replication group not encrypted with a customer-managed key",
        why: "A customer-managed key controls and audits access to the cache's backups and disks.",
        fix: "Set `kms_key_id` (with `at_rest_encryption_enabled = true`)",
        message: "not encrypted with a customer-managed KMS key",
        when: Not(&Set("kms_key_id")),
        aliases: ["CKV_AWS_191"],
        bad: r#"resource "aws_elasticache_replication_group" "r" {
  replication_group_id       = "cache"
  description                = "cache"
  at_rest_encryption_enabled = true
}
"#,
        good: r#"resource "aws_elasticache_replication_group" "r" {
  replication_group_id       = "cache"
  description                = "cache"
  at_rest_encryption_enabled = true
  kms_key_id                 = "arn:aws:kms:eu-west-1:111122223333:key/abc"
}
"#,
    },
    {
        id: "aws-elasticache-failover",
        severity: Low,
        types: ["aws_elasticache_replication_group"],
        service: "elasticache",
        summary: "An ElastiCache replication group without automatic failover",
        why: "Without Multi-AZ automatic failover, losing the primary node takes the cache down until someone intervenes.",
        fix: "Set `automatic_failover_enabled = true` (and `multi_az_enabled = true`) with at least one replica",
        message: "automatic failover is disabled",
        when: Not(&True("automatic_failover_enabled")),
        aliases: ["CKV2_AWS_50"],
        bad: r#"resource "aws_elasticache_replication_group" "r" {
  replication_group_id = "cache"
  description          = "cache"
}
"#,
        good: r#"resource "aws_elasticache_replication_group" "r" {
  replication_group_id       = "cache"
  description                = "cache"
  automatic_failover_enabled = true
}
"#,
    },
    {
        id: "aws-elasticache-redis-backup",
        severity: Low,
        types: ["aws_elasticache_cluster", "aws_elasticache_replication_group"],
        service: "elasticache",
        summary: "A Redis cache without automatic backups",
        why: "Without snapshots, data kept in Redis (sessions, queues, counters) is lost with the node.",
        fix: "Set `snapshot_retention_limit` to 1 or more",
        message: "automatic backups are off",
        when: And(&[
            Or(&[Type("aws_elasticache_replication_group"), Eq("engine", "redis"), Eq("engine", "valkey")]),
            // cache.t1.micro nodes cannot take snapshots.
            Not(&Eq("node_type", "cache.t1.micro")),
            Or(&[Not(&Set("snapshot_retention_limit")), Lt("snapshot_retention_limit", 1.0)]),
        ]),
        aliases: ["AVD-AWS-0050", "AWS-0050", "CKV_AWS_134"],
        bad: r#"resource "aws_elasticache_cluster" "c" {
  cluster_id = "cache"
  engine     = "redis"
}
"#,
        good: r#"resource "aws_elasticache_cluster" "c" {
  cluster_id               = "cache"
  engine                   = "redis"
  snapshot_retention_limit = 5
}
"#,
    },
    {
        id: "aws-memorydb-tls-disabled",
        severity: Medium,
        types: ["aws_memorydb_cluster"],
        service: "memorydb",
        summary: "A MemoryDB cluster with TLS disabled",
        why: "Without TLS, data and credentials travel in plaintext.",
        fix: "Remove `tls_enabled = false`",
        message: "TLS is disabled",
        when: False("tls_enabled"),
        aliases: ["CKV_AWS_202"],
        bad: r#"resource "aws_memorydb_cluster" "m" {
  name        = "m"
  acl_name    = "open-access"
  tls_enabled = false
}
"#,
        good: r#"resource "aws_memorydb_cluster" "m" {
  name        = "m"
  acl_name    = "app"
  tls_enabled = true
}
"#,
    },
    {
        id: "aws-memorydb-no-cmk",
        severity: Low,
        types: ["aws_memorydb_cluster", "aws_memorydb_snapshot"],
        service: "memorydb",
        summary: "A MemoryDB cluster or snapshot not encrypted with a customer-managed key",
        why: "A customer-managed key controls and audits access to the data at rest.",
        fix: "Set `kms_key_arn`",
        message: "not encrypted with a customer-managed KMS key",
        when: Not(&Set("kms_key_arn")),
        aliases: ["CKV_AWS_201", "CKV_AWS_278"],
        bad: r#"resource "aws_memorydb_cluster" "m" {
  name     = "m"
  acl_name = "app"
}
"#,
        good: r#"resource "aws_memorydb_cluster" "m" {
  name        = "m"
  acl_name    = "app"
  kms_key_arn = "arn:aws:kms:eu-west-1:111122223333:key/abc"
}
"#,
    },
    {
        id: "aws-dynamodb-pitr",
        severity: Medium,
        types: ["aws_dynamodb_table"],
        service: "dynamodb",
        summary: "A DynamoDB table without point-in-time recovery",
        why: "Without PITR, a buggy batch write or accidental delete cannot be rolled back to a second before it happened.",
        fix: "Add `point_in_time_recovery { enabled = true }`",
        message: "point-in-time recovery is not enabled",
        when: Not(&True("point_in_time_recovery.enabled")),
        aliases: ["AVD-AWS-0024", "AWS-0024", "CKV_AWS_28", "CKV_AWS_165"],
        bad: r#"resource "aws_dynamodb_table" "t" {
  name     = "orders"
  hash_key = "id"
}
"#,
        good: r#"resource "aws_dynamodb_table" "t" {
  name     = "orders"
  hash_key = "id"
  point_in_time_recovery {
    enabled = true
  }
}
"#,
    },
    {
        id: "aws-dynamodb-no-cmk",
        severity: Low,
        types: ["aws_dynamodb_table"],
        service: "dynamodb",
        summary: "A DynamoDB table not encrypted with a customer-managed key",
        why: "Tables are always encrypted, but with an AWS-owned key by default: you cannot restrict or audit its use.",
        fix: "Add `server_side_encryption { enabled = true kms_key_arn = … }`",
        message: "not encrypted with a customer-managed KMS key",
        when: Not(&And(&[True("server_side_encryption.enabled"), Set("server_side_encryption.kms_key_arn")])),
        aliases: ["AVD-AWS-0025", "AWS-0025", "CKV_AWS_119"],
        bad: r#"resource "aws_dynamodb_table" "t" {
  name     = "orders"
  hash_key = "id"
}
"#,
        good: r#"resource "aws_dynamodb_table" "t" {
  name     = "orders"
  hash_key = "id"
  server_side_encryption {
    enabled     = true
    kms_key_arn = "arn:aws:kms:eu-west-1:111122223333:key/abc"
  }
}
"#,
    },
    {
        id: "aws-dax-unencrypted",
        severity: Medium,
        types: ["aws_dax_cluster"],
        service: "dax",
        summary: "A DAX cluster without encryption at rest",
        why: "DAX stores cached items on node disks; they are unencrypted unless server-side encryption is enabled.",
        fix: "Add `server_side_encryption { enabled = true }`",
        message: "encryption at rest is not enabled",
        when: Not(&True("server_side_encryption.enabled")),
        aliases: ["AVD-AWS-0023", "AWS-0023", "CKV_AWS_47"],
        bad: r#"resource "aws_dax_cluster" "d" {
  cluster_name = "cache"
}
"#,
        good: r#"resource "aws_dax_cluster" "d" {
  cluster_name = "cache"
  server_side_encryption {
    enabled = true
  }
}
"#,
    },
    {
        id: "aws-dax-no-tls",
        severity: Medium,
        types: ["aws_dax_cluster"],
        service: "dax",
        summary: "A DAX cluster endpoint without TLS",
        why: "Without TLS, cached items travel in plaintext between the application and the cluster.",
        fix: "Set `cluster_endpoint_encryption_type = \"TLS\"`",
        message: "endpoint does not use TLS",
        when: Not(&Eq("cluster_endpoint_encryption_type", "TLS")),
        aliases: ["CKV_AWS_239"],
        bad: r#"resource "aws_dax_cluster" "d" {
  cluster_name = "cache"
}
"#,
        good: r#"resource "aws_dax_cluster" "d" {
  cluster_name                     = "cache"
  cluster_endpoint_encryption_type = "TLS"
}
"#,
    },
    {
        id: "aws-opensearch-unencrypted",
        severity: Medium,
        types: ["aws_elasticsearch_domain", "aws_opensearch_domain"],
        service: "opensearch",
        summary: "An OpenSearch/Elasticsearch domain without encryption at rest",
        why: "Indices, logs and snapshots on unencrypted storage are readable by anyone who gets a copy.",
        fix: "Add `encrypt_at_rest { enabled = true }`",
        message: "encryption at rest is not enabled",
        when: Not(&True("encrypt_at_rest.enabled")),
        aliases: ["AVD-AWS-0048", "AWS-0048", "CKV_AWS_5"],
        bad: r#"resource "aws_opensearch_domain" "d" {
  domain_name = "search"
}
"#,
        good: r#"resource "aws_opensearch_domain" "d" {
  domain_name = "search"
  encrypt_at_rest {
    enabled = true
  }
}
"#,
    },
    {
        id: "aws-opensearch-node-to-node",
        severity: Medium,
        types: ["aws_elasticsearch_domain", "aws_opensearch_domain"],
        service: "opensearch",
        summary: "An OpenSearch/Elasticsearch domain without node-to-node encryption",
        why: "Without it, documents and queries travel in plaintext between the cluster's nodes.",
        note: "A single-node domain (no `instance_count` above 1) has no node-to-node traffic: there only an explicit `enabled = false` is reported.",
        fix: "Add `node_to_node_encryption { enabled = true }`",
        message: "node-to-node encryption is not enabled",
        when: Or(&[
            False("node_to_node_encryption.enabled"),
            And(&[Not(&True("node_to_node_encryption.enabled")), Gt("cluster_config.instance_count", 1.0)]),
        ]),
        aliases: ["AVD-AWS-0043", "AWS-0043", "CKV_AWS_6"],
        bad: r#"resource "aws_opensearch_domain" "d" {
  domain_name = "search"
  cluster_config {
    instance_count = 3
  }
}
"#,
        good: r#"resource "aws_opensearch_domain" "d" {
  domain_name = "search"
  node_to_node_encryption {
    enabled = true
  }
}
"#,
    },
    {
        id: "aws-opensearch-https",
        severity: High,
        types: ["aws_elasticsearch_domain", "aws_opensearch_domain"],
        service: "opensearch",
        summary: "An OpenSearch/Elasticsearch domain that accepts plain HTTP",
        why: "Without `enforce_https`, clients can send credentials and data to the endpoint in plaintext.",
        fix: "Set `domain_endpoint_options { enforce_https = true }`",
        message: "HTTPS is not enforced",
        when: Not(&True("domain_endpoint_options.enforce_https")),
        aliases: ["AVD-AWS-0046", "AWS-0046", "CKV_AWS_83"],
        bad: r#"resource "aws_opensearch_domain" "d" {
  domain_name = "search"
}
"#,
        good: r#"resource "aws_opensearch_domain" "d" {
  domain_name = "search"
  domain_endpoint_options {
    enforce_https       = true
    tls_security_policy = "Policy-Min-TLS-1-2-2019-07"
  }
}
"#,
    },
    {
        id: "aws-opensearch-tls-policy",
        severity: Medium,
        types: ["aws_elasticsearch_domain", "aws_opensearch_domain"],
        service: "opensearch",
        summary: "An OpenSearch/Elasticsearch domain allowing TLS versions below 1.2",
        why: "TLS 1.0 and 1.1 have known weaknesses and are deprecated.",
        fix: "Set `tls_security_policy = \"Policy-Min-TLS-1-2-2019-07\"` (or a newer policy)",
        message: "TLS policy allows TLS below 1.2",
        when: Or(&[
            And(&[Has("domain_endpoint_options"), Not(&Set("domain_endpoint_options.tls_security_policy"))]),
            Eq("domain_endpoint_options.tls_security_policy", "Policy-Min-TLS-1-0-2019-07"),
        ]),
        aliases: ["AVD-AWS-0126", "AWS-0126", "CKV_AWS_228"],
        bad: r#"resource "aws_opensearch_domain" "d" {
  domain_name = "search"
  domain_endpoint_options {
    enforce_https       = true
    tls_security_policy = "Policy-Min-TLS-1-0-2019-07"
  }
}
"#,
        good: r#"resource "aws_opensearch_domain" "d" {
  domain_name = "search"
  domain_endpoint_options {
    enforce_https       = true
    tls_security_policy = "Policy-Min-TLS-1-2-2019-07"
  }
}
"#,
    },
    {
        id: "aws-opensearch-logging",
        severity: Low,
        types: ["aws_elasticsearch_domain", "aws_opensearch_domain"],
        service: "opensearch",
        summary: "An OpenSearch/Elasticsearch domain publishing no logs",
        why: "Without published logs, errors, slow queries and access are invisible.",
        fix: "Add `log_publishing_options` (for example `INDEX_SLOW_LOGS`, `ES_APPLICATION_LOGS`, `AUDIT_LOGS`)",
        message: "no logs are published",
        when: Not(&Any("log_publishing_options", &Not(&False("enabled")))),
        aliases: ["CKV_AWS_84"],
        bad: r#"resource "aws_opensearch_domain" "d" {
  domain_name = "search"
}
"#,
        good: r#"resource "aws_opensearch_domain" "d" {
  domain_name = "search"
  log_publishing_options {
    cloudwatch_log_group_arn = "arn:aws:logs:eu-west-1:111122223333:log-group:search"
    log_type                 = "AUDIT_LOGS"
  }
}
"#,
    },
    {
        id: "aws-opensearch-audit-logs",
        severity: Low,
        types: ["aws_elasticsearch_domain", "aws_opensearch_domain"],
        service: "opensearch",
        summary: "An OpenSearch/Elasticsearch domain without audit logs",
        why: "Audit logs record who accessed which index; without them, data access cannot be reviewed.",
        fix: "Add `log_publishing_options { log_type = \"AUDIT_LOGS\" … }`",
        message: "audit logs are not published",
        when: Not(&Any("log_publishing_options", &And(&[Eq("log_type", "AUDIT_LOGS"), Not(&False("enabled"))]))),
        aliases: ["AVD-AWS-0042", "AWS-0042", "CKV_AWS_317"],
        bad: r#"resource "aws_elasticsearch_domain" "d" {
  domain_name = "search"
}
"#,
        good: r#"resource "aws_elasticsearch_domain" "d" {
  domain_name = "search"
  log_publishing_options {
    cloudwatch_log_group_arn = "arn:aws:logs:eu-west-1:111122223333:log-group:search"
    log_type                 = "AUDIT_LOGS"
  }
}
"#,
    },
    {
        id: "aws-opensearch-outside-vpc",
        severity: Medium,
        types: ["aws_elasticsearch_domain", "aws_opensearch_domain"],
        service: "opensearch",
        summary: "An OpenSearch/Elasticsearch domain with a public endpoint (no VPC)",
        why: "A domain outside a VPC has an internet-facing endpoint protected only by its access policy.",
        fix: "Add `vpc_options` with private subnets and security groups",
        message: "domain is not in a VPC",
        when: Not(&Has("vpc_options")),
        aliases: ["CKV_AWS_137"],
        bad: r#"resource "aws_opensearch_domain" "d" {
  domain_name = "search"
}
"#,
        good: r#"resource "aws_opensearch_domain" "d" {
  domain_name = "search"
  vpc_options {
    subnet_ids = ["subnet-123"]
  }
}
"#,
    },
    {
        id: "aws-opensearch-no-cmk",
        severity: Low,
        types: ["aws_elasticsearch_domain", "aws_opensearch_domain"],
        service: "opensearch",
        summary: "An OpenSearch/Elasticsearch domain not encrypted with a customer-managed key",
        why: "A customer-managed key controls and audits access to the indices at rest.",
        fix: "Set `encrypt_at_rest { enabled = true kms_key_id = … }`",
        message: "not encrypted with a customer-managed KMS key",
        when: Not(&Set("encrypt_at_rest.kms_key_id")),
        aliases: ["CKV_AWS_247"],
        bad: r#"resource "aws_opensearch_domain" "d" {
  domain_name = "search"
  encrypt_at_rest {
    enabled = true
  }
}
"#,
        good: r#"resource "aws_opensearch_domain" "d" {
  domain_name = "search"
  encrypt_at_rest {
    enabled    = true
    kms_key_id = "arn:aws:kms:eu-west-1:111122223333:key/abc"
  }
}
"#,
    },
    {
        id: "aws-opensearch-fine-grained-access",
        severity: Medium,
        types: ["aws_elasticsearch_domain", "aws_opensearch_domain"],
        service: "opensearch",
        summary: "An OpenSearch/Elasticsearch domain without fine-grained access control",
        why: "Without it, anyone allowed by the domain policy can read and write every index.",
        fix: "Add `advanced_security_options { enabled = true … }`",
        message: "fine-grained access control is not enabled",
        when: Not(&True("advanced_security_options.enabled")),
        aliases: ["CKV2_AWS_52"],
        bad: r#"resource "aws_opensearch_domain" "d" {
  domain_name = "search"
}
"#,
        good: r#"resource "aws_opensearch_domain" "d" {
  domain_name = "search"
  advanced_security_options {
    enabled                        = true
    internal_user_database_enabled = true
  }
}
"#,
    },
    {
        id: "aws-opensearch-dedicated-masters",
        severity: Low,
        types: ["aws_elasticsearch_domain", "aws_opensearch_domain"],
        service: "opensearch",
        summary: "An OpenSearch/Elasticsearch domain without three dedicated master nodes",
        why: "With fewer than three dedicated masters the cluster cannot keep a quorum through a node failure.",
        fix: "Set `cluster_config { dedicated_master_enabled = true dedicated_master_count = 3 }`",
        message: "fewer than three dedicated master nodes",
        when: Or(&[
            Lt("cluster_config.dedicated_master_count", 3.0),
            And(&[Not(&True("cluster_config.dedicated_master_enabled")), Not(&Set("cluster_config.dedicated_master_count"))]),
        ]),
        aliases: ["CKV_AWS_318", "CKV2_AWS_59"],
        bad: r#"resource "aws_opensearch_domain" "d" {
  domain_name = "search"
}
"#,
        good: r#"resource "aws_opensearch_domain" "d" {
  domain_name = "search"
  cluster_config {
    dedicated_master_enabled = true
    dedicated_master_count   = 3
  }
}
"#,
    },
    {
        id: "aws-msk-plaintext",
        severity: High,
        types: ["aws_msk_cluster"],
        service: "msk",
        summary: "An MSK cluster that allows plaintext traffic",
        why: "`PLAINTEXT` or `TLS_PLAINTEXT` between clients and brokers, or unencrypted traffic inside the cluster, exposes messages on the network.",
        fix: "Set `encryption_info { encryption_in_transit { client_broker = \"TLS\" in_cluster = true } }`",
        message: "plaintext traffic is allowed",
        when: Or(&[
            In("encryption_info.encryption_in_transit.client_broker", &["PLAINTEXT", "TLS_PLAINTEXT"]),
            False("encryption_info.encryption_in_transit.in_cluster"),
        ]),
        aliases: ["AVD-AWS-0073", "AWS-0073", "CKV_AWS_81"],
        bad: r#"resource "aws_msk_cluster" "k" {
  cluster_name = "events"
  encryption_info {
    encryption_in_transit {
      client_broker = "TLS_PLAINTEXT"
    }
  }
}
"#,
        good: r#"resource "aws_msk_cluster" "k" {
  cluster_name = "events"
  encryption_info {
    encryption_in_transit {
      client_broker = "TLS"
    }
  }
}
"#,
    },
    {
        id: "aws-msk-no-cmk",
        severity: Low,
        types: ["aws_msk_cluster"],
        service: "msk",
        summary: "An MSK cluster not encrypted at rest with a customer-managed key",
        why: "Broker storage uses an AWS-managed key unless a customer-managed one is set, which you cannot restrict or audit.",
        fix: "Set `encryption_info { encryption_at_rest_kms_key_arn = … }`",
        message: "not encrypted with a customer-managed KMS key",
        when: Not(&Set("encryption_info.encryption_at_rest_kms_key_arn")),
        aliases: ["AVD-AWS-0179", "AWS-0179"],
        bad: r#"resource "aws_msk_cluster" "k" {
  cluster_name = "events"
}
"#,
        good: r#"resource "aws_msk_cluster" "k" {
  cluster_name = "events"
  encryption_info {
    encryption_at_rest_kms_key_arn = "arn:aws:kms:eu-west-1:111122223333:key/abc"
  }
}
"#,
    },
    {
        id: "aws-msk-logging",
        severity: Low,
        types: ["aws_msk_cluster"],
        service: "msk",
        summary: "An MSK cluster without broker logs",
        why: "Broker logs record connections and errors needed to investigate misuse and outages.",
        fix: "Enable a destination in `logging_info { broker_logs { … } }`",
        message: "broker logging is not enabled",
        when: Not(&Or(&[
            True("logging_info.broker_logs.cloudwatch_logs.enabled"),
            True("logging_info.broker_logs.firehose.enabled"),
            True("logging_info.broker_logs.s3.enabled"),
        ])),
        aliases: ["AVD-AWS-0074", "AWS-0074", "CKV_AWS_80"],
        bad: r#"resource "aws_msk_cluster" "k" {
  cluster_name = "events"
}
"#,
        good: r#"resource "aws_msk_cluster" "k" {
  cluster_name = "events"
  logging_info {
    broker_logs {
      cloudwatch_logs {
        enabled   = true
        log_group = "msk"
      }
    }
  }
}
"#,
    },
    {
        id: "aws-msk-public",
        severity: High,
        types: ["aws_msk_cluster"],
        service: "msk",
        summary: "An MSK cluster with public broker endpoints",
        why: "Public brokers put the event stream on the internet, protected only by client authentication.",
        fix: "Remove `public_access { type = \"SERVICE_PROVIDED_EIPS\" }`",
        message: "brokers are publicly accessible",
        when: Eq("broker_node_group_info.connectivity_info.public_access.type", "SERVICE_PROVIDED_EIPS"),
        aliases: ["CKV_AWS_291"],
        bad: r#"resource "aws_msk_cluster" "k" {
  cluster_name = "events"
  broker_node_group_info {
    connectivity_info {
      public_access {
        type = "SERVICE_PROVIDED_EIPS"
      }
    }
  }
}
"#,
        good: r#"resource "aws_msk_cluster" "k" {
  cluster_name = "events"
  broker_node_group_info {
    connectivity_info {
      public_access {
        type = "DISABLED"
      }
    }
  }
}
"#,
    },
    {
        id: "aws-kinesis-unencrypted",
        severity: Medium,
        types: ["aws_kinesis_stream"],
        service: "kinesis",
        summary: "A Kinesis data stream without server-side encryption",
        why: "Records in an unencrypted stream are stored in plaintext for the whole retention period.",
        fix: "Set `encryption_type = \"KMS\"` with a `kms_key_id`",
        message: "stream is not encrypted",
        when: Not(&Eq("encryption_type", "KMS")),
        aliases: ["AVD-AWS-0064", "AWS-0064", "CKV_AWS_43"],
        bad: r#"resource "aws_kinesis_stream" "s" {
  name = "events"
}
"#,
        good: r#"resource "aws_kinesis_stream" "s" {
  name            = "events"
  encryption_type = "KMS"
  kms_key_id      = "alias/events"
}
"#,
    },
    {
        id: "aws-kinesis-no-cmk",
        severity: Low,
        types: ["aws_kinesis_stream", "aws_kinesis_video_stream"],
        service: "kinesis",
        summary: "A Kinesis stream not encrypted with a customer-managed key",
        why: "The AWS-managed `aws/kinesis` key cannot be restricted or audited separately.",
        fix: "Set `kms_key_id` to a customer-managed key",
        message: "not encrypted with a customer-managed KMS key",
        when: Or(&[Not(&Set("kms_key_id")), Eq("kms_key_id", "alias/aws/kinesis"), Eq("kms_key_id", "alias/aws/kinesisvideo")]),
        aliases: ["CKV_AWS_185", "CKV_AWS_177"],
        bad: r#"resource "aws_kinesis_stream" "s" {
  name            = "events"
  encryption_type = "KMS"
  kms_key_id      = "alias/aws/kinesis"
}
"#,
        good: r#"resource "aws_kinesis_stream" "s" {
  name            = "events"
  encryption_type = "KMS"
  kms_key_id      = "alias/events"
}
"#,
    },
    {
        id: "aws-firehose-unencrypted",
        severity: Medium,
        types: ["aws_kinesis_firehose_delivery_stream"],
        service: "kinesis",
        summary: "A Firehose delivery stream without server-side encryption",
        why: "Records buffered by Firehose are stored unencrypted unless server-side encryption is on.",
        fix: "Add `server_side_encryption { enabled = true key_type = \"CUSTOMER_MANAGED_CMK\" key_arn = … }`",
        message: "server-side encryption is not enabled",
        when: And(&[Not(&True("server_side_encryption.enabled")), Not(&Eq("destination", "kinesis"))]),
        aliases: ["CKV_AWS_240"],
        bad: r#"resource "aws_kinesis_firehose_delivery_stream" "f" {
  name        = "events"
  destination = "extended_s3"
}
"#,
        good: r#"resource "aws_kinesis_firehose_delivery_stream" "f" {
  name        = "events"
  destination = "extended_s3"
  server_side_encryption {
    enabled = true
  }
}
"#,
    },
    {
        id: "aws-firehose-no-cmk",
        severity: Low,
        types: ["aws_kinesis_firehose_delivery_stream"],
        service: "kinesis",
        summary: "A Firehose delivery stream not encrypted with a customer-managed key",
        why: "A customer-managed key controls and audits access to buffered records.",
        fix: "Set `server_side_encryption { key_type = \"CUSTOMER_MANAGED_CMK\" key_arn = … }`",
        message: "not encrypted with a customer-managed KMS key",
        when: And(&[True("server_side_encryption.enabled"), Not(&Eq("server_side_encryption.key_type", "CUSTOMER_MANAGED_CMK"))]),
        aliases: ["CKV_AWS_241"],
        bad: r#"resource "aws_kinesis_firehose_delivery_stream" "f" {
  name        = "events"
  destination = "extended_s3"
  server_side_encryption {
    enabled = true
  }
}
"#,
        good: r#"resource "aws_kinesis_firehose_delivery_stream" "f" {
  name        = "events"
  destination = "extended_s3"
  server_side_encryption {
    enabled  = true
    key_type = "CUSTOMER_MANAGED_CMK"
    key_arn  = "arn:aws:kms:eu-west-1:111122223333:key/abc"
  }
}
"#,
    },
    {
        id: "aws-efs-no-cmk",
        severity: Low,
        types: ["aws_efs_file_system"],
        service: "efs",
        summary: "An EFS file system not encrypted with a customer-managed key",
        why: "A customer-managed key controls and audits who can read the file system's data at rest.",
        fix: "Set `encrypted = true` with a `kms_key_id`",
        message: "not encrypted with a customer-managed KMS key",
        when: Not(&Set("kms_key_id")),
        aliases: ["CKV_AWS_184"],
        bad: r#"resource "aws_efs_file_system" "f" {
  encrypted = true
}
"#,
        good: r#"resource "aws_efs_file_system" "f" {
  encrypted  = true
  kms_key_id = "arn:aws:kms:eu-west-1:111122223333:key/abc"
}
"#,
    },
    {
        id: "aws-efs-access-point-root",
        severity: Low,
        types: ["aws_efs_access_point"],
        service: "efs",
        summary: "An EFS access point without a root directory",
        why: "Without `root_directory`, clients of the access point see the whole file system instead of their own subtree.",
        fix: "Set `root_directory { path = \"/app\" }`",
        message: "access point does not enforce a root directory",
        when: Not(&Set("root_directory.path")),
        aliases: ["CKV_AWS_329"],
        bad: r#"resource "aws_efs_access_point" "a" {
  file_system_id = "fs-123"
}
"#,
        good: r#"resource "aws_efs_access_point" "a" {
  file_system_id = "fs-123"
  root_directory {
    path = "/app"
  }
}
"#,
    },
    {
        id: "aws-efs-access-point-user",
        severity: Low,
        types: ["aws_efs_access_point"],
        service: "efs",
        summary: "An EFS access point without an enforced POSIX user",
        why: "Without `posix_user`, clients act with whatever user id they claim, including root.",
        fix: "Set `posix_user { uid = … gid = … }`",
        message: "access point does not enforce a user identity",
        when: Not(&Has("posix_user")),
        aliases: ["CKV_AWS_330"],
        bad: r#"resource "aws_efs_access_point" "a" {
  file_system_id = "fs-123"
}
"#,
        good: r#"resource "aws_efs_access_point" "a" {
  file_system_id = "fs-123"
  posix_user {
    uid = 1000
    gid = 1000
  }
}
"#,
    },
    {
        id: "aws-mq-public",
        severity: High,
        types: ["aws_mq_broker"],
        service: "mq",
        summary: "A publicly accessible Amazon MQ broker",
        why: "A public broker exposes its queues and management console to the internet.",
        fix: "Set `publicly_accessible = false` and place the broker in private subnets",
        message: "broker is publicly accessible",
        when: True("publicly_accessible"),
        aliases: ["AVD-AWS-0072", "AWS-0072", "CKV_AWS_69"],
        bad: r#"resource "aws_mq_broker" "b" {
  broker_name         = "events"
  publicly_accessible = true
}
"#,
        good: r#"resource "aws_mq_broker" "b" {
  broker_name         = "events"
  publicly_accessible = false
}
"#,
    },
    {
        id: "aws-mq-general-logging",
        severity: Low,
        types: ["aws_mq_broker"],
        service: "mq",
        summary: "An Amazon MQ broker without general logging",
        why: "General logs record broker activity and errors needed for investigation.",
        fix: "Set `logs { general = true }`",
        message: "general logging is not enabled",
        when: Not(&True("logs.general")),
        aliases: ["AVD-AWS-0071", "AWS-0071", "CKV_AWS_48"],
        bad: r#"resource "aws_mq_broker" "b" {
  broker_name = "events"
}
"#,
        good: r#"resource "aws_mq_broker" "b" {
  broker_name = "events"
  logs {
    general = true
    audit   = true
  }
}
"#,
    },
    {
        id: "aws-mq-audit-logging",
        severity: Low,
        types: ["aws_mq_broker"],
        service: "mq",
        summary: "An ActiveMQ broker without audit logging",
        why: "Audit logs record management actions through JMX and the console.",
        note: "RabbitMQ brokers do not support audit logs and are not reported.",
        fix: "Set `logs { audit = true }`",
        message: "audit logging is not enabled",
        when: And(&[Not(&Eq("engine_type", "RabbitMQ")), Not(&True("logs.audit"))]),
        aliases: ["AVD-AWS-0070", "AWS-0070", "CKV_AWS_197"],
        bad: r#"resource "aws_mq_broker" "b" {
  broker_name = "events"
  engine_type = "ActiveMQ"
}
"#,
        good: r#"resource "aws_mq_broker" "b" {
  broker_name = "events"
  engine_type = "ActiveMQ"
  logs {
    audit = true
  }
}
"#,
    },
    {
        id: "aws-mq-no-cmk",
        severity: Low,
        types: ["aws_mq_broker"],
        service: "mq",
        summary: "An Amazon MQ broker not encrypted with a customer-managed key",
        why: "Brokers use an AWS-owned key by default, which you cannot restrict or audit.",
        fix: "Set `encryption_options { use_aws_owned_key = false kms_key_id = … }`",
        message: "not encrypted with a customer-managed KMS key",
        when: Not(&Set("encryption_options.kms_key_id")),
        aliases: ["CKV_AWS_209"],
        bad: r#"resource "aws_mq_broker" "b" {
  broker_name = "events"
}
"#,
        good: r#"resource "aws_mq_broker" "b" {
  broker_name = "events"
  encryption_options {
    use_aws_owned_key = false
    kms_key_id        = "arn:aws:kms:eu-west-1:111122223333:key/abc"
  }
}
"#,
    },
    {
        id: "aws-athena-unencrypted",
        severity: Medium,
        types: ["aws_athena_database", "aws_athena_workgroup"],
        service: "athena",
        summary: "Athena query results stored without encryption",
        why: "Query results often contain the most sensitive joins of the data lake; unencrypted they sit readable in S3.",
        fix: "Add `encryption_configuration` (database) or `configuration { result_configuration { encryption_configuration { … } } }` (workgroup)",
        message: "query results are not encrypted",
        when: Or(&[
            And(&[Type("aws_athena_database"), Not(&Has("encryption_configuration"))]),
            And(&[Type("aws_athena_workgroup"), Not(&Has("configuration.result_configuration.encryption_configuration"))]),
        ]),
        aliases: ["AVD-AWS-0006", "AWS-0006", "CKV_AWS_77", "CKV_AWS_159"],
        bad: r#"resource "aws_athena_database" "d" {
  name   = "lake"
  bucket = "results"
}
"#,
        good: r#"resource "aws_athena_database" "d" {
  name   = "lake"
  bucket = "results"
  encryption_configuration {
    encryption_option = "SSE_KMS"
    kms_key           = "arn:aws:kms:eu-west-1:111122223333:key/abc"
  }
}
"#,
    },
    {
        id: "aws-athena-config-override",
        severity: Medium,
        types: ["aws_athena_workgroup"],
        service: "athena",
        summary: "An Athena workgroup that lets clients override its settings",
        why: "With `enforce_workgroup_configuration = false`, a client can send results to any bucket without encryption.",
        fix: "Set `configuration { enforce_workgroup_configuration = true }`",
        message: "clients can override the workgroup configuration",
        when: False("configuration.enforce_workgroup_configuration"),
        aliases: ["AVD-AWS-0007", "AWS-0007", "CKV_AWS_82"],
        bad: r#"resource "aws_athena_workgroup" "w" {
  name = "analysts"
  configuration {
    enforce_workgroup_configuration = false
  }
}
"#,
        good: r#"resource "aws_athena_workgroup" "w" {
  name = "analysts"
  configuration {
    enforce_workgroup_configuration = true
  }
}
"#,
    },
    {
        id: "aws-glue-catalog-unencrypted",
        severity: Medium,
        types: ["aws_glue_data_catalog_encryption_settings"],
        service: "glue",
        summary: "A Glue Data Catalog without metadata or connection-password encryption",
        why: "The catalog holds table definitions and connection passwords; without encryption both are stored readable.",
        fix: "Set `encryption_at_rest { catalog_encryption_mode = \"SSE-KMS\" }` and `connection_password_encryption { return_connection_password_encrypted = true }`",
        message: "catalog metadata or connection passwords are not encrypted",
        when: Or(&[
            Not(&Eq("data_catalog_encryption_settings.encryption_at_rest.catalog_encryption_mode", "SSE-KMS")),
            Not(&True("data_catalog_encryption_settings.connection_password_encryption.return_connection_password_encrypted")),
        ]),
        aliases: ["CKV_AWS_94"],
        bad: r#"resource "aws_glue_data_catalog_encryption_settings" "s" {
  data_catalog_encryption_settings {
    connection_password_encryption {
      return_connection_password_encrypted = false
    }
    encryption_at_rest {
      catalog_encryption_mode = "DISABLED"
    }
  }
}
"#,
        good: r#"resource "aws_glue_data_catalog_encryption_settings" "s" {
  data_catalog_encryption_settings {
    connection_password_encryption {
      return_connection_password_encrypted = true
    }
    encryption_at_rest {
      catalog_encryption_mode = "SSE-KMS"
    }
  }
}
"#,
    },
    {
        id: "aws-glue-security-configuration-unencrypted",
        severity: Medium,
        types: ["aws_glue_security_configuration"],
        service: "glue",
        summary: "A Glue security configuration that leaves logs, bookmarks or S3 output unencrypted",
        why: "Glue jobs write logs, job bookmarks and output; each must be encrypted separately.",
        fix: "Set CloudWatch (`SSE-KMS`), job bookmarks (`CSE-KMS`) and S3 (`SSE-KMS`/`SSE-S3`) encryption modes",
        message: "some Glue output is not encrypted",
        when: Or(&[
            Eq("encryption_configuration.cloudwatch_encryption.cloudwatch_encryption_mode", "DISABLED"),
            Eq("encryption_configuration.job_bookmarks_encryption.job_bookmarks_encryption_mode", "DISABLED"),
            Eq("encryption_configuration.s3_encryption.s3_encryption_mode", "DISABLED"),
        ]),
        aliases: ["CKV_AWS_99"],
        bad: r#"resource "aws_glue_security_configuration" "c" {
  name = "c"
  encryption_configuration {
    cloudwatch_encryption {
      cloudwatch_encryption_mode = "DISABLED"
    }
    job_bookmarks_encryption {
      job_bookmarks_encryption_mode = "DISABLED"
    }
    s3_encryption {
      s3_encryption_mode = "SSE-S3"
    }
  }
}
"#,
        good: r#"resource "aws_glue_security_configuration" "c" {
  name = "c"
  encryption_configuration {
    cloudwatch_encryption {
      cloudwatch_encryption_mode = "SSE-KMS"
    }
    job_bookmarks_encryption {
      job_bookmarks_encryption_mode = "CSE-KMS"
    }
    s3_encryption {
      s3_encryption_mode = "SSE-KMS"
    }
  }
}
"#,
    },
    {
        id: "aws-glue-no-security-configuration",
        severity: Low,
        types: ["aws_glue_job", "aws_glue_crawler", "aws_glue_dev_endpoint"],
        service: "glue",
        summary: "A Glue job, crawler or dev endpoint without a security configuration",
        why: "Without a security configuration, the job's logs, bookmarks and S3 output are written unencrypted.",
        fix: "Set `security_configuration`",
        message: "no security configuration",
        when: Not(&Set("security_configuration")),
        aliases: ["CKV_AWS_195"],
        bad: r#"resource "aws_glue_job" "j" {
  name     = "etl"
  role_arn = "arn:aws:iam::111122223333:role/glue"
}
"#,
        good: r#"resource "aws_glue_job" "j" {
  name                   = "etl"
  role_arn               = "arn:aws:iam::111122223333:role/glue"
  security_configuration = "encrypted"
}
"#,
    },
    {
        id: "aws-qldb-permissions-mode",
        severity: Medium,
        types: ["aws_qldb_ledger"],
        service: "qldb",
        summary: "A QLDB ledger in ALLOW_ALL permissions mode",
        why: "`ALLOW_ALL` grants every PartiQL action on every table to anyone with `qldb:SendCommand`.",
        fix: "Set `permissions_mode = \"STANDARD\"`",
        message: "permissions mode is not STANDARD",
        when: Not(&Eq("permissions_mode", "STANDARD")),
        aliases: ["CKV_AWS_170"],
        bad: r#"resource "aws_qldb_ledger" "l" {
  name             = "ledger"
  permissions_mode = "ALLOW_ALL"
}
"#,
        good: r#"resource "aws_qldb_ledger" "l" {
  name             = "ledger"
  permissions_mode = "STANDARD"
}
"#,
    },
    {
        id: "aws-deletion-protection-off",
        severity: Low,
        types: ["aws_qldb_ledger", "aws_networkfirewall_firewall", "aws_dynamodb_table", "aws_lb", "aws_alb"],
        service: "resilience",
        summary: "Deletion protection not enabled",
        why: "With deletion protection off, a single destroy or mistaken change deletes the resource and everything depending on it.",
        fix: "Set deletion protection on (`deletion_protection = true`, `delete_protection = true`, `enable_deletion_protection = true`, `deletion_protection_enabled = true`)",
        message: "deletion protection is disabled",
        when: Or(&[
            False("deletion_protection"),
            False("deletion_protection_enabled"),
            And(&[Type("aws_networkfirewall_firewall"), Not(&True("delete_protection"))]),
            And(&[Or(&[Type("aws_lb"), Type("aws_alb")]), Not(&True("enable_deletion_protection"))]),
        ]),
        aliases: ["CKV_AWS_172", "CKV_AWS_344", "CKV_AWS_150"],
        bad: r#"resource "aws_qldb_ledger" "l" {
  name                = "ledger"
  permissions_mode    = "STANDARD"
  deletion_protection = false
}
"#,
        good: r#"resource "aws_qldb_ledger" "l" {
  name                = "ledger"
  permissions_mode    = "STANDARD"
  deletion_protection = true
}
"#,
    },
    {
        id: "aws-backup-vault-no-cmk",
        severity: Low,
        types: ["aws_backup_vault"],
        service: "backup",
        summary: "A Backup vault not encrypted with a customer-managed key",
        why: "Backups are the last line of defence; a customer-managed key lets you control and audit who can restore them.",
        fix: "Set `kms_key_arn`",
        message: "not encrypted with a customer-managed KMS key",
        when: Not(&Set("kms_key_arn")),
        aliases: ["CKV_AWS_166"],
        bad: r#"resource "aws_backup_vault" "v" {
  name = "backups"
}
"#,
        good: r#"resource "aws_backup_vault" "v" {
  name        = "backups"
  kms_key_arn = "arn:aws:kms:eu-west-1:111122223333:key/abc"
}
"#,
    },
    {
        id: "aws-timestream-keyspaces-no-cmk",
        severity: Low,
        types: ["aws_timestreamwrite_database", "aws_keyspaces_table"],
        service: "kms",
        summary: "A Timestream database or Keyspaces table not encrypted with a customer-managed key",
        why: "A customer-managed key controls and audits access to the data at rest.",
        fix: "Set `kms_key_id` (Timestream) or `encryption_specification { type = \"CUSTOMER_MANAGED_KMS_KEY\" }` (Keyspaces)",
        message: "not encrypted with a customer-managed KMS key",
        when: Or(&[
            And(&[Type("aws_timestreamwrite_database"), Not(&Set("kms_key_id"))]),
            And(&[Type("aws_keyspaces_table"), Not(&Eq("encryption_specification.type", "CUSTOMER_MANAGED_KMS_KEY"))]),
        ]),
        aliases: ["CKV_AWS_160", "CKV_AWS_265"],
        bad: r#"resource "aws_timestreamwrite_database" "d" {
  database_name = "metrics"
}
"#,
        good: r#"resource "aws_timestreamwrite_database" "d" {
  database_name = "metrics"
  kms_key_id    = "arn:aws:kms:eu-west-1:111122223333:key/abc"
}
"#,
    },
}
