//! Shared by the never-panic property tests of several crates (each includes this file with
//! `#[path]`): how many cases a property runs.

/// Cases per property: the CI default, times `RASHOMON_SOAK` when set (a soak run:
/// `RASHOMON_SOAK=50 cargo test --release --test …`, the stable-toolchain fuzzer).
pub fn cases(default: u32) -> u32 {
    let soak: u32 = std::env::var("RASHOMON_SOAK")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    default.saturating_mul(soak.max(1))
}
