//! Which customers to focus on: RFM scores and named segments with a next best action
//! (docs/FORMULAS.md 13), value tiers (docs/FORMULAS.md 12) and acquisition channels ranked.

pub mod channels;
pub mod rfm;
pub mod tiers;
