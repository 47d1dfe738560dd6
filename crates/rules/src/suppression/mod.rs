//! Rules about the scan's own inline suppressions (`# infra-lint: ignore[…]`), read from the
//! comments of each file by the engine's suppression reader.

mod invalid_suppression;

pub use invalid_suppression::InvalidSuppression;

use crate::rule::Rule;

/// Every rule of this family.
#[must_use]
pub fn rules() -> Vec<Box<dyn Rule>> {
    vec![Box::new(InvalidSuppression)]
}
