//! Stage 3: the model as Rust source files (tokens with `quote`, printed by `prettyplease`).

pub mod api;
pub mod apps;
pub mod catalogue;
pub mod crate_root;
mod describe;
pub mod features;
pub mod file;
mod plain;

pub mod services;
pub mod xsd;

use std::collections::BTreeMap;

use anyhow::Result;
use quote::quote;

use crate::model::Project;

/// The generated files, by path relative to the output folder, in a stable order.
pub type Files = BTreeMap<String, String>;

/// Emits every file of the generated module tree from the model: a pure function (no file is
/// read, nothing is parsed or resolved here).
pub fn emit(project: &Project) -> Result<Files> {
    let catalogue = &project.catalogue;
    let mut files = Files::new();
    files.insert("catalogue.rs".into(), catalogue::catalogue_file(catalogue)?);
    files.insert("roles.rs".into(), catalogue::roles_file(catalogue)?);
    files.insert("code_lists.rs".into(), catalogue::code_lists_file(catalogue)?);
    if let Some(model) = &project.api {
        api::emit_api(model, &mut files)?;
    }
    // Service modules call the endpoints of our own document when it was generated.
    let own_api = files.contains_key(services::OWN_API_FILE);
    let service_features = services::emit_services(catalogue, &project.services, &mut files, own_api)?;
    let app_features = apps::emit_apps(&project.apps, &mut files)?;
    let platform_features = match &project.platform {
        Some(model) => api::emit_platform(model, &mut files)?,
        None => Vec::new(),
    };
    files.insert(features::FEATURES_FILE.into(), features::block(&service_features, &app_features, &platform_features));
    let modules: Vec<_> = files
        .keys()
        .filter(|f| !f.contains('/'))
        .filter_map(|f| f.strip_suffix(".rs"))
        .chain(std::iter::once("services"))
        .chain(files.contains_key("api/mod.rs").then_some("api"))
        .chain(files.contains_key("apps/mod.rs").then_some("apps"))
        .chain(files.contains_key("platform/mod.rs").then_some("platform"))
        .map(|m| proc_macro2::Ident::new(m, proc_macro2::Span::call_site()))
        .collect();
    let mod_rs = quote! {
        //! Everything generated from the snapshot. Regenerate with `cargo xtask regen`.
        #(pub mod #modules;)*
    };
    files.insert("mod.rs".into(), file::print(mod_rs, "mod.rs")?);
    Ok(files)
}
