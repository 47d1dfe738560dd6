//! `compose-weakened-isolation`: a compose service that turns off a kernel isolation layer.

use infra_lint_core::{Finding, Model, Severity, Span};

use crate::declare_rule;
use crate::rule::Rule;

use super::{list, services};

declare_rule! {
    /// ## What it does
    /// Flags docker compose services that switch off one of the layers separating a container
    /// from its host (each at the offending value):
    /// - `security_opt` entries `seccomp:unconfined`, `apparmor:unconfined`, `label:disable`
    ///   (SELinux), `systempaths=unconfined`, and `no-new-privileges:false`;
    /// - sharing a host namespace: `pid: host`, `ipc: host`, `uts: host`, `userns_mode: host`
    ///   (`network_mode: host` is `compose-host-network`);
    /// - dangerous capabilities in `cap_add` (`SYS_PTRACE`, `SYS_MODULE`, `SYS_RAWIO`,
    ///   `DAC_READ_SEARCH`, `NET_ADMIN`, `BPF`, `SYS_BOOT`, `MAC_ADMIN`, `SYSLOG` …; `ALL` and
    ///   `SYS_ADMIN` are `privileged-container`);
    /// - raw host devices in `devices` (`/dev/mem`, `/dev/kmem`, disks such as `/dev/sda`,
    ///   `/dev/nvme0n1`).
    ///
    /// Severity is weighted by the file's environment (`low` in development and test files).
    ///
    /// ## Why is this bad?
    /// Seccomp, AppArmor/SELinux, namespaces and the dropped capabilities are what keep a
    /// compromised process inside its container. Without them an attacker can trace and inject
    /// into host processes (`pid: host` with `SYS_PTRACE`), load kernel modules, read host
    /// files by inode (`DAC_READ_SEARCH`), reconfigure the host network, or read the disk
    /// under every file permission.
    ///
    /// ## How to fix
    /// Remove the option; keep the default seccomp and AppArmor profiles (or write a custom
    /// profile that allows only the extra system calls needed), add only the narrow capability
    /// a service needs, and pass devices it really needs one by one.
    ///
    /// ## Example
    /// ```yaml
    /// # bad
    /// services:
    ///   agent:
    ///     image: example/agent:1.4
    ///     pid: host
    ///     security_opt: ["seccomp:unconfined"]
    ///     cap_add: [SYS_PTRACE]
    /// ```
    /// ```yaml
    /// # good
    /// services:
    ///   agent:
    ///     image: example/agent:1.4
    ///     security_opt: ["no-new-privileges:true"]
    ///     cap_drop: [ALL]
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/engine/security/seccomp/>
    /// - <https://docs.docker.com/reference/compose-file/services/#security_opt>
    /// - <https://man7.org/linux/man-pages/man7/capabilities.7.html>
    pub struct ComposeWeakenedIsolation {
        id: "compose-weakened-isolation",
        severity: High,
        formats: [Compose],
        tags: ["security", "containers"],
        precision: "very-high",
        summary: "A compose service disables seccomp/AppArmor/SELinux, shares a host namespace, or adds a dangerous capability or raw device",
    }
}

/// Capabilities that break out of the container's isolation (`ALL`/`SYS_ADMIN` excluded: those
/// are `privileged-container`'s).
const DANGEROUS_CAPS: &[&str] = &[
    "SYS_PTRACE",
    "SYS_MODULE",
    "SYS_RAWIO",
    "SYS_BOOT",
    "SYS_TIME",
    "DAC_READ_SEARCH",
    "NET_ADMIN",
    "BPF",
    "PERFMON",
    "MAC_ADMIN",
    "MAC_OVERRIDE",
    "SYSLOG",
    "LINUX_IMMUTABLE",
];

/// Why a `security_opt` entry weakens isolation, if it does.
fn weak_security_opt(opt: &str) -> Option<&'static str> {
    let o = opt.trim().to_ascii_lowercase().replace(' ', "");
    let (k, v) = o.split_once([':', '='])?;
    match (k, v) {
        ("seccomp", "unconfined") => Some("turns off the seccomp system-call filter"),
        ("apparmor", "unconfined") => Some("turns off the AppArmor profile"),
        ("label", "disable") | ("label", "disabled") => Some("turns off SELinux labelling"),
        ("systempaths", "unconfined") => Some("unmasks /proc and /sys paths of the host kernel"),
        ("no-new-privileges", "false") => Some("lets setuid binaries gain privileges"),
        _ => None,
    }
}

/// A raw host device that exposes memory or a whole disk.
fn raw_device(dev: &str) -> bool {
    let host = dev.split(':').next().unwrap_or("").trim();
    let name = host.strip_prefix("/dev/").unwrap_or("");
    if matches!(name, "mem" | "kmem" | "port") {
        return true;
    }
    let disk = ["sd", "hd", "vd", "xvd", "nvme", "mmcblk", "dm-", "loop", "mapper/"];
    disk.iter().any(|p| name.starts_with(p) && name.len() > p.len())
}

struct Hit {
    span: Span,
    what: String,
    key: String,
}

impl Rule for ComposeWeakenedIsolation {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (_, s, def) in services(model) {
            let mut hits: Vec<Hit> = Vec::new();
            for (opt, node) in list(def, "security_opt") {
                if let Some(why) = weak_security_opt(&opt) {
                    hits.push(Hit { span: node.span, what: format!("`security_opt: {opt}` {why}"), key: opt.clone() });
                }
            }
            for key in ["pid", "ipc", "uts", "userns_mode"] {
                for (v, node) in list(def, key) {
                    if v.trim() == "host" {
                        hits.push(Hit {
                            span: node.span,
                            what: format!(
                                "`{key}: host` shares the host's {} namespace",
                                key.trim_end_matches("_mode")
                            ),
                            key: key.to_owned(),
                        });
                    }
                }
            }
            for (cap, node) in list(def, "cap_add") {
                let c = cap.trim().to_ascii_uppercase();
                let c = c.strip_prefix("CAP_").unwrap_or(&c);
                if DANGEROUS_CAPS.contains(&c) {
                    hits.push(Hit {
                        span: node.span,
                        what: format!(
                            "`cap_add: {c}` gives the container a capability that reaches past its isolation"
                        ),
                        key: format!("cap_add.{c}"),
                    });
                }
            }
            for (dev, node) in list(def, "devices") {
                if raw_device(&dev) {
                    hits.push(Hit {
                        span: node.span,
                        what: format!("`devices: {dev}` gives the container the host's raw memory or disk"),
                        key: format!("devices.{dev}"),
                    });
                }
            }
            for h in hits {
                let env = model.env_of(h.span);
                let sev: Severity = Self::META.severity.weigh(env);
                out.push(
                    Finding::new(Self::META.id, sev, h.span, format!("Service `{}`: {}", s.name, h.what))
                        .fix("Remove the option: keep the default seccomp/AppArmor profiles and namespaces, and add only narrow capabilities and single devices")
                        .key(format!("services.{}.{}", s.name, h.key))
                        .env(env),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_and_devices() {
        assert!(weak_security_opt("seccomp:unconfined").is_some());
        assert!(weak_security_opt("seccomp=unconfined").is_some());
        assert!(weak_security_opt("apparmor=unconfined").is_some());
        assert!(weak_security_opt("no-new-privileges:true").is_none());
        assert!(weak_security_opt("seccomp:./profile.json").is_none());
        assert!(raw_device("/dev/sda:/dev/sda"));
        assert!(raw_device("/dev/mem"));
        assert!(!raw_device("/dev/snd:/dev/snd"));
        assert!(!raw_device("/dev/dri:/dev/dri"));
        assert!(!raw_device("/dev/net/tun"));
    }
}
