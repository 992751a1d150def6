//! What the two command lines share: `rashomon` (the product: ingest, timeline, dates,
//! quotes, places) and `rashomon-lab` (the developers' evaluation, benchmarks, training and
//! table builds, in `crates/lab`). The input flags, logging and progress on stderr, and how
//! output files are written. The work itself lives in the library crates (`rashomon-pile` and
//! below); the binaries only parse arguments, call them, and turn outcomes into exit codes.

pub mod cli;
pub mod output;
pub mod progress;
