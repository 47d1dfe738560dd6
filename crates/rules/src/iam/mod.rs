//! Rules of the `iam` family.

pub mod oidc_trust_unrestricted;

use crate::rule::Rule;

/// Every rule of this family.
#[must_use]
pub fn rules() -> Vec<Box<dyn Rule>> {
    vec![Box::new(oidc_trust_unrestricted::OidcTrustUnrestricted)]
}
