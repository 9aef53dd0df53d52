//! The hand-written runtime that generated code builds on.

pub mod catalogue;
pub mod xml;
pub mod api;
