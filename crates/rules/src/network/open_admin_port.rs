//! `open-admin-port`: SSH or RDP open to the whole internet in a firewall or security group.

use crate::facts::terraform::sg_rule_covers;
use infra_lint_core::terraform::{Mode, Obj, ResourceInstance, Val, Value};
use infra_lint_core::{Environment, Finding, Model, Severity, Span};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Finds firewall rules that open SSH (22) or RDP (3389) to the whole internet, after
    /// Terraform evaluation: AWS security groups (inline `ingress`, `dynamic "ingress"`,
    /// `aws_security_group_rule`, `aws_vpc_security_group_ingress_rule`) with `0.0.0.0/0` or
    /// `::/0`, Google `google_compute_firewall` with a source range of `0.0.0.0/0`, and Azure
    /// `azurerm_network_security_rule` / inline `security_rule` allowing inbound traffic from `*`,
    /// `Internet` or `0.0.0.0/0`. Rules covering all ports or all protocols count too.
    ///
    /// Severity: high, one step lower in staging, low in development and test.
    ///
    /// ## Why is this bad?
    /// Administrative ports facing the internet are brute-forced around the clock, and any
    /// vulnerability in the SSH or RDP server becomes remotely exploitable. A single weak or
    /// leaked key or password is enough for full control of the machine.
    ///
    /// ## How to fix
    /// Remove the world-open rule. Use SSM Session Manager, IAP TCP forwarding, Azure Bastion or a
    /// VPN, or restrict the source to your office/VPN range.
    ///
    /// ## Example
    /// ```hcl
    /// # Bad
    /// ingress {
    ///   from_port   = 22
    ///   to_port     = 22
    ///   protocol    = "tcp"
    ///   cidr_blocks = ["0.0.0.0/0"]
    /// }
    /// ```
    /// ```hcl
    /// # Good
    /// ingress {
    ///   from_port   = 22
    ///   to_port     = 22
    ///   protocol    = "tcp"
    ///   cidr_blocks = ["10.20.0.0/16"] # VPN range
    /// }
    /// ```
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-13>
    /// - <https://cwe.mitre.org/data/definitions/284.html>
    pub struct OpenAdminPort {
        id: "open-admin-port",
        severity: High,
        formats: [Terraform, TerraformJson],
        tags: ["security", "network"],
        precision: "high",
        summary: "SSH or RDP open to the internet",
        aliases: ["AVD-AWS-0107", "AWS-0107", "CKV_AWS_24", "CKV_AWS_25", "CKV_GCP_2", "CKV_GCP_3", "AVD-GCP-0070", "GCP-0070", "AVD-GCP-0071", "GCP-0071", "CKV_AZURE_9", "CKV_AZURE_10", "AVD-AZU-0048", "AZU-0048", "AVD-AZU-0050", "AZU-0050"],
    }
}

const SRC_KEYS: [&str; 4] = ["cidr_blocks", "ipv6_cidr_blocks", "cidr_ipv4", "cidr_ipv6"];

const ADMIN: [(u16, &str); 2] = [(22, "SSH"), (3389, "RDP")];

fn open_value(v: &Val) -> Option<String> {
    let items: Vec<&Val> = match &v.value {
        Value::List(l) => l.iter().collect(),
        _ => vec![v],
    };
    items
        .into_iter()
        .filter_map(Val::as_str)
        .find(|s| matches!(*s, "0.0.0.0/0" | "::/0" | "*" | "Internet" | "Any"))
        .map(str::to_owned)
}

/// Admin ports an AWS-style rule covers.
fn aws_ports(o: &Obj<'_>) -> Vec<(u16, &'static str)> {
    ADMIN.iter().copied().filter(|(p, _)| sg_rule_covers(o, *p)).collect()
}

/// Whether a port spec (`"22"`, `"20-25"`, `"*"`, or a number) covers `port`.
fn spec_covers(spec: &str, port: u16) -> bool {
    let s = spec.trim();
    if s == "*" {
        return true;
    }
    match s.split_once('-') {
        Some((a, b)) => match (a.trim().parse::<u16>(), b.trim().parse::<u16>()) {
            (Ok(a), Ok(b)) => a <= port && port <= b,
            _ => false,
        },
        None => s.parse::<u16>().is_ok_and(|p| p == port),
    }
}

fn strings(v: &Val) -> Vec<String> {
    match &v.value {
        Value::List(l) => l.iter().filter_map(Val::as_string).collect(),
        _ => v.as_string().into_iter().collect(),
    }
}

/// (span of the open source, what it opens, service).
fn findings_for(r: &ResourceInstance) -> Vec<(Span, String, &'static str, u16)> {
    let mut out = Vec::new();
    let src_keys = SRC_KEYS;
    let aws = |o: &Obj<'_>, out: &mut Vec<(Span, String, &'static str, u16)>| {
        for k in SRC_KEYS {
            if let Some((v, span)) = o.get(k) {
                if let Some(src) = open_value(&v) {
                    for (p, name) in aws_ports(o) {
                        out.push((span, src.clone(), name, p));
                    }
                    return;
                }
            }
        }
    };
    match r.r#type.as_str() {
        "aws_security_group" => {
            for o in r.objects("ingress") {
                aws(&o, &mut out);
            }
        }
        "aws_security_group_rule" | "aws_vpc_security_group_ingress_rule" => {
            let is_ingress = r.r#type == "aws_vpc_security_group_ingress_rule"
                || r.attr("type").and_then(|a| a.value.as_str().map(str::to_owned)).as_deref() == Some("ingress");
            if !is_ingress {
                return out;
            }
            let o = Obj::Value {
                val: Val::object(r.body.attrs.iter().map(|a| (a.name.clone(), a.value.clone())).collect()),
                span: r.header_span,
            };
            aws(&o, &mut out);
            // Point at the cidr attribute itself.
            if let Some(a) = src_keys.iter().find_map(|k| r.attr(k).filter(|a| open_value(&a.value).is_some())) {
                for f in &mut out {
                    f.0 = a.span;
                }
            }
        }
        "google_compute_firewall" => {
            let inbound = r.attr("direction").and_then(|a| a.value.as_string()).is_none_or(|d| d == "INGRESS");
            let Some(src) = r.attr("source_ranges") else { return out };
            let Some(open) = open_value(&src.value) else { return out };
            if !inbound {
                return out;
            }
            for allow in r.objects("allow") {
                let proto = allow.get("protocol").and_then(|(v, _)| v.as_string()).unwrap_or_default();
                if !(proto == "tcp" || proto == "all") {
                    continue;
                }
                let ports = allow.get("ports").map(|(v, _)| strings(&v));
                for (p, name) in ADMIN {
                    let covered = match &ports {
                        None => true,
                        Some(list) => list.iter().any(|s| spec_covers(s, p)),
                    };
                    if covered {
                        out.push((src.span, open.clone(), name, p));
                    }
                }
            }
        }
        "azurerm_network_security_rule" | "azurerm_network_security_group" => {
            let rules: Vec<Obj<'_>> = if r.r#type == "azurerm_network_security_group" {
                r.objects("security_rule")
            } else {
                vec![Obj::Value {
                    val: Val::object(r.body.attrs.iter().map(|a| (a.name.clone(), a.value.clone())).collect()),
                    span: r.header_span,
                }]
            };
            for o in rules {
                let s = |k: &str| o.get(k).and_then(|(v, _)| v.as_string()).unwrap_or_default();
                if !s("direction").eq_ignore_ascii_case("Inbound") || !s("access").eq_ignore_ascii_case("Allow") {
                    continue;
                }
                let proto = s("protocol");
                if !(proto.eq_ignore_ascii_case("tcp") || proto == "*") {
                    continue;
                }
                let src = o.get("source_address_prefix").and_then(|(v, _)| open_value(&v));
                let Some(src) = src else { continue };
                let mut ports =
                    strings(&o.get("destination_port_range").map_or_else(|| Val::new(Value::Null), |(v, _)| v));
                ports.extend(strings(
                    &o.get("destination_port_ranges").map_or_else(|| Val::new(Value::Null), |(v, _)| v),
                ));
                let span = match (&o, r.attr("source_address_prefix")) {
                    (Obj::Value { .. }, Some(a)) => a.span,
                    _ => o.get("source_address_prefix").map_or(o.span(), |(_, sp)| sp),
                };
                for (p, name) in ADMIN {
                    if ports.iter().any(|x| spec_covers(x, p)) {
                        out.push((span, src.clone(), name, p));
                    }
                }
            }
        }
        _ => {}
    }
    out
}

impl Rule for OpenAdminPort {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        let Some(tf) = &model.terraform else { return };
        let mut seen = std::collections::HashSet::new();
        for r in tf.instances().filter(|r| r.mode == Mode::Managed) {
            for (span, src, name, port) in findings_for(r) {
                let key = format!("{}:{port}", r.fingerprint());
                if !seen.insert((key.clone(), span)) {
                    continue;
                }
                let env = if r.env == Environment::Unknown { model.env_of(span) } else { r.env };
                let message = format!(
                    "{} opens {name} (port {port}) to {src}: anyone on the internet can reach the login prompt",
                    r.address
                );
                out.push(
                    Finding::new(Self::META.id, Severity::High.weigh(env), span, message)
                        .fix("restrict the source to a VPN/office range, or use SSM Session Manager / IAP / Bastion")
                        .key(key)
                        .env(env),
                );
            }
        }
    }
}
