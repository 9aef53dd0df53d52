//! A module per service: its catalogue entry and the model types of its forms and attachment
//! rules, generated from the XSDs in the snapshot.
//!
//! Layout: `services/<owner>_<code>_<edition>/mod.rs`, with one file per form
//! (`form_<DataFormatID>_<DataFormatVersion>.rs`) and per attachment rule with a schema
//! (`attachment_<id>.rs`). Names come from the metadata, so they do not shift when other services
//! come and go.

use anyhow::{Context, Result};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::Files;
use super::features::Feature;
use super::file::print;
use super::xsd::{EmitOptions, emit_schema_items};
use crate::model::catalogue::Catalogue;
use crate::model::services::{Services, form_key, rule_key};

fn id(s: &str) -> Ident {
    Ident::new(s, Span::call_site())
}

/// Emits `services/…` files into `files`: a module per service module of the model, with a file
/// per child schema, and the renames report. `own_api`: our own document's endpoints were
/// generated, so service modules may call them. Returns each module's feature.
pub fn emit_services(catalogue: &Catalogue, services: &Services, files: &mut Files, own_api: bool) -> Result<Vec<Feature>> {
    let mut service_mods = Vec::new();
    let mut features = Vec::new();
    let options = EmitOptions { runtime: "crate::runtime::xml".into() };
    for sm in &services.modules {
        let s = &catalogue.services[sm.service];
        let module = &sm.module;
        let mut children: Vec<(String, String)> = Vec::new(); // (module, doc line)
        for c in &sm.children {
            let chunks = emit_schema_items(&c.schema, &options).with_context(|| format!("emitting {}", c.xsd))?;
            let text = super::file::print_items(chunks, &c.xsd)?;
            files.insert(format!("services/{module}/{}.rs", c.module), text);
            children.push((c.module.clone(), c.doc.clone()));
        }
        let child_names: std::collections::BTreeMap<String, String> =
            sm.children.iter().map(|c| (c.key.clone(), c.module.clone())).collect();
        let const_name = id(&s.rust_name);
        let mods = children.iter().map(|(m, d)| {
            let m = id(m);
            let d = format!(" {d}");
            quote!(#[doc = #d] pub mod #m;)
        });
        let doc = format!(" {} ({} {}/{}).", s.name.trim(), s.owner_code, s.code, s.edition);
        let generated: Vec<&str> = children.iter().map(|(m, _)| m.as_str()).collect();
        let submission = submission(s, &child_names, &generated);
        let calls = if own_api { calls(s) } else { quote!() };
        let tokens: TokenStream = quote! {
            #![doc = #doc]
            /// This service's catalogue entry.
            pub const SERVICE: &crate::runtime::catalogue::Service = &crate::generated::catalogue::#const_name;
            #(#mods)*
            #submission
            #calls
        };
        files.insert(format!("services/{module}/mod.rs"), print(tokens, &format!("services/{module}/mod.rs"))?);
        let d = format!("{} ({} {}/{})", s.name.trim(), s.owner_code, s.code, s.edition);
        features.push(Feature { name: module.clone(), doc: d.clone(), owner: sm.owner_feature.clone() });
        service_mods.push((module.clone(), d));
    }
    service_mods.sort();
    let mods = service_mods.iter().map(|(m, d)| {
        let feature = m.as_str();
        let m = id(m);
        let d = format!(" {d}");
        quote!(#[doc = #d] #[cfg(feature = #feature)] pub mod #m;)
    });
    let tokens = quote! {
        //! One module per service that has forms or attachment rules: the model types of its
        //! forms, generated from their XSDs.
        //!
        //! Each module is behind a cargo feature of the same name, and each service owner's
        //! services behind `owner_<code>` (all off by default; `all_services` turns every one on),
        //! so a user who needs one service compiles only that service.
        #(#mods)*
    };
    files.insert("services/mod.rs".into(), print(tokens, "services/mod.rs")?);
    // Names that are not the plain case conversion of their wire name (clashes, keywords, the
    // user's overrides), for readers looking for a schema's name in the generated code.
    let mut report = String::from("module\tkind\twire name\tRust name\n");
    for row in &services.renames {
        report.push_str(&format!("{}\n", row.join("\t")));
    }
    files.insert("services/renames.tsv".into(), report);
    Ok(features)
}

/// The generated module of our own OpenAPI document, whose endpoints service modules call.
pub const OWN_API_FILE: &str = "api/enduser.rs";

/// The calls that apply to a correspondence service (its messages in a message box, read and
/// confirm) or a lookup service (run it; read its request and response schemas), bound to the
/// service's code and edition.
fn calls(s: &crate::model::catalogue::Service) -> TokenStream {
    use crate::model::catalogue::ServiceKind;
    let api = quote!(crate::generated::api::enduser);
    match s.kind {
        ServiceKind::Lookup => quote! {
            /// Runs this lookup service for `who` (`my`, an organisation number or `r…`). The
            /// answer is the service owner's XML or JSON, as sent; read it with
            /// `Response::text`, or decode it into your own type.
            pub async fn lookup(
                client: &crate::runtime::api::Client,
                who: &str,
                query: &#api::LookupQuery,
            ) -> crate::runtime::api::Result<crate::runtime::api::Response> {
                #api::lookup(client, who, SERVICE.code, SERVICE.edition, query).await
            }
        },
        ServiceKind::Correspondence => quote! {
            /// The OData filter that keeps this service's messages (`ServiceCode` and
            /// `ServiceEdition`); add your own clauses to it.
            pub fn messages_filter() -> crate::runtime::api::OData {
                crate::runtime::api::OData::new()
                    .eq("ServiceCode", SERVICE.code)
                    .eq_number("ServiceEdition", SERVICE.edition)
            }

            /// The first page of this service's correspondences in `who`'s message box (follow
            /// its `next` link with `Client::pages`, or use `get_messages_items` with
            /// [`messages_filter`] for a stream).
            pub async fn messages(
                client: &crate::runtime::api::Client,
                who: &str,
                query: &#api::GetMessagesQuery,
            ) -> crate::runtime::api::Result<crate::runtime::api::Page<#api::Message>> {
                let filter = messages_filter();
                #api::get_messages(client, who, query, &filter).await
            }

            /// Confirms a correspondence of this service that requires confirmation.
            pub async fn confirm(
                client: &crate::runtime::api::Client,
                who: &str,
                message_id: &str,
            ) -> crate::runtime::api::Result<crate::runtime::api::Response> {
                #api::confirm_message(client, who, message_id, &Default::default()).await
            }
        },
        _ => quote!(),
    }
}

/// The typed submission of a form task: a `Forms` struct (the main form, and a list per sub
/// form), and `submit`, which validates and writes every form, checks the attachments against
/// the service's rules before anything is sent, posts the message and uploads the attachments.
/// Nothing when the service is not a form task or its main form's XSD is not in the snapshot.
fn submission(
    s: &crate::model::catalogue::Service,
    child_names: &std::collections::BTreeMap<String, String>,
    generated: &[&str],
) -> TokenStream {
    use crate::model::catalogue::ServiceKind;
    if !matches!(s.kind, ServiceKind::FormTask) {
        return quote!();
    }
    let mut fields = Vec::new();
    let mut parts = Vec::new();
    let mut mains = 0;
    for f in &s.forms {
        let Some(child) = child_names.get(&form_key(&f.data_format_id, f.data_format_version)) else { continue };
        if !generated.contains(&child.as_str()) {
            continue;
        }
        let m = id(child);
        let (dfi, dfv, ft) = (&f.data_format_id, crate::emit::file::int(f.data_format_version), &f.form_type);
        let main = f.form_type.eq_ignore_ascii_case("MainForm");
        let write = quote!(|doc| rt::submit::form_part(doc, #ft, #dfi, #dfv));
        let d = format!(
            " {} {} (DataFormatID `{}`, version {}).",
            if main { "Main form" } else { "Sub forms" },
            f.name.trim(),
            f.data_format_id,
            f.data_format_version
        );
        if main && mains == 0 {
            mains += 1;
            fields.push(quote!(#[doc = #d] pub #m: #m::Document,));
            parts.push(quote!(::std::iter::once(&self.#m).map(#write)));
        } else if !main {
            fields.push(quote!(#[doc = #d] pub #m: Vec<#m::Document>,));
            parts.push(quote!(self.#m.iter().map(#write)));
        }
    }
    if mains == 0 {
        return quote!();
    }
    // Rules that require XSD validation and whose schema was generated: their attachments are
    // read strictly and validated before upload.
    let checked: Vec<TokenStream> = s
        .attachment_rules
        .iter()
        .filter(|r| r.xsd_validation_required == Some(true))
        .filter_map(|r| {
            let child = child_names.get(&rule_key(r.id))?;
            generated.contains(&child.as_str()).then(|| {
                let (rule, m) = (crate::emit::file::int(r.id), id(child));
                quote!(#rule => Some(rt::submit::schema_violations::<#m::Document>(data)),)
            })
        })
        .collect();
    let (schema_check_fn, schema_check) = if checked.is_empty() {
        (quote!(), quote!(rt::submit::no_schemas))
    } else {
        let f = quote! {
            /// The schema check of each attachment rule with `IsXsdValidationRequired` (`None`:
            /// its schema was not in the snapshot).
            fn schema_check(rule: &crate::runtime::catalogue::AttachmentRule, data: &[u8]) -> Option<Vec<crate::runtime::xml::Violation>> {
                match rule.id {
                    #(#checked)*
                    _ => None,
                }
            }
        };
        (f, quote!(schema_check))
    };
    quote! {
        use crate::runtime::api as rt;

        /// The forms of one submission: the main form, and any number of each sub form.
        #[derive(Debug, Clone, PartialEq)]
        pub struct Forms { #(#fields)* }

        impl Forms {
            /// Validates every form against its schema and writes it as XML, with its
            /// `DataFormatID` and version; [`rt::Error::Rejected`] lists every form that breaks
            /// its schema, each violation with its path.
            pub fn parts(&self) -> rt::Result<Vec<rt::submit::FormPart>> {
                rt::submit::all_parts(::std::iter::empty() #(.chain(#parts))*)
            }
        }

        #schema_check_fn

        /// Every way `attachments` break this service's attachment rules (file types, sizes,
        /// counts, and the schema of XML attachments whose rule requires XSD validation); empty
        /// when they may be uploaded.
        pub fn check_attachments(attachments: &[rt::submit::AttachmentUpload]) -> rt::submit::Rejection {
            rt::submit::check_attachments(SERVICE, attachments, &#schema_check)
        }

        /// Submits this form task for `who` (`my`, an organisation number or `r…`): validates the
        /// forms and checks the attachments (nothing is sent if anything fails), posts the
        /// message, uploads the attachments, completes it as `options` say, and returns where it
        /// stands.
        pub async fn submit(
            client: &rt::Client,
            who: &str,
            forms: &Forms,
            attachments: &[rt::submit::AttachmentUpload],
            options: rt::submit::SubmitOptions,
        ) -> rt::Result<rt::submit::Created> {
            let parts = forms.parts()?;
            rt::submit::submit_form_task(client, who, SERVICE, &parts, attachments, &#schema_check, options).await
        }
    }
}
