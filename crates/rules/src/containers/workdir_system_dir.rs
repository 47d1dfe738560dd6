//! `workdir-system-dir`: `WORKDIR` inside a kernel or boot directory (`/proc`, `/sys`, `/dev` …).

use infra_lint_core::{Finding, Model};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};

use super::{dockerfiles, emit};

declare_rule! {
    /// ## What it does
    /// Finds `WORKDIR` instructions whose path is, or lies under, a directory the kernel or the
    /// container runtime owns: `/proc`, `/sys`, `/dev`, `/boot`, `/initrd` or `/lost+found`
    /// (after `.`/`..` and repeated slashes are resolved), at the path.
    ///
    /// ## Why is this bad?
    /// At run time the runtime mounts the kernel's pseudo filesystems (`/proc`, `/sys`, `/dev`)
    /// over these paths: what the build wrote there is hidden or replaced, and an application
    /// whose working directory is there reads and writes kernel interfaces instead of its own
    /// files. Writing to host-backed kernel interfaces is a known way to break out of a
    /// container when the container is given more privileges than usual.
    ///
    /// ## How to fix
    /// Use an application directory: `WORKDIR /app` (or `/srv/<name>`, `/opt/<name>`).
    ///
    /// ## Example
    /// ```dockerfile
    /// # bad
    /// WORKDIR /proc/self/fd
    /// ```
    /// ```dockerfile
    /// # good
    /// WORKDIR /app
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/dockerfile/#workdir>
    /// - <https://docs.kernel.org/filesystems/proc.html>
    pub struct WorkdirSystemDir {
        id: "workdir-system-dir",
        severity: Medium,
        formats: [Dockerfile],
        tags: ["security", "containers"],
        precision: "very-high",
        summary: "A Dockerfile WORKDIR is inside /proc, /sys, /dev, /boot or another system directory",
        aliases: ["AVD-DS-0030", "DS030", "DS-0030"],
    }
}

/// Directories owned by the kernel or the runtime.
const SYSTEM_DIRS: &[&str] = &["proc", "sys", "dev", "boot", "initrd", "lost+found"];

/// The system directory an absolute path lies in, if any (`/./proc/../dev/shm` → `dev`).
fn system_dir(path: &str) -> Option<&'static str> {
    let p = path.trim().trim_matches(['"', '\'']);
    if !p.starts_with('/') {
        return None;
    }
    let clean = super::local_images::clean_path(p);
    let first = clean.split('/').next()?;
    SYSTEM_DIRS.iter().copied().find(|d| *d == first)
}

impl Rule for WorkdirSystemDir {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (file, doc) in dockerfiles(model) {
            for (n, instr) in doc.instructions.iter().filter(|i| i.keyword == "WORKDIR").enumerate() {
                let Some(w) = instr.args.first() else { continue };
                let Some(dir) = system_dir(&w.value) else { continue };
                emit(
                    out,
                    model,
                    &Self::META,
                    w.span,
                    format!(
                        "`WORKDIR {}` is inside `/{dir}`, which the container runtime mounts over with a kernel or system filesystem",
                        w.value
                    ),
                    "Use an application directory such as `WORKDIR /app`",
                    format!("{}:WORKDIR:{n}", file.path),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::system_dir;

    #[test]
    fn system_dirs() {
        assert_eq!(system_dir("/proc"), Some("proc"));
        assert_eq!(system_dir("/dev/shm/app"), Some("dev"));
        assert_eq!(system_dir("/app/../sys"), Some("sys"));
        assert_eq!(system_dir("/lost+found/"), Some("lost+found"));
        assert_eq!(system_dir("/app"), None);
        assert_eq!(system_dir("/devtools"), None);
        assert_eq!(system_dir("proc"), None);
        assert_eq!(system_dir("/usr/src/dev"), None);
    }
}
