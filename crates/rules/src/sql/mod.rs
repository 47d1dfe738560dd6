//! Rules of the `sql` family.

pub mod missing_rls;
pub mod rls_not_forced;
pub mod rls_policy_always_true;

use crate::rule::Rule;

/// Every rule of this family.
#[must_use]
pub fn rules() -> Vec<Box<dyn Rule>> {
    vec![
        Box::new(missing_rls::MissingRls),
        Box::new(rls_not_forced::RlsNotForced),
        Box::new(rls_policy_always_true::RlsPolicyAlwaysTrue),
    ]
}
