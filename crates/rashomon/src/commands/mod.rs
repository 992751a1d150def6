//! One module per command of `rashomon`: each takes its parsed arguments and the run's
//! resources, calls the libraries, prints, and returns the exit code.

pub mod add;
pub mod check;
pub mod dates;
pub mod ingest;
pub mod places;
pub mod quotes;
pub mod timeline;
