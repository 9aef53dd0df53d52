//! Stage 3: the model as Rust source files (tokens with `quote`, printed by `prettyplease`).

pub mod catalogue;
pub mod file;
pub mod names;
pub mod xsd;

use std::collections::BTreeMap;

use anyhow::Result;
use quote::quote;

use crate::model::catalogue::Catalogue;

/// The generated files, by path relative to the output folder, in a stable order.
pub type Files = BTreeMap<String, String>;

/// Emits every file of the generated module tree.
pub fn emit(catalogue: &Catalogue) -> Result<Files> {
    let mut files = Files::new();
    files.insert("catalogue.rs".into(), catalogue::catalogue_file(catalogue)?);
    files.insert("roles.rs".into(), catalogue::roles_file(catalogue)?);
    files.insert("code_lists.rs".into(), catalogue::code_lists_file(catalogue)?);
    let modules: Vec<_> = files
        .keys()
        .filter_map(|f| f.strip_suffix(".rs"))
        .map(|m| proc_macro2::Ident::new(m, proc_macro2::Span::call_site()))
        .collect();
    let mod_rs = quote! {
        //! Everything generated from the snapshot. Regenerate with `cargo xtask regen`.
        #(pub mod #modules;)*
    };
    files.insert("mod.rs".into(), file::print(mod_rs, "mod.rs")?);
    Ok(files)
}
