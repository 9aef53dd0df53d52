//! Stage 2's output: one intermediate model of everything the generator emits, every Rust name
//! chosen. [`crate::resolve`] fills it; [`crate::emit`] reads only this. The model imports no
//! stage.

pub mod api;
pub mod apps;
pub mod catalogue;
pub mod services;
pub mod xsd;

/// Everything the generator emits from one snapshot.
#[derive(Debug, Clone, Default)]
pub struct Project {
    /// The service catalogue, role definitions and code lists.
    pub catalogue: catalogue::Catalogue,
    /// The service modules and their schemas.
    pub services: services::Services,
    /// The Altinn 2 endpoints, when the snapshot has OpenAPI documents.
    pub api: Option<api::ApiModel>,
    /// The Altinn 3 platform endpoints, when the snapshot's Altinn 3 part has OpenAPI documents.
    pub platform: Option<api::ApiModel>,
    /// The Altinn 3 apps, when the snapshot has an Altinn 3 part.
    pub apps: apps::Apps,
}
