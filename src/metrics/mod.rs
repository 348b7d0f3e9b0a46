//! Deterministic customer-value formulas: docs/FORMULAS.md sections 1 to 11.

pub mod acquisition;
pub mod clv;
pub mod loyalty;
pub(crate) mod stream;
pub mod tcv;
