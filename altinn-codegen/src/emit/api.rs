//! The REST APIs as Rust: per document a module of serde types (every field optional, wire
//! names in `rename`; the runtime reads them leniently: any case, numbers as text, one item for
//! a list) and, per operation, a `*_request` builder, an async function, and for lists an
//! `*_items` stream. The Altinn 2
//! documents (`api::*`) run on `runtime::api`; the Altinn 3 platform and app documents
//! (`platform::*`) on `runtime::altinn3::platform`, with streamed uploads and downloads and
//! typed `multipart/form-data` forms.

use anyhow::Result;
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::emit::Files;
use crate::emit::features::Feature;
use crate::emit::file::print;
use crate::model::api::{
    Answer, ApiModel, ApiModule, AppHost, BodyKind, Field, FormField, NextPage, Operation, ParamPlace, Target, Ty, TypeDef,
};

fn id(s: &str) -> Ident {
    Ident::new(s, Span::call_site())
}

/// The document's description, or `fallback` when it has none or an empty one (every public
/// item gets a doc line: generated crates deny `missing_docs` warnings).
fn docs_or(doc: Option<&str>, fallback: &str) -> TokenStream {
    docs(Some(doc.filter(|d| !d.trim().is_empty()).unwrap_or(fallback)))
}

fn docs(doc: Option<&str>) -> TokenStream {
    match doc {
        Some(d) if !d.trim().is_empty() => {
            let lines = d.lines().map(|l| format!(" {}", l.trim_end()));
            quote!(#(#[doc = #lines])*)
        }
        _ => quote!(),
    }
}

/// The Rust type of a `Ty` (not wrapped in `Option`).
fn rust_ty(t: &Ty) -> TokenStream {
    match t {
        Ty::String => quote!(String),
        Ty::Integer => quote!(i64),
        Ty::Number => quote!(f64),
        Ty::Boolean => quote!(bool),
        Ty::Json => quote!(::serde_json::Value),
        Ty::IntEnum => quote!(rt::IntEnum),
        Ty::Links => quote!(rt::Links),
        Ty::Named(n) => {
            let n = id(n);
            quote!(#n)
        }
        Ty::List(inner) => {
            let i = rust_ty(inner);
            quote!(Vec<#i>)
        }
        Ty::Map(_) => quote!(::std::collections::BTreeMap<String, ::serde_json::Value>),
    }
}

fn has_float(t: &Ty, m: &ApiModule, seen: &mut Vec<String>) -> bool {
    match t {
        Ty::Number | Ty::Json | Ty::Map(_) | Ty::Links => true,
        Ty::List(i) => has_float(i, m, seen),
        Ty::Named(n) => {
            if seen.contains(n) {
                return false;
            }
            seen.push(n.clone());
            match m.types.get(n).map(|t| &t.def) {
                Some(TypeDef::Struct { fields }) => fields.iter().any(|f| has_float(&f.ty, m, seen)),
                Some(TypeDef::Alias(t)) => has_float(t, m, seen),
                _ => false,
            }
        }
        _ => false,
    }
}

fn field(owner: &str, f: &Field) -> TokenStream {
    let name = id(&f.rust);
    let wire = &f.wire;
    let doc = docs_or(f.doc.as_deref(), &format!("`{wire}`"));
    let rename = (f.rust != *wire).then(|| quote!(rename = #wire,));
    if f.ty == Ty::Links {
        return quote! {
            #doc
            #[serde(#rename skip_serializing_if = "rt::Links::is_empty")]
            pub #name: rt::Links,
        };
    }
    let t = rust_ty(&f.ty);
    let t = if matches!(&f.ty, Ty::Named(n) if n == owner) { quote!(Box<#t>) } else { t };
    quote! {
        #doc
        #[serde(#rename skip_serializing_if = "Option::is_none")]
        pub #name: Option<#t>,
    }
}

fn type_items(m: &ApiModule) -> TokenStream {
    let mut out = TokenStream::new();
    for (name, t) in &m.types {
        let ident = id(name);
        let origin = format!(" From `{}`.", t.origin);
        let doc = docs(t.doc.as_deref());
        match &t.def {
            TypeDef::Struct { fields } => {
                let fs = fields.iter().map(|f| field(name, f));
                let eq = if has_float(&Ty::Named(name.clone()), m, &mut Vec::new()) { quote!() } else { quote!(Eq,) };
                out.extend(quote! {
                    #doc
                    #[doc = #origin]
                    #[derive(Debug, Clone, PartialEq, #eq Default, ::serde::Serialize, ::serde::Deserialize)]
                    #[serde(default)]
                    pub struct #ident { #(#fs)* }
                });
                // A resource with HAL links carries its id in its `self` link: the id the
                // calls on that resource take (an attachment's for its data, a form's, …).
                if let Some(links) = fields.iter().find(|f| f.ty == Ty::Links) {
                    let l = id(&links.rust);
                    out.extend(quote! {
                        impl #ident {
                            /// The id its `self` link ends in (`…/attachments/{id}` → `id`), the one
                            /// the calls on this resource take.
                            pub fn id(&self) -> Option<&str> {
                                self.#l.self_id()
                            }
                        }
                    });
                }
            }
            TypeDef::Enum { values } => {
                let variants = values.iter().map(|(wire, rust)| {
                    let v = id(rust);
                    let d = format!(" `{wire}`");
                    quote!(#[doc = #d] #v = #wire)
                });
                out.extend(quote! {
                    crate::string_enum! {
                        #doc
                        #[doc = #origin]
                        #ident { #(#variants,)* }
                    }
                });
            }
            TypeDef::Alias(ty) => {
                let t = rust_ty(ty);
                out.extend(quote! {
                    #doc
                    #[doc = #origin]
                    pub type #ident = #t;
                });
            }
        }
    }
    out
}

fn param_ty(t: &Ty) -> TokenStream {
    match t {
        Ty::Integer => quote!(i64),
        Ty::Number => quote!(f64),
        Ty::Boolean => quote!(bool),
        _ => quote!(&str),
    }
}

/// The struct of a `multipart/form-data` body and its `into_multipart`.
fn form_struct(op: &Operation, name: &str, fields: &[FormField]) -> TokenStream {
    let ident = id(name);
    let decls = fields.iter().map(|f| {
        let n = id(&f.rust);
        let one = if f.file { quote!(rt::FilePart) } else { form_scalar(&f.ty) };
        let t = match (f.list, f.required) {
            (true, _) => quote!(Vec<#one>),
            (false, true) => one,
            (false, false) => quote!(Option<#one>),
        };
        let d = docs_or(f.doc.as_deref(), &format!("`{}`", f.wire));
        let wire = format!(" Sent as `{}`.", f.wire);
        quote!(#d #[doc = #wire] pub #n: #t,)
    });
    let steps = fields.iter().map(|f| {
        let n = id(&f.rust);
        let wire = &f.wire;
        match (f.file, f.list, f.required) {
            (true, true, _) => quote!(.file_each(#wire, self.#n)),
            (true, false, true) => quote!(.file(#wire, self.#n)),
            (true, false, false) => quote!(.file_opt(#wire, self.#n)),
            (false, true, _) => quote!(.text_each(#wire, self.#n)),
            (false, false, true) => quote!(.text(#wire, self.#n)),
            (false, false, false) => quote!(.text_opt(#wire, self.#n)),
        }
    });
    let body = quote!(rt::Multipart::new() #(#steps)*);
    let d = format!(" The `multipart/form-data` body of [`{}`].", op.rust);
    quote! {
        #[doc = #d]
        #[derive(Debug)]
        pub struct #ident { #(#decls)* }

        impl #ident {
            /// The form as it is sent: text fields and streamed files, in document order.
            pub fn into_multipart(self) -> rt::Multipart {
                #body
            }
        }
    }
}

fn form_scalar(t: &Ty) -> TokenStream {
    match t {
        Ty::Integer => quote!(i64),
        Ty::Number => quote!(f64),
        Ty::Boolean => quote!(bool),
        _ => quote!(String),
    }
}

/// The `*_items` stream of a paged platform list.
fn paged_items(
    op: &Operation,
    args: &[TokenStream],
    names: &[TokenStream],
    page: &Ty,
    item: &Ty,
    items: &str,
    next: &NextPage,
) -> TokenStream {
    let items_fn = id(&format!("{}_items", op.rust));
    let request_fn = id(&format!("{}_request", op.rust));
    let (page_t, item_t, list) = (rust_ty(page), rust_ty(item), id(items));
    let next = match next {
        NextPage::Token { param, field, more } => {
            let f = id(field);
            let more = match more {
                Some(m) => {
                    let m = id(m);
                    quote!(page.#m)
                }
                None => quote!(None),
            };
            quote!(rt::Next::token(#param, page.#f, #more))
        }
        NextPage::Link(field) => {
            let f = id(field);
            quote!(rt::Next::link(page.#f))
        }
    };
    let d = format!(" Every item of [`{}`], page after page.", op.rust);
    let deprecated = if op.deprecated { quote!(#[deprecated = "deprecated in the API document"] #[allow(deprecated)]) } else { quote!() };
    quote! {
        #[doc = #d]
        #deprecated
        pub fn #items_fn(client: &rt::Client, #(#args),*) -> rt::Result<impl ::futures::Stream<Item = rt::Result<#item_t>> + 'static> {
            let req = #request_fn(#(#names),*)?;
            Ok(client.items(req, |page: #page_t| {
                let next = #next;
                (page.#list.unwrap_or_default(), next)
            }))
        }
    }
}

fn operation_items(target: &Target, op: &Operation) -> TokenStream {
    let altinn2 = *target == Target::Altinn2;
    let name = id(&op.rust);
    let request_fn = id(&format!("{}_request", op.rust));
    let method = id(&op.method);
    let mut args = Vec::new();
    let mut names = Vec::new();
    for p in op.params.iter().filter(|p| p.required) {
        let n = id(&p.rust);
        let t = match &p.ty {
            Ty::List(_) => quote!(&[String]),
            t => param_ty(t),
        };
        args.push(quote!(#n: #t));
        names.push(quote!(#n));
    }
    let mut query_struct = TokenStream::new();
    if let Some(qs) = &op.query_struct {
        let qs_id = id(qs);
        let fields = op.params.iter().filter(|p| !p.required).map(|p| {
            let n = id(&p.rust);
            let t = match &p.ty {
                Ty::List(_) => quote!(Vec<String>),
                Ty::Integer => quote!(Option<i64>),
                Ty::Number => quote!(Option<f64>),
                Ty::Boolean => quote!(Option<bool>),
                _ => quote!(Option<String>),
            };
            let d = docs_or(p.doc.as_deref(), &format!("`{}`", p.wire));
            quote!(#d pub #n: #t,)
        });
        let d = format!(" Optional parameters of [`{}`].", op.rust);
        let eq = if op.params.iter().any(|p| !p.required && p.ty == Ty::Number) { quote!() } else { quote!(Eq,) };
        query_struct = quote! {
            #[doc = #d]
            #[derive(Debug, Clone, PartialEq, #eq Default)]
            pub struct #qs_id { #(#fields)* }
        };
        args.push(quote!(query: &#qs_id));
        names.push(quote!(query));
    }
    if op.odata {
        args.push(quote!(odata: &rt::OData));
        names.push(quote!(odata));
    }
    // The body is the builder chain's last step (a JSON body can fail to encode).
    let mut body_step = quote!();
    let mut form_items = quote!();
    match &op.body {
        Some(BodyKind::Json(t)) => {
            let t = match t {
                Ty::List(i) => {
                    let i = rust_ty(i);
                    quote!([#i])
                }
                other => rust_ty(other),
            };
            args.push(quote!(body: &#t));
            names.push(quote!(body));
            body_step = quote!(.json(body));
        }
        Some(BodyKind::Bytes(ct)) if altinn2 => {
            args.push(quote!(body: impl Into<rt::Bytes>));
            names.push(quote!(body));
            body_step = quote!(.bytes(body, #ct));
        }
        Some(BodyKind::Bytes(ct)) => {
            args.push(quote!(body: impl Into<rt::Upload>));
            names.push(quote!(body));
            body_step = quote!(.upload(body, #ct));
        }
        Some(BodyKind::Multipart { name, fields }) => {
            let form = id(name);
            args.push(quote!(body: #form));
            names.push(quote!(body));
            body_step = quote!(.multipart(body.into_multipart()));
            form_items = form_struct(op, name, fields);
        }
        None => {}
    }
    // The path, each parameter percent-encoded into its segment.
    let mut fmt = String::new();
    let mut segs = Vec::new();
    let mut rest = op.path.as_str();
    while let Some(i) = rest.find('{') {
        let j = rest[i..].find('}').map(|j| i + j).unwrap_or(rest.len() - 1);
        fmt.push_str(&rest[..i].replace('{', "{{").replace('}', "}}"));
        fmt.push_str("{}");
        let wire = &rest[i + 1..j];
        let p = op.params.iter().find(|p| p.place == ParamPlace::Path && p.wire == wire);
        let n = id(p.map(|p| p.rust.as_str()).unwrap_or("missing"));
        let textual = p.is_none_or(|p| !matches!(p.ty, Ty::Integer | Ty::Number | Ty::Boolean));
        segs.push(if textual { quote!(rt::segment(#n)) } else { quote!(rt::segment(&#n.to_string())) });
        rest = &rest[j + 1..];
    }
    fmt.push_str(&rest.replace('{', "{{").replace('}', "}}"));
    let path = if segs.is_empty() { quote!(#fmt) } else { quote!(format!(#fmt, #(#segs),*)) };
    let mut steps = Vec::new();
    if op.public {
        steps.push(quote!(.public()));
    }
    match target {
        Target::App(AppHost::Param(wire)) => {
            let org = op.params.iter().find(|p| p.place == ParamPlace::Path && p.wire == *wire).map(|p| id(&p.rust));
            if let Some(org) = org {
                steps.push(quote!(.app_host(#org)));
            }
        }
        Target::App(AppHost::Fixed(org)) => steps.push(quote!(.app_host(#org))),
        _ => {}
    }
    for p in op.params.iter().filter(|p| p.place == ParamPlace::Header) {
        let n = id(&p.rust);
        let wire = &p.wire;
        steps.push(if p.required { quote!(.header(#wire, #n)) } else { quote!(.header_opt(#wire, query.#n.as_ref())) });
    }
    for p in op.params.iter().filter(|p| p.place == ParamPlace::Query) {
        let n = id(&p.rust);
        let wire = &p.wire;
        steps.push(match (p.required, &p.ty, p.flag) {
            (true, Ty::List(_), _) => quote!(.query_each(#wire, #n)),
            (true, _, _) => quote!(.query(#wire, #n)),
            (false, Ty::List(_), _) => quote!(.query_each(#wire, &query.#n)),
            (false, Ty::Boolean, true) => quote!(.flag(#wire, query.#n == Some(true))),
            (false, _, _) => quote!(.query_opt(#wire, query.#n.as_ref())),
        });
    }
    if op.odata {
        steps.push(quote!(.odata(odata)));
    }
    if let Some(a) = &op.accept {
        steps.push(quote!(.accept(#a)));
    }
    // Altinn 2 answers in the client's default language unless the call names one.
    if altinn2 && op.params.iter().any(|p| p.wire == "language" && !p.required) {
        steps.push(quote!(.localized()));
    }
    let verb_doc = format!(" `{} {}` (`{}`).", op.method, op.path, op.id);
    let doc = docs(op.doc.as_deref());
    let security = if op.security.is_empty() {
        quote!()
    } else {
        let lines = op.security.iter().map(|l| format!(" - {l}"));
        quote!(#[doc = ""] #[doc = " Security requirements of the document (scheme: scopes), any one of:"] #(#[doc = #lines])*)
    };
    // A deprecated operation keeps its functions, marked; the ones that call its request
    // function allow that call (they are deprecated themselves).
    let deprecated = if op.deprecated { quote!(#[deprecated = "deprecated in the API document"] #[allow(deprecated)]) } else { quote!() };
    let (ret, finish, items) = match &op.answer {
        Answer::Value(t) => {
            let t = rust_ty(t);
            (quote!(#t), quote!(.decode()), quote!())
        }
        Answer::Page(t) => {
            let t = rust_ty(t);
            let items_fn = id(&format!("{}_items", op.rust));
            let items_args = args.clone();
            let items_names = names.clone();
            let d = format!(" Every item of [`{}`], page after page (`next` links, else `$skip`).", op.rust);
            (
                quote!(rt::Page<#t>),
                quote!(.page()),
                quote! {
                    #[doc = #d]
                    #deprecated
                    pub fn #items_fn(client: &rt::Client, #(#items_args),*) -> rt::Result<impl ::futures::Stream<Item = rt::Result<#t>> + 'static> {
                        Ok(client.items::<#t>(#request_fn(#(#items_names),*)?))
                    }
                },
            )
        }
        Answer::Raw => (quote!(rt::Response), quote!(), quote!()),
        Answer::Download => (quote!(rt::Download), quote!(), quote!()),
        Answer::Paged { page, item, items, next } => {
            (rust_ty(page), quote!(.json()), paged_items(op, &args, &names, page, item, items, next))
        }
    };
    let finish = if altinn2 || matches!(op.answer, Answer::Paged { .. }) { finish } else { quote!(.json()) };
    let req = quote!(#request_fn(#(#names),*)?);
    let call = match (&op.answer, altinn2) {
        (Answer::Raw, true) => quote!(client.send(#req).await),
        (_, true) => quote!(client.send(#req).await? #finish),
        (Answer::Raw, false) => quote!(client.call(#req).await),
        (Answer::Download, false) => quote!(client.download(#req).await),
        (_, false) => quote!(client.call(#req).await? #finish),
    };
    let build = quote!(rt::Request::new(rt::Method::#method, #path) #(#steps)*);
    let request_body = if matches!(op.body, Some(BodyKind::Json(_))) { quote!(#build #body_step) } else { quote!(Ok(#build #body_step)) };
    quote! {
        #query_struct

        #form_items

        #[doc = " The request of"]
        #[doc = #verb_doc]
        #deprecated
        pub fn #request_fn(#(#args),*) -> rt::Result<rt::Request> {
            #request_body
        }

        #doc
        #[doc = ""]
        #[doc = #verb_doc]
        #security
        #deprecated
        pub async fn #name(client: &rt::Client, #(#args),*) -> rt::Result<#ret> {
            #call
        }

        #items
    }
}

/// One document's module file.
pub fn module_file(m: &ApiModule) -> Result<String> {
    let text = format!(
        "{}\n\nGenerated from `{}.json` ({} operations, {} types).",
        m.doc.as_deref().unwrap_or(&m.document),
        m.document,
        m.operations.len(),
        m.types.len()
    );
    let lines = text.lines().map(|l| format!(" {}", l.trim_end()));
    let inner = quote!(#(#![doc = #lines])*);
    let types = type_items(m);
    let ops = m.operations.iter().map(|op| operation_items(&m.target, op));
    let (runtime, dir) = match m.target {
        Target::Altinn2 => (quote!(crate::runtime::api), "api"),
        _ => (quote!(crate::runtime::altinn3::platform), "platform"),
    };
    let tokens = quote! {
        #inner
        #![allow(clippy::too_many_arguments, unused_imports)]
        use #runtime as rt;
        #types
        #(#ops)*
    };
    print(tokens, &format!("{dir}/{}.rs", m.module))
}

/// Writes `platform/mod.rs` and a file per Altinn 3 document, each module behind the feature
/// `platform_<module>`; returns the features.
pub fn emit_platform(model: &ApiModel, files: &mut Files) -> Result<Vec<Feature>> {
    if model.modules.is_empty() {
        return Ok(Vec::new());
    }
    let mut features = Vec::new();
    for m in &model.modules {
        files.insert(format!("platform/{}.rs", m.module), module_file(m)?);
        features.push(Feature {
            name: format!("platform_{}", m.module),
            doc: format!("{} (`{}.json`)", m.doc.as_deref().and_then(|d| d.lines().next()).unwrap_or(&m.document), m.document),
            owner: String::new(),
        });
    }
    let mods = model.modules.iter().map(|m| {
        let n = id(&m.module);
        let feature = format!("platform_{}", m.module);
        let d = format!(" From `{}.json`.", m.document);
        quote!(#[doc = #d] #[cfg(feature = #feature)] pub mod #n;)
    });
    let tokens = quote! {
        //! The Altinn 3 platform APIs' endpoints, on the Altinn 3 client
        //! (`runtime::altinn3::Client`): one module per OpenAPI document in
        //! `schemas/altinn3/openapi/`, each behind the cargo feature `platform_<module>`
        //! (`all_platform` turns on every one).
        #(#mods)*
    };
    files.insert("platform/mod.rs".into(), print(tokens, "platform/mod.rs")?);
    Ok(features)
}

/// Writes `api/mod.rs` and a file per module.
pub fn emit_api(model: &ApiModel, files: &mut Files) -> Result<()> {
    for m in &model.modules {
        files.insert(format!("api/{}.rs", m.module), module_file(m)?);
    }
    let mods = model.modules.iter().map(|m| {
        let n = id(&m.module);
        let d = format!(" From `{}.json`.", m.document);
        quote!(#[doc = #d] pub mod #n;)
    });
    let tokens = quote! {
        //! The REST API's endpoints: one module per OpenAPI document in `schemas/openapi/`.
        #(#mods)*
    };
    files.insert("api/mod.rs".into(), print(tokens, "api/mod.rs")?);
    Ok(())
}
