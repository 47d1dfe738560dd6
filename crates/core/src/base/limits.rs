//! Size limits applied to untrusted input, in one place.

/// Files larger than this are not read (a diagnostic says so).
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// At most this many diagnostics are kept per file; the rest are summarised in one.
pub const MAX_DIAGNOSTICS_PER_FILE: usize = 20;

/// Longest string a Terraform expression may evaluate to (longer values read as unknown, with a
/// `tf-limit` diagnostic).
pub const MAX_TF_STRING_BYTES: usize = 1024 * 1024;

/// Most elements of one evaluated Terraform list or object.
pub const MAX_TF_COLLECTION_LEN: usize = 100_000;

/// Widest `format` width or precision evaluated (`%0999999999d` is refused).
pub const MAX_TF_FORMAT_WIDTH: usize = 4096;

/// Bytes of strings (and list slots) one Terraform root may produce while being evaluated, in
/// total; past it, values read as unknown.
pub const MAX_TF_VALUE_BYTES_PER_ROOT: u64 = 256 * 1024 * 1024;

/// Resource and module instances one Terraform root may expand into (through `count`,
/// `for_each` and nested module calls); past it, further instances are not created.
pub const MAX_TF_INSTANCES_PER_ROOT: usize = 20_000;

/// Most findings reported for one file (active and suppressed counted apart); the most severe are
/// kept and a `findings-capped` warning says how many were left out.
pub const MAX_FINDINGS_PER_FILE: usize = 5_000;

/// Most findings reported by one scan (active and suppressed counted apart), the most severe kept.
pub const MAX_FINDINGS_TOTAL: usize = 250_000;
