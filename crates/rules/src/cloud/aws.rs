//! AWS checks of services without a table of their own.

use super::engine::Cond::*;

crate::cloud_checks! { CHECKS; "aws";
}
