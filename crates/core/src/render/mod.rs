//! Renderers: text, JSON, SARIF, GitHub annotations.
