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
        features.push(Feature {
            name: a.feature.clone(),
            doc: format!("{} ({}/{})", title(a), a.org, a.app),
            owner: a.owner_feature.clone(),
        });
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
    let lifecycle = lifecycle(a);
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
        #lifecycle
    }
}

/// `Forms` (a field per form data type with a model: the form, an `Option` or a `Vec` as its
/// counts allow), `submit` (the whole flow on the runtime's app client) and `client` (the steps).
fn lifecycle(a: &AppModule) -> TokenStream {
    let mut fields = Vec::new();
    let mut parts = Vec::new();
    let mut required = Vec::new();
    let mut init = Vec::new();
    for c in &a.forms {
        let Some(d) = a.data_types.iter().find(|d| crate::model::apps::data_type_key(&d.id) == c.key) else { continue };
        let (m, dt) = (id(&c.module), d.id.as_str());
        let one = d.max_count == 1;
        let doc = if one && d.min_count >= 1 {
            format!(" Data type `{dt}`: required, one.")
        } else if one {
            format!(" Data type `{dt}`: optional, at most one.")
        } else if d.max_count > 1 {
            format!(" Data type `{dt}`: {} to {}.", d.min_count.max(0), d.max_count)
        } else {
            format!(" Data type `{dt}`: {} or more.", d.min_count.max(0))
        };
        if one && d.min_count >= 1 {
            fields.push(quote!(#[doc = #doc] pub #m: #m::Document,));
            parts.push(quote!(::std::iter::once(rt::form_of(#dt, &self.#m))));
            required.push(quote!(#m: #m::Document));
            init.push(quote!(#m,));
        } else if one {
            fields.push(quote!(#[doc = #doc] pub #m: Option<#m::Document>,));
            parts.push(quote!(self.#m.iter().map(|d| rt::form_of(#dt, d))));
            init.push(quote!(#m: None,));
        } else {
            fields.push(quote!(#[doc = #doc] pub #m: Vec<#m::Document>,));
            parts.push(quote!(self.#m.iter().map(|d| rt::form_of(#dt, d))));
            init.push(quote!(#m: Vec::new(),));
        }
    }
    let steps = quote! {
        /// The runtime's client for this app's steps: `instantiate`, `put_form`,
        /// `upload_attachment` (checked against the data type's rules before sending),
        /// `validate`, `process_next`, `complete` and `instance`.
        pub fn client(client: &rt::Client) -> rt::AppClient {
            client.app(APP)
        }
    };
    if fields.is_empty() {
        return steps;
    }
    quote! {
        #steps

        /// The forms of one submission: a field per data type with a data model.
        #[derive(Debug, Clone, PartialEq)]
        pub struct Forms { #(#fields)* }

        impl Forms {
            /// The required forms; the others start empty.
            pub fn new(#(#required),*) -> Self {
                Forms { #(#init)* }
            }

            /// Validates every form and writes it as XML for its data type;
            /// [`rt::Error::Rejected`] names every form that breaks its schema, each violation
            /// with its path.
            pub fn parts(&self) -> rt::Result<Vec<rt::Form>> {
                rt::all_forms(::std::iter::empty() #(.chain(#parts))*)
            }
        }

        /// Submits to this app for `owner` (a party id, or an organisation or person number):
        /// validates the forms and checks the attachments against their data types (nothing is
        /// sent if anything fails), instantiates, puts each form, uploads the attachments,
        /// validates, moves the process to its end, and returns the instance.
        pub async fn submit(
            client: &rt::Client,
            owner: impl Into<rt::InstanceOwner>,
            forms: &Forms,
            attachments: Vec<rt::Attachment>,
        ) -> rt::Result<rt::Instance> {
            let parts = forms.parts()?;
            client.app(APP).submit(owner, &parts, attachments).await
        }
    }
}
