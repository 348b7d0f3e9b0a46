//! Deterministic customer-value formulas: docs/FORMULAS.md sections 1 to 11.
#![warn(missing_docs)]

pub mod acquisition;
pub mod clv;
pub mod loyalty;
pub(crate) mod stream;
pub mod tcv;
