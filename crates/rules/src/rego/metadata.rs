//! `# METADATA` blocks (OPA's annotation format): the YAML in the comment block that precedes a
//! `package` (or a rule), read here without the Rego parser.
//!
//! Fields used: `title`, `description`, `related_resources` (`- ref: URL` or plain strings) and
//! `custom` (`id`, `severity`, `tags`, `formats`, `precision`, `scope`, `weigh_by_environment`,
//! `requires_config`).

use saphyr::{LoadableYamlNode, ScalarOwned, YamlOwned};
use serde_json::Value as J;

/// Parsed package metadata.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metadata {
    /// `title`.
    pub title: Option<String>,
    /// `description` (markdown).
    pub description: Option<String>,
    /// `related_resources[].ref` (or plain string entries).
    pub related: Vec<String>,
    /// `custom` as JSON.
    pub custom: J,
    /// 1-based line of the `# METADATA` comment.
    pub line: u32,
}

impl Metadata {
    /// A string field of `custom`.
    #[must_use]
    pub fn custom_str(&self, key: &str) -> Option<&str> {
        self.custom.get(key).and_then(J::as_str)
    }

    /// A list-of-strings field of `custom` (a single string counts as a one-item list).
    #[must_use]
    pub fn custom_list(&self, key: &str) -> Vec<String> {
        match self.custom.get(key) {
            Some(J::Array(a)) => a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect(),
            Some(J::String(s)) => vec![s.clone()],
            _ => Vec::new(),
        }
    }
}

/// The metadata block that applies to the package: the first `# METADATA` block of the file
/// that comes before the `package` line (or, failing that, the first block at all).
///
/// # Errors
/// A message with the 1-based line when the block's YAML is malformed.
pub fn package_metadata(text: &str) -> Result<Option<Metadata>, (u32, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while let Some(l) = lines.get(i) {
        if l.trim() == "# METADATA" {
            let start = i;
            let mut yaml = String::new();
            i += 1;
            while let Some(l) = lines.get(i) {
                let t = l.trim_start();
                let Some(c) = t.strip_prefix('#') else { break };
                yaml.push_str(c.strip_prefix(' ').unwrap_or(c));
                yaml.push('\n');
                i += 1;
                if i - start > 500 {
                    break;
                }
            }
            let line = u32::try_from(start + 1).unwrap_or(u32::MAX);
            return parse_block(&yaml, line).map(Some);
        }
        if l.trim_start().starts_with("package ") {
            return Ok(None);
        }
        i += 1;
    }
    Ok(None)
}

fn parse_block(yaml: &str, line: u32) -> Result<Metadata, (u32, String)> {
    // Metadata is small and flat; refuse deep nesting before handing it to the YAML loader.
    let depth = yaml.chars().filter(|c| matches!(c, '[' | '{')).count();
    if depth > 64 || yaml.lines().any(|l| l.len() - l.trim_start().len() > 128) {
        return Err((line, "METADATA block is nested too deeply".to_owned()));
    }
    let docs = YamlOwned::load_from_str(yaml).map_err(|e| (line, format!("METADATA block is not valid YAML: {e}")))?;
    let doc = docs.into_iter().next().map_or(J::Null, |d| to_json(&d, 0));
    let s = |k: &str| doc.get(k).and_then(J::as_str).map(str::to_owned);
    let related = match doc.get("related_resources") {
        Some(J::Array(a)) => a
            .iter()
            .filter_map(|r| match r {
                J::String(s) => Some(s.clone()),
                J::Object(_) => r.get("ref").and_then(J::as_str).map(str::to_owned),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    Ok(Metadata {
        title: s("title"),
        description: s("description"),
        related,
        custom: doc.get("custom").cloned().unwrap_or(J::Null),
        line,
    })
}

fn to_json(y: &YamlOwned, depth: usize) -> J {
    if depth > 64 {
        return J::Null;
    }
    match y {
        YamlOwned::Value(s) => scalar(s),
        YamlOwned::Representation(s, _, _) => J::from(s.clone()),
        YamlOwned::Sequence(v) => J::Array(v.iter().map(|i| to_json(i, depth + 1)).collect()),
        YamlOwned::Mapping(m) => J::Object(
            m.iter()
                .map(|(k, v)| {
                    let key = match to_json(k, depth + 1) {
                        J::String(s) => s,
                        other => other.to_string(),
                    };
                    (key, to_json(v, depth + 1))
                })
                .collect(),
        ),
        YamlOwned::Tagged(_, inner) => to_json(inner, depth + 1),
        _ => J::Null,
    }
}

fn scalar(s: &ScalarOwned) -> J {
    match s {
        ScalarOwned::Null => J::Null,
        ScalarOwned::Boolean(b) => J::Bool(*b),
        ScalarOwned::Integer(i) => J::from(*i),
        ScalarOwned::FloatingPoint(f) => serde_json::Number::from_f64(f.into_inner()).map_or(J::Null, J::Number),
        ScalarOwned::String(s) => J::from(s.clone()),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn reads_package_metadata() {
        let text = "# METADATA\n# title: No healthcheck\n# description: |\n#   ## What it does\n#   Finds things.\n# related_resources:\n#   - ref: https://docs.docker.com/\n#   - https://example.com/\n# custom:\n#   id: compose-no-healthcheck\n#   severity: low\n#   tags: [reliability, compose]\npackage infra_lint.rules.x\n";
        let m = package_metadata(text).unwrap().unwrap();
        assert_eq!(m.title.as_deref(), Some("No healthcheck"));
        assert!(m.description.as_deref().unwrap().contains("## What it does\nFinds things."));
        assert_eq!(m.related, ["https://docs.docker.com/", "https://example.com/"]);
        assert_eq!(m.custom_str("id"), Some("compose-no-healthcheck"));
        assert_eq!(m.custom_list("tags"), ["reliability", "compose"]);
        assert_eq!(m.line, 1);
    }

    #[test]
    fn none_and_errors() {
        assert_eq!(package_metadata("package main\n# METADATA\n# title: x\n").unwrap(), None);
        let err = package_metadata("\n# METADATA\n# title: [unclosed\npackage x\n").unwrap_err();
        assert_eq!(err.0, 2);
    }
}
