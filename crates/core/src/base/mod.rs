//! The base layer: what every other layer speaks — source files and spans ([`source`]), file
//! formats ([`kind`]), environments ([`env`]), findings, severities and diagnostics ([`finding`]),
//! size limits ([`limits`]), masking ([`mask`]) and phase timings ([`timings`]). It imports nothing else of the crate.

pub mod env;
pub mod finding;
pub mod kind;
pub mod limits;
pub mod mask;
pub mod source;
pub mod timings;
