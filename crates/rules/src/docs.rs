//! The rule reference pages (`docs/rules/<id>.md`), generated from each rule's own documentation
//! so the docs, `infra-lint explain` and SARIF `help` never disagree. A test fails when the
//! committed pages drift (`UPDATE_DOCS=1 cargo test -p infra-lint-rules --test docs` rewrites them).

use std::fmt::Write as _;

use infra_lint_core::RuleInfo;

/// The markdown page of one rule.
#[must_use]
pub fn rule_page(info: &RuleInfo) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "<!-- Generated from the rule's documentation; do not edit by hand. -->");
    let _ = writeln!(s, "# `{}` — {}", info.id, info.summary);
    let _ = writeln!(s);
    let _ = writeln!(s, "| | |");
    let _ = writeln!(s, "|---|---|");
    let _ = writeln!(s, "| id | `{}` |", info.id);
    let _ = writeln!(s, "| default severity | {} |", info.severity);
    let _ = writeln!(s, "| formats | {} |", info.formats.join(", "));
    let _ = writeln!(s, "| tags | {} |", info.tags.join(", "));
    let _ = writeln!(s, "| precision | {} |", info.precision);
    let _ = writeln!(s, "| implemented as | {} |", if info.origin == "rego" { "Rego policy" } else { "native rule" });
    if !info.aliases.is_empty() {
        let ids: Vec<String> = info.aliases.iter().map(|a| format!("`{a}`")).collect();
        let _ = writeln!(s, "| answers | {} |", ids.join(", "));
    }
    let _ = writeln!(s);
    s.push_str(info.docs.trim());
    s.push('\n');
    s
}

/// The index page listing every rule.
#[must_use]
pub fn index_page(infos: &[RuleInfo]) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "<!-- Generated from the rules' documentation; do not edit by hand. -->");
    let _ = writeln!(s, "# Rules");
    let _ = writeln!(s);
    let _ = writeln!(s, "| id | severity | formats | what it finds |");
    let _ = writeln!(s, "|---|---|---|---|");
    for i in infos {
        let _ = writeln!(s, "| [`{0}`]({0}.md) | {1} | {2} | {3} |", i.id, i.severity, i.formats.join(", "), i.summary);
    }
    s
}
