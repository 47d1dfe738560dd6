//! Terraform facts built from evaluated values.

use super::TfModel;
use crate::model::{Facts, Model};

/// Add Terraform facts.
pub fn collect(tf: &TfModel, model: &Model, facts: &mut Facts) {
    let _ = (tf, model, facts);
}
