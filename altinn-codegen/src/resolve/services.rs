//! The service modules: which services get one, every module's and child module's name, and the
//! resolved schema of each form and attachment rule (a schema that does not resolve is an error
//! diagnostic and its child is left out).

use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::model::catalogue::{Catalogue, Service, ServiceKind};
use crate::model::services::{Child, ServiceModule, Services, form_key, rule_key};
use crate::resolve::catalogue::service_key;
use crate::resolve::names::{Case, NameRequest, assign_layered, ident, owner_feature};
use crate::resolve::xsd::{NameOverrides, resolve_file_with};
use crate::snapshot::Source;

/// Correspondence and lookup services get a module for their calls even without forms.
pub fn has_calls(s: &Service) -> bool {
    matches!(s.kind, ServiceKind::Correspondence | ServiceKind::Lookup)
}

/// Resolves the service modules of `catalogue`, whose XSD paths are relative to the snapshot
/// folder `schemas` of `files`.
pub fn resolve(files: &dyn Source, catalogue: &Catalogue, schemas: &Path, overrides: &NameOverrides) -> (Services, Vec<Diagnostic>) {
    let requests: Vec<NameRequest> = catalogue
        .services
        .iter()
        .filter(|s| !s.forms.is_empty() || !s.attachment_rules.is_empty() || has_calls(s))
        .map(|s| {
            let key = service_key(s);
            let primary = ident(&format!("{} {} {}", s.owner_code, s.code, s.edition), Case::Snake);
            NameRequest { key, fallback: format!("{primary}_service"), primary, priority: 0 }
        })
        .collect();
    let module_names = assign_layered(&requests, &["mod"]);
    let mut out = Services::default();
    let mut diagnostics = Vec::new();
    // Places relative to the snapshot, as the user finds the file.
    let prefix = format!("{}/", schemas.display());
    for (index, s) in catalogue.services.iter().enumerate() {
        let Some(module) = module_names.get(&service_key(s)) else { continue };
        let mut child_requests = Vec::new();
        for f in &s.forms {
            let p = ident(&format!("form {} {}", f.data_format_id, f.data_format_version), Case::Snake);
            child_requests.push(NameRequest {
                key: form_key(&f.data_format_id, f.data_format_version),
                fallback: format!("{p}_form"),
                primary: p,
                priority: 0,
            });
        }
        for r in &s.attachment_rules {
            let p = ident(&format!("attachment {}", r.id), Case::Snake);
            child_requests.push(NameRequest { key: rule_key(r.id), fallback: format!("{p}_rule"), primary: p, priority: 1 });
        }
        let child_names = assign_layered(&child_requests, &["mod", "SERVICE"]);
        let mut wanted: Vec<(String, &str, String)> = Vec::new(); // (key, xsd, doc)
        for f in &s.forms {
            let Some(xsd) = &f.xsd else { continue };
            let doc = format!(
                "{} `{}`: {} (DataFormatID `{}`, version {}, provider {}).",
                if f.form_type.eq_ignore_ascii_case("MainForm") { "Main form" } else { "Sub form" },
                f.form_type,
                f.name.trim(),
                f.data_format_id,
                f.data_format_version,
                f.provider
            );
            wanted.push((form_key(&f.data_format_id, f.data_format_version), xsd, doc));
        }
        for r in &s.attachment_rules {
            let Some(xsd) = &r.xsd else { continue };
            wanted.push((rule_key(r.id), xsd, format!("Schema of attachment rule {} (`{}`).", r.id, r.type_name)));
        }
        let mut children = Vec::new();
        for (key, xsd, doc) in wanted {
            let child = &child_names[&key];
            match resolve_file_with(files, &schemas.join(xsd), overrides) {
                Ok(schema) => {
                    for w in &schema.warnings {
                        diagnostics.push(Diagnostic::warning_from_line(w.strip_prefix(&prefix).unwrap_or(w)));
                    }
                    for (kind, wire, rust) in &schema.renames {
                        out.renames.push([format!("services::{module}::{child}"), kind.clone(), wire.clone(), rust.clone()]);
                    }
                    children.push(Child { key, module: child.clone(), doc, xsd: xsd.to_string(), schema });
                }
                Err(e) => diagnostics.push(Diagnostic::error(xsd, format!("not generated ({child} is left out): {e:#}"))),
            }
        }
        out.modules.push(ServiceModule { service: index, module: module.clone(), owner_feature: owner_feature(&s.owner_code), children });
    }
    (out, diagnostics)
}
