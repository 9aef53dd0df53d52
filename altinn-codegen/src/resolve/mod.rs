//! Stage 2: join the parsed inputs of a snapshot into one model, with every Rust name chosen. Files
//! are read through `crate::snapshot::Source` (the loaded `Snapshot` in `regen`), never the disk.
//!
//! Naming lives here ([`names`]): the model carries the names, and emit only prints them.

pub mod apps;
pub mod catalogue;
pub mod names;
pub mod openapi;
pub mod services;
pub mod xsd;
