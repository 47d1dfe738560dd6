//! `infra-lint --fix`: apply the structured fixes of the reported findings to the files, then the
//! scan runs again and reports what is left. Only safe fixes unless `--unsafe-fixes`; suppressed
//! findings are never fixed. Each file is written once, through a temporary file and a rename.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use infra_lint::{Applicability, Fix, Report};

use super::Failure;

/// What `--fix` changed.
pub struct FixSummary {
    /// Fixes applied.
    pub applied: usize,
    /// Files written.
    pub files: usize,
    /// Fixes left (overlapping another, or the file changed since the scan).
    pub skipped: usize,
}

/// Apply the fixes of `report`'s active findings.
pub fn apply(report: &Report, unsafe_fixes: bool) -> Result<FixSummary, Failure> {
    let mut by_file: BTreeMap<PathBuf, Vec<&Fix>> = BTreeMap::new();
    for f in report.findings.iter().filter(|f| f.suppression.is_none()) {
        let Some(fix) = &f.autofix else { continue };
        if fix.applicability == Applicability::Unsafe && !unsafe_fixes {
            continue;
        }
        by_file.entry(f.location.path.clone()).or_default().push(fix);
    }
    let mut summary = FixSummary { applied: 0, files: 0, skipped: 0 };
    for (path, fixes) in by_file {
        let text = std::fs::read_to_string(&path)
            .map_err(|e| Failure::new(anyhow::anyhow!("cannot read {}: {e}", path.display()), "check the file"))?;
        let out = infra_lint::core::engine::fix::apply(&text, &fixes);
        summary.applied += out.applied;
        summary.skipped += out.skipped;
        if out.applied > 0 && out.text != text {
            write_atomic(&path, &out.text)?;
            summary.files += 1;
        }
    }
    Ok(summary)
}

/// Write `text` to `path` through a temporary file in the same directory and a rename, so a
/// killed run never leaves a half-written file.
fn write_atomic(path: &Path, text: &str) -> Result<(), Failure> {
    let fail = |e: std::io::Error| {
        Failure::new(anyhow::anyhow!("cannot write {}: {e}", path.display()), "check that the file is writable")
    };
    let tmp = super::scan::temp_path(path);
    let result = (|| {
        let mut f = std::fs::OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        if let Ok(meta) = std::fs::metadata(path) {
            std::fs::set_permissions(&tmp, meta.permissions())?;
        }
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(fail)
}
