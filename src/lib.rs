//! # kundenwert
//!
//! What a customer is worth: lifetime value (CLV), acquisition cost (CAC), LTV:CAC, payback,
//! total customer value, retention impact, NPS and health scores, by the definitions of the
//! project's docs/FORMULAS.md (each function cites its section).
//!
//! Every function takes an input struct and returns a result struct with its breakdown, or an
//! [`Error`] naming the offending field: never NaN, Infinity or a panic. Conventions: money in
//! the currency's major unit, rates as fractions (0.05 = 5 %), periods are months unless a
//! field says otherwise. With the `serde` feature, input and result structs (de)serialise with camelCase names, the
//! names of the JS API; unknown input fields are an error, because a misspelt optional field
//! would otherwise give a silently wrong number.
//!
//! The library is pure Rust: no wasm exports, no global allocator, no I/O. The npm package's
//! wasm boundary (`src/wasm.rs`) is behind the `wasm` feature, which only its own builds
//! enable. Features: `serde` (Serialize and Deserialize for the calculators' input and result
//! structs, under the JS API's camelCase names; unknown input fields are an error); `wasm`,
//! `analysis`, `retention` (the npm package's three wasm builds).
//!
//! A CLV, and a BG/NBD model fitted to per-customer summaries (repeat purchases, age at the
//! last purchase and at the end of observation, in weeks):
//!
//! ```
//! use kundenwert::models::{bgnbd, PurchaseModel};
//! use kundenwert::{clv_subscription, SubscriptionInput};
//!
//! // 100 a month at 80 % margin, 5 % monthly churn: 100 × 0.8 / 0.05 = 1,600 (docs/FORMULAS.md 3).
//! let r = clv_subscription(&SubscriptionInput { arpa: 100.0, gross_margin: Some(0.8), churn_rate: 0.05, ..Default::default() })?;
//! assert!((r.clv - 1600.0).abs() < 1e-9);
//!
//! let frequency = [2.0, 0.0, 5.0, 1.0, 0.0, 3.0, 7.0, 0.0, 1.0, 4.0];
//! let recency = [30.4, 0.0, 35.0, 12.0, 0.0, 20.1, 38.0, 0.0, 5.3, 31.0];
//! let t = [38.9, 38.9, 38.9, 38.9, 38.9, 38.9, 38.9, 38.9, 38.9, 38.9];
//! let fit = bgnbd::fit(&frequency, &recency, &t)?;
//! let alive = fit.model.probability_alive(2.0, 30.4, 38.9);
//! assert!(alive > 0.0 && alive <= 1.0);
//!
//! // Bad input is an error naming the field, never NaN.
//! let e = bgnbd::fit(&[1.0], &[2.0], &[1.0]).unwrap_err();
//! assert_eq!(e.field, "recency[0]");
//! # Ok::<(), kundenwert::Error>(())
//! ```
#![deny(missing_docs)]

pub mod analysis;
// The command line (src/bin/kundenwert.rs is its entry): native only, not API.
#[cfg(not(target_arch = "wasm32"))]
#[doc(hidden)]
pub mod cli;
// Internal: the input checks, and reading inputs from and writing results to the wasm tapes.
// Parts of them serve only the wasm boundary, so without it (the `wasm` feature on wasm32)
// they are unused.
#[cfg_attr(not(all(target_arch = "wasm32", feature = "wasm")), allow(dead_code))]
mod check;
pub mod data;
pub mod error;
#[cfg_attr(not(all(target_arch = "wasm32", feature = "wasm")), allow(dead_code))]
mod input;
pub mod metrics;
pub mod models;
#[cfg_attr(not(all(target_arch = "wasm32", feature = "wasm")), allow(dead_code))]
mod output;
pub mod segment;

pub use check::{MAX_AMOUNT, MAX_COUNT};
pub use error::{Error, ErrorCode, Result};
pub use metrics::acquisition::{
    cac, cac_by_channel, ltv_cac, payback, CacInput, CacResult, ChannelInput, ChannelResult, ChannelTotal,
    ChannelsResult, LtvCacBand, LtvCacInput, LtvCacResult, PaybackInput, PaybackResult,
};
pub use metrics::clv::{
    clv_purchase, clv_retention, clv_simple, clv_subscription, order_metrics, OrderMetricsInput, OrderMetricsResult,
    PurchaseInput, PurchaseResult, RetentionInput, RetentionResult, Series, SimpleInput, SimpleResult,
    SubscriptionInput, SubscriptionResult,
};
pub use metrics::loyalty::{
    health_score, nps, nps_from_scores, HealthInput, HealthPart, HealthPartResult, HealthResult, HealthThresholds,
    HealthTier, NpsInput, NpsResult,
};
pub use metrics::tcv::{
    retention_impact, tcv, RetentionImpactInput, RetentionImpactResult, RetentionScenario, TcvInput, TcvParts,
    TcvResult,
};

// The npm package's wasm boundary: only with the `wasm` feature, on wasm32.
#[cfg(all(target_arch = "wasm32", feature = "wasm"))]
#[doc(hidden)]
pub mod wasm;
