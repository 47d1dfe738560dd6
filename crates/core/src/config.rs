//! `.infra-lint.toml` configuration.
