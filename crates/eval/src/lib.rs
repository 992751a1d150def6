//! Readers and scorers for the public benchmarks rashomon is measured on. Each scorer computes
//! exactly what the benchmark's official scorer computes, so our figures compare with
//! published ones; each is tested on hand-made gold/system pairs.

pub mod align;
pub mod attribution;
pub mod clustering;
pub mod ecbplus;
pub mod fnc;
pub mod geo;
pub mod polnear;
pub mod rouge;
pub mod tempeval;
pub mod timeml;
pub mod tls;
