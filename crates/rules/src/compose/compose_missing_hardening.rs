//! `compose-missing-hardening`: a production compose service without the standard container
//! hardening (`cap_drop: [ALL]`, `read_only: true`, `no-new-privileges:true`).

use infra_lint_core::parse::compose::ComposeService;
use infra_lint_core::parse::node::Node;
use infra_lint_core::{Environment, Finding, Model};

use crate::declare_rule;
use crate::rule::Rule;
use crate::settings::{Containers, Family};

use super::{list, services};

declare_rule! {
    /// ## What it does
    /// For compose files of a production or staging environment (by name such as
    /// `docker-compose.prod.yml`, by path such as `deploy/production/`, or by configuration
    /// `--env production=GLOB`), reports each service that lacks one or more of the standard
    /// hardening settings, once per service at its name, listing what is missing:
    /// - `cap_drop: [ALL]` (then `cap_add` only what the service needs);
    /// - `read_only: true` (a read-only root filesystem; writable paths as volumes or `tmpfs`);
    /// - `security_opt: ["no-new-privileges:true"]`.
    ///
    /// Development, test and unlabelled compose files are not reported: local stacks rarely
    /// need this and the findings would be noise there. With the opt-in setting
    /// `[containers] require-cap-drop = true` (off by default) every compose service, in every
    /// environment, that does not drop all capabilities (`cap_drop: [ALL]`) is reported too
    /// (outside production and staging for `cap_drop` only). Services that are already reported as
    /// privileged (`privileged: true`) and services that inherit their settings with `extends:`
    /// are skipped.
    ///
    /// ## Why is this bad?
    /// Docker's defaults leave a container a dozen capabilities (`CHOWN`, `DAC_OVERRIDE`,
    /// `SETUID`, `NET_RAW` …), a writable root filesystem and the ability to gain privileges
    /// through setuid binaries. Each is a step an attacker who gets code execution in the
    /// service uses: to persist by modifying the image's files, to escalate to root inside
    /// the container, or to attack the network with raw sockets.
    ///
    /// ## How to fix
    /// Add the three settings, then give back only what the service needs:
    /// `cap_add: [NET_BIND_SERVICE]`, `tmpfs: [/tmp]`, a volume for its data.
    ///
    /// ## Example
    /// ```yaml
    /// # bad: docker-compose.prod.yml
    /// services:
    ///   api:
    ///     image: example/api:2.3
    /// ```
    /// ```yaml
    /// # good: docker-compose.prod.yml
    /// services:
    ///   api:
    ///     image: example/api:2.3
    ///     read_only: true
    ///     tmpfs: [/tmp]
    ///     cap_drop: [ALL]
    ///     security_opt: ["no-new-privileges:true"]
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/compose-file/services/#cap_add>
    /// - <https://docs.docker.com/reference/compose-file/services/#read_only>
    /// - <https://docs.docker.com/engine/security/#linux-kernel-capabilities>
    /// - <https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html>
    pub struct ComposeMissingHardening {
        id: "compose-missing-hardening",
        severity: Low,
        formats: [Compose],
        tags: ["security", "containers", "best-practice"],
        precision: "high",
        summary: "A production compose service keeps the default capabilities, a writable root filesystem or setuid privilege gain",
    }
}

/// The hardening settings a service lacks, each with what its absence allows.
pub(crate) fn missing_hardening(def: Option<&Node>) -> Vec<(&'static str, &'static str)> {
    let mut missing = Vec::new();
    let drops_all = list(def, "cap_drop").iter().any(|(c, _)| {
        let c = c.trim().to_ascii_uppercase();
        c == "ALL" || c == "CAP_ALL"
    });
    if !drops_all {
        missing.push(("`cap_drop: [ALL]`", "keeps Docker's default capabilities"));
    }
    let read_only = def.and_then(|d| d.get("read_only")).is_some_and(|n| {
        n.as_bool() == Some(true) || n.scalar_text().is_some_and(|t| t.trim().eq_ignore_ascii_case("true"))
    });
    if !read_only {
        missing.push(("`read_only: true`", "can rewrite the container's files"));
    }
    let no_new_privs = list(def, "security_opt").iter().any(|(o, _)| {
        let o = o.trim().to_ascii_lowercase().replace(' ', "");
        o == "no-new-privileges" || o == "no-new-privileges:true" || o == "no-new-privileges=true"
    });
    if !no_new_privs {
        missing.push(("`security_opt: [\"no-new-privileges:true\"]`", "can gain privileges through setuid binaries"));
    }
    missing
}

fn skipped(s: &ComposeService, def: Option<&Node>) -> bool {
    s.privileged.as_ref().is_some_and(|p| p.value) || def.is_some_and(|d| d.get("extends").is_some())
}

impl Rule for ComposeMissingHardening {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        let require_cap_drop = Containers::of(model).require_cap_drop;
        for (file, s, def) in services(model) {
            let env = model.env_of(s.name_span);
            let deployed = matches!(env, Environment::Production | Environment::Staging);
            if !(deployed || require_cap_drop) || skipped(s, def) {
                continue;
            }
            let mut missing = missing_hardening(def);
            if !deployed {
                missing.retain(|(what, _)| what.starts_with("`cap_drop"));
            }
            if missing.is_empty() {
                continue;
            }
            let msg = format!(
                "Service `{}` runs without {}: a compromised process {}",
                s.name,
                missing.iter().map(|(what, _)| *what).collect::<Vec<_>>().join(", "),
                missing.iter().map(|(_, why)| *why).collect::<Vec<_>>().join(", ")
            );
            out.push(
                Finding::new(Self::META.id, Self::META.severity, s.name_span, msg)
                    .fix("Add `cap_drop: [ALL]` (and `cap_add` only what is needed), `read_only: true` (with `tmpfs`/volumes for writable paths) and `security_opt: [\"no-new-privileges:true\"]`")
                    .key(format!("{}:services.{}:hardening", file.path, s.name))
                    .env(env),
            );
        }
    }
}
