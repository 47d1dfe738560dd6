//! GitHub Actions workflow commands: one `::error|warning|notice file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`
//! line per active finding (critical/high → error, medium → warning, low → notice) and per
//! error or warning diagnostic. Data is escaped (`%`, `\r`, `\n`); property values also escape
//! `:` and `,`.

use std::fmt::Write as _;

use crate::base::finding::{DiagnosticLevel, Severity};
use crate::base::source::path_to_slash;
use crate::engine::report::Report;

/// Escape a command's message (data).
#[must_use]
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escape a command property value.
#[must_use]
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn command(sev: Severity) -> &'static str {
    match sev {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low => "notice",
    }
}

/// Render the report as workflow commands.
#[must_use]
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let l = &f.location;
        let title = format!("{} ({})", f.rule_id, f.severity);
        let mut msg = f.message.clone();
        if let Some(fix) = &f.fix {
            let _ = write!(msg, "\nFix: {fix}");
        }
        let _ = writeln!(
            out,
            "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            command(f.severity),
            escape_property(&path_to_slash(&l.path)),
            l.start_line,
            l.start_column,
            l.end_line,
            l.end_column,
            escape_property(&title),
            escape_data(&msg)
        );
    }
    for d in &report.diagnostics {
        let cmd = match d.level {
            DiagnosticLevel::Error => "error",
            DiagnosticLevel::Warning => "warning",
            DiagnosticLevel::Note => continue,
        };
        let mut props = format!("file={}", escape_property(&path_to_slash(&d.path)));
        if let Some(line) = d.line {
            let _ = write!(props, ",line={line}");
            if let Some(col) = d.column {
                let _ = write!(props, ",col={col}");
            }
        }
        let _ = writeln!(
            out,
            "::{cmd} {props},title={}::{}",
            escape_property(&format!("infra-lint {}", d.code)),
            escape_data(&d.message)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(escape_data("50% a\r\nb"), "50%25 a%0D%0Ab");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
