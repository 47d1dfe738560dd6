//! Rules of the `fly` family.

pub mod fly_https_not_forced;

use crate::rule::Rule;

/// Every rule of this family.
#[must_use]
pub fn rules() -> Vec<Box<dyn Rule>> {
    vec![Box::new(fly_https_not_forced::FlyHttpsNotForced)]
}
