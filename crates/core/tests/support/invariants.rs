//! Invariants every parser keeps on any input: no panic, every span inside the file, line numbers
//! of diagnostics inside the file, and the same output for the same input. Shared by the property
//! tests (`crates/core/tests/properties.rs`) and the fuzz targets (`fuzz/`), which include this file.

use infra_lint_core::kind::FileKind;
use infra_lint_core::source::{FileId, SourceFile};
use infra_lint_core::syntax;

/// The formats and a file name that classifies as each.
pub const FORMATS: &[(&str, FileKind)] = &[
    ("main.tf", FileKind::Terraform),
    ("main.tf.json", FileKind::TerraformJson),
    ("prod.tfvars", FileKind::Tfvars),
    ("compose.yaml", FileKind::Compose),
    (".github/workflows/ci.yml", FileKind::Workflow),
    ("action.yml", FileKind::Action),
    ("Dockerfile", FileKind::Dockerfile),
    (".env", FileKind::Env),
    ("fly.toml", FileKind::Fly),
    ("migrations/001_init.sql", FileKind::Sql),
    ("railway.json", FileKind::Railway),
    ("vercel.json", FileKind::Vercel),
    ("wrangler.toml", FileKind::Wrangler),
    ("nginx.conf", FileKind::Nginx),
    ("supabase/config.toml", FileKind::SupabaseConfig),
    (".github/dependabot.yml", FileKind::Dependabot),
    (".pre-commit-config.yaml", FileKind::PreCommit),
];

/// Parse `text` as `kind` twice, check the invariants and return the serialized document and
/// diagnostics (so callers can compare runs).
///
/// # Panics
/// When an invariant does not hold.
#[must_use]
pub fn check_parse(path: &str, kind: FileKind, text: &str) -> String {
    let first = parse_once(path, kind, text);
    let second = parse_once(path, kind, text);
    assert!(first == second, "{kind:?}: two parses of the same input differ");
    first
}

fn parse_once(path: &str, kind: FileKind, text: &str) -> String {
    let src = SourceFile::new(FileId(0), path, text);
    let (doc, diags) = syntax::parse(&src, kind);
    let mut out = String::new();
    if let Some(doc) = &doc {
        let value = serde_json::to_value(doc).expect("a document serializes");
        check_spans(&value, text.len(), kind);
        out = value.to_string();
    }
    let lines = src.lines.line_count() + 1;
    for d in &diags {
        if let Some(line) = d.line {
            assert!(line >= 1 && line as usize <= lines, "{kind:?}: diagnostic line {line} outside 1..={lines}: {d:?}");
        }
        out.push_str(&format!("\n{}:{:?}:{:?}:{}", d.code, d.line, d.column, d.message));
    }
    out
}

/// Every serialized span (`{"file", "start", "end"}`) lies inside a text of `len` bytes.
///
/// # Panics
/// When one does not.
pub fn check_spans(value: &serde_json::Value, len: usize, kind: FileKind) {
    match value {
        serde_json::Value::Object(map) => {
            if let (Some(s), Some(e), true) = (map.get("start"), map.get("end"), map.contains_key("file")) {
                if let (Some(s), Some(e)) = (s.as_u64(), e.as_u64()) {
                    assert!(s <= e && e as usize <= len, "{kind:?}: span {s}..{e} outside a file of {len} bytes");
                }
            }
            map.values().for_each(|v| check_spans(v, len, kind));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| check_spans(v, len, kind)),
        _ => {}
    }
}

/// Split fuzz bytes into up to eight files: a `\0\0` separates files and each part starts with a
/// byte choosing its name from [`FORMATS`] (and a directory, so Terraform roots and modules form).
#[must_use]
pub fn split_files(data: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut rest = data;
    while !rest.is_empty() && files.len() < 8 {
        let (part, next) = match rest.windows(2).position(|w| w == b"\0\0") {
            Some(i) => (&rest[..i], &rest[i + 2..]),
            None => (rest, &[][..]),
        };
        rest = next;
        let Some((&sel, body)) = part.split_first() else { continue };
        let (name, _) = FORMATS[usize::from(sel) % FORMATS.len()];
        let dir = ["", "modules/a/", "env/prod/"][usize::from(sel / 32) % 3];
        files.push((format!("{dir}{name}"), body.to_vec()));
    }
    files
}
