//! Speakers and actors. An attribution's source ("he", "the Russian foreign minister",
//! "Sergei Lavrov", "IGIL") is resolved to a named speaker within its document and to one
//! actor entity across documents, through an alias table derived from the Phoenix
//! dictionaries plus general rules for transliteration, acronyms in other languages' word
//! order, and capitalisation damage.

pub mod names;
pub mod resolve;
pub mod table;

use std::sync::OnceLock;

pub use resolve::{name_runs, NameRun, Resolver};
pub use table::{Actor, Table, TableError};

static SHIPPED: &[u8] = include_bytes!("../data/actors.tsv.gz");

/// The shipped alias table, loaded once.
pub fn shipped() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| Table::from_gzip(SHIPPED).expect("the shipped actor table loads"))
}

/// A resolver over the shipped table, built once (its acronym index takes a moment).
pub fn shipped_resolver() -> &'static Resolver<'static> {
    static RESOLVER: OnceLock<Resolver<'static>> = OnceLock::new();
    RESOLVER.get_or_init(|| Resolver::new(shipped()))
}
