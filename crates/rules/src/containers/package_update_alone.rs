//! `package-update-alone`: a `RUN` that refreshes the package index without installing.

use infra_lint_core::{Finding, Model};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};

use super::shell::ShCommand;
use super::{dockerfiles, emit, runs};

declare_rule! {
    /// ## What it does
    /// Finds Dockerfile `RUN` steps that refresh a package index (`apt-get update`,
    /// `apt update`, `apk update`, `zypper refresh`, `dnf makecache`, `yum makecache`) but
    /// install or upgrade nothing in the same step. Reported at the refresh command.
    ///
    /// ## Why is this bad?
    /// Each `RUN` is a cached layer. A later `RUN apt-get install …` reuses the old index layer
    /// from the build cache, so packages come from a stale index: missing security fixes, or
    /// "package not found" once the mirror drops old versions.
    ///
    /// ## How to fix
    /// Refresh and install in the same `RUN`: `RUN apt-get update && apt-get install -y …`.
    ///
    /// ## Example
    /// ```dockerfile
    /// # bad
    /// RUN apt-get update
    /// RUN apt-get install -y curl
    /// ```
    /// ```dockerfile
    /// # good
    /// RUN apt-get update && apt-get install -y curl
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/build/building/best-practices/#apt-get>
    pub struct PackageUpdateAlone {
        id: "package-update-alone",
        severity: Low,
        formats: [Dockerfile],
        tags: ["containers", "best-practice"],
        precision: "very-high",
        summary: "A RUN refreshes the package index without installing in the same step",
        aliases: ["AVD-DS-0017", "DS017", "CKV_DOCKER_5"],
    }
}

fn is_refresh(c: &ShCommand) -> bool {
    let sub = c.subcommand().map_or("", |s| s.value.as_str());
    match c.program() {
        Some("apt-get" | "apt" | "apk" | "aptitude") => sub == "update",
        Some("zypper") => matches!(sub, "refresh" | "ref"),
        Some("dnf" | "yum" | "microdnf") => sub == "makecache",
        _ => false,
    }
}

fn installs(c: &ShCommand) -> bool {
    let sub = c.subcommand().map_or("", |s| s.value.as_str());
    match c.program() {
        Some("apt-get" | "apt" | "aptitude") => {
            matches!(
                sub,
                "install" | "upgrade" | "dist-upgrade" | "full-upgrade" | "build-dep" | "source" | "reinstall"
            )
        }
        Some("apk") => matches!(sub, "add" | "upgrade" | "fix"),
        Some("zypper") => matches!(sub, "install" | "in" | "update" | "up" | "dist-upgrade" | "dup" | "patch"),
        Some("dnf" | "yum" | "microdnf") => {
            matches!(sub, "install" | "update" | "upgrade" | "groupinstall" | "localinstall" | "reinstall")
        }
        // A script or package tool that installs through apt itself (`add-apt-repository`, `pip`, a
        // setup script) consumes the index too.
        Some("add-apt-repository" | "apt-cache" | "apt-mark" | "dpkg" | "gdebi") => true,
        Some(p) => p.ends_with(".sh") || p == "sh" || p == "bash",
        None => false,
    }
}

impl Rule for PackageUpdateAlone {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (file, doc) in dockerfiles(model) {
            for (n, (_, cmds)) in runs(model, doc).enumerate() {
                let Some(refresh) = cmds.iter().find(|c| is_refresh(c)) else { continue };
                if cmds.iter().any(installs) {
                    continue;
                }
                let Some(w) = refresh.program_index(true).and_then(|i| refresh.words.get(i)) else { continue };
                emit(
                    out,
                    model,
                    &Self::META,
                    w.span,
                    "This RUN refreshes the package index but installs nothing: later installs may use a stale cached index".to_owned(),
                    "Refresh and install in the same RUN (`apt-get update && apt-get install -y …`)",
                    format!("{}:RUN:{n}:update-alone", file.path),
                );
            }
        }
    }
}
