//! Speakers and actors. An attribution's source ("he", "the Russian foreign minister",
//! "Sergei Lavrov", "IGIL") is resolved to a named speaker within its document and to one
//! actor entity across documents, through an alias table derived from the Phoenix
//! dictionaries plus general rules for transliteration, acronyms in other languages' word
//! order, and capitalisation damage.

pub mod names;
pub mod resolve;
pub mod speaker;
pub mod table;

pub use resolve::{name_runs, run_keys, NameRun, Resolver};
pub use speaker::{DocContext, Head, HeadClass};
pub use table::{Actor, Table, TableError};
