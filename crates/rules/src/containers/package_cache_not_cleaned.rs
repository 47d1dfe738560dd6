//! `package-cache-not-cleaned`: yum/dnf/zypper/apk installs that leave their cache in the layer.

use infra_lint_core::parse::dockerfile::Instruction;
use infra_lint_core::{Finding, Model};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};

use super::shell::ShCommand;
use super::{dockerfiles, emit, runs};

declare_rule! {
    /// ## What it does
    /// Finds package installs in Dockerfile `RUN` steps that leave the package manager's cache
    /// in the image layer, at the install sub-command:
    /// - `yum install` without `yum clean all` in the same `RUN`;
    /// - `dnf`/`microdnf install` without `dnf clean all`;
    /// - `zypper install` without `zypper clean` / `zypper cc`;
    /// - `apk add` without `--no-cache` (or removing `/var/cache/apk`).
    ///
    /// Removing the cache directory (`rm -rf /var/cache/yum`) counts as cleaning, and so does a
    /// BuildKit cache mount (`RUN --mount=type=cache,…`), which keeps the cache out of the layer.
    ///
    /// ## Why is this bad?
    /// The downloaded packages and metadata stay in the image forever (a later `RUN` cannot
    /// remove them from the earlier layer): a bigger image, and stale repository metadata that
    /// scanners and later installs read.
    ///
    /// ## How to fix
    /// Clean in the same `RUN`: `yum install -y x && yum clean all`, `apk add --no-cache x`.
    ///
    /// ## Example
    /// ```dockerfile
    /// # bad
    /// RUN apk add curl
    /// ```
    /// ```dockerfile
    /// # good
    /// RUN apk add --no-cache curl
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/build/building/best-practices/#run>
    pub struct PackageCacheNotCleaned {
        id: "package-cache-not-cleaned",
        severity: Low,
        formats: [Dockerfile],
        tags: ["containers", "best-practice"],
        precision: "very-high",
        summary: "A package install leaves the package manager's cache in the image layer",
        aliases: [
            "AVD-DS-0015", "DS015", "AVD-DS-0019", "DS019", "AVD-DS-0020", "DS020", "AVD-DS-0025", "DS025", "DL3019",
            "DL3032", "DL3036", "DL3040",
        ],
    }
}

fn sub(c: &ShCommand) -> &str {
    c.subcommand().map_or("", |s| s.value.as_str())
}

fn removes(cmds: &[ShCommand], dir: &str) -> bool {
    cmds.iter().any(|c| c.program() == Some("rm") && c.args().iter().any(|w| w.value.contains(dir)))
}

fn cleans(cmds: &[ShCommand], tools: &[&str], subs: &[&str]) -> bool {
    cmds.iter().any(|c| c.program().is_some_and(|p| tools.contains(&p)) && subs.contains(&sub(c)))
}

fn cache_mounted(instr: &Instruction) -> bool {
    instr
        .flags
        .iter()
        .any(|f| f.name.eq_ignore_ascii_case("mount") && f.value.as_deref().is_some_and(|v| v.contains("type=cache")))
}

impl Rule for PackageCacheNotCleaned {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (file, doc) in dockerfiles(model) {
            for (n, (instr, cmds)) in runs(model, doc).enumerate() {
                if cache_mounted(instr) {
                    continue;
                }
                for c in &cmds {
                    let Some(prog) = c.program() else { continue };
                    let s = sub(c);
                    let (hit, how) = match prog {
                        "yum" if matches!(s, "install" | "groupinstall" | "localinstall") => (
                            !cleans(&cmds, &["yum"], &["clean"]) && !removes(&cmds, "/var/cache/yum"),
                            "add `&& yum clean all`",
                        ),
                        "dnf" | "microdnf" if matches!(s, "install" | "groupinstall") => (
                            !cleans(&cmds, &["dnf", "microdnf"], &["clean"])
                                && !removes(&cmds, "/var/cache/dnf")
                                && !removes(&cmds, "/var/cache/yum"),
                            "add `&& dnf clean all`",
                        ),
                        "zypper" if matches!(s, "install" | "in") => (
                            !cleans(&cmds, &["zypper"], &["clean", "cc"]) && !removes(&cmds, "/var/cache/zypp"),
                            "add `&& zypper clean`",
                        ),
                        "apk" if s == "add" => (
                            !c.has_flag(&["--no-cache"], None)
                                && !removes(&cmds, "/var/cache/apk")
                                && !cleans(&cmds, &["apk"], &["cache"]),
                            "use `apk add --no-cache`",
                        ),
                        _ => (false, ""),
                    };
                    if !hit {
                        continue;
                    }
                    let Some(w) = c.subcommand() else { continue };
                    emit(
                        out,
                        model,
                        &Self::META,
                        w.span,
                        format!("`{prog} {s}` leaves the package cache in the image layer"),
                        &format!("Clean the cache in the same RUN: {how}"),
                        format!("{}:RUN:{n}:{prog}-cache", file.path),
                    );
                }
            }
        }
    }
}
