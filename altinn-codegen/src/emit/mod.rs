//! Stage 3: the model as Rust source files (tokens with `quote`, printed by `prettyplease`).

pub mod api;
pub mod catalogue;
pub mod crate_root;
pub mod file;
pub mod names;
pub mod services;
pub mod xsd;

use std::collections::BTreeMap;

use anyhow::Result;
use quote::quote;

use crate::diagnostic::Diagnostic;
use crate::model::catalogue::Catalogue;

/// The generated files, by path relative to the output folder, in a stable order.
pub type Files = BTreeMap<String, String>;

/// Emits every file of the generated module tree; `schemas` is the snapshot folder the
/// catalogue's XSD paths are relative to. Returns the files and what was met on the way.
pub fn emit(catalogue: &Catalogue, schemas: &std::path::Path) -> Result<(Files, Vec<Diagnostic>)> {
    let mut files = Files::new();
    files.insert("catalogue.rs".into(), catalogue::catalogue_file(catalogue)?);
    files.insert("roles.rs".into(), catalogue::roles_file(catalogue)?);
    files.insert("code_lists.rs".into(), catalogue::code_lists_file(catalogue)?);
    let mut warnings = Vec::new();
    if let Some((model, notes)) = read_api(&schemas.join("openapi"))? {
        // A defect repaired by a listed patch is expected; anything else the documents made
        // the generator fall back on is a warning.
        warnings.extend(notes.iter().map(|n| match n.split_once(": patched: ") {
            Some((doc, defect)) => Diagnostic::note(format!("openapi/{doc}"), format!("patched: {defect}")),
            None => Diagnostic::warning_from_line(n),
        }));
        api::emit_api(&model, &mut files)?;
    }
    // Service modules call the endpoints of our own document when it was generated.
    let own_api = files.contains_key(services::OWN_API_FILE);
    warnings.extend(services::emit_services(catalogue, schemas, &mut files, own_api)?);
    let modules: Vec<_> = files
        .keys()
        .filter(|f| !f.contains('/'))
        .filter_map(|f| f.strip_suffix(".rs"))
        .chain(std::iter::once("services"))
        .chain(files.contains_key("api/mod.rs").then_some("api"))
        .map(|m| proc_macro2::Ident::new(m, proc_macro2::Span::call_site()))
        .collect();
    let mod_rs = quote! {
        //! Everything generated from the snapshot. Regenerate with `cargo xtask regen`.
        #(pub mod #modules;)*
    };
    files.insert("mod.rs".into(), file::print(mod_rs, "mod.rs")?);
    Ok((files, warnings))
}

/// Reads, repairs and resolves the OpenAPI documents in `dir` (`*.json`, with the patch list
/// `patches.toml` beside them). `None` when the folder is absent. The notes list each defect
/// repaired and each construct generated as a JSON value.
pub fn read_api(dir: &std::path::Path) -> Result<Option<(crate::model::api::ApiModel, Vec<String>)>> {
    if !dir.is_dir() {
        return Ok(None);
    }
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    read_api_files(&files, &dir.join("patches.toml")).map(Some)
}

/// [`read_api`] over given files and patch list.
pub fn read_api_files(files: &[std::path::PathBuf], patches: &std::path::Path) -> Result<(crate::model::api::ApiModel, Vec<String>)> {
    use crate::parse::openapi;
    let patches = openapi::read_patches(patches)?;
    let docs = openapi::read_documents(files, &patches)?;
    let model = crate::resolve::openapi::resolve(&docs.documents);
    let mut notes = docs.applied;
    notes.extend(model.warnings.iter().cloned());
    Ok((model, notes))
}
