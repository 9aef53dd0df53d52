//! Stage 2 for schemas: a loaded schema set → [`SchemaModel`].
//!
//! References are followed (types, elements, groups, attribute groups, substitution groups),
//! inheritance is flattened (an extension holds its base's attributes and content first),
//! anonymous types get names from where they are declared, and every name is made a unique Rust
//! identifier with [`assign_layered`](crate::resolve::names::assign_layered). Recursive members are
//! boxed. A reference that cannot be followed becomes a warning and a lossless fallback (raw XML
//! or text), never a panic.

mod builtins;
pub mod loader;
mod naming;
mod types;

pub use crate::model::xsd::{first_names, member_names};

use std::path::Path;

pub use loader::{LoadError, MissingDependency, NamespaceMatch, SchemaCatalog};
pub use naming::NameOverrides;

pub use loader::read_schema;

use crate::model::xsd::SchemaModel;
use crate::snapshot::{Disk, Source};

/// Loads and resolves the schema at `path` on disk (with everything it includes or imports).
pub fn resolve_file(path: &Path) -> Result<SchemaModel, LoadError> {
    resolve_file_with(&Disk, path, &NameOverrides::default())
}

/// Loads and resolves the schema at `path` of `files`, with names chosen by the user.
pub fn resolve_file_with(files: &dyn Source, path: &Path, overrides: &NameOverrides) -> Result<SchemaModel, LoadError> {
    resolve_file_in(files, path, overrides, &SchemaCatalog::default())
}

/// [`resolve_file_with`], with imports whose files are missing looked up by namespace in
/// `catalog` (each such use is a warning in the model).
pub fn resolve_file_in(
    files: &dyn Source,
    path: &Path,
    overrides: &NameOverrides,
    catalog: &SchemaCatalog,
) -> Result<SchemaModel, LoadError> {
    let loader::Loaded { docs, missing, by_namespace } = loader::load(files, path, catalog)?;
    let (mut model, requests) = types::Resolver::new(&docs).run();
    let notes = missing.iter().map(|m| m.to_string()).chain(by_namespace.iter().map(|m| m.to_string()));
    model.warnings.splice(0..0, notes);
    model.missing = missing;
    model.by_namespace = by_namespace;
    model.source = path.display().to_string();
    naming::finish(&mut model, requests, overrides);
    Ok(model)
}
