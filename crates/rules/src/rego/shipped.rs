//! The policies shipped with infra-lint, embedded at build time. `build.rs` lists
//! `crates/rules/policies/*.rego` and `policies/lib/*.rego` (not the `*_test.rego` files) and
//! generates one `include_str!` per file. Adding a policy: put `policies/<id>.rego` (with
//! `# METADATA` and `custom.id`) and `policies/<id>_test.rego` beside it; nothing else to list.

include!(concat!(env!("OUT_DIR"), "/shipped_policies.rs"));
