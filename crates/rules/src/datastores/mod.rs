//! Rules of the `datastores` family.

pub mod public_database;

use crate::rule::Rule;

/// Every rule of this family.
#[must_use]
pub fn rules() -> Vec<Box<dyn Rule>> {
    vec![Box::new(public_database::PublicDatabase)]
}
