//! Links between documents of a pile:
//! - [`duplicates`]: exact and near-duplicate articles — wire copy reprinted by several outlets
//!   with small edits — found with MinHash signatures and banded LSH, so that later stages
//!   count a story reprinted ten times as one report from one source; the rule that picks a
//!   group's original ([`earliest_first`]);
//! - [`stories`]: articles grouped into the stories they tell (streaming clustering of TF-IDF
//!   vectors);
//! - [`claims`]: statements of different articles grouped by the proposition they state, with
//!   who asserts and who denies each, and a verdict.

pub mod claims;
pub mod duplicates;
pub mod stories;

pub use duplicates::{earliest_first, find_duplicate_groups, originals, DuplicateGroup, Signature};
