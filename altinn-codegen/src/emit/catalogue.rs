//! The service catalogue, role definitions and code lists as Rust constants.
//!
//! The types (`Service`, `Form`, …) live in the hand-written runtime of `altinn-generated`
//! (`runtime::catalogue`); this module emits one constant per entry plus a sorted slice of all.

use anyhow::Result;
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::file::{int, opt_bool, opt_int, opt_str, print};
use crate::model::catalogue::{self as m, Catalogue, ServiceKind};

fn ident(s: &str) -> Ident {
    Ident::new(s, Span::call_site())
}

fn doc(text: &str) -> TokenStream {
    let lines: Vec<TokenStream> = text
        .lines()
        .map(|l| {
            let l = format!(" {}", l.trim_end());
            quote!(#[doc = #l])
        })
        .collect();
    quote!(#(#lines)*)
}

fn kind(k: &ServiceKind) -> TokenStream {
    match k {
        ServiceKind::FormTask => quote!(rt::ServiceType::FormTask),
        ServiceKind::Correspondence => quote!(rt::ServiceType::Correspondence),
        ServiceKind::Lookup => quote!(rt::ServiceType::Lookup),
        ServiceKind::Other(s) => quote!(rt::ServiceType::Other(#s)),
    }
}

fn service(s: &m::Service, name: &str) -> TokenStream {
    let name = ident(name);
    let m::Service { owner_code, owner_name, name: service_name, code, .. } = s;
    let edition = int(s.edition);
    let edition_name = opt_str(s.edition_name.as_deref());
    let valid_from = opt_str(s.valid_from.as_deref());
    let valid_to = opt_str(s.valid_to.as_deref());
    let eu = opt_bool(s.enterprise_user_enabled);
    let rest = opt_bool(s.rest_enabled);
    let eus = opt_bool(s.eus_enabled);
    let has_detail = s.has_detail;
    let service_type = kind(&s.kind);
    let forms = s.forms.iter().map(|f| {
        let m::Form { name, provider, data_format_id, form_type, .. } = f;
        let form_id = opt_int(f.form_id);
        let version = int(f.data_format_version);
        let only = opt_bool(f.only_xsd_validation);
        let xsd = opt_str(f.xsd.as_deref());
        quote!(rt::Form {
            form_id: #form_id,
            name: #name,
            provider: #provider,
            data_format_id: #data_format_id,
            data_format_version: #version,
            form_type: #form_type,
            only_xsd_validation: #only,
            xsd: #xsd,
        })
    });
    let rules = s.attachment_rules.iter().map(|r| {
        let id = int(r.id);
        let m::AttachmentRule { type_name, allowed_file_types, .. } = r;
        let min = opt_int(r.min_count);
        let max = opt_int(r.max_count);
        let size = opt_int(r.max_file_size);
        let xsd_req = opt_bool(r.xsd_validation_required);
        let checksum = opt_bool(r.checksum_allowed);
        let xsd = opt_str(r.xsd.as_deref());
        quote!(rt::AttachmentRule {
            id: #id,
            type_name: #type_name,
            allowed_file_types: #allowed_file_types,
            min_count: #min,
            max_count: #max,
            max_file_size: #size,
            xsd_validation_required: #xsd_req,
            checksum_allowed: #checksum,
            xsd: #xsd,
        })
    });
    let steps = s.process_steps.iter().map(|p| {
        let seq = opt_int(p.sequence_number);
        let n = &p.name;
        let level = opt_int(p.security_level);
        quote!(rt::ProcessStep { sequence_number: #seq, name: #n, security_level: #level })
    });
    let reqs = s.role_requirements.iter().map(|r| {
        let id = int(r.role_definition_id);
        let code = &r.role_definition_code;
        let ops = &r.operations;
        quote!(rt::RoleRequirement { role_definition_id: #id, role_definition_code: #code, operations: &[#(#ops),*] })
    });
    let kind_text = match &s.kind {
        ServiceKind::FormTask => "form task".to_string(),
        ServiceKind::Correspondence => "correspondence".to_string(),
        ServiceKind::Lookup => "lookup".to_string(),
        ServiceKind::Other(o) => format!("service of type `{o}`"),
    };
    let mut text = format!("{service_name}\n\n{owner_name} (`{owner_code}`): {kind_text}, service code `{code}`, edition {}.", s.edition);
    if !s.has_detail && !matches!(s.kind, ServiceKind::Other(_)) {
        text.push_str("\n\nThe snapshot has no detail for this service (the server did not answer it).");
    }
    if !s.successors.is_empty() {
        let list: Vec<String> = s.successors.iter().map(|r| format!("`{r}`")).collect();
        text.push_str(&format!("\n\nReplaced in Altinn 3 by {}.", list.join(", ")));
    }
    let successors = &s.successors;
    let docs = doc(&text);
    quote! {
        #docs
        pub const #name: rt::Service = rt::Service {
            owner_code: #owner_code,
            owner_name: #owner_name,
            name: #service_name,
            code: #code,
            edition: #edition,
            edition_name: #edition_name,
            service_type: #service_type,
            valid_from: #valid_from,
            valid_to: #valid_to,
            enterprise_user_enabled: #eu,
            rest_enabled: #rest,
            eus_enabled: #eus,
            has_detail: #has_detail,
            forms: &[#(#forms),*],
            attachment_rules: &[#(#rules),*],
            process_steps: &[#(#steps),*],
            role_requirements: &[#(#reqs),*],
            successors: &[#(#successors),*],
        };
    }
}

/// `catalogue.rs`: one constant per service and `SERVICES`.
pub fn catalogue_file(c: &Catalogue) -> Result<String> {
    let items = c.services.iter().map(|s| service(s, &s.rust_name));
    let refs = c.services.iter().map(|s| ident(&s.rust_name));
    let tokens = quote! {
        //! The service catalogue: one constant per service edition in the snapshot.
        use crate::runtime::catalogue as rt;
        #(#items)*
        /// Every service of the snapshot, sorted by owner, code and edition.
        pub static SERVICES: &[&rt::Service] = &[#(&#refs),*];
    };
    print(tokens, "catalogue.rs")
}

/// `roles.rs`: one constant per role definition and `ROLE_DEFINITIONS`.
pub fn roles_file(c: &Catalogue) -> Result<String> {
    let items = c.role_definitions.iter().map(|r| {
        let name = ident(&r.rust_name);
        let id = int(r.id);
        let code = &r.code;
        let rname = &r.name;
        let description = opt_str(r.description.as_deref().map(str::trim_end));
        let role_type = opt_str(r.role_type.as_deref());
        let parents = r.parents.iter().map(|p| int(*p));
        let children = r.children.iter().map(|p| int(*p));
        let docs = doc(&format!("{} (`{}`, id {})", r.name, r.code, r.id));
        quote! {
            #docs
            pub const #name: rt::RoleDefinition = rt::RoleDefinition {
                id: #id,
                code: #code,
                name: #rname,
                description: #description,
                role_type: #role_type,
                parents: &[#(#parents),*],
                children: &[#(#children),*],
            };
        }
    });
    let refs = c.role_definitions.iter().map(|r| ident(&r.rust_name));
    let tokens = quote! {
        //! Role definitions of the snapshot (`metadata/roledefinitions`).
        use crate::runtime::catalogue as rt;
        #(#items)*
        /// Every role definition, sorted by id.
        pub static ROLE_DEFINITIONS: &[&rt::RoleDefinition] = &[#(&#refs),*];
    };
    print(tokens, "roles.rs")
}

/// `code_lists.rs`: one constant per code list and `CODE_LISTS`.
pub fn code_lists_file(c: &Catalogue) -> Result<String> {
    let items = c.code_lists.iter().map(|l| {
        let name = ident(&l.rust_name);
        let lname = &l.name;
        let version = int(l.version);
        let language = opt_int(l.language);
        let codes = l.codes.iter().map(|code| {
            let c = &code.code;
            let [v1, v2, v3] = code.values.clone().map(|v| opt_str(v.as_deref()));
            quote!(rt::Code { code: #c, values: [#v1, #v2, #v3] })
        });
        let docs = doc(&format!("Code list `{}` version {} ({} codes).", l.name, l.version, l.codes.len()));
        quote! {
            #docs
            pub const #name: rt::CodeList = rt::CodeList {
                name: #lname,
                version: #version,
                language: #language,
                codes: &[#(#codes),*],
            };
        }
    });
    let refs = c.code_lists.iter().map(|l| ident(&l.rust_name));
    let tokens = quote! {
        //! Code lists of the snapshot (`metadata/codelists`).
        use crate::runtime::catalogue as rt;
        #(#items)*
        /// Every code list, sorted by name and version.
        pub static CODE_LISTS: &[&rt::CodeList] = &[#(&#refs),*];
    };
    print(tokens, "code_lists.rs")
}
