//! The hand-written runtime that altinn-codegen's generated code builds on: XML reading, writing
//! and validation for the model types ([`xml`]), the REST client and its submission helpers
//! ([`api`]), the catalogue types the generated constants use ([`catalogue`]), and the one retry policy of
//! its HTTP clients ([`http`]).
//!
//! A generated crate depends on this crate and re-exports it as `runtime`
//! (`pub use altinn_runtime as runtime;`), which is the path generated code names. The generator
//! and its tools depend on it too, never on a generated crate, so they build whatever state a
//! generated crate is in.
#![deny(warnings)]
#![warn(missing_docs)]
// API errors keep the whole answer (status, reason, URL, raw body) by design.
#![allow(clippy::result_large_err)]
// Generic code here is compiled once per value type of every generated crate, and in a debug
// build each `?` in it is two more functions per type (`Try::branch`, `FromResidual`): such code
// uses `match` (docs/bench-results.md, session of 2026-12-04).
#![allow(clippy::question_mark)]

pub mod altinn3;
pub mod api;
pub mod catalogue;
pub mod http;
pub mod xml;
