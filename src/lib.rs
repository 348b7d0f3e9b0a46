//! # kundenwert
//!
//! What a customer is worth: lifetime value (CLV), acquisition cost (CAC), LTV:CAC, payback,
//! total customer value, retention impact, NPS and health scores, by the definitions of the
//! project's docs/FORMULAS.md (each function cites its section).
//!
//! Every function takes an input struct and returns a result struct with its breakdown, or an
//! [`Error`] naming the offending field: never NaN, Infinity or a panic. Conventions: money in
//! the currency's major unit, rates as fractions (0.05 = 5 %), periods are months unless a
//! field says otherwise. Input and result structs (de)serialise with camelCase names, the
//! names of the JS API; unknown input fields are an error, because a misspelt optional field
//! would otherwise give a silently wrong number.
//!
//! This crate knows nothing of WebAssembly; `src/wasm.rs` is the only boundary to JS.

pub mod analysis;
pub mod check;
pub mod data;
pub mod error;
pub mod input;
pub mod metrics;
pub mod models;
pub mod output;
pub mod segment;

pub use error::{Error, ErrorCode, Result};
pub use input::{FromSource, Kind, Source};
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

#[cfg(target_arch = "wasm32")]
#[doc(hidden)]
pub mod wasm;
