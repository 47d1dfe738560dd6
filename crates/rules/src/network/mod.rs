//! Rules of the `network` family.

pub mod missing_rate_limit;
pub mod open_admin_port;

use crate::rule::Rule;

/// Every rule of this family.
#[must_use]
pub fn rules() -> Vec<Box<dyn Rule>> {
    vec![Box::new(missing_rate_limit::MissingRateLimit), Box::new(open_admin_port::OpenAdminPort)]
}
