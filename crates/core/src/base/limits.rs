//! Size limits applied to untrusted input, in one place.

/// Files larger than this are not read (a diagnostic says so).
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// At most this many diagnostics are kept per file; the rest are summarised in one.
pub const MAX_DIAGNOSTICS_PER_FILE: usize = 20;
