//! The service modules of a snapshot: which services get a module, the Rust names of the modules
//! and of their children, and the resolved schema of every form and attachment rule.

use super::xsd::SchemaModel;

/// Every service module, in catalogue order, and the renames a reader may look for.
#[derive(Debug, Clone, Default)]
pub struct Services {
    /// One per service with forms, attachment rules or calls.
    pub modules: Vec<ServiceModule>,
    /// `(module path, kind, wire name, Rust name)` of each name that is not the plain case
    /// conversion of its wire name (clashes, keywords, the user's overrides).
    pub renames: Vec<[String; 4]>,
}

/// One service's module.
#[derive(Debug, Clone)]
pub struct ServiceModule {
    /// Its service: the index into [`super::catalogue::Catalogue::services`].
    pub service: usize,
    /// The module's name (also its cargo feature).
    pub module: String,
    /// The feature of its owner's services and apps (`owner_ttd`).
    pub owner_feature: String,
    /// The schemas that resolved, in the order of the service's forms, then its rules.
    pub children: Vec<Child>,
}

/// A form's or an attachment rule's schema, as a child module.
#[derive(Debug, Clone)]
pub struct Child {
    /// `f <DataFormatID> <version>` for a form, `a <rule id>` for an attachment rule.
    pub key: String,
    /// The child module's name.
    pub module: String,
    /// Its doc line.
    pub doc: String,
    /// The schema's file in the snapshot.
    pub xsd: String,
    /// The resolved schema.
    pub schema: SchemaModel,
}

/// The key of a form's child module.
pub fn form_key(data_format_id: &str, data_format_version: i64) -> String {
    format!("f {data_format_id} {data_format_version}")
}

/// The key of an attachment rule's child module.
pub fn rule_key(rule_id: i64) -> String {
    format!("a {rule_id}")
}
