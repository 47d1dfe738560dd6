//! Terraform evaluation: root modules, inputs (defaults, tfvars, CLI vars), locals, module calls,
//! count/for_each expansion, built-in functions and provenance. Anything not knowable statically
//! is *unknown* — never false.

pub mod json;

use serde::Serialize;

use crate::finding::Diagnostic;
use crate::model::{Facts, Model};

/// Evaluation inputs given on the command line or in config.
#[derive(Debug, Clone, Default)]
pub struct TfOptions {
    /// Extra var files (`--var-file`, `[terraform] var_files`), relative to the scan root.
    pub var_files: Vec<std::path::PathBuf>,
    /// `--var name=value`.
    pub vars: Vec<(String, String)>,
}

/// The evaluated Terraform of a scan.
#[derive(Debug, Default, Serialize)]
pub struct TfModel {}

/// Evaluate every root module in the model.
#[must_use]
pub fn evaluate(model: &Model, opts: &TfOptions) -> (TfModel, Vec<Diagnostic>) {
    let _ = (model, opts);
    (TfModel::default(), Vec::new())
}

/// Add facts (datastores, entrypoints, OIDC trusts, secrets) built from evaluated values.
pub fn collect_facts(tf: &TfModel, model: &Model, facts: &mut Facts) {
    let _ = (tf, model, facts);
}
