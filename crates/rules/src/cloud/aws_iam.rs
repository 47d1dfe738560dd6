//! AWS IAM and KMS checks.

use infra_lint_core::terraform::Tri;

use super::engine::Cond::*;
use super::engine::{Ctx, Hit, Scope};
use super::policy::{statements, Stmt};

fn first_stmt(ctx: &Ctx<'_>, s: &Scope<'_>, attr: &str, pred: &dyn Fn(&Stmt) -> Option<String>) -> Hit {
    let Some((st, span)) = statements(ctx, s, attr) else { return Hit::no() };
    let mut unknown = false;
    for x in &st {
        if let Some(d) = pred(x) {
            return Hit::at(span, None, Some(d));
        }
        unknown |= x.unknown;
    }
    Hit::tri(if unknown { Tri::Unknown } else { Tri::False })
}

fn full_admin(ctx: &Ctx<'_>, s: &Scope<'_>) -> Hit {
    first_stmt(ctx, s, "policy", &|x| {
        (x.allow && x.has_action("*") && x.any_resource()).then(|| "Action \"*\" on Resource \"*\"".to_owned())
    })
}

fn star_action(ctx: &Ctx<'_>, s: &Scope<'_>) -> Hit {
    first_stmt(ctx, s, "policy", &|x| (x.allow && x.has_action("*")).then(|| "Action \"*\"".to_owned()))
}

fn wildcard_action(ctx: &Ctx<'_>, s: &Scope<'_>) -> Hit {
    first_stmt(ctx, s, "policy", &|x| {
        if !x.allow {
            return None;
        }
        x.wildcard_action().map(|a| format!("Action \"{a}\""))
    })
}

/// Read-only actions that need `Resource: "*"` or are harmless with it.
fn read_only(a: &str) -> bool {
    let verb = a.split(':').nth(1).unwrap_or(a);
    ["describe", "list", "get", "head", "lookup", "search", "batchget", "batchcheck", "view"]
        .iter()
        .any(|p| verb.starts_with(p))
}

fn star_resource_write(ctx: &Ctx<'_>, s: &Scope<'_>) -> Hit {
    first_stmt(ctx, s, "policy", &|x| {
        if !x.allow || !x.any_resource() || x.not_action || x.condition {
            return None;
        }
        x.actions
            .iter()
            .find(|a| !read_only(a) && *a != "sts:getcalleridentity")
            .map(|a| format!("Action \"{a}\" on Resource \"*\""))
    })
}

const PRIV_ESC: &[&str] = &[
    "iam:createpolicyversion",
    "iam:setdefaultpolicyversion",
    "iam:passrole",
    "iam:createaccesskey",
    "iam:createloginprofile",
    "iam:updateloginprofile",
    "iam:attachuserpolicy",
    "iam:attachgrouppolicy",
    "iam:attachrolepolicy",
    "iam:putuserpolicy",
    "iam:putgrouppolicy",
    "iam:putrolepolicy",
    "iam:addusertogroup",
    "iam:updateassumerolepolicy",
    "iam:*",
    "*",
];

fn priv_esc(ctx: &Ctx<'_>, s: &Scope<'_>) -> Hit {
    first_stmt(ctx, s, "policy", &|x| {
        if !x.allow || !x.any_resource() || x.not_action {
            return None;
        }
        x.actions.iter().find(|a| PRIV_ESC.contains(&a.as_str())).map(|a| format!("Action \"{a}\" on Resource \"*\""))
    })
}

const EXFIL: &[&str] = &[
    "s3:getobject",
    "ssm:getparameter",
    "ssm:getparameters",
    "ssm:getparametersbypath",
    "secretsmanager:getsecretvalue",
    "s3:*",
    "ssm:*",
    "secretsmanager:*",
    "*",
];

fn exfil(ctx: &Ctx<'_>, s: &Scope<'_>) -> Hit {
    first_stmt(ctx, s, "policy", &|x| {
        if !x.allow || !x.any_resource() || x.not_action {
            return None;
        }
        x.actions.iter().find(|a| EXFIL.contains(&a.as_str())).map(|a| format!("Action \"{a}\" on Resource \"*\""))
    })
}

fn s3_full(ctx: &Ctx<'_>, s: &Scope<'_>) -> Hit {
    first_stmt(ctx, s, "policy", &|x| {
        (x.allow && x.has_action("s3:*") && x.any_resource()).then(|| "Action \"s3:*\" on Resource \"*\"".to_owned())
    })
}

fn trust_everyone(ctx: &Ctx<'_>, s: &Scope<'_>) -> Hit {
    first_stmt(ctx, s, "assume_role_policy", &|x| {
        (x.allow && x.public_principal() && !x.condition).then(|| "Principal \"*\"".to_owned())
    })
}

fn kms_public(ctx: &Ctx<'_>, s: &Scope<'_>) -> Hit {
    first_stmt(ctx, s, "policy", &|x| {
        (x.allow && x.public_principal() && !x.condition).then(|| "Principal \"*\"".to_owned())
    })
}

fn root_user(_: &Ctx<'_>, s: &Scope<'_>) -> Hit {
    match s.get("user") {
        Some((v, span)) if v.as_str().is_some_and(|u| u == "root" || u.ends_with(":root")) => {
            Hit::at(span, Some(v), None)
        }
        _ => Hit::no(),
    }
}

crate::cloud_checks! { CHECKS; "aws";
    {
        id: "aws-iam-password-min-length",
        severity: Medium,
        types: ["aws_iam_account_password_policy"],
        service: "iam",
        summary: "An IAM password policy that allows passwords shorter than 14 characters",
        why: "Short passwords fall to brute force and credential stuffing; CIS AWS Foundations asks for at least 14 characters.",
        fix: "Set `minimum_password_length = 14` or more",
        message: "minimum password length is below 14",
        when: Or(&[Lt("minimum_password_length", 14.0), Not(&Set("minimum_password_length"))]),
        aliases: ["AVD-AWS-0063", "AWS-0063", "CKV_AWS_10", "CIS-AWS-1.8"],
        bad: r#"resource "aws_iam_account_password_policy" "p" {
  minimum_password_length = 8
}
"#,
        good: r#"resource "aws_iam_account_password_policy" "p" {
  minimum_password_length = 14
}
"#,
    },
    {
        id: "aws-iam-password-reuse",
        severity: Medium,
        types: ["aws_iam_account_password_policy"],
        service: "iam",
        summary: "An IAM password policy that lets users reuse recent passwords",
        why: "Reusing a previous password brings back credentials that may already have leaked. CIS recommends remembering 24 passwords; fewer than 5 is reported.",
        fix: "Set `password_reuse_prevention = 24`",
        message: "password reuse prevention is missing or below 5",
        when: Or(&[Lt("password_reuse_prevention", 5.0), Not(&Set("password_reuse_prevention"))]),
        aliases: ["AVD-AWS-0056", "AWS-0056", "CKV_AWS_13", "CIS-AWS-1.9"],
        bad: r#"resource "aws_iam_account_password_policy" "p" {
  minimum_password_length = 14
}
"#,
        good: r#"resource "aws_iam_account_password_policy" "p" {
  password_reuse_prevention = 24
}
"#,
    },
    {
        id: "aws-iam-password-max-age",
        severity: Low,
        types: ["aws_iam_account_password_policy"],
        service: "iam",
        summary: "An IAM password policy whose passwords never expire or live longer than 90 days",
        why: "Passwords that never expire keep working long after they have leaked.",
        fix: "Set `max_password_age = 90` or less",
        message: "passwords do not expire within 90 days",
        when: Or(&[Gt("max_password_age", 90.0), Not(&Set("max_password_age")), Lt("max_password_age", 1.0)]),
        aliases: ["AVD-AWS-0062", "AWS-0062", "CKV_AWS_9"],
        bad: r#"resource "aws_iam_account_password_policy" "p" {
  max_password_age = 365
}
"#,
        good: r#"resource "aws_iam_account_password_policy" "p" {
  max_password_age = 90
}
"#,
    },
    {
        id: "aws-iam-password-require-symbols",
        severity: Low,
        types: ["aws_iam_account_password_policy"],
        service: "iam",
        summary: "An IAM password policy that does not require a symbol",
        why: "Character-class requirements enlarge the search space of brute-force attacks.",
        fix: "Set `require_symbols = true`",
        message: "passwords need not contain a symbol",
        when: Not(&True("require_symbols")),
        aliases: ["AVD-AWS-0060", "AWS-0060", "CKV_AWS_14"],
        bad: r#"resource "aws_iam_account_password_policy" "p" {
  require_symbols = false
}
"#,
        good: r#"resource "aws_iam_account_password_policy" "p" {
  require_symbols = true
}
"#,
    },
    {
        id: "aws-iam-password-require-uppercase",
        severity: Low,
        types: ["aws_iam_account_password_policy"],
        service: "iam",
        summary: "An IAM password policy that does not require an uppercase letter",
        why: "Character-class requirements enlarge the search space of brute-force attacks.",
        fix: "Set `require_uppercase_characters = true`",
        message: "passwords need not contain an uppercase letter",
        when: Not(&True("require_uppercase_characters")),
        aliases: ["AVD-AWS-0061", "AWS-0061", "CKV_AWS_15"],
        bad: r#"resource "aws_iam_account_password_policy" "p" {
  require_uppercase_characters = false
}
"#,
        good: r#"resource "aws_iam_account_password_policy" "p" {
  require_uppercase_characters = true
}
"#,
    },
    {
        id: "aws-iam-password-require-lowercase",
        severity: Low,
        types: ["aws_iam_account_password_policy"],
        service: "iam",
        summary: "An IAM password policy that does not require a lowercase letter",
        why: "Character-class requirements enlarge the search space of brute-force attacks.",
        fix: "Set `require_lowercase_characters = true`",
        message: "passwords need not contain a lowercase letter",
        when: Not(&True("require_lowercase_characters")),
        aliases: ["AVD-AWS-0058", "AWS-0058", "CKV_AWS_11"],
        bad: r#"resource "aws_iam_account_password_policy" "p" {
  require_lowercase_characters = false
}
"#,
        good: r#"resource "aws_iam_account_password_policy" "p" {
  require_lowercase_characters = true
}
"#,
    },
    {
        id: "aws-iam-password-require-numbers",
        severity: Low,
        types: ["aws_iam_account_password_policy"],
        service: "iam",
        summary: "An IAM password policy that does not require a number",
        why: "Character-class requirements enlarge the search space of brute-force attacks.",
        fix: "Set `require_numbers = true`",
        message: "passwords need not contain a number",
        when: Not(&True("require_numbers")),
        aliases: ["AVD-AWS-0059", "AWS-0059", "CKV_AWS_12"],
        bad: r#"resource "aws_iam_account_password_policy" "p" {
  require_numbers = false
}
"#,
        good: r#"resource "aws_iam_account_password_policy" "p" {
  require_numbers = true
}
"#,
    },
    {
        id: "aws-iam-full-admin-policy",
        severity: High,
        types: ["aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy", "data.aws_iam_policy_document"],
        service: "iam",
        summary: "An IAM policy granting full administrative access (`*` on `*`)",
        why: "A `\"*\"` action on `\"*\"` resources is account-wide admin: whoever holds it (or steals the credentials) can do anything, including erasing the audit trail.",
        fix: "Grant only the actions and resources the principal needs; use AWS managed job-function policies for humans",
        message: "policy allows every action on every resource",
        when: Code(full_admin),
        aliases: ["CKV_AWS_62", "CKV_AWS_1", "CKV_AWS_49", "CIS-AWS-1.16"],
        bad: r#"resource "aws_iam_policy" "p" {
  name   = "admin"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
}
"#,
        good: r#"resource "aws_iam_policy" "p" {
  name   = "reader"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::data/*" }] })
}
"#,
    },
    {
        id: "aws-iam-star-action",
        severity: High,
        types: ["aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy", "data.aws_iam_policy_document"],
        service: "iam",
        summary: "An IAM policy statement allowing every action (`\"*\"`)",
        why: "Allowing `\"*\"` grants every present and future action of every service on the statement's resources.",
        fix: "List the actions needed",
        message: "policy allows Action \"*\"",
        when: Code(star_action),
        aliases: ["CKV_AWS_63"],
        bad: r#"resource "aws_iam_role_policy" "p" {
  role   = "app"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = "arn:aws:s3:::data" }] })
}
"#,
        good: r#"resource "aws_iam_role_policy" "p" {
  role   = "app"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["s3:GetObject"], Resource = "arn:aws:s3:::data/*" }] })
}
"#,
    },
    {
        id: "aws-iam-wildcard-action",
        severity: Medium,
        types: ["aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy", "data.aws_iam_policy_document"],
        service: "iam",
        summary: "An IAM policy allowing every action of a service (`s3:*`, `*`)",
        why: "Service-wide wildcards grant destructive and permission-changing actions along with the ones needed, and every action the service adds later.",
        fix: "List the needed actions instead of `service:*`",
        message: "policy uses a wildcard action",
        when: Code(wildcard_action),
        aliases: ["AVD-AWS-0057", "AWS-0057"],
        bad: r#"data "aws_iam_policy_document" "d" {
  statement {
    actions   = ["s3:*"]
    resources = ["arn:aws:s3:::data/*"]
  }
}
"#,
        good: r#"data "aws_iam_policy_document" "d" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::data/*"]
  }
}
"#,
    },
    {
        id: "aws-iam-star-resource-write",
        severity: Medium,
        types: ["aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy", "data.aws_iam_policy_document"],
        service: "iam",
        summary: "An IAM policy allowing write actions on every resource (`Resource: \"*\"`) without a condition",
        why: "A write or management action on `\"*\"` reaches every bucket, key, table or role of the account, not just the workload's own.",
        fix: "Name the resources (ARNs) the statement applies to, or add a condition",
        message: "policy allows a non-read action on Resource \"*\"",
        when: Code(star_resource_write),
        aliases: ["CKV_AWS_355", "CKV_AWS_356", "CKV_AWS_290", "CKV_AWS_111", "CKV_AWS_289", "CKV_AWS_109"],
        bad: r#"resource "aws_iam_policy" "p" {
  name   = "writer"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["s3:PutObject"], Resource = "*" }] })
}
"#,
        good: r#"resource "aws_iam_policy" "p" {
  name   = "writer"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["s3:PutObject"], Resource = "arn:aws:s3:::data/*" }] })
}
"#,
    },
    {
        id: "aws-iam-privilege-escalation",
        severity: High,
        types: ["aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy", "data.aws_iam_policy_document"],
        service: "iam",
        summary: "An IAM policy allowing actions that escalate privileges on every resource",
        why: "Actions such as `iam:PassRole`, `iam:CreatePolicyVersion`, `iam:AttachRolePolicy` or `iam:CreateAccessKey` on `\"*\"` let the holder grant themselves any permission.",
        fix: "Restrict these actions to named roles/users, or remove them",
        message: "policy allows a privilege-escalation action on Resource \"*\"",
        when: Code(priv_esc),
        aliases: ["CKV_AWS_286", "CKV_AWS_110"],
        bad: r#"resource "aws_iam_policy" "p" {
  name   = "deployer"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["iam:PassRole"], Resource = "*" }] })
}
"#,
        good: r#"resource "aws_iam_policy" "p" {
  name   = "deployer"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["iam:PassRole"], Resource = "arn:aws:iam::111122223333:role/app" }] })
}
"#,
    },
    {
        id: "aws-iam-data-exfiltration",
        severity: Medium,
        types: ["aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy", "data.aws_iam_policy_document"],
        service: "iam",
        summary: "An IAM policy allowing reads of any object, parameter or secret (`Resource: \"*\"`)",
        why: "`s3:GetObject`, `ssm:GetParameter*` or `secretsmanager:GetSecretValue` on `\"*\"` lets the holder read every bucket and secret of the account.",
        fix: "Name the buckets, parameters and secrets the workload reads",
        message: "policy allows reading any data or secret",
        when: Code(exfil),
        aliases: ["CKV_AWS_288", "CKV_AWS_108"],
        bad: r#"resource "aws_iam_policy" "p" {
  name   = "reader"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["secretsmanager:GetSecretValue"], Resource = "*" }] })
}
"#,
        good: r#"resource "aws_iam_policy" "p" {
  name   = "reader"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["secretsmanager:GetSecretValue"], Resource = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:app-*" }] })
}
"#,
    },
    {
        id: "aws-iam-s3-full-access",
        severity: Medium,
        types: ["aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy", "data.aws_iam_policy_document"],
        service: "iam",
        summary: "An IAM policy allowing `s3:*` on every bucket",
        why: "`s3:*` on `\"*\"` can read, overwrite, delete and re-permission every bucket of the account.",
        fix: "List the needed S3 actions on the needed bucket ARNs",
        message: "policy allows s3:* on every resource",
        when: Code(s3_full),
        aliases: ["AVD-AWS-0345", "AWS-0345"],
        bad: r#"resource "aws_iam_policy" "p" {
  name   = "s3"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:*", Resource = "*" }] })
}
"#,
        good: r#"resource "aws_iam_policy" "p" {
  name   = "s3"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::data/*" }] })
}
"#,
    },
    {
        id: "aws-iam-role-trusts-everyone",
        severity: Critical,
        types: ["aws_iam_role"],
        service: "iam",
        summary: "An IAM role whose trust policy lets anyone assume it",
        why: "A trust policy allowing `Principal: \"*\"` without a condition lets any AWS account assume the role and use its permissions.",
        fix: "Name the trusted accounts, roles or services, or add conditions (`sts:ExternalId`, `aws:PrincipalOrgID`)",
        message: "trust policy allows any principal to assume the role",
        when: Code(trust_everyone),
        aliases: ["CKV_AWS_60", "CKV_AWS_61"],
        bad: r#"resource "aws_iam_role" "r" {
  name               = "app"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "*" } }] })
}
"#,
        good: r#"resource "aws_iam_role" "r" {
  name               = "app"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }] })
}
"#,
    },
    {
        id: "aws-iam-admin-policy-attached",
        severity: High,
        types: ["aws_iam_role_policy_attachment", "aws_iam_user_policy_attachment", "aws_iam_group_policy_attachment", "aws_iam_policy_attachment"],
        service: "iam",
        summary: "The AWS managed AdministratorAccess policy attached to a role, user or group",
        why: "AdministratorAccess is full control of the account; workloads and most humans need far less, and a leaked credential with it is a total compromise.",
        fix: "Attach a policy scoped to the job (or a job-function managed policy) instead",
        message: "AdministratorAccess is attached",
        when: Eq("policy_arn", "arn:aws:iam::aws:policy/AdministratorAccess"),
        aliases: ["CKV_AWS_274"],
        bad: r#"resource "aws_iam_role_policy_attachment" "a" {
  role       = "ci"
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
"#,
        good: r#"resource "aws_iam_role_policy_attachment" "a" {
  role       = "ci"
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
"#,
    },
    {
        id: "aws-iam-policy-on-user",
        severity: Low,
        types: ["aws_iam_user_policy", "aws_iam_user_policy_attachment"],
        service: "iam",
        summary: "An IAM policy attached directly to a user",
        why: "Permissions granted user by user drift apart and are hard to review or revoke; CIS asks to grant them through groups or roles.",
        fix: "Attach the policy to a group (and add the user to it) or to a role",
        message: "policy attached directly to an IAM user",
        when: Set("user"),
        aliases: ["CKV_AWS_40", "CIS-AWS-1.15"],
        bad: r#"resource "aws_iam_user_policy_attachment" "a" {
  user       = "alice"
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
"#,
        good: r#"resource "aws_iam_group_policy_attachment" "a" {
  group      = "readers"
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
"#,
    },
    {
        id: "aws-iam-policy-attachment-users",
        severity: Low,
        types: ["aws_iam_policy_attachment"],
        service: "iam",
        summary: "An `aws_iam_policy_attachment` that attaches a policy to users",
        why: "Permissions granted user by user are hard to review; grant them through groups or roles.",
        fix: "Remove `users` and attach to groups or roles",
        message: "policy attached directly to IAM users",
        when: And(&[Set("users"), Not(&Empty("users"))]),
        aliases: ["CKV_AWS_40"],
        bad: r#"resource "aws_iam_policy_attachment" "a" {
  name       = "a"
  users      = ["alice"]
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
"#,
        good: r#"resource "aws_iam_policy_attachment" "a" {
  name       = "a"
  groups     = ["readers"]
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
"#,
    },
    {
        id: "aws-iam-root-access-key",
        severity: Critical,
        types: ["aws_iam_access_key"],
        service: "iam",
        summary: "An access key created for the root user",
        why: "Root access keys cannot be restricted by any policy; a leaked one is a total account compromise.",
        fix: "Delete root access keys; use IAM roles or users with scoped permissions",
        message: "access key for the root user",
        when: Code(root_user),
        aliases: ["AVD-AWS-0141", "AWS-0141", "CKV_AWS_348", "CIS-AWS-1.4"],
        bad: r#"resource "aws_iam_access_key" "k" {
  user = "root"
}
"#,
        good: r#"resource "aws_iam_access_key" "k" {
  user = "ci-deployer"
}
"#,
    },
    {
        id: "aws-iam-user-defined",
        severity: Low,
        types: ["aws_iam_user"],
        service: "iam",
        summary: "IAM users managed in Terraform instead of federated (SSO) access",
        why: "Long-lived IAM users carry passwords and access keys that leak and are rarely rotated; IAM Identity Center (SSO) or roles give short-lived credentials.",
        fix: "Use IAM Identity Center or federated roles for people, and roles for workloads",
        message: "IAM user defined; prefer SSO or roles",
        when: Set("name"),
        aliases: ["CKV_AWS_273"],
        bad: r#"resource "aws_iam_user" "u" {
  name = "alice"
}
"#,
        good: r#"resource "aws_iam_role" "u" {
  name               = "alice"
  assume_role_policy = "{}"
}
"#,
    },
    {
        id: "aws-kms-key-rotation",
        severity: Medium,
        types: ["aws_kms_key"],
        service: "kms",
        summary: "A symmetric KMS key without automatic rotation",
        why: "Rotation limits how much data one key version protects and how long a compromised key stays useful; CIS asks for it on customer-managed keys.",
        note: "Asymmetric and HMAC keys cannot rotate and are not reported.",
        fix: "Set `enable_key_rotation = true`",
        message: "key rotation is not enabled",
        when: And(&[
            Not(&True("enable_key_rotation")),
            Not(&Prefix("customer_master_key_spec", "RSA")),
            Not(&Prefix("customer_master_key_spec", "ECC")),
            Not(&Prefix("customer_master_key_spec", "HMAC")),
            Not(&Prefix("customer_master_key_spec", "SM2")),
            Not(&Eq("key_usage", "SIGN_VERIFY")),
        ]),
        aliases: ["AVD-AWS-0065", "AWS-0065", "CKV_AWS_7", "CIS-AWS-3.8"],
        bad: r#"resource "aws_kms_key" "k" {
  description = "data"
}
"#,
        good: r#"resource "aws_kms_key" "k" {
  description         = "data"
  enable_key_rotation = true
}
"#,
    },
    {
        id: "aws-kms-policy-public",
        severity: Critical,
        types: ["aws_kms_key", "aws_kms_key_policy"],
        service: "kms",
        summary: "A KMS key policy that allows any principal without a condition",
        why: "A key policy with `Principal: \"*\"` and no condition lets any AWS account use (or administer) the key.",
        fix: "Name the principals allowed to use the key, or add a condition such as `kms:CallerAccount`",
        message: "key policy allows any principal",
        when: Code(kms_public),
        aliases: ["CKV_AWS_33"],
        bad: r#"resource "aws_kms_key" "k" {
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "kms:*", Resource = "*" }] })
}
"#,
        good: r#"resource "aws_kms_key" "k" {
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "kms:*", Resource = "*" }] })
}
"#,
    },
    {
        id: "aws-kms-key-no-policy",
        severity: Low,
        types: ["aws_kms_key"],
        service: "kms",
        summary: "A KMS key without an explicit key policy",
        why: "Without a policy the key gets the default one, which delegates all access to IAM in the account; an explicit policy states who may use and administer the key.",
        fix: "Set `policy` (or add an `aws_kms_key_policy`)",
        message: "key has no explicit key policy",
        when: And(&[Not(&Set("policy")), Not(&Related { types: &["aws_kms_key_policy"], via: "key_id", cond: None })]),
        aliases: ["CKV2_AWS_64"],
        bad: r#"resource "aws_kms_key" "k" {
  description = "data"
}
"#,
        good: r#"resource "aws_kms_key" "k" {
  description = "data"
  policy      = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "kms:*", Resource = "*" }] })
}
"#,
    },
    {
        id: "aws-kms-key-disabled",
        severity: Low,
        types: ["aws_kms_key"],
        service: "kms",
        summary: "A KMS key created disabled",
        why: "Data encrypted under a disabled key cannot be read: a disabled key in configuration is usually a mistake or a pending deletion.",
        fix: "Remove `is_enabled = false`, or delete the key deliberately",
        message: "key is disabled",
        when: False("is_enabled"),
        aliases: ["CKV_AWS_227"],
        bad: r#"resource "aws_kms_key" "k" {
  is_enabled = false
}
"#,
        good: r#"resource "aws_kms_key" "k" {
  is_enabled = true
}
"#,
    },
}
