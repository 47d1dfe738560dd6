//! Secrets hidden in base64: a value that is base64 as a whole (a docker `auth` field, a kube
//! config `client-key-data`, `TOKEN_B64=…`) and base64 literals fed to a decoder in scripts
//! (`echo <b64> | base64 -d`, `base64 --decode <<< …`, `atob("…")`, `b64decode("…")`). The
//! decoded text is searched for known token shapes and `KEY=value` secrets; callers report the
//! base64 text (masked as usual).
//!
//! Bounded: only runs of 16 to 16 KiB base64 characters that decode to printable UTF-8 text are
//! decoded, and in free text only on lines that call a decoder.

use std::sync::LazyLock;

use regex::Regex;

use crate::secret_detect::{decode_base64_text, scan_text, TextSecret};

/// Shortest base64 text worth decoding (12 decoded bytes: shorter holds no token).
const MIN_LEN: usize = 16;
/// Longest base64 text decoded (a kube config or a small env file fits).
const MAX_LEN: usize = 16 * 1024;

/// A secret found inside base64 text.
#[derive(Debug, Clone)]
pub(crate) struct EncodedSecret {
    /// Byte range of the base64 text in the scanned text.
    pub start: usize,
    /// One past the end of the base64 text.
    pub end: usize,
    /// The decoded text.
    pub decoded: String,
    /// The first secret found in the decoded text.
    pub hit: TextSecret,
}

impl EncodedSecret {
    /// The secret's own bytes in the decoded text.
    pub fn value(&self) -> &str {
        self.decoded.get(self.hit.start..self.hit.end).unwrap_or("")
    }
}

/// Whether decoded bytes are text a person or a config file wrote (not an image or random key
/// material): no control characters other than whitespace.
fn printable(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t'))
}

/// Decode `text` when it is base64 as a whole (whitespace allowed, size bounded) and search the
/// decoded text. `None` when it is not base64 or holds no secret.
pub(crate) fn decode_value(text: &str) -> Option<(String, TextSecret)> {
    let t = text.trim();
    if t.len() < MIN_LEN || t.len() > MAX_LEN {
        return None;
    }
    // Plain words and identifiers are valid base64 too: require a mix that encoders produce.
    let compact: String = t.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    let has_upper = compact.bytes().any(|b| b.is_ascii_uppercase());
    let has_lower = compact.bytes().any(|b| b.is_ascii_lowercase());
    if !(has_upper && has_lower) {
        return None;
    }
    let decoded = decode_base64_text(&compact)?;
    if !printable(&decoded) {
        return None;
    }
    let hit = scan_text(&decoded).into_iter().next()?;
    Some((decoded, hit))
}

/// A decoder call on a line: `base64 -d`/`--decode`/`-D`, `openssl base64 -d`, `b64decode`,
/// `atob(`, `base64decode(`, `FromBase64String(`, `Buffer.from(…, 'base64')`.
static DECODER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\bbase64\s+(?:-\w*d\w*|--decode)\b|\bopenssl\s+(?:base64|enc\s+-base64)\b.*\s-d\b|b64decode|\batob\s*\(|base64decode\s*\(|FromBase64String\s*\(|['\x22]base64['\x22]\s*\)",
    )
    .ok()
});

/// Base64 runs (standard or URL alphabet, optional padding) of at least [`MIN_LEN`] characters.
static RUN: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"[A-Za-z0-9+/_-]{16,}={0,2}").ok());

/// Base64 literals on lines of `text` that call a decoder, decoded and searched.
pub(crate) fn scan_encoded(text: &str) -> Vec<EncodedSecret> {
    let (Some(decoder), Some(run)) = (DECODER.as_ref(), RUN.as_ref()) else { return Vec::new() };
    let lower = text.to_ascii_lowercase();
    if !(lower.contains("base64") || lower.contains("b64") || lower.contains("atob")) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        if !decoder.is_match(line) {
            continue;
        }
        for m in run.find_iter(line) {
            if m.len() > MAX_LEN {
                continue;
            }
            if let Some((decoded, hit)) = decode_value(m.as_str()) {
                out.push(EncodedSecret { start: line_start + m.start(), end: line_start + m.end(), decoded, hit });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(s: &str) -> String {
        const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let b = s.as_bytes();
        let mut out = String::new();
        for chunk in b.chunks(3) {
            let n = chunk.iter().enumerate().fold(0u32, |acc, (i, &x)| acc | (u32::from(x) << (16 - 8 * i)));
            for i in 0..4 {
                if i <= chunk.len() {
                    out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
                } else {
                    out.push('=');
                }
            }
        }
        out
    }

    // Built at run time so the source holds no token.
    fn token() -> String {
        format!("ghp_{}", "aB3dE5fG7hJ9kL1mN2pQ4rS6tU8vW0xY2zA4")
    }

    #[test]
    fn whole_values() {
        let auth = b64(&format!("deploy:{}", token()));
        let (decoded, hit) = decode_value(&auth).expect("docker auth with a token");
        assert!(decoded.get(hit.start..hit.end).unwrap_or("").starts_with("ghp_"));
        assert!(decode_value(&b64("hello world, nothing secret here")).is_none());
        assert!(decode_value("averyplainlowercaseidentifier").is_none());
        assert!(decode_value(&b64("x")).is_none());
    }

    #[test]
    fn decoder_lines() {
        let enc = b64(&format!("GITHUB_TOKEN={}", token()));
        let script = format!("set -e\necho {enc} | base64 -d > .env\necho {enc}\n");
        let hits = scan_encoded(&script);
        assert_eq!(hits.len(), 1);
        assert_eq!(script.get(hits[0].start..hits[0].end), Some(enc.as_str()));
        assert!(hits[0].value().starts_with("ghp_"));
        assert!(scan_encoded(&format!("echo {} | base64 --decode", b64("just some harmless text"))).is_empty());
    }
}
