//! `nginx-weak-tls`: `ssl_protocols` that enable SSLv2/SSLv3/TLSv1.0/TLSv1.1, or `ssl_ciphers`
//! that enable broken cipher families.

use infra_lint_core::{Finding, Model};

use crate::declare_rule;
use crate::nginx::{confs, weigh};
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Flags an `ssl_protocols` directive that enables `SSLv2`, `SSLv3`, `TLSv1` or `TLSv1.1`,
    /// and an `ssl_ciphers` list that enables a broken family (`RC4`, `DES`/`3DES`, `MD5`,
    /// `NULL`/`eNULL`, `aNULL`, `EXPORT`, `ADH`/`AECDH`) without excluding it with `!`. The
    /// finding points at the offending argument. `proxy_ssl_*` (to upstreams) and `grpc_ssl_*`
    /// are checked the same way.
    ///
    /// ## Why is this bad?
    /// SSL 3.0, TLS 1.0 and TLS 1.1 are deprecated (RFC 8996) and have practical downgrade and
    /// padding-oracle attacks (POODLE, BEAST); RC4, DES, export-grade and anonymous suites let a
    /// network attacker read or change traffic. A client that supports a strong protocol can be
    /// pushed down to the weak one.
    ///
    /// Severity is high, one step lower in staging; development and test files are not reported.
    ///
    /// ## How to fix
    /// Use `ssl_protocols TLSv1.2 TLSv1.3;` and a modern cipher list (for example Mozilla's
    /// "intermediate" profile), or leave `ssl_ciphers` at nginx's default `HIGH:!aNULL:!MD5`.
    ///
    /// ## Example
    /// ```nginx
    /// # Bad
    /// ssl_protocols TLSv1 TLSv1.1 TLSv1.2;
    /// ssl_ciphers RC4-SHA:AES128-SHA;
    /// ```
    /// ```nginx
    /// # Good
    /// ssl_protocols TLSv1.2 TLSv1.3;
    /// ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256;
    /// ```
    ///
    /// ## References
    /// - nginx `ssl_protocols`: <https://nginx.org/en/docs/http/ngx_http_ssl_module.html#ssl_protocols>
    /// - RFC 8996, Deprecating TLS 1.0 and TLS 1.1: <https://www.rfc-editor.org/rfc/rfc8996>
    /// - Mozilla server side TLS: <https://wiki.mozilla.org/Security/Server_Side_TLS>
    pub struct NginxWeakTls {
        id: "nginx-weak-tls",
        severity: High,
        formats: [Nginx],
        tags: ["security", "network", "tls", "nginx"],
        precision: "high",
        summary: "nginx enables a deprecated TLS protocol or a broken cipher suite",
        aliases: ["weak_ssl_tls"],
    }
}

const WEAK_PROTOCOLS: [&str; 4] = ["SSLv2", "SSLv3", "TLSv1", "TLSv1.1"];

/// The weak family an OpenSSL cipher-string element enables, if any.
pub(crate) fn weak_cipher(element: &str) -> Option<&'static str> {
    if element.starts_with(['!', '-']) {
        return None;
    }
    let e = element.trim_start_matches('+').to_ascii_uppercase();
    let parts: Vec<&str> = e.split('-').collect();
    let has = |w: &str| parts.contains(&w) || e == w;
    if e.contains("RC4") {
        Some("RC4")
    } else if has("DES") || has("3DES") || e.contains("DES-CBC") || e.contains("DES-CBC3") {
        Some("DES/3DES")
    } else if has("MD5") {
        Some("MD5")
    } else if has("NULL") || e == "ENULL" || e == "ANULL" {
        Some("NULL (no encryption or no authentication)")
    } else if e.starts_with("EXP") || has("EXPORT") {
        Some("EXPORT")
    } else if parts.first().is_some_and(|p| *p == "ADH" || *p == "AECDH") {
        Some("anonymous Diffie-Hellman")
    } else {
        None
    }
}

impl Rule for NginxWeakTls {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for conf in confs(model) {
            conf.walk(&mut |d, _| {
                let name = d.name();
                let kind = name.strip_suffix("ssl_protocols").or_else(|| name.strip_suffix("ssl_ciphers"));
                if !matches!(kind, Some("" | "proxy_" | "grpc_" | "uwsgi_")) {
                    return;
                }
                if name.ends_with("ssl_protocols") {
                    for a in d.args.iter().filter(|a| WEAK_PROTOCOLS.iter().any(|w| a.text.eq_ignore_ascii_case(w))) {
                        let Some((sev, env)) = weigh(model, a.span, Self::META.severity) else { continue };
                        out.push(
                            Finding::new(
                                Self::META.id,
                                sev,
                                a.span,
                                format!(
                                    "`{name}` enables {}, a deprecated protocol with known downgrade and decryption attacks",
                                    a.text
                                ),
                            )
                            .fix(format!("remove {} and keep `{name} TLSv1.2 TLSv1.3;`", a.text))
                            .key(format!("{name}:{}", a.text))
                            .env(env),
                        );
                    }
                } else {
                    let Some(list) = d.args.first() else { return };
                    let weak: Vec<(&str, &'static str)> =
                        list.text.split([':', ' ', ',']).filter_map(|e| weak_cipher(e).map(|w| (e, w))).collect();
                    let Some((first, family)) = weak.first() else { return };
                    let Some((sev, env)) = weigh(model, list.span, Self::META.severity) else { return };
                    out.push(
                        Finding::new(
                            Self::META.id,
                            sev,
                            list.span,
                            format!(
                                "`{name}` enables {family} suites (`{first}`{}): a network attacker can break or downgrade these connections",
                                if weak.len() > 1 { format!(" and {} more weak elements", weak.len() - 1) } else { String::new() }
                            ),
                        )
                        .fix("use a modern list such as Mozilla's intermediate profile, or nginx's default `HIGH:!aNULL:!MD5`")
                        .key(name.to_owned())
                        .env(env),
                    );
                }
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::weak_cipher;

    #[test]
    fn cipher_elements() {
        assert_eq!(weak_cipher("RC4-SHA"), Some("RC4"));
        assert_eq!(weak_cipher("!RC4"), None);
        assert_eq!(weak_cipher("DES-CBC3-SHA"), Some("DES/3DES"));
        assert_eq!(weak_cipher("ECDHE-RSA-AES128-GCM-SHA256"), None);
        assert_eq!(weak_cipher("HIGH"), None);
        assert_eq!(weak_cipher("aNULL"), Some("NULL (no encryption or no authentication)"));
        assert!(weak_cipher("EXP-RC2-CBC-MD5").is_some());
        assert_eq!(weak_cipher("ADH-AES256-SHA"), Some("anonymous Diffie-Hellman"));
        assert_eq!(weak_cipher("ECDHE-ECDSA-CHACHA20-POLY1305"), None);
    }
}
