//! The Altinn 3 apps of a snapshot: for each, its identity, rules and the resolved model of each
//! form data type, with every Rust name chosen; and the migration map from Altinn 2 services to
//! the Altinn 3 resources that replaced them.

use std::collections::BTreeMap;

use super::services::Child;

/// Every app module and the migration map.
#[derive(Debug, Clone, Default)]
pub struct Apps {
    /// One per app in the snapshot, sorted by org and app.
    pub modules: Vec<AppModule>,
    /// Altinn 2 services (`ServiceCode`, `ServiceEditionCode`) and the resources that replaced
    /// them, from the Resource Registry's references.
    pub successors: BTreeMap<(String, i64), Vec<String>>,
    /// The resource list's size (for reports).
    pub resources: usize,
}

/// One app's module.
#[derive(Debug, Clone)]
pub struct AppModule {
    /// The org code as in the app id.
    pub org: String,
    /// The app name.
    pub app: String,
    /// The module's name (`ttd_codegen_sample`).
    pub module: String,
    /// Its cargo feature (`app_ttd_codegen_sample`).
    pub feature: String,
    /// The owner feature it belongs to (`owner_ttd`, shared with Altinn 2 services).
    pub owner_feature: String,
    /// Titles by language.
    pub title: BTreeMap<String, String>,
    /// `partyTypesAllowed`: bankruptcy estate, organisation, person, sub unit.
    pub party_types: [bool; 4],
    /// The data types, in the metadata's order.
    pub data_types: Vec<DataType>,
    /// The resolved model of each form data type that has one (`key`: `d <dataTypeId>`).
    pub forms: Vec<Child>,
    /// Its Resource Registry resource, when the list has it.
    pub resource: Option<String>,
    /// The Altinn 2 services it replaced.
    pub replaces: Vec<(String, i64)>,
}

/// One data type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataType {
    /// Its id.
    pub id: String,
    /// `allowedContentTypes`.
    pub allowed_content_types: Vec<String>,
    /// `minCount`.
    pub min_count: i64,
    /// `maxCount`.
    pub max_count: i64,
    /// `maxSize` in megabytes.
    pub max_size_mb: Option<i64>,
    /// `taskId`.
    pub task_id: Option<String>,
    /// `appLogic.classRef`.
    pub class_ref: Option<String>,
    /// `appLogic.autoCreate`.
    pub auto_create: bool,
}

/// The key of a data type's child module.
pub fn data_type_key(id: &str) -> String {
    format!("d {id}")
}
