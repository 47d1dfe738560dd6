//! `verification-disabled`: a Dockerfile turns off TLS certificate or package signature
//! verification for downloads (`curl -k`, `apk --allow-untrusted`, `NODE_TLS_REJECT_UNAUTHORIZED=0` …).

use infra_lint_core::{Finding, Model, Span};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};

use super::shell::{self, ShCommand};
use super::{dockerfiles, emit};

declare_rule! {
    /// ## What it does
    /// Finds Dockerfile instructions that switch off the checks that make downloads
    /// trustworthy, at the offending option or variable:
    /// - TLS certificate checks: `curl -k`/`--insecure`, `wget --no-check-certificate`,
    ///   `pip install --trusted-host`, npm/yarn/pnpm `strict-ssl false`, git
    ///   `http.sslVerify false`, yum/dnf `sslverify=false`;
    /// - package signature checks: `apk add --allow-untrusted`, `apt-get
    ///   --allow-unauthenticated`/`--force-yes` (or `APT::Get::AllowUnauthenticated`),
    ///   yum/dnf/tdnf/microdnf `--nogpgcheck`, `rpm --nosignature`/`--nodigest`;
    /// - variables that do the same for every later command, in `ENV`/`ARG` or as a command
    ///   prefix: `NODE_TLS_REJECT_UNAUTHORIZED=0`, `PYTHONHTTPSVERIFY=0`,
    ///   `NPM_CONFIG_STRICT_SSL=false`, `GIT_SSL_NO_VERIFY` (any value), `PIP_TRUSTED_HOST`.
    ///
    /// ## Why is this bad?
    /// Without certificate checks anyone on the network path (a compromised proxy, a hostile
    /// Wi-Fi, DNS spoofing in the CI network) can serve their own package or script, and it is
    /// built into the image and run; without signature checks a tampered mirror is trusted the
    /// same way. An `ENV` also keeps the check off at run time, for the application itself.
    ///
    /// ## How to fix
    /// Remove the option and fix the cause: install the CA certificate of a corporate proxy
    /// (`COPY corp-ca.crt /usr/local/share/ca-certificates/` + `update-ca-certificates`),
    /// import the repository's signing key, or use a mirror with a valid certificate.
    ///
    /// ## Example
    /// ```dockerfile
    /// # bad
    /// RUN curl -fsSLk https://example.com/install.sh -o /tmp/install.sh
    /// ENV NODE_TLS_REJECT_UNAUTHORIZED=0
    /// ```
    /// ```dockerfile
    /// # good
    /// RUN curl -fsSL https://example.com/install.sh -o /tmp/install.sh
    /// ```
    ///
    /// ## References
    /// - <https://curl.se/docs/sslcerts.html>
    /// - <https://wiki.alpinelinux.org/wiki/Alpine_Package_Keeper>
    /// - <https://nodejs.org/api/cli.html#node_tls_reject_unauthorizedvalue>
    pub struct VerificationDisabled {
        id: "verification-disabled",
        severity: High,
        formats: [Dockerfile],
        tags: ["security", "containers", "supply-chain"],
        precision: "very-high",
        summary: "A Dockerfile turns off TLS certificate or package signature verification",
        aliases: [
            "CKV2_DOCKER_2", "CKV2_DOCKER_3", "CKV2_DOCKER_4", "CKV2_DOCKER_5", "CKV2_DOCKER_6",
            "CKV2_DOCKER_7", "CKV2_DOCKER_8", "CKV2_DOCKER_9", "CKV2_DOCKER_10", "CKV2_DOCKER_11",
            "CKV2_DOCKER_12", "CKV2_DOCKER_13", "CKV2_DOCKER_14", "CKV2_DOCKER_15", "CKV2_DOCKER_16",
        ],
    }
}

/// Why an environment variable assignment turns verification off, if it does.
pub(crate) fn insecure_variable(name: &str, value: &str) -> Option<&'static str> {
    let v = value.trim().trim_matches(['"', '\'']).to_ascii_lowercase();
    let off = matches!(v.as_str(), "0" | "false" | "no" | "off");
    match name.to_ascii_uppercase().as_str() {
        "NODE_TLS_REJECT_UNAUTHORIZED" if off => Some("turns off TLS certificate checks for Node.js"),
        "PYTHONHTTPSVERIFY" if off => Some("turns off TLS certificate checks for Python's urllib"),
        "NPM_CONFIG_STRICT_SSL" | "YARN_STRICT_SSL" if off => Some("turns off TLS certificate checks for npm"),
        "GIT_SSL_NO_VERIFY" if !v.is_empty() && !off => Some("turns off TLS certificate checks for git"),
        "PIP_TRUSTED_HOST" if !v.is_empty() => Some("makes pip trust a host without TLS certificate checks"),
        _ => None,
    }
}

/// Whether a curl short-option cluster holds `-k` (`-fsSLk`), stopping at the first option that
/// takes a value (`-ukey:pass` is `-u` with a value).
fn curl_short_k(word: &str) -> bool {
    let Some(rest) = word.strip_prefix('-').filter(|r| !r.starts_with('-')) else { return false };
    for c in rest.chars() {
        if c == 'k' {
            return true;
        }
        if "uoHdXAerwxbcTKEDFmUyYzCPQt".contains(c) {
            return false;
        }
    }
    false
}

/// The word that turns verification off in a command, and why.
fn insecure_option(cmd: &ShCommand) -> Option<(Span, &'static str)> {
    let prog = cmd.program()?;
    let args = cmd.args();
    let find = |opts: &[&str]| {
        args.iter().find(|w| opts.iter().any(|o| w.value == *o || w.value.starts_with(&format!("{o}="))))
    };
    let lower = |w: &shell::ShWord| w.value.to_ascii_lowercase().replace(' ', "");
    let hit = match prog {
        "curl" => args
            .iter()
            .find(|w| w.value == "--insecure" || curl_short_k(&w.value))
            .map(|w| (w.span, "`curl -k` skips the TLS certificate check")),
        "wget" => find(&["--no-check-certificate"])
            .map(|w| (w.span, "`wget --no-check-certificate` skips the TLS certificate check")),
        "pip" | "pip3" | "python" | "python3" | "uv" => find(&["--trusted-host"])
            .map(|w| (w.span, "`pip --trusted-host` accepts the host without a valid TLS certificate")),
        "apk" => find(&["--allow-untrusted"])
            .map(|w| (w.span, "`apk --allow-untrusted` installs packages without checking signatures")),
        "apt-get" | "apt" | "aptitude" => {
            find(&["--allow-unauthenticated", "--force-yes", "--allow-insecure-repositories"])
                .map(|w| (w.span, "this apt option installs packages without checking their signatures"))
                .or_else(|| {
                    args.iter()
                        .find(|w| {
                            let l = lower(w);
                            l.contains("allowunauthenticated=true") || l.contains("allowinsecurerepositories=true")
                        })
                        .map(|w| (w.span, "this apt option installs packages without checking their signatures"))
                })
        }
        "yum" | "dnf" | "tdnf" | "microdnf" => find(&["--nogpgcheck"])
            .map(|w| (w.span, "`--nogpgcheck` installs packages without checking their signatures"))
            .or_else(|| {
                args.iter()
                    .find(|w| {
                        let l = lower(w);
                        l.contains("sslverify=false") || l.contains("sslverify=0") || l.contains("gpgcheck=0")
                    })
                    .map(|w| (w.span, "this option turns off the repository's TLS or signature check"))
            }),
        "rpm" => find(&["--nosignature", "--nodigest"])
            .map(|w| (w.span, "`rpm --nosignature` installs the package without checking its signature")),
        "npm" | "yarn" | "pnpm" => {
            let words: Vec<String> = args.iter().map(lower).collect();
            let strict =
                words.iter().position(|w| w == "strict-ssl" || w == "strict-ssl=false" || w == "--strict-ssl=false");
            match strict {
                Some(i) if words[i].ends_with("=false") || words.get(i + 1).is_some_and(|v| v == "false") => args
                    .get(i)
                    .map(|w| (w.span, "`strict-ssl false` turns off TLS certificate checks for the registry")),
                _ => None,
            }
        }
        "git" => {
            let words: Vec<String> = args.iter().map(lower).collect();
            words
                .iter()
                .position(|w| w == "http.sslverify=false" || w == "http.sslverify")
                .filter(|&i| words[i].ends_with("=false") || words.get(i + 1).is_some_and(|v| v == "false"))
                .and_then(|i| args.get(i))
                .map(|w| (w.span, "`http.sslVerify false` turns off TLS certificate checks for git"))
        }
        _ => None,
    };
    hit.or_else(|| {
        // `NODE_TLS_REJECT_UNAUTHORIZED=0 npm ci`, `env GIT_SSL_NO_VERIFY=1 git clone …`
        cmd.words.iter().find_map(|w| {
            let (k, v) = w.value.split_once('=')?;
            insecure_variable(k, v).map(|why| (w.span, why))
        })
    })
}

/// `sslverify=false` / `strict-ssl=false` written into a configuration file by a command
/// (`echo "sslverify=false" >> /etc/yum.conf`): the word holding it.
fn written_setting(cmd: &ShCommand) -> Option<(Span, &'static str)> {
    if !matches!(cmd.program()?, "echo" | "printf" | "tee") {
        return None;
    }
    cmd.args().iter().find_map(|w| {
        let l = w.value.to_ascii_lowercase().replace(' ', "");
        if l.contains("sslverify=false") || l.contains("sslverify=0") {
            Some((w.span, "`sslverify=false` turns off the repository's TLS certificate check"))
        } else if l.contains("strict-ssl=false") {
            Some((w.span, "`strict-ssl=false` turns off TLS certificate checks for the npm registry"))
        } else {
            None
        }
    })
}

impl Rule for VerificationDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (file, doc) in dockerfiles(model) {
            for (n, instr) in doc.instructions.iter().enumerate() {
                let mut hits: Vec<(Span, &'static str)> = Vec::new();
                match instr.keyword.as_str() {
                    "RUN" => {
                        for cmd in shell::commands(model, instr) {
                            hits.extend(insecure_option(&cmd).or_else(|| written_setting(&cmd)));
                        }
                    }
                    "ENV" | "ARG" => {
                        for kv in &instr.pairs {
                            if let Some(why) = kv.value.as_deref().and_then(|v| insecure_variable(&kv.key, v)) {
                                hits.push((kv.span, why));
                            }
                        }
                    }
                    _ => {}
                }
                for (i, (span, why)) in hits.into_iter().enumerate() {
                    emit(
                        out,
                        model,
                        &Self::META,
                        span,
                        format!(
                            "{} `{}`: {why}, so a tampered download is trusted",
                            instr.keyword,
                            model.text(span).trim()
                        ),
                        "Remove it; install the proxy's CA certificate or the repository's signing key instead",
                        format!("{}:{}:{n}:{i}", file.path, instr.keyword),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{curl_short_k, insecure_variable};

    #[test]
    fn curl_clusters() {
        assert!(curl_short_k("-k"));
        assert!(curl_short_k("-fsSLk"));
        assert!(!curl_short_k("-ukey:secret"));
        assert!(!curl_short_k("-fsSL"));
        assert!(!curl_short_k("--keepalive-time"));
    }

    #[test]
    fn variables() {
        assert!(insecure_variable("NODE_TLS_REJECT_UNAUTHORIZED", "0").is_some());
        assert!(insecure_variable("NODE_TLS_REJECT_UNAUTHORIZED", "1").is_none());
        assert!(insecure_variable("PYTHONHTTPSVERIFY", "\"0\"").is_some());
        assert!(insecure_variable("GIT_SSL_NO_VERIFY", "true").is_some());
        assert!(insecure_variable("GIT_SSL_NO_VERIFY", "false").is_none());
        assert!(insecure_variable("PIP_TRUSTED_HOST", "pypi.internal").is_some());
        assert!(insecure_variable("NPM_CONFIG_STRICT_SSL", "true").is_none());
    }
}
