//! The `rashomon` command's library half: each command as a function over plain arguments, so
//! that tests and benchmarks drive exactly what users run. `main.rs` only parses arguments,
//! sets up logging and progress, and maps errors to exit codes.

pub mod attribution;
pub mod bench;
pub mod bench_attribution;
pub mod bench_dates;
pub mod dates;
pub mod eval;
pub mod geo;
pub mod ingest;
pub mod places;
pub mod progress;
pub mod quotes;
pub mod stance;
pub mod stories;
pub mod timeline;
