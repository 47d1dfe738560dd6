//! Renderers: text (terminal), JSON (our own versioned schema), SARIF 2.1.0 and GitHub
//! workflow-command annotations. Each is a pure function of a [`Report`]; none prints, none reads
//! files, and secrets are already masked in the report's snippets and frames.
//!
//! The text renderer draws its own code frames (a few dozen lines, no dependency) instead of
//! using `annotate-snippets`, so the library stays free of terminal crates; the caller (the CLI)
//! decides whether to colour (`NO_COLOR`, terminal detection) and passes [`TextOptions`].

pub mod github;
pub mod json;
pub mod sarif;
pub mod text;

pub use text::TextOptions;

use crate::engine::report::Report;

/// A report that could not be rendered or written (serialisation or I/O; serde_json carries both).
#[derive(Debug, thiserror::Error)]
#[error("cannot render report: {0}")]
pub struct RenderError(#[from] pub serde_json::Error);

impl From<std::io::Error> for RenderError {
    fn from(e: std::io::Error) -> Self {
        Self(serde_json::Error::io(e))
    }
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Format {
    /// Human-readable, grouped by file, with code frames.
    #[default]
    Text,
    /// JSON, schema in `docs/json-output.md`.
    Json,
    /// SARIF 2.1.0.
    Sarif,
    /// GitHub Actions workflow commands (`::error file=…::…`).
    Github,
}

impl Format {
    /// Parse `text|json|sarif|github`.
    #[must_use]
    pub fn parse(s: &str) -> Option<Format> {
        match s.to_ascii_lowercase().as_str() {
            "text" => Some(Format::Text),
            "json" => Some(Format::Json),
            "sarif" => Some(Format::Sarif),
            "github" => Some(Format::Github),
            _ => None,
        }
    }
}

impl Report {
    /// The report as text (see [`text::render`]).
    #[must_use]
    pub fn to_text(&self, opts: &TextOptions) -> String {
        text::render(self, opts)
    }

    /// The report as JSON (schema version 1, `docs/json-output.md`).
    ///
    /// # Errors
    /// Serialisation failure (not expected in practice).
    pub fn to_json(&self) -> Result<String, RenderError> {
        json::render(self)
    }

    /// The report as SARIF 2.1.0.
    ///
    /// # Errors
    /// Serialisation failure (not expected in practice).
    pub fn to_sarif(&self) -> Result<String, RenderError> {
        sarif::render(self)
    }

    /// The report as GitHub Actions workflow commands, one per line.
    #[must_use]
    pub fn to_github(&self) -> String {
        github::render(self)
    }

    /// Write the report in `format` to `w`, without building it in memory first (JSON and SARIF
    /// are streamed; text and annotations are rendered, then written).
    ///
    /// # Errors
    /// Serialisation or write failure.
    pub fn write_to(
        &self,
        format: Format,
        text_opts: &TextOptions,
        w: &mut dyn std::io::Write,
    ) -> Result<(), RenderError> {
        match format {
            Format::Json => json::write(self, w),
            Format::Sarif => sarif::write(self, w),
            Format::Text => Ok(w.write_all(self.to_text(text_opts).as_bytes())?),
            Format::Github => Ok(w.write_all(self.to_github().as_bytes())?),
        }
    }

    /// Render in `format` (text without colour).
    ///
    /// # Errors
    /// Serialisation failure (not expected in practice).
    pub fn render(&self, format: Format, text_opts: &TextOptions) -> Result<String, RenderError> {
        match format {
            Format::Text => Ok(self.to_text(text_opts)),
            Format::Json => self.to_json(),
            Format::Sarif => self.to_sarif(),
            Format::Github => Ok(self.to_github()),
        }
    }
}
