//! The text format: findings grouped by file, each with a code frame underlining the offending
//! span, its severity, rule id, message, environment, one-line fix and related locations; then
//! the diagnostics and a summary line. Colour (ANSI) only when [`TextOptions::color`] is set.

use std::fmt::Write as _;

use crate::base::finding::{DiagnosticLevel, Severity};
use crate::base::source::path_to_slash;
use crate::engine::report::{level_name, Report, ReportedFinding};
use crate::model::Environment;

/// Options of the text renderer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TextOptions {
    /// Use ANSI colours (the CLI decides: a terminal and no `NO_COLOR`).
    pub color: bool,
    /// Also list suppressed findings (marked as such).
    pub show_suppressed: bool,
}

struct Paint {
    on: bool,
}

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_owned()
        }
    }
    fn sev(&self, sev: Severity, s: &str) -> String {
        let code = match sev {
            Severity::Critical => "1;35",
            Severity::High => "1;31",
            Severity::Medium => "1;33",
            Severity::Low => "1;36",
        };
        self.wrap(code, s)
    }
    fn gutter(&self, s: &str) -> String {
        self.wrap("1;34", s)
    }
    fn bold(&self, s: &str) -> String {
        self.wrap("1", s)
    }
    fn dim(&self, s: &str) -> String {
        self.wrap("2", s)
    }
    fn green(&self, s: &str) -> String {
        self.wrap("32", s)
    }
}

/// Render the report as text.
#[must_use]
pub fn render(report: &Report, opts: &TextOptions) -> String {
    let p = Paint { on: opts.color };
    let mut out = String::new();
    let mut shown: Vec<&ReportedFinding> = report.findings.iter().collect();
    if opts.show_suppressed {
        shown.extend(report.suppressed.iter());
        shown.sort_by(|a, b| {
            (path_to_slash(&a.location.path), a.location.start_line, a.location.start_column, &a.rule_id).cmp(&(
                path_to_slash(&b.location.path),
                b.location.start_line,
                b.location.start_column,
                &b.rule_id,
            ))
        });
    }
    let mut current: Option<String> = None;
    for f in shown {
        let path = path_to_slash(&f.location.path);
        if current.as_deref() != Some(path.as_str()) {
            if current.is_some() {
                out.push('\n');
            }
            let n = report.findings.iter().filter(|g| path_to_slash(&g.location.path) == path).count();
            let _ = writeln!(out, "{} {}", p.bold(&path), p.dim(&format!("({})", plural(n, "finding"))));
            current = Some(path.clone());
        }
        out.push('\n');
        finding(&mut out, &p, f, &path);
    }
    if !report.diagnostics.is_empty() {
        if !out.is_empty() {
            out.push('\n');
        }
        for d in &report.diagnostics {
            let level = level_name(d.level);
            let head = match d.level {
                DiagnosticLevel::Error => p.wrap("1;31", &format!("{level}[{}]", d.code)),
                DiagnosticLevel::Warning => p.wrap("1;33", &format!("{level}[{}]", d.code)),
                DiagnosticLevel::Note => p.wrap("1;36", &format!("{level}[{}]", d.code)),
            };
            let mut loc = path_to_slash(&d.path);
            if let Some(l) = d.line {
                let _ = write!(loc, ":{l}");
                if let Some(c) = d.column {
                    let _ = write!(loc, ":{c}");
                }
            }
            if loc.is_empty() {
                let _ = writeln!(out, "{head}: {}", d.message);
            } else {
                let _ = writeln!(out, "{head}: {loc}: {}", d.message);
            }
        }
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out.push_str(&summary_line(report, &p));
    out.push('\n');
    neutralise_with(&out, opts.color)
}

/// Make text safe to print where a CI runner reads workflow commands from the output: control
/// characters (other than newline and tab) are shown escaped (`\u{1b}`), and a line that would
/// start with `::` (a workflow command such as `::stop-commands::` or `::error file=…::`) gets
/// a space between the colons. File names and values written by a pull request's author cannot
/// act as commands.
#[must_use]
pub fn neutralise(text: &str) -> String {
    neutralise_with(text, false)
}

/// [`neutralise`], keeping the escape character when `keep_escape` (our own colours).
fn neutralise_with(text: &str, keep_escape: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let (body, nl) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        let indent = body.len() - body.trim_start().len();
        let mut rest = body;
        if body[indent..].starts_with("::") {
            out.push_str(&body[..indent]);
            out.push_str(": :");
            rest = &body[indent + 2..];
        }
        for c in rest.chars() {
            if c.is_control() && c != '\t' && !(keep_escape && c == '\x1b') {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            } else {
                out.push(c);
            }
        }
        out.push_str(nl);
    }
    out
}

fn finding(out: &mut String, p: &Paint, f: &ReportedFinding, path: &str) {
    let head = p.sev(f.severity, &format!("{}[{}]", f.severity, f.rule_id));
    let suppressed = match &f.suppression {
        Some(s) if s.justification.is_empty() => p.dim(" (suppressed)"),
        Some(s) => p.dim(&format!(" (suppressed: {})", s.justification)),
        None => String::new(),
    };
    let _ = writeln!(out, "{head}: {}{suppressed}", p.bold(&f.message));
    let width = f.frame.iter().map(|l| l.number.to_string().len()).max().unwrap_or(1);
    let pad = " ".repeat(width);
    let env = match f.environment {
        Environment::Unknown => String::new(),
        e => format!(" {}", p.dim(&format!("({})", e.as_str()))),
    };
    let _ = writeln!(out, "{pad}{} {path}:{}:{}{env}", p.gutter("-->"), f.location.start_line, f.location.start_column);
    if !f.frame.is_empty() {
        let _ = writeln!(out, "{pad} {}", p.gutter("|"));
        for line in &f.frame {
            let text = line.text.replace('\t', " ");
            let num = format!("{:>width$}", line.number);
            let _ = writeln!(out, "{} {} {}", p.gutter(&num), p.gutter("|"), text).map(|()| ());
            if let Some((a, b)) = line.underline {
                let carets = "^".repeat(b.saturating_sub(a).max(1) as usize);
                let _ =
                    writeln!(out, "{pad} {} {}{}", p.gutter("|"), " ".repeat(a as usize), p.sev(f.severity, &carets));
            }
        }
        let last_shown = f.frame.last().map_or(0, |l| l.number);
        let last_spanned =
            if f.location.end_column == 1 { f.location.end_line.saturating_sub(1) } else { f.location.end_line };
        if last_spanned > last_shown {
            let _ = writeln!(out, "{pad} {} {}", p.gutter("|"), p.dim(&format!("… (to line {last_spanned})")));
        }
    }
    if let Some(fix) = &f.fix {
        let _ = writeln!(out, "{pad} {} {} {fix}", p.gutter("="), p.green("fix:"));
    }
    for r in &f.related {
        let _ = writeln!(
            out,
            "{pad} {} {} {}:{}:{}: {}",
            p.gutter("="),
            p.bold("related:"),
            path_to_slash(&r.location.path),
            r.location.start_line,
            r.location.start_column,
            r.message
        );
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The one-line summary, e.g. `3 findings (1 critical, 2 high) in 12 files; 1 suppressed`.
fn summary_line(report: &Report, p: &Paint) -> String {
    let s = report.summary();
    let mut line = if s.total == 0 {
        p.green("No findings")
    } else {
        let parts: Vec<String> = Severity::ALL
            .iter()
            .rev()
            .filter_map(|sev| {
                let n = s.by_severity.get(sev).copied().unwrap_or(0);
                (n > 0).then(|| p.sev(*sev, &format!("{n} {sev}")))
            })
            .collect();
        format!("{} ({})", p.bold(&plural(s.total, "finding")), parts.join(", "))
    };
    let _ = write!(line, " in {} scanned", plural(s.files_scanned, "file"));
    let mut extra = Vec::new();
    if s.suppressed_inline > 0 {
        extra.push(format!("{} suppressed inline", s.suppressed_inline));
    }
    if s.baselined > 0 {
        extra.push(format!("{} in baseline", s.baselined));
    }
    for (level, n) in &s.diagnostics {
        extra.push(plural(*n, &format!("{level} diagnostic")));
    }
    if !extra.is_empty() {
        let _ = write!(line, "; {}", extra.join(", "));
    }
    line
}

#[cfg(test)]
mod neutralise_tests {
    use super::*;

    #[test]
    fn workflow_commands_and_controls_are_neutralised() {
        let t = neutralise("a.tf\n::stop-commands::x\n  ::error file=a::b\nok\r\x1b[31m\n");
        assert!(!t.lines().any(|l| l.trim_start().starts_with("::")), "{t}");
        assert!(!t.contains('\r') && !t.contains('\x1b'), "{t}");
        assert!(t.contains(": :stop-commands::x"));
        assert_eq!(neutralise("plain text\n"), "plain text\n");
    }
}
