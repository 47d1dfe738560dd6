//! `infra-lint rules` and `infra-lint explain RULE`.

use std::fmt::Write as _;

use super::args::CatalogFormat;
use super::{write_stdout, Failure};

/// The cloud providers a rule is for, read from its peer ids and tags.
fn providers(r: &infra_lint::RuleInfo) -> Vec<&'static str> {
    const PROVIDERS: [(&str, &[&str]); 9] = [
        ("aws", &["CKV_AWS_", "CKV2_AWS_", "AWS-", "AVD-AWS-"]),
        ("gcp", &["CKV_GCP_", "CKV2_GCP_", "GCP-", "AVD-GCP-", "GOOGLE-"]),
        ("azure", &["CKV_AZURE_", "CKV2_AZURE_", "AZU-", "AVD-AZU-", "AZURE-"]),
        ("digitalocean", &["CKV_DIO_", "DIG-", "AVD-DIG-"]),
        ("docker", &["CKV_DOCKER_", "DS", "AVD-DS-", "DL"]),
        ("github", &["CKV_GHA_", "CKV2_GHA_"]),
        ("hetzner", &[]),
        ("cloudflare", &[]),
        ("kubernetes", &["CKV_K8S_", "KSV"]),
    ];
    let mut out: Vec<&'static str> = PROVIDERS
        .iter()
        .filter(|(name, prefixes)| {
            r.tags.iter().any(|t| t == name)
                || r.aliases.iter().any(|a| {
                    let up = a.to_ascii_uppercase();
                    prefixes.iter().any(|p| {
                        up.strip_prefix(p).is_some_and(|rest| {
                            p.ends_with(['-', '_']) || rest.starts_with(|c: char| c.is_ascii_digit())
                        })
                    })
                })
        })
        .map(|(name, _)| *name)
        .collect();
    out.dedup();
    out
}

/// List every rule (optionally only one provider's, or those answering one peer check).
pub fn list(format: CatalogFormat, provider: Option<&str>, peer: Option<&str>) -> Result<u8, Failure> {
    let norm = infra_lint::core::engine::suppress::PeerIds::norm;
    let rules: Vec<infra_lint::RuleInfo> = infra_lint::rules()
        .into_iter()
        .filter(|r| provider.is_none_or(|p| providers(r).iter().any(|x| x.eq_ignore_ascii_case(p))))
        .filter(|r| peer.is_none_or(|p| r.aliases.iter().any(|a| norm(a) == norm(p))))
        .collect();
    let out = match format {
        CatalogFormat::Json => serde_json::to_string_pretty(&rules)
            .map(|s| s + "\n")
            .map_err(|e| Failure::new(e, "this is a bug; please report it"))?,
        CatalogFormat::Markdown => {
            let mut s = String::from("| Rule | Severity | Formats | Summary |\n|---|---|---|---|\n");
            for r in &rules {
                let _ = writeln!(
                    s,
                    "| [`{id}`](docs/rules/{id}.md) | {} | {} | {} |",
                    r.severity,
                    if r.formats.is_empty() { "all".to_owned() } else { r.formats.join(", ") },
                    r.summary.replace('|', "\\|"),
                    id = r.id
                );
            }
            s
        }
        CatalogFormat::Text => {
            let w = rules.iter().map(|r| r.id.len()).max().unwrap_or(4).max(4);
            let fw = rules.iter().map(|r| formats(r).len()).max().unwrap_or(7).max(7);
            let mut s = format!("{:<w$}  {:<8}  {:<fw$}  SUMMARY\n", "RULE", "SEVERITY", "FORMATS");
            for r in &rules {
                let _ = writeln!(s, "{:<w$}  {:<8}  {:<fw$}  {}", r.id, r.severity.as_str(), formats(r), r.summary);
            }
            let _ = writeln!(s, "\n{} rules; `infra-lint explain RULE` shows a rule's documentation.", rules.len());
            s
        }
    };
    write_stdout(&out)?;
    Ok(0)
}

fn formats(r: &infra_lint::RuleInfo) -> String {
    let joined = r.formats.join(",");
    if r.formats.is_empty() {
        "all".to_owned()
    } else if joined.len() > 28 {
        format!("{} formats", r.formats.len())
    } else {
        joined
    }
}

/// Print one rule's documentation.
pub fn explain(id: &str) -> Result<u8, Failure> {
    let Some(r) = infra_lint::rule(id) else {
        let close: Vec<String> =
            infra_lint::rules().into_iter().filter(|r| r.id.contains(id) || id.contains(&r.id)).map(|r| r.id).collect();
        let help = if close.is_empty() {
            "run `infra-lint rules` to list every rule id".to_owned()
        } else {
            format!("did you mean {}? (`infra-lint rules` lists every rule id)", close.join(", "))
        };
        return Err(Failure::new(anyhow::anyhow!("unknown rule `{id}`"), help));
    };
    let mut s = format!("{} ({})\n\n", r.id, r.name);
    let _ = writeln!(s, "Severity: {}", r.severity);
    if !r.formats.is_empty() {
        let _ = writeln!(s, "Formats:  {}", r.formats.join(", "));
    }
    if !r.tags.is_empty() {
        let _ = writeln!(s, "Tags:     {}", r.tags.join(", "));
    }
    if !r.aliases.is_empty() {
        let _ = writeln!(s, "Answers:  {}", r.aliases.join(", "));
    }
    let _ = writeln!(s, "Summary:  {}\n", r.summary);
    s.push_str(r.docs.trim_end());
    s.push('\n');
    write_stdout(&s)?;
    Ok(0)
}
