//! Property-test settings shared by every test file (`mod seeded;` then
//! `#![proptest_config(seeded::config(200))]`).
//!
//! `npm test` (and plain `cargo test`) draws every case from a fixed seed, so a fresh clone
//! runs exactly the cases CI ran, and a failure found once is replayed first from the
//! `*.proptest-regressions` file beside the test (kept in the repo). The long run with fresh
//! seeds is `npm run fuzz`, which sets `KW_FUZZ=<factor>`: random seeds, and `factor` times the
//! cases.
#![allow(dead_code)]

use proptest::test_runner::{Config, FileFailurePersistence, RngSeed};

/// The seed every property test starts from in `npm test`.
pub const SEED: u64 = 0x6b75_6e64_656e_7765; // "kundenwe"

/// `cases` cases from the fixed seed; with `KW_FUZZ=<factor>`, `factor × cases` from a fresh one.
pub fn config(cases: u32) -> Config {
    let fuzz = std::env::var("KW_FUZZ").ok().and_then(|v| v.parse::<u32>().ok()).filter(|&f| f > 0);
    Config {
        cases: fuzz.map_or(cases, |f| cases.saturating_mul(f)),
        rng_seed: if fuzz.is_some() { RngSeed::Random } else { RngSeed::Fixed(SEED) },
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("proptest-regressions"))),
        ..Config::default()
    }
}
