//! A small shell-command reader for Dockerfile `RUN` steps: splits the source text of a `RUN`
//! (shell form, continuations and heredoc scripts included) into simple commands of words, each
//! word with its exact span in the file, so findings point at the offending word.

use infra_lint_core::parse::dockerfile::{Form, Instruction};
use infra_lint_core::{Model, Span};

/// One word of a command, quotes removed, with its span in the file.
#[derive(Debug, Clone)]
pub(crate) struct ShWord {
    pub value: String,
    pub span: Span,
}

/// A simple command: its words, leading `VAR=value` assignments and wrappers (`sudo`, `env`)
/// kept (see [`ShCommand::program`]).
#[derive(Debug, Clone, Default)]
pub(crate) struct ShCommand {
    pub words: Vec<ShWord>,
    /// The `|` (or `|&`) that sends this command's output into the next one, when it does.
    pub pipe: Option<Span>,
}

impl ShCommand {
    /// Index of the program word: past leading assignments and, when `through_wrappers`,
    /// past `sudo`/`env`/`exec` and their options.
    pub fn program_index(&self, through_wrappers: bool) -> Option<usize> {
        let mut i = 0;
        while let Some(w) = self.words.get(i) {
            let v = w.value.as_str();
            let assignment = v
                .split_once('=')
                .is_some_and(|(k, _)| !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
            if assignment {
                i += 1;
                continue;
            }
            if through_wrappers && matches!(base(v), "sudo" | "doas" | "env" | "exec" | "nice" | "nohup" | "time") {
                i += 1;
                while self.words.get(i).is_some_and(|w| w.value.starts_with('-')) {
                    i += 1;
                }
                continue;
            }
            return Some(i);
        }
        None
    }

    /// The program name (basename), past assignments and wrappers.
    pub fn program(&self) -> Option<&str> {
        self.program_index(true).and_then(|i| self.words.get(i)).map(|w| base(&w.value))
    }

    /// The words after the program.
    pub fn args(&self) -> &[ShWord] {
        self.program_index(true).and_then(|i| self.words.get(i + 1..)).unwrap_or(&[])
    }

    /// Whether an argument equals `flag`, or is a short-option cluster containing `short`
    /// (`-qy` holds `-y`).
    pub fn has_flag(&self, long: &[&str], short: Option<char>) -> bool {
        self.args().iter().any(|w| {
            let v = w.value.as_str();
            long.iter().any(|l| v == *l || v.starts_with(&format!("{l}=")))
                || short.is_some_and(|c| v.starts_with('-') && !v.starts_with("--") && v.contains(c))
        })
    }

    /// The first non-option argument (the sub-command: `install` in `apt-get -y install x`).
    pub fn subcommand(&self) -> Option<&ShWord> {
        self.args().iter().find(|w| !w.value.starts_with('-'))
    }
}

/// The basename of a command word (`/usr/bin/sudo` → `sudo`).
pub(crate) fn base(w: &str) -> &str {
    w.rsplit('/').next().unwrap_or(w)
}

/// Every simple command of a `RUN` (or other shell-form instruction), heredoc scripts included.
pub(crate) fn commands(model: &Model, instr: &Instruction) -> Vec<ShCommand> {
    let mut out = Vec::new();
    match instr.form {
        Form::Exec => {
            // `["sh", "-c", "…"]` is rare; the array itself is one command.
            let words: Vec<ShWord> =
                instr.args.iter().map(|w| ShWord { value: w.value.clone(), span: w.span }).collect();
            if !words.is_empty() {
                out.push(ShCommand { words, pipe: None });
            }
        }
        Form::Shell => {
            let span = instr.args_span;
            split(&cleaned(model.text(span)), span, &mut out);
        }
    }
    for h in &instr.heredocs {
        split(&cleaned(model.text(h.body_span)), h.body_span, &mut out);
    }
    out
}

/// Every simple command of a script given as text (a workflow `run:`), without spans.
pub(crate) fn script_commands(text: &str) -> Vec<ShCommand> {
    let mut out = Vec::new();
    split(&cleaned(text), Span::default(), &mut out);
    out
}

/// The text with line continuations and comment lines blanked to spaces (same length, so offsets
/// stay those of the file).
fn cleaned(text: &str) -> String {
    let mut s = text.replace("\\\n", "  ").replace("\\\r\n", "   ");
    let mut pos = 0;
    let mut blank: Vec<(usize, usize)> = Vec::new();
    for line in s.split_inclusive('\n') {
        if line.trim_start().starts_with('#') {
            blank.push((pos, pos + line.trim_end_matches('\n').len()));
        }
        pos += line.len();
    }
    for (a, b) in blank {
        if let Some(r) = s.get(a..b) {
            let spaces = " ".repeat(r.len());
            s.replace_range(a..b, &spaces);
        }
    }
    s
}

/// Split `text` (located at `at`) into simple commands at `&&`, `||`, `;`, `|`, `&`, newlines
/// and parentheses; words keep quoted parts together.
fn split(text: &str, at: Span, out: &mut Vec<ShCommand>) {
    let base_off = at.start as usize;
    let mut cur = ShCommand::default();
    let mut word = String::new();
    let mut wstart: Option<usize> = None;
    let mut quote: Option<char> = None;
    let bytes: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    let flush_word = |word: &mut String, wstart: &mut Option<usize>, end: usize, cur: &mut ShCommand| {
        if let Some(s) = wstart.take() {
            cur.words
                .push(ShWord { value: std::mem::take(word), span: Span::new(at.file, base_off + s, base_off + end) });
        }
    };
    while let Some(&(off, c)) = bytes.get(i) {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            } else if c == '\\' && q == '"' {
                if let Some(&(_, n)) = bytes.get(i + 1) {
                    word.push(n);
                    i += 2;
                    continue;
                }
            } else {
                word.push(c);
            }
            i += 1;
            continue;
        }
        match c {
            '\'' | '"' => {
                wstart.get_or_insert(off);
                quote = Some(c);
            }
            '\\' => {
                wstart.get_or_insert(off);
                if let Some(&(_, n)) = bytes.get(i + 1) {
                    word.push(n);
                    i += 1;
                }
            }
            // A comment runs to the end of the line (only where a word would start).
            '#' if wstart.is_none() => {
                while bytes.get(i + 1).is_some_and(|&(_, n)| n != '\n') {
                    i += 1;
                }
            }
            ' ' | '\t' | '\r' => flush_word(&mut word, &mut wstart, off, &mut cur),
            '|' if bytes.get(i + 1).is_some_and(|&(_, n)| n == '|') => {
                // `||`: a list operator, not a pipe.
                flush_word(&mut word, &mut wstart, off, &mut cur);
                if !cur.words.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                i += 1;
            }
            '|' => {
                flush_word(&mut word, &mut wstart, off, &mut cur);
                if !cur.words.is_empty() {
                    cur.pipe = Some(Span::new(at.file, base_off + off, base_off + off + 1));
                    out.push(std::mem::take(&mut cur));
                }
            }
            '\n' | ';' | '&' | '(' | ')' | '`' => {
                flush_word(&mut word, &mut wstart, off, &mut cur);
                if !cur.words.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            _ => {
                wstart.get_or_insert(off);
                word.push(c);
            }
        }
        i += 1;
    }
    flush_word(&mut word, &mut wstart, text.len(), &mut cur);
    if !cur.words.is_empty() {
        out.push(cur);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use infra_lint_core::source::FileId;

    fn cmds(t: &str) -> Vec<Vec<String>> {
        let mut out = Vec::new();
        split(&cleaned(t), Span::new(FileId(0), 0, t.len()), &mut out);
        out.into_iter().map(|c| c.words.into_iter().map(|w| w.value).collect()).collect()
    }

    #[test]
    fn pipes_are_told_from_or_lists() {
        let t = "curl -fsSL x | sh || true; a|b";
        let mut out = Vec::new();
        split(&cleaned(t), Span::new(FileId(0), 0, t.len()), &mut out);
        let pipes: Vec<Option<u32>> = out.iter().map(|c| c.pipe.map(|s| s.start)).collect();
        assert_eq!(pipes, vec![Some(13), None, None, Some(28), None]);
    }

    #[test]
    fn splits_commands_and_words() {
        assert_eq!(
            cmds("apt-get update && DEBIAN_FRONTEND=x apt-get install -y 'a b' \\\n  c; echo \"hi there\""),
            vec![
                vec!["apt-get".to_owned(), "update".to_owned()],
                vec![
                    "DEBIAN_FRONTEND=x".into(),
                    "apt-get".into(),
                    "install".into(),
                    "-y".into(),
                    "a b".into(),
                    "c".into()
                ],
                vec!["echo".into(), "hi there".into()],
            ]
        );
        assert_eq!(
            cmds("set -e\n# comment && rm -rf /\ncd /x"),
            vec![vec!["set".to_owned(), "-e".into()], vec!["cd".into(), "/x".into()]]
        );
        let mut out = Vec::new();
        split("sudo -E apt-get install x", Span::new(FileId(0), 0, 25), &mut out);
        assert_eq!(out[0].program(), Some("apt-get"));
        assert_eq!(out[0].subcommand().unwrap().value, "install");
    }
}
