//! Which customers to focus on: RFM scores and named segments with a next best action
//! (FORMULAS.md 13), value tiers (FORMULAS.md 12) and acquisition channels ranked.

pub mod channels;
pub mod rfm;
pub mod tiers;
