//! `nginx-resolver-external`: nginx resolves names through a public DNS server.

use std::net::IpAddr;

use infra_lint_core::{Finding, Model};

use crate::declare_rule;
use crate::nginx::{confs, weigh};
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Flags a `resolver` that names a public IP address (`8.8.8.8`, `1.1.1.1` …) rather than
    /// a resolver on the host or the private network (`127.0.0.1`, `127.0.0.11` in Docker,
    /// `10.0.0.2`, a `.local`/`.internal` name). The finding points at the address.
    ///
    /// ## Why is this bad?
    /// nginx asks its resolver over plain UDP. An attacker on the path to a public resolver,
    /// or one who races its answers, can spoof the reply and point an upstream name at their
    /// own server: nginx then proxies users' requests, cookies and credentials to them. nginx's
    /// resolver has also had memory-safety bugs reachable through crafted DNS answers
    /// (CVE-2021-23017), which a far-away resolver exposes to more attackers.
    ///
    /// Severity is medium, one step lower in staging; development and test files are not
    /// reported.
    ///
    /// ## How to fix
    /// Run a local caching resolver (unbound, systemd-resolved, dnsmasq) or use the VPC's
    /// resolver, and point `resolver` at it.
    ///
    /// ## Example
    /// ```nginx
    /// # Bad
    /// resolver 8.8.8.8 1.1.1.1 valid=300s;
    /// ```
    /// ```nginx
    /// # Good
    /// resolver 127.0.0.1 valid=300s;
    /// ```
    ///
    /// ## References
    /// - nginx `resolver`: <https://nginx.org/en/docs/http/ngx_http_core_module.html#resolver>
    /// - nginx security advisory, CVE-2021-23017: <https://nginx.org/en/security_advisories.html>
    pub struct NginxResolverExternal {
        id: "nginx-resolver-external",
        severity: Medium,
        formats: [Nginx],
        tags: ["security", "dns", "nginx"],
        precision: "high",
        summary: "nginx resolver points at a public DNS server",
        aliases: ["resolver_external"],
    }
}

/// Whether an address (`8.8.8.8`, `[2001:4860::8888]:53`) is a public IP.
fn public_ip(addr: &str) -> Option<IpAddr> {
    let a = addr.trim();
    let host = if let Some(rest) = a.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else if a.matches(':').count() == 1 {
        a.split(':').next().unwrap_or("")
    } else {
        a
    };
    let ip: IpAddr = host.parse().ok()?;
    let private = match ip {
        IpAddr::V4(v) => {
            v.is_private()
                || v.is_loopback()
                || v.is_link_local()
                || v.is_unspecified()
                // Carrier-grade NAT (100.64.0.0/10), used by some VPC resolvers.
                || (v.octets()[0] == 100 && (64..128).contains(&v.octets()[1]))
        }
        IpAddr::V6(v) => {
            v.is_loopback()
                || v.is_unspecified()
                || (v.segments()[0] & 0xfe00) == 0xfc00
                || (v.segments()[0] & 0xffc0) == 0xfe80
        }
    };
    (!private).then_some(ip)
}

impl Rule for NginxResolverExternal {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for conf in confs(model) {
            conf.walk(&mut |d, _| {
                if d.name() != "resolver" {
                    return;
                }
                let public: Vec<_> =
                    d.args.iter().filter(|a| !a.text.contains('=')).filter_map(|a| Some((a, public_ip(&a.text)?))).collect();
                let Some((a, _)) = public.first() else { return };
                let Some((sev, env)) = weigh(model, a.span, Self::META.severity) else { return };
                let ips: Vec<String> = public.iter().map(|(_, ip)| ip.to_string()).collect();
                let list = ips.join(" ");
                out.push(
                    Finding::new(
                        Self::META.id,
                        sev,
                        a.span,
                        format!("`resolver {list}` sends nginx's DNS queries over UDP to public servers: a spoofed answer can redirect an upstream to an attacker"),
                    )
                    .fix("point `resolver` at a local caching resolver (127.0.0.1) or the private network's resolver")
                    .key(format!("resolver:{list}"))
                    .env(env),
                );
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_and_private() {
        assert!(public_ip("8.8.8.8").is_some());
        assert!(public_ip("1.1.1.1:53").is_some());
        assert!(public_ip("[2001:4860:4860::8888]").is_some());
        assert!(public_ip("127.0.0.11").is_none());
        assert!(public_ip("10.0.0.2").is_none());
        assert!(public_ip("100.100.2.136").is_none());
        assert!(public_ip("kube-dns.kube-system.svc.cluster.local").is_none());
        assert!(public_ip("[::1]").is_none());
    }
}
