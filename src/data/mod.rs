//! Customer data from transaction exports: reading (`reader`), dates (`date`) and the
//! per-customer summary of docs/FORMULAS.md 14 (`summary`).

pub mod date;
pub mod lower;
pub mod order;
pub mod part;
pub mod reader;
pub mod summary;
