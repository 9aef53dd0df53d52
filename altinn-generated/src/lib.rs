//! Typed Rust for the Altinn REST API.
//!
//! - [`generated`]: everything `altinn-codegen` writes from the snapshot in `schemas/`
//!   (never edited by hand; run `cargo xtask regen`).
//! - [`runtime`]: the hand-written part the generated code builds on (the `altinn-runtime` crate).
#![deny(warnings)]
#![warn(missing_docs)]
// API errors keep the whole answer (status, reason, URL, raw body) by design; boxing them is a
// later size optimisation.
#![allow(clippy::result_large_err)]

pub mod generated;
pub use altinn_runtime as runtime;
#[doc(hidden)]
pub use altinn_runtime::string_enum;

pub use generated::catalogue::SERVICES;
pub use generated::code_lists::CODE_LISTS;
pub use generated::roles::ROLE_DEFINITIONS;
pub use runtime::catalogue::{
    AttachmentRule, Code, CodeList, Form, ProcessStep, RoleDefinition, RoleRequirement, Service, ServiceType,
};

/// Looks up a service edition by code and edition.
pub fn service(code: &str, edition: i64) -> Option<&'static Service> {
    SERVICES.iter().copied().find(|s| s.code == code && s.edition == edition)
}

/// Looks up a role definition by id.
pub fn role_definition(id: i64) -> Option<&'static RoleDefinition> {
    ROLE_DEFINITIONS.iter().copied().find(|r| r.id == id)
}
