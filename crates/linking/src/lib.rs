//! Links between documents. For now: exact and near-duplicate articles — wire copy reprinted
//! by several outlets with small edits — found with MinHash signatures and banded LSH, so that
//! later stages count a story reprinted ten times as one report from one source.

pub mod claims;
pub mod duplicates;
pub mod stories;

pub use duplicates::{find_duplicate_groups, originals, DuplicateGroup, Signature};
