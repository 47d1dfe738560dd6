//! `password-in-run`: a literal password on a Dockerfile `RUN` command line.

use crate::secret_detect::{is_marked_placeholder, mask};
use infra_lint_core::{Finding, Model};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};

use super::shell::{ShCommand, ShWord};
use super::{dockerfiles, emit, runs};

declare_rule! {
    /// ## What it does
    /// Finds literal passwords given to commands in Dockerfile `RUN` steps (shell form and
    /// heredoc scripts), at the password:
    /// - `echo 'user:password' | chpasswd` (the `user:password` word of an `echo`/`printf` in a
    ///   `RUN` that calls `chpasswd`);
    /// - options naming a password: `--password <pw>`, `--password=<pw>`, `--admin-password`,
    ///   `--db-pass`, `--storepass`/`-storepass`, `-keypass`, `--passwd`;
    /// - `-p <pw>` of `docker`/`podman`/`helm`/`buildah login` and `sshpass`, `-p<pw>` of
    ///   `mysql`, `mysqladmin`, `mysqldump`, `mariadb`;
    /// - `curl -u user:pass` / `--user user:pass`, `htpasswd -b file user pass`, OpenSSL
    ///   `-passout pass:<pw>` / `-passin pass:<pw>`.
    ///
    /// Values that are variables (`$DB_PASSWORD`, `${PW}`, `$(cat /run/secrets/pw)`) and
    /// explicit placeholders (`<password>`, `xxx`) are not reported; `--password-stdin` is the
    /// fix, not a finding. Messages show a masked prefix only.
    ///
    /// ## Why is this bad?
    /// `RUN` command lines are stored in the image's history (`docker history --no-trunc`):
    /// anyone who can pull the image reads the password. A password set with `chpasswd` is
    /// also a default credential of every container started from the image.
    ///
    /// ## How to fix
    /// Pass the secret with a BuildKit secret mount (`RUN --mount=type=secret,id=pw …
    /// --password-stdin < /run/secrets/pw`), or set it at run time; do not give system users
    /// passwords in images (use key-based access, or none).
    ///
    /// ## Example
    /// ```dockerfile
    /// # bad
    /// RUN echo 'root:Tr0ub4dor&3' | chpasswd
    /// RUN docker login -u ci -p hunter2-prod registry.example.com
    /// ```
    /// ```dockerfile
    /// # good
    /// RUN --mount=type=secret,id=registry_pw \
    ///     docker login -u ci --password-stdin registry.example.com < /run/secrets/registry_pw
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/build/building/secrets/>
    /// - <https://cwe.mitre.org/data/definitions/798.html>
    pub struct PasswordInRun {
        id: "password-in-run",
        severity: High,
        formats: [Dockerfile],
        tags: ["security", "containers", "secrets"],
        precision: "high",
        summary: "A Dockerfile RUN command line carries a literal password",
        aliases: ["CKV2_DOCKER_17"],
    }
}

/// A literal value: not a variable, substitution or explicit placeholder.
fn literal(v: &str) -> bool {
    let v = v.trim();
    !v.is_empty() && !v.contains('$') && !v.starts_with('-') && !v.starts_with('/') && !is_marked_placeholder(v)
}

/// Option names that carry a password.
fn password_option(name: &str) -> bool {
    let n = name.trim_start_matches('-').to_ascii_lowercase();
    if n.ends_with("-stdin") || n.ends_with("-file") || n.ends_with("_file") || n.contains("prompt") {
        return false;
    }
    matches!(
        n.as_str(),
        "password" | "passwd" | "pass" | "pwd" | "storepass" | "keypass" | "srcstorepass" | "deststorepass"
    ) || n.ends_with("-password")
        || n.ends_with("_password")
        || n.ends_with("-pass")
        || n.ends_with("-passwd")
        || n.starts_with("password-")
}

/// (word, what) for each password of a command.
fn hits(c: &ShCommand, has_chpasswd: bool) -> Vec<(&ShWord, &'static str)> {
    let mut out = Vec::new();
    let Some(prog) = c.program() else { return out };
    let args = c.args();
    let login = matches!(prog, "docker" | "podman" | "buildah" | "helm" | "nerdctl" | "skopeo")
        && args.iter().any(|w| w.value == "login");
    for (i, w) in args.iter().enumerate() {
        let v = w.value.as_str();
        let next = args.get(i + 1);
        if let Some((name, value)) = v.split_once('=').filter(|(n, _)| n.starts_with('-')) {
            if password_option(name) && literal(value) {
                out.push((w, "password option"));
            }
            continue;
        }
        if v.starts_with('-') && password_option(v) {
            if let Some(n) = next.filter(|n| literal(&n.value)) {
                out.push((n, "password option"));
            }
            continue;
        }
        match prog {
            "mysql" | "mysqladmin" | "mysqldump" | "mariadb" | "mariadb-admin" => {
                if let Some(pw) = v.strip_prefix("-p").filter(|p| !p.is_empty() && !v.starts_with("--")) {
                    if literal(pw) {
                        out.push((w, "MySQL -p<password>"));
                    }
                }
            }
            "sshpass" if v == "-p" => {
                if let Some(n) = next.filter(|n| literal(&n.value)) {
                    out.push((n, "sshpass -p"));
                }
            }
            "curl" if v == "-u" || v == "--user" || v == "-U" || v == "--proxy-user" => {
                if let Some(n) = next.filter(|n| n.value.split_once(':').is_some_and(|(_, p)| literal(p))) {
                    out.push((n, "curl user:password"));
                }
            }
            "openssl" if matches!(v, "-passout" | "-passin" | "-pass" | "-password") => {
                if let Some(n) = next.filter(|n| n.value.strip_prefix("pass:").is_some_and(literal)) {
                    out.push((n, "OpenSSL pass:"));
                }
            }
            "keytool" if matches!(v, "-storepass" | "-keypass" | "-srcstorepass" | "-deststorepass") => {}
            _ if login && v == "-p" => {
                if let Some(n) = next.filter(|n| literal(&n.value)) {
                    out.push((n, "registry login -p"));
                }
            }
            _ => {}
        }
    }
    if prog == "htpasswd" && args.first().is_some_and(|f| f.value.starts_with('-') && f.value.contains('b')) {
        let positional: Vec<&ShWord> = args.iter().filter(|w| !w.value.starts_with('-')).collect();
        if positional.len() >= 3 {
            if let Some(pw) = positional.last().filter(|w| literal(&w.value)) {
                out.push((pw, "htpasswd -b"));
            }
        }
    }
    if has_chpasswd && matches!(prog, "echo" | "printf") {
        for w in args {
            let ok = w.value.split_once(':').is_some_and(|(u, p)| {
                !u.is_empty()
                    && u.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.')
                    && literal(p)
                    && !p.contains(':')
            });
            if ok {
                out.push((w, "chpasswd user:password"));
            }
        }
    }
    out
}

impl Rule for PasswordInRun {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (file, doc) in dockerfiles(model) {
            for (n, (_, cmds)) in runs(model, doc).enumerate() {
                let has_chpasswd = cmds.iter().any(|c| c.program() == Some("chpasswd"));
                let mut k = 0;
                for c in &cmds {
                    for (w, what) in hits(c, has_chpasswd) {
                        let shown = if what.starts_with("MySQL") {
                            w.value.get(2..).unwrap_or("")
                        } else {
                            w.value.rsplit_once([':', '=']).map_or(w.value.as_str(), |(_, p)| p)
                        };
                        emit(
                            out,
                            model,
                            &Self::META,
                            w.span,
                            format!(
                                "Literal password ({what}) on a RUN command line: `{}` is stored in the image history",
                                mask(shown)
                            ),
                            "Rotate it; pass it with a BuildKit secret mount (`RUN --mount=type=secret,…`) or at run time",
                            format!("{}:RUN:{n}:password:{k}", file.path),
                        );
                        // The word holding the password is never shown in full, in any output.
                        if let Some(last) = out.last_mut() {
                            last.secret_spans.push(w.span);
                        }
                        k += 1;
                    }
                }
            }
        }
    }
}
