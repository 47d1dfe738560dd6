//! The policies shipped with infra-lint, embedded at build time (one `include_str!` per file).
//! Adding a policy: put `rules/<id>.rego` (with `# METADATA` and `custom.id`) and
//! `rules/<id>_test.rego` beside it, then add one line here.

/// Shared helper library (`package infra_lint.lib.*`), loaded beside every policy.
pub const LIB: &[(&str, &str)] = &[
    ("rules/lib/config.rego", include_str!("../../../../rules/lib/config.rego")),
    ("rules/lib/result.rego", include_str!("../../../../rules/lib/result.rego")),
];

/// The shipped policies.
pub const POLICIES: &[(&str, &str)] = &[
    ("rules/compose-no-healthcheck.rego", include_str!("../../../../rules/compose-no-healthcheck.rego")),
    ("rules/dockerfile-apt-no-clean.rego", include_str!("../../../../rules/dockerfile-apt-no-clean.rego")),
    ("rules/fly-min-machines-production.rego", include_str!("../../../../rules/fly-min-machines-production.rego")),
    ("rules/required-ci-gates.rego", include_str!("../../../../rules/required-ci-gates.rego")),
    ("rules/tf-required-tags.rego", include_str!("../../../../rules/tf-required-tags.rego")),
    ("rules/workflow-timeout-missing.rego", include_str!("../../../../rules/workflow-timeout-missing.rego")),
];
