//! The list of all native rules, in one place. `rules`, `explain`, SARIF and the docs read it.

use crate::rule::Rule;

/// Every native rule, sorted by id.
#[must_use]
pub fn all() -> Vec<Box<dyn Rule>> {
    let mut v: Vec<Box<dyn Rule>> = Vec::new();
    v.extend(crate::secrets::rules());
    v.extend(crate::datastores::rules());
    v.extend(crate::sql::rules());
    v.extend(crate::network::rules());
    v.extend(crate::ci::rules());
    v.extend(crate::containers::rules());
    v.extend(crate::fly::rules());
    v.extend(crate::nginx::rules());
    v.extend(crate::platform::rules());
    v.extend(crate::compose::rules());
    v.extend(crate::iam::rules());
    v.extend(crate::storage::rules());
    v.extend(crate::cloud::rules());
    v.extend(crate::suppression::rules());
    v.sort_by_key(|r| r.meta().id);
    v
}

/// Find a native rule by id.
#[must_use]
pub fn get(id: &str) -> Option<Box<dyn Rule>> {
    all().into_iter().find(|r| r.meta().id == id)
}
