//! Secret detection: known token shapes, secret-named keys with high-entropy values, and
//! placeholder awareness. Also masking, used by every output.

/// Why a value was judged a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretMatch {
    /// Human name of what was found, e.g. "AWS access key id" or "high-entropy value for a secret-named key".
    pub kind: String,
    /// Confidence: a known token shape is `true`, a heuristic is `false`.
    pub known_shape: bool,
}

/// Judge whether `value` (for `key`) is a real-looking secret.
#[must_use]
pub fn classify(key: &str, value: &str) -> Option<SecretMatch> {
    let _ = (key, value);
    None
}

/// Whether `value` is a placeholder (`change-me`, `your-…`, `xxx`, `<…>`, `${…}`, empty …).
#[must_use]
pub fn is_placeholder(value: &str) -> bool {
    value.trim().is_empty()
}

/// Mask a secret for output: a short prefix, then `****`.
#[must_use]
pub fn mask(value: &str) -> String {
    let prefix: String = value.chars().take(4.min(value.chars().count() / 4)).collect();
    format!("{prefix}****")
}
