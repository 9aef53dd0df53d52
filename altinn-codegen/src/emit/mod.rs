//! Stage 3: the model as Rust source files (tokens with `quote`, printed by `prettyplease`).

pub mod catalogue;
pub mod file;
pub mod names;
pub mod services;
pub mod xsd;

use std::collections::BTreeMap;

use anyhow::Result;
use quote::quote;

use crate::model::catalogue::Catalogue;

/// The generated files, by path relative to the output folder, in a stable order.
pub type Files = BTreeMap<String, String>;

/// Emits every file of the generated module tree; `schemas` is the snapshot folder the
/// catalogue's XSD paths are relative to. Returns the files and warnings.
pub fn emit(catalogue: &Catalogue, schemas: &std::path::Path) -> Result<(Files, Vec<String>)> {
    let mut files = Files::new();
    files.insert("catalogue.rs".into(), catalogue::catalogue_file(catalogue)?);
    files.insert("roles.rs".into(), catalogue::roles_file(catalogue)?);
    files.insert("code_lists.rs".into(), catalogue::code_lists_file(catalogue)?);
    let warnings = services::emit_services(catalogue, schemas, &mut files)?;
    let modules: Vec<_> = files
        .keys()
        .filter(|f| !f.contains('/'))
        .filter_map(|f| f.strip_suffix(".rs"))
        .chain(std::iter::once("services"))
        .map(|m| proc_macro2::Ident::new(m, proc_macro2::Span::call_site()))
        .collect();
    let mod_rs = quote! {
        //! Everything generated from the snapshot. Regenerate with `cargo xtask regen`.
        #(pub mod #modules;)*
    };
    files.insert("mod.rs".into(), file::print(mod_rs, "mod.rs")?);
    Ok((files, warnings))
}
