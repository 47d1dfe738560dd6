//! AWS EC2, EBS, AMI, VPC, security group and network ACL checks.

use infra_lint_core::terraform::{Tri, Value};
use infra_lint_core::Span;

use super::engine::Cond::{self, *};
use super::engine::{Ctx, Hit, Scope};

/// One firewall entry open to the world: its ports and where to point.
struct Open {
    from: i64,
    to: i64,
    span: Span,
    cidr: String,
}

fn open_cidr(s: &str) -> bool {
    matches!(s.trim(), "0.0.0.0/0" | "::/0")
}

/// The world-open CIDR among `keys` of an entry (string or list attributes).
fn open_in(o: &Scope<'_>, keys: &[&str]) -> Result<Option<(String, Span)>, ()> {
    let mut unknown = false;
    for k in keys {
        let Some((v, span)) = o.get(k) else { continue };
        let items: Vec<_> = match &v.value {
            Value::List(l) => l.clone(),
            _ => vec![v.clone()],
        };
        for x in items {
            match x.as_str() {
                Some(s) if open_cidr(s) => return Ok(Some((s.to_owned(), span))),
                Some(_) => {}
                None => unknown = true,
            }
        }
    }
    if unknown {
        Err(())
    } else {
        Ok(None)
    }
}

fn num(o: &Scope<'_>, k: &str) -> Option<i64> {
    #[allow(clippy::cast_possible_truncation)]
    o.get(k).and_then(|(v, _)| v.as_number()).map(|n| n as i64)
}

fn all_protocols(o: &Scope<'_>, key: &str) -> bool {
    o.get(key).and_then(|(v, _)| v.as_string()).is_some_and(|p| p == "-1" || p.eq_ignore_ascii_case("all"))
}

/// Ports of an entry: all ports for protocol `-1`/`all`, else `from_port..=to_port` (unknown → None).
fn ports(o: &Scope<'_>, proto_key: &str) -> Option<(i64, i64)> {
    if all_protocols(o, proto_key) {
        return Some((0, 65535));
    }
    let from = num(o, "from_port")?;
    let to = num(o, "to_port").unwrap_or(from);
    if from == 0 && to == 0 {
        // `from_port = 0, to_port = 0` with a real protocol means all ports for TCP/UDP.
        return Some((0, 65535));
    }
    if from == -1 || to == -1 {
        return Some((0, 65535));
    }
    Some((from, to))
}

/// World-open security group entries of a resource in one direction.
fn sg_open(ctx: &Ctx<'_>, s: &Scope<'_>, ingress: bool) -> (Vec<Open>, bool) {
    let dir = if ingress { "ingress" } else { "egress" };
    let mut out = Vec::new();
    let mut unknown = false;
    let mut push = |o: &Scope<'_>, keys: &[&str], proto: &str| match open_in(o, keys) {
        Ok(Some((cidr, span))) => match ports(o, proto) {
            Some((from, to)) => out.push(Open { from, to, span, cidr }),
            None => unknown = true,
        },
        Ok(None) => {}
        Err(()) => unknown = true,
    };
    match ctx.res.r#type.as_str() {
        "aws_security_group" | "aws_default_security_group" => {
            for o in s.objects(dir) {
                push(&o, &["cidr_blocks", "ipv6_cidr_blocks"], "protocol");
            }
        }
        "aws_security_group_rule" if s.get("type").and_then(|(v, _)| v.as_string()).as_deref() == Some(dir) => {
            push(s, &["cidr_blocks", "ipv6_cidr_blocks"], "protocol");
        }
        "aws_vpc_security_group_ingress_rule" if ingress => push(s, &["cidr_ipv4", "cidr_ipv6"], "ip_protocol"),
        "aws_vpc_security_group_egress_rule" if !ingress => push(s, &["cidr_ipv4", "cidr_ipv6"], "ip_protocol"),
        _ => {}
    }
    (out, unknown)
}

fn first_open(opens: (Vec<Open>, bool), pred: &dyn Fn(&Open) -> bool, what: &str) -> Hit {
    let (opens, unknown) = opens;
    match opens.into_iter().find(|o| pred(o)) {
        Some(o) => Hit::at(o.span, None, Some(format!("{} {what}", o.cidr))),
        None => Hit::tri(if unknown { Tri::Unknown } else { Tri::False }),
    }
}

fn covers(o: &Open, port: i64) -> bool {
    o.from <= port && port <= o.to
}

fn all_ports(o: &Open) -> bool {
    o.from <= 0 && o.to >= 65535
}

const WEB: [i64; 2] = [80, 443];

fn sg_ingress_public(ctx: &Ctx<'_>, s: &Scope<'_>) -> Hit {
    // Web ports are meant to be public; everything else open to the world is reported.
    first_open(sg_open(ctx, s, true), &|o| !(WEB.iter().any(|p| o.from == *p && o.to == *p)), "ingress")
}
fn sg_ingress_all_ports(ctx: &Ctx<'_>, s: &Scope<'_>) -> Hit {
    first_open(sg_open(ctx, s, true), &all_ports, "ingress on all ports")
}
fn sg_ingress_http(ctx: &Ctx<'_>, s: &Scope<'_>) -> Hit {
    first_open(sg_open(ctx, s, true), &|o| covers(o, 80) && !all_ports(o), "ingress on port 80")
}
fn sg_egress_public(ctx: &Ctx<'_>, s: &Scope<'_>) -> Hit {
    first_open(sg_open(ctx, s, false), &|_| true, "egress")
}
fn sg_egress_all_ports(ctx: &Ctx<'_>, s: &Scope<'_>) -> Hit {
    first_open(sg_open(ctx, s, false), &all_ports, "egress on all ports")
}

/// World-open `allow` ingress entries of a network ACL. Entries apply in rule-number order: an
/// allow shadowed (for the port asked about) by a lower-numbered world-wide deny does not count;
/// the shadowing is applied by [`nacl_port_open`].
fn nacl_open(ctx: &Ctx<'_>, s: &Scope<'_>) -> (Vec<Open>, bool) {
    nacl_entries(ctx, s, true)
}

fn nacl_entries(ctx: &Ctx<'_>, s: &Scope<'_>, allow: bool) -> (Vec<Open>, bool) {
    let mut out = Vec::new();
    let mut unknown = false;
    let mut push = |o: &Scope<'_>, action_key: &str| {
        let action = o.get(action_key).and_then(|(v, _)| v.as_string());
        let is_allow = action.as_deref().is_none_or(|a| a.eq_ignore_ascii_case("allow"));
        if is_allow != allow {
            return;
        }
        let n = num(o, "rule_no").or_else(|| num(o, "rule_number")).unwrap_or(i64::MAX);
        match open_in(o, &["cidr_block", "ipv6_cidr_block"]) {
            Ok(Some((cidr, span))) => match ports(o, "protocol") {
                Some((from, to)) => out.push(Open { from, to, span, cidr: format!("{n}\u{0}{cidr}") }),
                None => unknown = true,
            },
            Ok(None) => {}
            Err(()) => unknown = true,
        }
    };
    match ctx.res.r#type.as_str() {
        "aws_network_acl" | "aws_default_network_acl" => {
            for o in s.objects("ingress") {
                push(&o, "action");
            }
        }
        "aws_network_acl_rule" => {
            let egress = s.get("egress").map(|(v, _)| v.truth());
            match egress {
                Some(Tri::True) => {}
                Some(Tri::Unknown) => unknown = true,
                _ => push(s, "rule_action"),
            }
        }
        _ => {}
    }
    (out, unknown)
}

fn rule_no(o: &Open) -> i64 {
    o.cidr.split('\u{0}').next().and_then(|n| n.parse().ok()).unwrap_or(i64::MAX)
}

/// An allow entry opening one of `ports` to the world that no lower-numbered world-wide deny of
/// the same ACL shadows.
fn nacl_port_open(ctx: &Ctx<'_>, s: &Scope<'_>, ports: &[i64], what: &str) -> Hit {
    let (allows, unknown) = nacl_open(ctx, s);
    let (denies, _) = nacl_entries(ctx, s, false);
    let hit = allows.into_iter().find(|a| {
        ports.iter().any(|p| covers(a, *p) && !denies.iter().any(|d| covers(d, *p) && rule_no(d) < rule_no(a)))
    });
    match hit {
        Some(o) => Hit::at(o.span, None, Some(format!("{} {what}", o.cidr.rsplit('\u{0}').next().unwrap_or("")))),
        None => Hit::tri(if unknown { Tri::Unknown } else { Tri::False }),
    }
}

fn nacl_ssh(ctx: &Ctx<'_>, s: &Scope<'_>) -> Hit {
    nacl_port_open(ctx, s, &[22], "ingress to port 22")
}
fn nacl_rdp(ctx: &Ctx<'_>, s: &Scope<'_>) -> Hit {
    nacl_port_open(ctx, s, &[3389], "ingress to port 3389")
}
fn nacl_ftp(ctx: &Ctx<'_>, s: &Scope<'_>) -> Hit {
    nacl_port_open(ctx, s, &[20, 21], "ingress to FTP ports 20-21")
}
fn nacl_all(ctx: &Ctx<'_>, s: &Scope<'_>) -> Hit {
    let (allows, unknown) = nacl_open(ctx, s);
    let (denies, _) = nacl_entries(ctx, s, false);
    match allows.into_iter().find(|a| all_ports(a) && !denies.iter().any(|d| rule_no(d) < rule_no(a))) {
        Some(o) => {
            Hit::at(o.span, None, Some(format!("{} ingress on all ports", o.cidr.rsplit('\u{0}').next().unwrap_or(""))))
        }
        None => Hit::tri(if unknown { Tri::Unknown } else { Tri::False }),
    }
}

/// Instance metadata that still answers IMDSv1 requests.
const IMDS_V1: Cond = And(&[
    Not(&Eq("metadata_options.http_tokens", "required")),
    Not(&Eq("metadata_options.http_endpoint", "disabled")),
]);

crate::cloud_checks! { CHECKS; "aws";
    {
        id: "aws-ec2-imdsv1",
        severity: High,
        types: ["aws_instance", "aws_launch_template", "aws_launch_configuration"],
        service: "ec2",
        summary: "An EC2 instance or launch template that allows IMDSv1",
        why: "IMDSv1 answers plain GET requests, so an SSRF bug in any application on the instance can read the instance role's credentials. IMDSv2 requires a session token obtained with a PUT, which SSRF usually cannot send.",
        note: "The provider default is `http_tokens = \"optional\"` unless the AMI says otherwise; instances with the metadata endpoint disabled are fine.",
        fix: "Set `metadata_options { http_tokens = \"required\" }`",
        message: "instance metadata service accepts IMDSv1 (http_tokens is not \"required\")",
        when: IMDS_V1,
        aliases: ["AVD-AWS-0028", "AWS-0028", "AVD-AWS-0130", "AWS-0130", "CKV_AWS_79"],
        bad: r#"resource "aws_instance" "i" {
  ami           = "ami-123"
  instance_type = "t3.micro"
}
"#,
        good: r#"resource "aws_instance" "i" {
  ami           = "ami-123"
  instance_type = "t3.micro"
  metadata_options {
    http_tokens = "required"
  }
}
"#,
    },
    {
        id: "aws-ec2-metadata-hop-limit",
        severity: Low,
        types: ["aws_launch_template", "aws_instance"],
        service: "ec2",
        summary: "Instance metadata reachable more than one network hop away",
        why: "A hop limit above 1 lets containers on the instance (one more hop) reach the metadata service and the instance role's credentials.",
        fix: "Set `metadata_options { http_put_response_hop_limit = 1 }` unless containers need the instance role",
        message: "metadata hop limit is above 1",
        when: Gt("metadata_options.http_put_response_hop_limit", 1.0),
        aliases: ["CKV_AWS_341"],
        bad: r#"resource "aws_launch_template" "t" {
  metadata_options {
    http_tokens                 = "required"
    http_put_response_hop_limit = 3
  }
}
"#,
        good: r#"resource "aws_launch_template" "t" {
  metadata_options {
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }
}
"#,
    },
    {
        id: "aws-ec2-public-ip",
        severity: Medium,
        types: ["aws_instance", "aws_launch_template"],
        service: "ec2",
        summary: "An EC2 instance or launch template that assigns a public IP address",
        why: "A public address puts the instance on the internet: every open port and service is reachable, and security groups become the only barrier.",
        fix: "Remove `associate_public_ip_address = true`; reach instances through a load balancer, SSM or a bastion",
        message: "instance gets a public IP address",
        when: Or(&[True("associate_public_ip_address"), Any("network_interfaces", &True("associate_public_ip_address"))]),
        aliases: ["CKV_AWS_88"],
        bad: r#"resource "aws_instance" "i" {
  ami                         = "ami-123"
  instance_type               = "t3.micro"
  associate_public_ip_address = true
}
"#,
        good: r#"resource "aws_instance" "i" {
  ami                         = "ami-123"
  instance_type               = "t3.micro"
  associate_public_ip_address = false
}
"#,
    },
    {
        id: "aws-launch-configuration-public-ip",
        severity: Medium,
        types: ["aws_launch_configuration"],
        service: "autoscaling",
        summary: "A launch configuration that gives instances public IP addresses",
        why: "Every instance the Auto Scaling group launches is put directly on the internet.",
        fix: "Set `associate_public_ip_address = false` and put the instances behind a load balancer",
        message: "launch configuration assigns public IP addresses",
        when: True("associate_public_ip_address"),
        aliases: ["AVD-AWS-0009", "AWS-0009", "CKV_AWS_389"],
        bad: r#"resource "aws_launch_configuration" "c" {
  image_id                    = "ami-123"
  instance_type               = "t3.micro"
  associate_public_ip_address = true
}
"#,
        good: r#"resource "aws_launch_configuration" "c" {
  image_id                    = "ami-123"
  instance_type               = "t3.micro"
  associate_public_ip_address = false
}
"#,
    },
    {
        id: "aws-ec2-unencrypted-block-device",
        severity: Medium,
        types: ["aws_instance", "aws_launch_configuration"],
        service: "ec2",
        summary: "An instance or launch configuration with an unencrypted root or EBS block device",
        why: "Unencrypted volumes and their snapshots can be read by anyone who obtains a copy.",
        note: "A block device declared without `encrypted` is reported (it defaults to unencrypted unless the account's EBS encryption by default is on); instances that do not declare block devices are not.",
        fix: "Set `encrypted = true` in `root_block_device` and every `ebs_block_device`",
        message: "block device is not encrypted",
        when: Or(&[
            Any("root_block_device", &And(&[Not(&True("encrypted")), Not(&Set("snapshot_id"))])),
            Any("ebs_block_device", &And(&[Not(&True("encrypted")), Not(&Set("snapshot_id"))])),
        ]),
        aliases: ["AVD-AWS-0131", "AWS-0131", "AVD-AWS-0008", "AWS-0008", "CKV_AWS_8"],
        bad: r#"resource "aws_instance" "i" {
  ami           = "ami-123"
  instance_type = "t3.micro"
  root_block_device {
    encrypted = false
  }
}
"#,
        good: r#"resource "aws_instance" "i" {
  ami           = "ami-123"
  instance_type = "t3.micro"
  root_block_device {
    encrypted = true
  }
}
"#,
    },
    {
        id: "aws-ec2-no-iam-role",
        severity: Low,
        types: ["aws_instance"],
        service: "ec2",
        summary: "An EC2 instance without an instance profile (IAM role)",
        why: "Without a role, software on the instance that calls AWS needs long-lived access keys stored on disk; a role gives short-lived, rotated credentials.",
        fix: "Attach an `iam_instance_profile` with the permissions the instance needs",
        message: "instance has no IAM instance profile",
        when: Not(&Set("iam_instance_profile")),
        aliases: ["CKV2_AWS_41"],
        bad: r#"resource "aws_instance" "i" {
  ami           = "ami-123"
  instance_type = "t3.micro"
}
"#,
        good: r#"resource "aws_instance" "i" {
  ami                  = "ami-123"
  instance_type        = "t3.micro"
  iam_instance_profile = "app"
}
"#,
    },
    {
        id: "aws-ec2-detailed-monitoring",
        severity: Low,
        types: ["aws_instance"],
        service: "ec2",
        summary: "An EC2 instance without detailed monitoring",
        why: "Basic monitoring reports metrics every five minutes; one-minute metrics make incidents and abuse (crypto mining, floods) visible sooner.",
        fix: "Set `monitoring = true`",
        message: "detailed monitoring is not enabled",
        when: Not(&True("monitoring")),
        aliases: ["CKV_AWS_126"],
        bad: r#"resource "aws_instance" "i" {
  ami           = "ami-123"
  instance_type = "t3.micro"
}
"#,
        good: r#"resource "aws_instance" "i" {
  ami           = "ami-123"
  instance_type = "t3.micro"
  monitoring    = true
}
"#,
    },
    {
        id: "aws-ec2-not-ebs-optimized",
        severity: Low,
        types: ["aws_instance"],
        service: "ec2",
        summary: "An EC2 instance not EBS-optimized",
        why: "Without EBS optimisation, storage traffic competes with network traffic, degrading both under load.",
        note: "Current-generation instance types (`t3`, `m5`, `c6g` …) are EBS-optimized by default and cannot be switched off, so only instance types without default optimisation (`t2`, `m3`, `c3`, `r3`, `i2` and other previous generations) are reported; an unknown instance type is not.",
        fix: "Set `ebs_optimized = true`, or move to a current-generation instance type",
        message: "instance type is not EBS-optimized by default and ebs_optimized is not set",
        when: And(&[
            Not(&True("ebs_optimized")),
            Or(&[
                Prefix("instance_type", "t1."),
                Prefix("instance_type", "t2."),
                Prefix("instance_type", "m1."),
                Prefix("instance_type", "m2."),
                Prefix("instance_type", "m3."),
                Prefix("instance_type", "c1."),
                Prefix("instance_type", "c3."),
                Prefix("instance_type", "cc2."),
                Prefix("instance_type", "cr1."),
                Prefix("instance_type", "g2."),
                Prefix("instance_type", "hi1."),
                Prefix("instance_type", "hs1."),
                Prefix("instance_type", "i2."),
                Prefix("instance_type", "r3."),
            ]),
        ]),
        aliases: ["CKV_AWS_135"],
        bad: r#"resource "aws_instance" "i" {
  ami           = "ami-123"
  instance_type = "m3.large"
}
"#,
        good: r#"resource "aws_instance" "i" {
  ami           = "ami-123"
  instance_type = "m3.large"
  ebs_optimized = true
}
"#,
    },
    {
        id: "aws-ebs-default-encryption-off",
        severity: Medium,
        types: ["aws_ebs_encryption_by_default"],
        service: "ebs",
        summary: "EBS encryption by default switched off for the region",
        why: "With encryption by default, every new volume and snapshot copy is encrypted whatever its configuration says; turning it off lets unencrypted volumes in.",
        fix: "Set `enabled = true`",
        message: "EBS encryption by default is disabled",
        when: False("enabled"),
        aliases: ["CKV_AWS_106"],
        bad: r#"resource "aws_ebs_encryption_by_default" "e" {
  enabled = false
}
"#,
        good: r#"resource "aws_ebs_encryption_by_default" "e" {
  enabled = true
}
"#,
    },
    {
        id: "aws-ebs-no-cmk",
        severity: Low,
        types: ["aws_ebs_volume", "aws_ebs_snapshot_copy", "aws_ami_copy"],
        service: "ebs",
        summary: "An EBS volume, snapshot copy or AMI copy without a customer-managed KMS key",
        why: "The AWS-managed `aws/ebs` key cannot be restricted or shared; a customer-managed key controls who can use, copy and share the encrypted data.",
        fix: "Set `kms_key_id` to a customer-managed key",
        message: "not encrypted with a customer-managed KMS key",
        when: Not(&Set("kms_key_id")),
        aliases: ["AVD-AWS-0027", "AWS-0027", "CKV_AWS_189", "CKV_AWS_183", "CKV_AWS_236"],
        bad: r#"resource "aws_ebs_volume" "v" {
  availability_zone = "eu-west-1a"
  size              = 40
  encrypted         = true
}
"#,
        good: r#"resource "aws_ebs_volume" "v" {
  availability_zone = "eu-west-1a"
  size              = 40
  encrypted         = true
  kms_key_id        = "arn:aws:kms:eu-west-1:111122223333:key/abc"
}
"#,
    },
    {
        id: "aws-ami-copy-unencrypted",
        severity: Medium,
        types: ["aws_ami_copy", "aws_ebs_snapshot_copy"],
        service: "ec2",
        summary: "An AMI or snapshot copy that is not encrypted",
        why: "Copies are where encryption can be added; an unencrypted copy spreads readable disk images to other regions or accounts.",
        fix: "Set `encrypted = true` (with a `kms_key_id`)",
        message: "copy is not encrypted",
        when: Not(&True("encrypted")),
        aliases: ["CKV_AWS_235"],
        bad: r#"resource "aws_ami_copy" "c" {
  name              = "copy"
  source_ami_id     = "ami-123"
  source_ami_region = "eu-west-1"
}
"#,
        good: r#"resource "aws_ami_copy" "c" {
  name              = "copy"
  source_ami_id     = "ami-123"
  source_ami_region = "eu-west-1"
  encrypted         = true
}
"#,
    },
    {
        id: "aws-ami-public",
        severity: High,
        types: ["aws_ami_launch_permission"],
        service: "ec2",
        summary: "An AMI shared with everyone",
        why: "A public AMI exposes its disk contents — code, configuration, sometimes credentials — to every AWS account.",
        fix: "Share with specific `account_id`s or an organisation instead of `group = \"all\"`",
        message: "AMI launch permission is public",
        when: Eq("group", "all"),
        aliases: ["CKV_AWS_205"],
        bad: r#"resource "aws_ami_launch_permission" "p" {
  image_id = "ami-123"
  group    = "all"
}
"#,
        good: r#"resource "aws_ami_launch_permission" "p" {
  image_id   = "ami-123"
  account_id = "111122223333"
}
"#,
    },
    {
        id: "aws-ami-data-no-owner",
        severity: Medium,
        types: ["data.aws_ami"],
        service: "ec2",
        summary: "An AMI lookup that does not restrict the image owner",
        why: "Without `owners`, a name filter can match a look-alike public AMI published by anyone, and instances boot an attacker's image.",
        fix: "Set `owners` (an account id, `amazon`, `self`)",
        message: "AMI data source has no owners",
        when: Or(&[Not(&Set("owners")), Empty("owners")]),
        aliases: ["AVD-AWS-0344", "AWS-0344"],
        bad: r#"data "aws_ami" "ubuntu" {
  most_recent = true
  filter {
    name   = "name"
    values = ["ubuntu/images/*"]
  }
}
"#,
        good: r#"data "aws_ami" "ubuntu" {
  most_recent = true
  owners      = ["099720109477"]
  filter {
    name   = "name"
    values = ["ubuntu/images/*"]
  }
}
"#,
    },
    {
        id: "aws-asg-launch-configuration",
        severity: Low,
        types: ["aws_autoscaling_group"],
        service: "autoscaling",
        summary: "An Auto Scaling group using a launch configuration instead of a launch template",
        why: "Launch configurations are deprecated and cannot enforce IMDSv2 or newer instance settings; launch templates can.",
        fix: "Use `launch_template` (or `mixed_instances_policy`)",
        message: "Auto Scaling group does not use a launch template",
        when: And(&[Not(&Has("launch_template")), Not(&Has("mixed_instances_policy"))]),
        aliases: ["CKV_AWS_315"],
        bad: r#"resource "aws_autoscaling_group" "g" {
  max_size             = 2
  min_size             = 1
  launch_configuration = "web"
}
"#,
        good: r#"resource "aws_autoscaling_group" "g" {
  max_size = 2
  min_size = 1
  launch_template {
    id = "lt-123"
  }
}
"#,
    },
    {
        id: "aws-subnet-public-ip",
        severity: Medium,
        types: ["aws_subnet"],
        service: "vpc",
        summary: "A subnet that gives every instance a public IP address",
        why: "With `map_public_ip_on_launch`, anything launched in the subnet is reachable from the internet unless a security group says otherwise.",
        fix: "Set `map_public_ip_on_launch = false`; give public addresses explicitly where needed",
        message: "subnet assigns public IPs on launch",
        when: True("map_public_ip_on_launch"),
        aliases: ["AVD-AWS-0164", "AWS-0164", "CKV_AWS_130"],
        bad: r#"resource "aws_subnet" "s" {
  vpc_id                  = "vpc-123"
  cidr_block              = "10.0.1.0/24"
  map_public_ip_on_launch = true
}
"#,
        good: r#"resource "aws_subnet" "s" {
  vpc_id     = "vpc-123"
  cidr_block = "10.0.1.0/24"
}
"#,
    },
    {
        id: "aws-default-vpc",
        severity: Low,
        types: ["aws_default_vpc"],
        service: "vpc",
        summary: "The default VPC managed and used",
        why: "The default VPC has public subnets and permissive defaults; workloads belong in a VPC designed for them.",
        fix: "Create a dedicated `aws_vpc` with private subnets",
        message: "default VPC in use",
        when: Not(&Type("aws_vpc")),
        aliases: ["AVD-AWS-0101", "AWS-0101", "CKV_AWS_148"],
        bad: r#"resource "aws_default_vpc" "d" {
}
"#,
        good: r#"resource "aws_vpc" "d" {
  cidr_block = "10.0.0.0/16"
}
"#,
    },
    {
        id: "aws-vpc-flow-logs",
        severity: Low,
        types: ["aws_vpc"],
        service: "vpc",
        summary: "A VPC without flow logs",
        why: "Flow logs record accepted and rejected connections; without them, intrusion, exfiltration and misrouted traffic leave no trace.",
        fix: "Add an `aws_flow_log` with `vpc_id` set to the VPC",
        message: "VPC has no flow log",
        when: Not(&Related { types: &["aws_flow_log"], via: "vpc_id", cond: None }),
        aliases: ["AVD-AWS-0178", "AWS-0178", "CKV2_AWS_11", "CIS-AWS-3.9"],
        bad: r#"resource "aws_vpc" "v" {
  cidr_block = "10.0.0.0/16"
}
"#,
        good: r#"resource "aws_vpc" "v" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_flow_log" "v" {
  vpc_id          = aws_vpc.v.id
  traffic_type    = "ALL"
  log_destination = "arn:aws:s3:::flow-logs"
}
"#,
    },
    {
        id: "aws-default-security-group-open",
        severity: Medium,
        types: ["aws_default_security_group", "aws_vpc"],
        service: "vpc",
        summary: "A VPC whose default security group allows traffic",
        why: "Resources launched without a security group land in the default one; CIS asks that it allow nothing so that mistakes fail closed.",
        fix: "Manage the VPC's `aws_default_security_group` with no `ingress` or `egress` rules",
        message: "default security group is not restricted",
        when: Or(&[
            And(&[Type("aws_default_security_group"), Or(&[Has("ingress"), Has("egress")])]),
            And(&[Type("aws_vpc"), Not(&Related { types: &["aws_default_security_group"], via: "vpc_id", cond: Some(&And(&[Not(&Has("ingress")), Not(&Has("egress"))])) })]),
        ]),
        aliases: ["CKV2_AWS_12", "CIS-AWS-5.4"],
        bad: r#"resource "aws_default_security_group" "d" {
  vpc_id = "vpc-123"
  ingress {
    protocol  = -1
    self      = true
    from_port = 0
    to_port   = 0
  }
}
"#,
        good: r#"resource "aws_default_security_group" "d" {
  vpc_id = "vpc-123"
}
"#,
    },
    {
        id: "aws-sg-no-description",
        severity: Low,
        types: ["aws_security_group", "aws_elasticache_security_group", "aws_db_security_group", "aws_redshift_security_group"],
        service: "vpc",
        summary: "A security group without a description",
        why: "Descriptions say what a group is for; without them nobody dares to tighten or delete rules, and reviews cannot tell intended exposure from mistakes.",
        note: "The provider fills in \"Managed by Terraform\" when none is given; that counts as missing.",
        fix: "Set a `description` saying what the group protects",
        message: "security group has no description",
        when: Or(&[Not(&Set("description")), Empty("description"), Eq("description", "Managed by Terraform")]),
        aliases: ["AVD-AWS-0099", "AWS-0099", "AVD-AWS-0049", "AWS-0049", "CKV_AWS_23"],
        bad: r#"resource "aws_security_group" "g" {
  name = "web"
}
"#,
        good: r#"resource "aws_security_group" "g" {
  name        = "web"
  description = "HTTPS from the load balancer"
}
"#,
    },
    {
        id: "aws-sg-rule-no-description",
        severity: Low,
        types: ["aws_security_group_rule", "aws_security_group", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"],
        service: "vpc",
        summary: "A security group rule without a description",
        why: "A rule's description records why the opening exists; without it, reviews cannot tell intended exposure from mistakes.",
        fix: "Set `description` on each rule",
        message: "security group rule has no description",
        when: Or(&[
            And(&[Type("aws_security_group"), Or(&[Any("ingress", &Not(&Set("description"))), Any("egress", &Not(&Set("description")))])]),
            And(&[Not(&Type("aws_security_group")), Not(&Set("description"))]),
        ]),
        aliases: ["AVD-AWS-0124", "AWS-0124", "CKV_AWS_23"],
        bad: r#"resource "aws_security_group_rule" "r" {
  type              = "ingress"
  from_port         = 443
  to_port           = 443
  protocol          = "tcp"
  cidr_blocks       = ["10.0.0.0/8"]
  security_group_id = "sg-123"
}
"#,
        good: r#"resource "aws_security_group_rule" "r" {
  type              = "ingress"
  description       = "HTTPS from the VPC"
  from_port         = 443
  to_port           = 443
  protocol          = "tcp"
  cidr_blocks       = ["10.0.0.0/8"]
  security_group_id = "sg-123"
}
"#,
    },
    {
        id: "aws-sg-public-ingress",
        severity: Medium,
        types: ["aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule"],
        service: "vpc",
        summary: "A security group allowing ingress from the whole internet on non-web ports",
        why: "Every service behind such a rule is reachable by anyone; only web ports (80/443) are normally meant to face the internet.",
        note: "Ports 80 and 443 alone are not reported; SSH/RDP are also reported by `open-admin-port`, databases by `public-database`.",
        fix: "Restrict the source to known ranges or security groups",
        message: "security group allows ingress from the internet",
        when: Code(sg_ingress_public),
        aliases: ["AVD-AWS-0107", "AWS-0107"],
        bad: r#"resource "aws_security_group_rule" "r" {
  type              = "ingress"
  from_port         = 8080
  to_port           = 8080
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = "sg-123"
}
"#,
        good: r#"resource "aws_security_group_rule" "r" {
  type              = "ingress"
  from_port         = 8080
  to_port           = 8080
  protocol          = "tcp"
  cidr_blocks       = ["10.0.0.0/16"]
  security_group_id = "sg-123"
}
"#,
    },
    {
        id: "aws-sg-ingress-all-ports",
        severity: High,
        types: ["aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule"],
        service: "vpc",
        summary: "A security group allowing ingress on all ports from the whole internet",
        why: "All ports and protocols open to the world exposes every service the instance runs, including ones nobody meant to publish.",
        fix: "Allow only the needed ports from the needed sources",
        message: "security group allows all traffic from the internet",
        when: Code(sg_ingress_all_ports),
        aliases: ["CKV_AWS_277"],
        bad: r#"resource "aws_security_group" "g" {
  description = "all"
  ingress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"#,
        good: r#"resource "aws_security_group" "g" {
  description = "https"
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"#,
    },
    {
        id: "aws-sg-http-open",
        severity: Low,
        types: ["aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule"],
        service: "vpc",
        summary: "A security group allowing plain HTTP (port 80) from the whole internet",
        why: "Port 80 serves unencrypted HTTP; a public endpoint should accept HTTPS and redirect at a load balancer or CDN.",
        fix: "Serve HTTPS on 443 and redirect HTTP at the load balancer, or restrict port 80",
        message: "security group allows HTTP from the internet",
        when: Code(sg_ingress_http),
        aliases: ["CKV_AWS_260"],
        bad: r#"resource "aws_security_group_rule" "r" {
  type              = "ingress"
  from_port         = 80
  to_port           = 80
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = "sg-123"
}
"#,
        good: r#"resource "aws_security_group_rule" "r" {
  type              = "ingress"
  from_port         = 443
  to_port           = 443
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = "sg-123"
}
"#,
    },
    {
        id: "aws-sg-public-egress",
        severity: Low,
        types: ["aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_egress_rule"],
        service: "vpc",
        summary: "A security group allowing egress to the whole internet",
        why: "Unrestricted egress lets a compromised workload download tooling and exfiltrate data anywhere.",
        fix: "Restrict egress to the destinations the workload needs (VPC endpoints, proxies, known ranges)",
        message: "security group allows egress to the internet",
        when: Code(sg_egress_public),
        aliases: ["AVD-AWS-0104", "AWS-0104"],
        bad: r#"resource "aws_security_group" "g" {
  description = "app"
  egress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"#,
        good: r#"resource "aws_security_group" "g" {
  description = "app"
  egress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/16"]
  }
}
"#,
    },
    {
        id: "aws-sg-egress-all-ports",
        severity: Low,
        types: ["aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_egress_rule"],
        service: "vpc",
        summary: "A security group allowing all egress traffic to the whole internet",
        why: "All ports and protocols outbound lets a compromised workload reach any service anywhere.",
        fix: "Allow only the outbound ports and destinations needed",
        message: "security group allows all egress to the internet",
        when: Code(sg_egress_all_ports),
        aliases: ["CKV_AWS_382"],
        bad: r#"resource "aws_security_group" "g" {
  description = "app"
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"#,
        good: r#"resource "aws_security_group" "g" {
  description = "app"
  egress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"#,
    },
    {
        id: "aws-nacl-public-ssh",
        severity: High,
        types: ["aws_network_acl", "aws_network_acl_rule"],
        service: "vpc",
        summary: "A network ACL allowing SSH (22) from the whole internet",
        why: "SSH open to the world is brute-forced continuously; the ACL removes a layer of defence in depth.",
        fix: "Allow port 22 only from known ranges (or not at all: use SSM Session Manager)",
        message: "network ACL allows SSH from the internet",
        when: Code(nacl_ssh),
        aliases: ["AVD-AWS-0105", "AWS-0105", "CKV_AWS_232", "CIS-AWS-5.1"],
        bad: r#"resource "aws_network_acl_rule" "r" {
  network_acl_id = "acl-123"
  rule_number    = 100
  egress         = false
  protocol       = "tcp"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0"
  from_port      = 22
  to_port        = 22
}
"#,
        good: r#"resource "aws_network_acl_rule" "r" {
  network_acl_id = "acl-123"
  rule_number    = 100
  egress         = false
  protocol       = "tcp"
  rule_action    = "allow"
  cidr_block     = "10.0.0.0/16"
  from_port      = 22
  to_port        = 22
}
"#,
    },
    {
        id: "aws-nacl-public-rdp",
        severity: High,
        types: ["aws_network_acl", "aws_network_acl_rule"],
        service: "vpc",
        summary: "A network ACL allowing RDP (3389) from the whole internet",
        why: "RDP open to the world is brute-forced continuously and has a history of remotely exploitable bugs.",
        fix: "Allow port 3389 only from known ranges (or use Fleet Manager / a bastion)",
        message: "network ACL allows RDP from the internet",
        when: Code(nacl_rdp),
        aliases: ["AVD-AWS-0105", "AWS-0105", "CKV_AWS_231", "CIS-AWS-5.1"],
        bad: r#"resource "aws_network_acl" "a" {
  vpc_id = "vpc-123"
  ingress {
    protocol   = "tcp"
    rule_no    = 100
    action     = "allow"
    cidr_block = "0.0.0.0/0"
    from_port  = 3389
    to_port    = 3389
  }
}
"#,
        good: r#"resource "aws_network_acl" "a" {
  vpc_id = "vpc-123"
  ingress {
    protocol   = "tcp"
    rule_no    = 100
    action     = "allow"
    cidr_block = "10.0.0.0/16"
    from_port  = 3389
    to_port    = 3389
  }
}
"#,
    },
    {
        id: "aws-nacl-public-ftp",
        severity: Medium,
        types: ["aws_network_acl", "aws_network_acl_rule"],
        service: "vpc",
        summary: "A network ACL allowing FTP (20/21) from the whole internet",
        why: "FTP sends credentials and data in plaintext and is a common brute-force target.",
        fix: "Do not allow 20/21 from 0.0.0.0/0; use SFTP or S3 with pre-signed URLs",
        message: "network ACL allows FTP from the internet",
        when: Code(nacl_ftp),
        aliases: ["CKV_AWS_229", "CKV_AWS_230"],
        bad: r#"resource "aws_network_acl_rule" "r" {
  network_acl_id = "acl-123"
  rule_number    = 100
  protocol       = "tcp"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0"
  from_port      = 21
  to_port        = 21
}
"#,
        good: r#"resource "aws_network_acl_rule" "r" {
  network_acl_id = "acl-123"
  rule_number    = 100
  protocol       = "tcp"
  rule_action    = "deny"
  cidr_block     = "0.0.0.0/0"
  from_port      = 21
  to_port        = 21
}
"#,
    },
    {
        id: "aws-nacl-all-ports",
        severity: Medium,
        types: ["aws_network_acl", "aws_network_acl_rule"],
        service: "vpc",
        summary: "A network ACL allowing all ports from the whole internet",
        why: "An allow-all ACL entry gives up the subnet-level layer of network defence.",
        fix: "Allow only the needed ports",
        message: "network ACL allows all ports from the internet",
        when: Code(nacl_all),
        aliases: ["AVD-AWS-0102", "AWS-0102", "CKV_AWS_352"],
        bad: r#"resource "aws_network_acl_rule" "r" {
  network_acl_id = "acl-123"
  rule_number    = 100
  protocol       = "-1"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0"
}
"#,
        good: r#"resource "aws_network_acl_rule" "r" {
  network_acl_id = "acl-123"
  rule_number    = 100
  protocol       = "tcp"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0"
  from_port      = 443
  to_port        = 443
}
"#,
    },
    {
        id: "aws-nacl-unattached",
        severity: Low,
        types: ["aws_network_acl"],
        service: "vpc",
        summary: "A network ACL attached to no subnet",
        why: "An ACL that protects nothing suggests subnets are running with the permissive default ACL instead.",
        fix: "Set `subnet_ids` or add an `aws_network_acl_association`",
        message: "network ACL is not associated with any subnet",
        when: And(&[
            Or(&[Not(&Set("subnet_ids")), Empty("subnet_ids")]),
            Not(&Related { types: &["aws_network_acl_association"], via: "network_acl_id", cond: None }),
        ]),
        aliases: ["CKV2_AWS_1"],
        bad: r#"resource "aws_network_acl" "a" {
  vpc_id = "vpc-123"
}
"#,
        good: r#"resource "aws_network_acl" "a" {
  vpc_id     = "vpc-123"
  subnet_ids = ["subnet-123"]
}
"#,
    },
}
