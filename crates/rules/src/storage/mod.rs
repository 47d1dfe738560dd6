//! Rules of the `storage` family.

pub mod unencrypted_storage;

use crate::rule::Rule;

/// Every rule of this family.
#[must_use]
pub fn rules() -> Vec<Box<dyn Rule>> {
    vec![Box::new(unencrypted_storage::UnencryptedStorage)]
}
