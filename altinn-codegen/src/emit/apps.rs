//! A module per Altinn 3 app (`apps/<org>_<app>/`): the app's constants (identity, titles, party
//! types, each data type's rules, its resource and the Altinn 2 services it replaced) and the
//! model types of each form data type, one child module each.

use anyhow::{Context, Result};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::Files;
use super::features::Feature;
use super::file::{int, opt_str, print, print_items};
use super::xsd::{EmitOptions, emit_schema_items};
use crate::model::apps::{AppModule, Apps};

fn id(s: &str) -> Ident {
    Ident::new(s, Span::call_site())
}

/// Emits `apps/…` into `files`; returns each app module's feature. Nothing when there are no apps.
pub fn emit_apps(apps: &Apps, files: &mut Files) -> Result<Vec<Feature>> {
    if apps.modules.is_empty() {
        return Ok(Vec::new());
    }
    let options = EmitOptions { runtime: "crate::runtime::xml".into() };
    let mut features = Vec::new();
    for a in &apps.modules {
        for c in &a.forms {
            let chunks = emit_schema_items(&c.schema, &options).with_context(|| format!("emitting {}", c.xsd))?;
            files.insert(format!("apps/{}/{}.rs", a.module, c.module), print_items(chunks, &c.xsd)?);
        }
        let path = format!("apps/{}/mod.rs", a.module);
        files.insert(path.clone(), print(app_module(a), &path)?);
        features.push(Feature { name: a.feature.clone(), doc: format!("{} ({}/{})", title(a), a.org, a.app), owner: a.owner_feature.clone() });
    }
    let mods = apps.modules.iter().map(|a| {
        let (m, feature) = (id(&a.module), a.feature.as_str());
        let d = format!(" {} (`{}/{}`).", title(a), a.org, a.app);
        quote!(#[doc = #d] #[cfg(feature = #feature)] pub mod #m;)
    });
    let tokens = quote! {
        //! One module per Altinn 3 app in the snapshot: its constants and the model types of its
        //! forms, generated from the app's own metadata and models.
        //!
        //! Each module is behind the cargo feature `app_<module>`, every owner's apps behind
        //! `owner_<org>` (with its Altinn 2 services), and `all_apps` turns every app on; all are
        //! off by default.
        #(#mods)*
    };
    files.insert("apps/mod.rs".into(), print(tokens, "apps/mod.rs")?);
    Ok(features)
}

/// The title to show: Bokmål, else English, else Nynorsk, else the app's name.
fn title(a: &AppModule) -> String {
    ["nb", "en", "nn"]
        .iter()
        .find_map(|l| a.title.get(*l))
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| a.app.clone())
}

fn app_module(a: &AppModule) -> TokenStream {
    let (org, app) = (&a.org, &a.app);
    let [nb, nn, en] = ["nb", "nn", "en"].map(|l| opt_str(a.title.get(l).map(String::as_str)));
    let [bankruptcy_estate, organisation, person, sub_unit] = a.party_types;
    let data_types = a.data_types.iter().map(|d| {
        let (dt_id, min, max) = (&d.id, int(d.min_count), int(d.max_count));
        let types = &d.allowed_content_types;
        let max_size = match d.max_size_mb {
            Some(m) => {
                let m = int(m);
                quote!(Some(#m))
            }
            None => quote!(None),
        };
        let task = opt_str(d.task_id.as_deref());
        let class_ref = opt_str(d.class_ref.as_deref());
        let auto_create = d.auto_create;
        quote! {
            rt::DataType {
                id: #dt_id,
                allowed_content_types: &[#(#types),*],
                min_count: #min,
                max_count: #max,
                max_size_mb: #max_size,
                task_id: #task,
                class_ref: #class_ref,
                auto_create: #auto_create,
            }
        }
    });
    let resource = opt_str(a.resource.as_deref());
    let replaces = a.replaces.iter().map(|(code, edition)| {
        let e = int(*edition);
        quote!((#code, #e))
    });
    let mods = a.forms.iter().map(|c| {
        let m = id(&c.module);
        let d = format!(" {}", c.doc);
        quote!(#[doc = #d] pub mod #m;)
    });
    let mut doc = format!(" {} (`{org}/{app}`): an Altinn 3 app.", title(a));
    if !a.replaces.is_empty() {
        let list: Vec<String> = a.replaces.iter().map(|(c, e)| format!("{c}/{e}")).collect();
        doc.push_str(&format!("\n\n It replaced the Altinn 2 service {}.", list.join(", ")));
    }
    let docs = doc.lines().map(|l| quote!(#![doc = #l]));
    quote! {
        #(#docs)*
        use crate::runtime::altinn3 as rt;
        /// The app's identity and the rules of its data types, from its metadata.
        pub const APP: &rt::App = &rt::App {
            org: #org,
            app: #app,
            title_nb: #nb,
            title_nn: #nn,
            title_en: #en,
            party_types: rt::PartyTypes {
                bankruptcy_estate: #bankruptcy_estate,
                organisation: #organisation,
                person: #person,
                sub_unit: #sub_unit,
            },
            data_types: &[#(#data_types),*],
            resource: #resource,
            replaces: &[#(#replaces),*],
        };
        #(#mods)*
    }
}
