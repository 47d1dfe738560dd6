//! Inline suppressions and baselines.
