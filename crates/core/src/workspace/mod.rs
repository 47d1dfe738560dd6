//! The workspace layer: which files a scan reads — the walk ([`walk`]) and the split of large
//! repositories into self-contained shards ([`shard`]). Imports the base and syntax layers only.

pub mod shard;
pub mod walk;
