//! `curl-pipe-shell`: a `RUN` step that pipes a download straight into a shell.

use std::sync::LazyLock;

use infra_lint_core::parse::dockerfile::{Form, Word};
use infra_lint_core::{Finding, Model, Severity, Span};
use regex::Regex;

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};

use super::dockerfiles;

declare_rule! {
    /// ## What it does
    /// Finds Dockerfile `RUN` steps (shell form, exec form and heredoc scripts) that execute a
    /// download without looking at it: `curl … | sh`, `wget -qO- … | sudo bash`,
    /// `curl … | python3`, `sh -c "$(curl …)"`, `bash <(curl …)`, and the same download run
    /// in the build's own shell: `eval "$(curl …)"`, `source <(curl …)`.
    ///
    /// Downloads saved to a file (and then verified), or piped into other tools
    /// (`curl … | tar xz`, `curl … | gpg --dearmor`) are not reported.
    ///
    /// ## Why is this bad?
    /// The build runs whatever the server returns at that moment, as root, with no integrity
    /// check: a compromised or hijacked install script (or a truncated download) ends up in the
    /// image, and the build is not reproducible.
    ///
    /// ## How to fix
    /// Download to a file, verify it against a pinned checksum or signature, then run it — or
    /// install the tool from the distribution's package manager or a pinned release artefact.
    ///
    /// ## Example
    /// ```dockerfile
    /// # bad
    /// RUN curl -fsSL https://example.com/install.sh | sh
    /// ```
    /// ```dockerfile
    /// # good
    /// RUN curl -fsSLo /tmp/install.sh https://example.com/install-1.2.3.sh \
    ///  && echo "<sha256>  /tmp/install.sh" | sha256sum -c - \
    ///  && sh /tmp/install.sh
    /// ```
    ///
    /// ## References
    /// - <https://cwe.mitre.org/data/definitions/494.html>
    pub struct CurlPipeShell {
        id: "curl-pipe-shell",
        severity: Medium,
        formats: [Dockerfile],
        tags: ["security", "containers", "supply-chain"],
        precision: "high",
        summary: "A Dockerfile RUN step pipes a download straight into a shell",
    }
}

const SHELLS: &[&str] = &["sh", "bash", "zsh", "ash", "dash", "ksh", "python", "python3", "perl", "ruby", "node"];

static LINE_PIPE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"\b(curl|wget)\b[^|;&\n]*\|\s*(?:(?:sudo|doas|env|exec|command|nice|time)\s+(?:-\S+\s+|[A-Za-z_][A-Za-z0-9_]*=\S*\s+)*)*(?:/usr/bin/|/bin/|/usr/local/bin/)?(sh|bash|zsh|ash|dash|ksh|python3?|perl|ruby|node)\b",
    )
    .ok()
});
static LINE_SUBST: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r#"\b(sh|bash|zsh|eval|source)\b[^;&|\n]*(?:\$\(|<\(|`)\s*(curl|wget)\b"#).ok());

fn base(w: &str) -> &str {
    w.rsplit('/').next().unwrap_or(w)
}

fn is_downloader(w: &str) -> bool {
    matches!(base(w), "curl" | "wget")
}

fn is_shell(w: &str) -> bool {
    SHELLS.contains(&base(w))
}

/// Commands that run the next word as the command: `| sudo -E bash`, `| env VAR=1 sh -`.
fn is_wrapper(w: &str) -> bool {
    matches!(base(w), "sudo" | "doas" | "env" | "exec" | "command" | "nice" | "time")
}

fn ends_command(w: &str) -> bool {
    matches!(w, ";" | "&&" | "||" | "&") || w.ends_with(';') || w.contains("&&") || w.contains("||")
}

/// Position of a single `|` (not `||`) in a word.
fn single_pipe(w: &str) -> Option<usize> {
    let b = w.as_bytes();
    (0..b.len())
        .find(|&i| b.get(i) == Some(&b'|') && b.get(i + 1) != Some(&b'|') && (i == 0 || b.get(i - 1) != Some(&b'|')))
}

/// Shell-form words: (downloader word, shell name) for each download piped into a shell.
fn word_hits(words: &[Word]) -> Vec<(usize, String)> {
    let mut hits = Vec::new();
    for (j, w) in words.iter().enumerate() {
        if is_downloader(&w.value) {
            let mut k = j + 1;
            while let Some(cur) = words.get(k) {
                let v = cur.value.as_str();
                if let Some(pos) = single_pipe(v) {
                    let after = v.get(pos + 1..).unwrap_or("");
                    let mut rest: Vec<&str> = Vec::new();
                    if !after.is_empty() {
                        rest.push(after);
                    }
                    rest.extend(words.iter().skip(k + 1).take(6).map(|x| x.value.as_str()));
                    let target = rest.into_iter().find(|x| !(is_wrapper(x) || x.starts_with('-') || x.contains('=')));
                    if let Some(t) = target.filter(|t| is_shell(t)) {
                        hits.push((j, base(t).to_string()));
                    }
                    break;
                }
                if ends_command(v) {
                    break;
                }
                k += 1;
            }
        } else if is_shell(&w.value) || matches!(w.value.as_str(), "eval" | "source" | ".") {
            for cur in words.iter().skip(j + 1).take(8) {
                let v = cur.value.as_str();
                let subst = ["$(curl", "$(wget", "<(curl", "<(wget", "`curl", "`wget"].iter().any(|p| v.contains(p));
                if subst {
                    hits.push((j, base(&w.value).to_string()));
                    break;
                }
                if ends_command(v) {
                    break;
                }
            }
        }
    }
    hits
}

/// Text hits: (byte offset in `text`, shell name).
fn text_hits(text: &str) -> Vec<(usize, String)> {
    let mut hits = Vec::new();
    if let Some(re) = LINE_PIPE.as_ref() {
        for c in re.captures_iter(text) {
            if let (Some(m), Some(sh)) = (c.get(0), c.get(2)) {
                hits.push((m.start(), sh.as_str().to_string()));
            }
        }
    }
    if let Some(re) = LINE_SUBST.as_ref() {
        for c in re.captures_iter(text) {
            if let (Some(m), Some(sh)) = (c.get(0), c.get(1)) {
                hits.push((m.start(), sh.as_str().to_string()));
            }
        }
    }
    hits
}

fn finding(model: &Model, path: &str, span: Span, shell: &str, n: usize) -> Finding {
    let msg = format!(
        "RUN pipes a download straight into `{shell}`: the build executes whatever the server returns, unverified"
    );
    Finding::new(CurlPipeShell::META.id, Severity::Medium, span, msg)
        .fix("Download to a file, verify its checksum or signature, then run it")
        .key(format!("{path}:RUN:{n}"))
        .env(model.env_of(span))
}

impl Rule for CurlPipeShell {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (file, doc) in dockerfiles(model) {
            let mut n = 0;
            for instr in doc.instructions.iter().filter(|i| i.keyword == "RUN") {
                match instr.form {
                    Form::Shell => {
                        for (j, shell) in word_hits(&instr.args) {
                            let span = instr.args.get(j).map_or(instr.span, |w| w.span);
                            out.push(finding(model, &file.path, span, &shell, n));
                            n += 1;
                        }
                    }
                    Form::Exec => {
                        let joined: Vec<&str> = instr.args.iter().map(|w| w.value.as_str()).collect();
                        if let Some((_, shell)) = text_hits(&joined.join(" ")).into_iter().next() {
                            out.push(finding(model, &file.path, instr.span, &shell, n));
                            n += 1;
                        }
                    }
                }
                for h in &instr.heredocs {
                    // The body as written (tabs of `<<-` included), with line continuations blanked
                    // to spaces of the same length so offsets stay those of the file.
                    let body = model.text(h.body_span).replace("\\\n", "  ");
                    for (off, shell) in text_hits(&body) {
                        let start = h.body_span.start as usize + off;
                        let span = Span::new(h.body_span.file, start, start + 4);
                        out.push(finding(model, &file.path, span, &shell, n));
                        n += 1;
                    }
                }
            }
        }
    }
}
