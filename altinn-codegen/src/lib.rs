//! altinn-codegen: typed Rust for the Altinn REST API, generated from Altinn's own metadata.
//!
//! The pipeline, one module per stage:
//!
//! - [`fetch`] downloads the metadata resource and XSDs into a [`snapshot`] folder (`schemas/`).
//! - [`parse`] reads each input as received (metadata JSON; XSD and OpenAPI later).
//! - [`resolve`] joins the parsed inputs into one intermediate [`model`].
//! - [`emit`] turns the model into Rust tokens and prints them with `prettyplease`.
//! - [`regen`] runs parse → resolve → emit over a snapshot and writes (or checks) the generated
//!   sources of `altinn-generated`, atomically.

pub mod diagnostic;
pub mod emit;
pub mod fetch;
pub mod model;
pub mod parse;
pub mod regen;
pub mod resolve;
pub mod snapshot;
pub mod staged_dir;
pub mod xsd_regex;
