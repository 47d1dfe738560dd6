//! AWS S3 checks.

use infra_lint_core::terraform::Tri;

use super::engine::Cond::{self, *};
use super::engine::{Ctx, Hit, Scope};
use super::policy::statements;

const PAB: &[&str] = &["aws_s3_bucket_public_access_block"];
const ACCOUNT_PAB: &[&str] = &["aws_s3_account_public_access_block"];

macro_rules! pab_setting {
    ($attr:literal) => {
        And(&[Type("aws_s3_bucket_public_access_block"), Not(&True($attr))])
    };
}

/// A public grant in an `aws_s3_bucket_acl` `access_control_policy`, for one of the permissions.
fn public_grant(scope: &Scope<'_>, perms: &[&str]) -> Hit {
    for g in scope.objects("access_control_policy").iter().flat_map(|p| p.objects("grant")) {
        let perm = g.get("permission").and_then(|(v, _)| v.as_string()).unwrap_or_default();
        if !perms.iter().any(|p| perm.eq_ignore_ascii_case(p)) {
            continue;
        }
        for gr in g.objects("grantee") {
            if let Some((uri, span)) = gr.get("uri") {
                if uri
                    .as_str()
                    .is_some_and(|u| u.ends_with("/global/AllUsers") || u.ends_with("/global/AuthenticatedUsers"))
                {
                    return Hit::at(span, Some(uri.clone()), Some(format!("{perm} to {}", uri.as_str().unwrap_or(""))));
                }
            }
        }
    }
    Hit::no()
}

fn grant_log_delivery(_: &Ctx<'_>, s: &Scope<'_>) -> Hit {
    for g in s.objects("access_control_policy").iter().flat_map(|p| p.objects("grant")) {
        for gr in g.objects("grantee") {
            if gr.get("uri").and_then(|(u, _)| u.as_string()).is_some_and(|u| u.ends_with("/s3/LogDelivery")) {
                return Hit::tri(Tri::True);
            }
        }
    }
    Hit::no()
}

fn policy_log_delivery(ctx: &Ctx<'_>, s: &Scope<'_>) -> Hit {
    let Some((st, _)) = statements(ctx, s, "policy") else { return Hit::no() };
    let to_logging = st.iter().any(|x| x.allow && x.principals.iter().any(|p| p == "logging.s3.amazonaws.com"));
    Hit::tri(if to_logging { Tri::True } else { Tri::False })
}

/// The bucket receives S3 server access logs (log-delivery ACL, or another bucket logs to it).
/// Log target buckets only support SSE-S3 and should not log to themselves.
const LOG_BUCKET: Cond = Or(&[
    Eq("acl", "log-delivery-write"),
    Related {
        types: &["aws_s3_bucket_acl"],
        via: "bucket",
        cond: Some(&Or(&[Eq("acl", "log-delivery-write"), Code(grant_log_delivery)])),
    },
    Related { types: &["aws_s3_bucket_logging"], via: "target_bucket", cond: None },
    Related { types: &["aws_s3_bucket_policy"], via: "bucket", cond: Some(&Code(policy_log_delivery)) },
    Related { types: &["aws_s3_bucket"], via: "logging.target_bucket", cond: None },
]);

fn grant_read(_: &Ctx<'_>, s: &Scope<'_>) -> Hit {
    public_grant(s, &["READ", "FULL_CONTROL"])
}
fn grant_write(_: &Ctx<'_>, s: &Scope<'_>) -> Hit {
    public_grant(s, &["WRITE", "WRITE_ACP", "FULL_CONTROL"])
}
fn grant_read_acp(_: &Ctx<'_>, s: &Scope<'_>) -> Hit {
    public_grant(s, &["READ_ACP", "FULL_CONTROL"])
}

/// A bucket policy statement allowing everyone (`Principal: "*"`) without a condition.
pub fn policy_public_principal(ctx: &Ctx<'_>, s: &Scope<'_>) -> Hit {
    let Some((st, span)) = statements(ctx, s, "policy") else { return Hit::no() };
    let mut unknown = false;
    for x in &st {
        if x.allow && x.public_principal() && !x.condition {
            return Hit::at(span, None, Some("Principal \"*\"".to_owned()));
        }
        unknown |= x.unknown;
    }
    Hit::tri(if unknown { Tri::Unknown } else { Tri::False })
}

/// A Deny for everyone on every action, without a condition: locks out all but the root user.
fn policy_lockout(ctx: &Ctx<'_>, s: &Scope<'_>) -> Hit {
    let Some((st, span)) = statements(ctx, s, "policy") else { return Hit::no() };
    for x in &st {
        if !x.allow && x.public_principal() && !x.condition && (x.has_action("*") || x.has_action("s3:*")) {
            return Hit::at(span, None, Some("Deny * to Principal \"*\"".to_owned()));
        }
    }
    Hit::no()
}

crate::cloud_checks! { CHECKS; "aws";
    {
        id: "aws-s3-no-public-access-block",
        severity: Medium,
        types: ["aws_s3_bucket"],
        service: "s3",
        summary: "An S3 bucket without a public access block",
        why: "A public access block is the guard rail that stops a bucket from becoming public through an ACL or a bucket policy, whatever is granted later. Without one, one mistaken grant exposes the data.",
        note: "An account-wide `aws_s3_account_public_access_block` in the same configuration counts. New buckets have had the block on by default since April 2023, but only when it is not managed by Terraform: declaring it keeps the setting visible and enforced.",
        fix: "Add an `aws_s3_bucket_public_access_block` for the bucket with all four settings `true`",
        message: "bucket has no public access block",
        when: And(&[
            Not(&Related { types: PAB, via: "bucket", cond: None }),
            Not(&Related { types: ACCOUNT_PAB, via: "", cond: None }),
        ]),
        aliases: ["AVD-AWS-0094", "AWS-0094", "CKV2_AWS_6", "AVD-AWS-0086", "AWS-0086", "AVD-AWS-0087", "AWS-0087", "AVD-AWS-0091", "AWS-0091", "AVD-AWS-0093", "AWS-0093"],
        bad: r#"resource "aws_s3_bucket" "b" {
  bucket = "data"
}
"#,
        good: r#"resource "aws_s3_bucket" "b" {
  bucket = "data"
}

resource "aws_s3_bucket_public_access_block" "b" {
  bucket                  = aws_s3_bucket.b.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
"#,
    },
    {
        id: "aws-s3-block-public-acls",
        severity: High,
        types: ["aws_s3_bucket_public_access_block"],
        service: "s3",
        summary: "A public access block that does not block public ACLs",
        why: "Without `block_public_acls`, a PUT with a public ACL succeeds: anyone with write access can make objects public, by mistake or on purpose.",
        fix: "Set `block_public_acls = true`",
        message: "public access block does not block public ACLs",
        when: pab_setting!("block_public_acls"),
        aliases: ["AVD-AWS-0086", "AWS-0086", "CKV_AWS_53"],
        bad: r#"resource "aws_s3_bucket_public_access_block" "b" {
  bucket            = "data"
  block_public_acls = false
}
"#,
        good: r#"resource "aws_s3_bucket_public_access_block" "b" {
  bucket            = "data"
  block_public_acls = true
}
"#,
    },
    {
        id: "aws-s3-block-public-policy",
        severity: High,
        types: ["aws_s3_bucket_public_access_block"],
        service: "s3",
        summary: "A public access block that does not block public bucket policies",
        why: "Without `block_public_policy`, a bucket policy granting access to everyone can be attached, making the whole bucket public.",
        fix: "Set `block_public_policy = true`",
        message: "public access block does not block public policies",
        when: pab_setting!("block_public_policy"),
        aliases: ["AVD-AWS-0087", "AWS-0087", "CKV_AWS_54"],
        bad: r#"resource "aws_s3_bucket_public_access_block" "b" {
  bucket              = "data"
  block_public_policy = false
}
"#,
        good: r#"resource "aws_s3_bucket_public_access_block" "b" {
  bucket              = "data"
  block_public_policy = true
}
"#,
    },
    {
        id: "aws-s3-ignore-public-acls",
        severity: High,
        types: ["aws_s3_bucket_public_access_block"],
        service: "s3",
        summary: "A public access block that does not ignore public ACLs",
        why: "Without `ignore_public_acls`, public ACLs already on the bucket or its objects stay effective.",
        fix: "Set `ignore_public_acls = true`",
        message: "public access block does not ignore public ACLs",
        when: pab_setting!("ignore_public_acls"),
        aliases: ["AVD-AWS-0091", "AWS-0091", "CKV_AWS_55"],
        bad: r#"resource "aws_s3_bucket_public_access_block" "b" {
  bucket             = "data"
  ignore_public_acls = false
}
"#,
        good: r#"resource "aws_s3_bucket_public_access_block" "b" {
  bucket             = "data"
  ignore_public_acls = true
}
"#,
    },
    {
        id: "aws-s3-restrict-public-buckets",
        severity: High,
        types: ["aws_s3_bucket_public_access_block"],
        service: "s3",
        summary: "A public access block that does not restrict public buckets",
        why: "Without `restrict_public_buckets`, a bucket with a public policy stays reachable by anonymous and cross-account principals.",
        fix: "Set `restrict_public_buckets = true`",
        message: "public access block does not restrict public buckets",
        when: pab_setting!("restrict_public_buckets"),
        aliases: ["AVD-AWS-0093", "AWS-0093", "CKV_AWS_56"],
        bad: r#"resource "aws_s3_bucket_public_access_block" "b" {
  bucket                  = "data"
  restrict_public_buckets = false
}
"#,
        good: r#"resource "aws_s3_bucket_public_access_block" "b" {
  bucket                  = "data"
  restrict_public_buckets = true
}
"#,
    },
    {
        id: "aws-s3-public-read-acl",
        severity: High,
        types: ["aws_s3_bucket", "aws_s3_bucket_acl"],
        service: "s3",
        summary: "An S3 bucket whose ACL lets everyone read it",
        why: "A canned ACL of `public-read`, `public-read-write` or `authenticated-read` (any AWS account), or a grant to the AllUsers/AuthenticatedUsers groups, lets anyone list and download the bucket.",
        fix: "Use the `private` ACL (or disable ACLs with `BucketOwnerEnforced` ownership) and serve public content through CloudFront",
        message: "bucket ACL grants public read access",
        when: Or(&[In("acl", &["public-read", "public-read-write", "authenticated-read"]), Code(grant_read)]),
        aliases: ["AVD-AWS-0092", "AWS-0092", "CKV_AWS_20"],
        bad: r#"resource "aws_s3_bucket_acl" "b" {
  bucket = "data"
  acl    = "public-read"
}
"#,
        good: r#"resource "aws_s3_bucket_acl" "b" {
  bucket = "data"
  acl    = "private"
}
"#,
    },
    {
        id: "aws-s3-public-write-acl",
        severity: Critical,
        types: ["aws_s3_bucket", "aws_s3_bucket_acl"],
        service: "s3",
        summary: "An S3 bucket whose ACL lets everyone write to it",
        why: "`public-read-write`, or a WRITE/FULL_CONTROL grant to AllUsers or AuthenticatedUsers, lets anyone upload, overwrite and delete objects: malware hosting, data destruction and a bill for the storage.",
        fix: "Use the `private` ACL (or disable ACLs with `BucketOwnerEnforced` ownership)",
        message: "bucket ACL grants public write access",
        when: Or(&[Eq("acl", "public-read-write"), Code(grant_write)]),
        aliases: ["AVD-AWS-0092", "AWS-0092", "CKV_AWS_57"],
        bad: r#"resource "aws_s3_bucket" "b" {
  bucket = "data"
  acl    = "public-read-write"
}
"#,
        good: r#"resource "aws_s3_bucket" "b" {
  bucket = "data"
  acl    = "private"
}
"#,
    },
    {
        id: "aws-s3-public-acp-read",
        severity: Medium,
        types: ["aws_s3_bucket_acl"],
        service: "s3",
        summary: "An S3 bucket ACL that lets everyone read its permissions",
        why: "A READ_ACP grant to AllUsers or AuthenticatedUsers discloses who has access to the bucket, which helps an attacker plan.",
        fix: "Remove the READ_ACP grant to the global groups",
        message: "bucket ACL grants READ_ACP to everyone",
        when: Code(grant_read_acp),
        aliases: ["CKV_AWS_375"],
        bad: r#"resource "aws_s3_bucket_acl" "b" {
  bucket = "data"
  access_control_policy {
    grant {
      grantee {
        type = "Group"
        uri  = "http://acs.amazonaws.com/groups/global/AllUsers"
      }
      permission = "READ_ACP"
    }
    owner {
      id = "abc"
    }
  }
}
"#,
        good: r#"resource "aws_s3_bucket_acl" "b" {
  bucket = "data"
  acl    = "private"
}
"#,
    },
    {
        id: "aws-s3-versioning-disabled",
        severity: Low,
        types: ["aws_s3_bucket"],
        service: "s3",
        summary: "An S3 bucket without versioning",
        why: "Without versioning, an overwrite or delete — by mistake, by a bug, or by ransomware with stolen credentials — destroys the only copy.",
        fix: "Add an `aws_s3_bucket_versioning` with `status = \"Enabled\"` (or `versioning { enabled = true }` on older providers)",
        message: "bucket versioning is not enabled",
        when: And(&[
            Not(&True("versioning.enabled")),
            Not(&Related { types: &["aws_s3_bucket_versioning"], via: "bucket", cond: Some(&Eq("versioning_configuration.status", "Enabled")) }),
        ]),
        aliases: ["AVD-AWS-0090", "AWS-0090", "CKV_AWS_21"],
        bad: r#"resource "aws_s3_bucket" "b" {
  bucket = "data"
}
"#,
        good: r#"resource "aws_s3_bucket" "b" {
  bucket = "data"
}

resource "aws_s3_bucket_versioning" "b" {
  bucket = aws_s3_bucket.b.id
  versioning_configuration {
    status = "Enabled"
  }
}
"#,
    },
    {
        id: "aws-s3-versioning-suspended",
        severity: Low,
        types: ["aws_s3_bucket_versioning"],
        service: "s3",
        summary: "S3 bucket versioning configured as suspended or disabled",
        why: "Suspended versioning stops keeping old versions: overwrites and deletes destroy data again.",
        fix: "Set `versioning_configuration { status = \"Enabled\" }`",
        message: "bucket versioning is not enabled",
        when: Not(&Eq("versioning_configuration.status", "Enabled")),
        aliases: ["AVD-AWS-0090", "AWS-0090", "CKV_AWS_21"],
        bad: r#"resource "aws_s3_bucket_versioning" "b" {
  bucket = "data"
  versioning_configuration {
    status = "Suspended"
  }
}
"#,
        good: r#"resource "aws_s3_bucket_versioning" "b" {
  bucket = "data"
  versioning_configuration {
    status = "Enabled"
  }
}
"#,
    },
    {
        id: "aws-s3-access-logging",
        severity: Low,
        types: ["aws_s3_bucket"],
        service: "s3",
        summary: "An S3 bucket without server access logging",
        why: "Access logs are the record of who read or changed what; without them a leak or tampering cannot be investigated.",
        note: "Buckets with the `log-delivery-write` ACL (log targets themselves) are not reported.",
        fix: "Add an `aws_s3_bucket_logging` (or a `logging {}` block) sending access logs to a log bucket",
        message: "bucket has no access logging",
        when: And(&[
            Not(&Has("logging")),
            Not(&LOG_BUCKET),
            Not(&Related { types: &["aws_s3_bucket_logging"], via: "bucket", cond: None }),
        ]),
        aliases: ["AVD-AWS-0089", "AWS-0089", "CKV_AWS_18"],
        bad: r#"resource "aws_s3_bucket" "b" {
  bucket = "data"
}
"#,
        good: r#"resource "aws_s3_bucket" "b" {
  bucket = "data"
}

resource "aws_s3_bucket_logging" "b" {
  bucket        = aws_s3_bucket.b.id
  target_bucket = "access-logs"
  target_prefix = "data/"
}
"#,
    },
    {
        id: "aws-s3-no-cmk",
        severity: Low,
        types: ["aws_s3_bucket"],
        service: "s3",
        summary: "An S3 bucket not encrypted with a KMS key by default",
        why: "Every new object has been encrypted with S3-managed keys (SSE-S3) since January 2023, so the data is not stored in plaintext. A KMS key adds a second permission check (kms:Decrypt), key-usage audit in CloudTrail, and the ability to revoke access by disabling the key.",
        note: "Missing encryption configuration alone is not reported as unencrypted: S3 applies SSE-S3 by default (January 2023). This check asks for SSE-KMS. Buckets receiving server access logs are not reported: log delivery only supports SSE-S3.",
        fix: "Add an `aws_s3_bucket_server_side_encryption_configuration` with `sse_algorithm = \"aws:kms\"` and a `kms_master_key_id`",
        message: "bucket default encryption does not use a KMS key",
        when: And(&[
            Not(&LOG_BUCKET),
            Not(&Prefix("server_side_encryption_configuration.rule.apply_server_side_encryption_by_default.sse_algorithm", "aws:kms")),
            Not(&Related {
                types: &["aws_s3_bucket_server_side_encryption_configuration"],
                via: "bucket",
                cond: Some(&Any("rule", &Prefix("apply_server_side_encryption_by_default.sse_algorithm", "aws:kms"))),
            }),
        ]),
        aliases: ["AVD-AWS-0132", "AWS-0132", "CKV_AWS_145"],
        bad: r#"resource "aws_s3_bucket" "b" {
  bucket = "data"
}
"#,
        good: r#"resource "aws_s3_bucket" "b" {
  bucket = "data"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "b" {
  bucket = aws_s3_bucket.b.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = "arn:aws:kms:eu-west-1:111122223333:key/abc"
    }
  }
}
"#,
    },
    {
        id: "aws-s3-sse-config-no-cmk",
        severity: Low,
        types: ["aws_s3_bucket_server_side_encryption_configuration"],
        service: "s3",
        summary: "An S3 encryption configuration that does not use a KMS key",
        why: "SSE-S3 (AES256) encrypts with keys S3 manages for everyone; a KMS key adds a separate permission check, audit of every use and revocation.",
        fix: "Set `sse_algorithm = \"aws:kms\"` with a `kms_master_key_id`",
        message: "default encryption does not use a KMS key",
        when: And(&[
            Not(&Any("rule", &Prefix("apply_server_side_encryption_by_default.sse_algorithm", "aws:kms"))),
            Not(&Target { types: &["aws_s3_bucket"], via: "bucket", cond: &LOG_BUCKET }),
        ]),
        aliases: ["AVD-AWS-0132", "AWS-0132", "CKV_AWS_145"],
        bad: r#"resource "aws_s3_bucket_server_side_encryption_configuration" "b" {
  bucket = "data"
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}
"#,
        good: r#"resource "aws_s3_bucket_server_side_encryption_configuration" "b" {
  bucket = "data"
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = "arn:aws:kms:eu-west-1:111122223333:key/abc"
    }
  }
}
"#,
    },
    {
        id: "aws-s3-policy-public",
        severity: High,
        types: ["aws_s3_bucket", "aws_s3_bucket_policy"],
        service: "s3",
        summary: "An S3 bucket policy that allows everyone (`Principal: \"*\"`) without a condition",
        why: "A statement allowing `*` as principal without a condition (source VPC, organisation, IP) grants the action to anyone on the internet.",
        fix: "Name the principals (accounts, roles, `cloudfront.amazonaws.com`) or restrict with a condition such as `aws:PrincipalOrgID` or `aws:SourceVpce`",
        message: "bucket policy allows any principal",
        when: Code(policy_public_principal),
        aliases: ["CKV_AWS_70"],
        bad: r#"resource "aws_s3_bucket_policy" "b" {
  bucket = "data"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::data/*"
    }]
  })
}
"#,
        good: r#"resource "aws_s3_bucket_policy" "b" {
  bucket = "data"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:role/reader" }
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::data/*"
    }]
  })
}
"#,
    },
    {
        id: "aws-s3-policy-lockout",
        severity: Medium,
        types: ["aws_s3_bucket", "aws_s3_bucket_policy"],
        service: "s3",
        summary: "An S3 bucket policy that denies every action to everyone",
        why: "A `Deny` of `*` (or `s3:*`) to `Principal: \"*\"` without a condition locks every role out of the bucket, including the ones that manage it; only the account root user can undo it.",
        fix: "Scope the Deny with a condition (for example `aws:PrincipalArn` not in the admin roles) or to specific actions",
        message: "bucket policy denies all actions to all principals",
        when: Code(policy_lockout),
        aliases: ["CKV_AWS_93"],
        bad: r#"resource "aws_s3_bucket_policy" "b" {
  bucket = "data"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Deny", Principal = "*", Action = "s3:*", Resource = "*" }]
  })
}
"#,
        good: r#"resource "aws_s3_bucket_policy" "b" {
  bucket = "data"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = "*"
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}
"#,
    },
    {
        id: "aws-s3-acls-enabled",
        severity: Low,
        types: ["aws_s3_bucket_ownership_controls"],
        service: "s3",
        summary: "S3 ownership controls that keep ACLs enabled",
        why: "AWS recommends disabling ACLs (`BucketOwnerEnforced`): access is then governed by policies only, and objects uploaded by other accounts cannot carry their own grants.",
        fix: "Set `rule { object_ownership = \"BucketOwnerEnforced\" }`",
        message: "object ownership is not BucketOwnerEnforced: ACLs stay enabled",
        when: Not(&Eq("rule.object_ownership", "BucketOwnerEnforced")),
        aliases: ["CKV2_AWS_65"],
        bad: r#"resource "aws_s3_bucket_ownership_controls" "b" {
  bucket = "data"
  rule {
    object_ownership = "ObjectWriter"
  }
}
"#,
        good: r#"resource "aws_s3_bucket_ownership_controls" "b" {
  bucket = "data"
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}
"#,
    },
    {
        id: "aws-s3-object-no-cmk",
        severity: Low,
        types: ["aws_s3_object", "aws_s3_bucket_object", "aws_s3_object_copy"],
        service: "s3",
        summary: "An S3 object uploaded without a customer-managed KMS key",
        why: "Objects are encrypted with S3-managed keys by default; a customer-managed key adds a separate permission check, audit and revocation.",
        fix: "Set `kms_key_id` to a customer-managed key",
        message: "object is not encrypted with a customer-managed KMS key",
        when: Not(&Set("kms_key_id")),
        aliases: ["CKV_AWS_186", "CKV_AWS_181"],
        bad: r#"resource "aws_s3_object" "o" {
  bucket = "data"
  key    = "report.csv"
  source = "report.csv"
}
"#,
        good: r#"resource "aws_s3_object" "o" {
  bucket     = "data"
  key        = "report.csv"
  source     = "report.csv"
  kms_key_id = "arn:aws:kms:eu-west-1:111122223333:key/abc"
}
"#,
    },
    {
        id: "aws-s3-no-abort-incomplete-uploads",
        severity: Low,
        types: ["aws_s3_bucket_lifecycle_configuration"],
        service: "s3",
        summary: "An S3 lifecycle configuration that never aborts incomplete multipart uploads",
        why: "Parts of failed multipart uploads are stored (and billed) forever and are invisible in normal listings.",
        fix: "Add `abort_incomplete_multipart_upload { days_after_initiation = 7 }` to a rule",
        message: "no rule aborts incomplete multipart uploads",
        when: Not(&Any("rule", &Has("abort_incomplete_multipart_upload"))),
        aliases: ["CKV_AWS_300"],
        bad: r#"resource "aws_s3_bucket_lifecycle_configuration" "l" {
  bucket = "data"
  rule {
    id     = "expire"
    status = "Enabled"
    expiration {
      days = 90
    }
  }
}
"#,
        good: r#"resource "aws_s3_bucket_lifecycle_configuration" "l" {
  bucket = "data"
  rule {
    id     = "expire"
    status = "Enabled"
    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }
}
"#,
    },
}
