//! The Altinn 3 part of a snapshot (`altinn3/`) → [`Apps`]: each app's metadata and the resolved
//! model of each form data type, module and feature names chosen, and the migration map from
//! Altinn 2 services to their successors in the Resource Registry.
//!
//! A file that differs from the part's lock, or a model that does not resolve, is an error
//! diagnostic (the model's module is left out); metadata that does not read is an error too.

use std::path::Path;

use anyhow::{Context, Result};

use crate::diagnostic::Diagnostic;
use crate::model::apps::{AppModule, Apps, DataType, data_type_key};
use crate::model::services::Child;
use crate::parse::altinn3::{self as a3, Resource};
use crate::resolve::names::{Case, NameRequest, assign_layered, ident, owner_feature};
use crate::resolve::xsd::{NameOverrides, resolve_file_with};
use crate::snapshot::lock::Lock;
use crate::snapshot::{Source, layout};

/// The start of the note for a model its app does not serve.
pub const NOT_SERVED: &str = "the app does not serve this model (404 in the lock)";

/// Names an app module may not take (the items every app module holds).
const RESERVED_IN_APP: &[&str] = &["mod", "APP", "Forms", "submit", "client"];

/// One app folder read: where it is (relative to the snapshot) and what it says.
struct Found {
    dir: String,
    meta: a3::Application,
    org: String,
    app: String,
}

/// Resolves the Altinn 3 part of the snapshot folder `schemas` of `files` (nothing when it has
/// none).
pub fn resolve(files: &dyn Source, schemas: &Path, overrides: &NameOverrides) -> Result<(Apps, Vec<Diagnostic>)> {
    let part = schemas.join(layout::ALTINN3_DIR);
    let mut diagnostics = Vec::new();
    let mut out = Apps::default();
    if !files.is_dir(&part) {
        return Ok((out, diagnostics));
    }
    let place = |rel: &str| format!("{}/{rel}", layout::ALTINN3_DIR);
    let mut not_served = std::collections::BTreeSet::new();
    if files.is_file(&part.join(layout::LOCK_FILE)) {
        let lock = Lock::read_in(files, &part)?;
        for line in lock.verify_in(files, &part) {
            let (file, message) = line.split_once(": ").unwrap_or(("", &line));
            diagnostics.push(Diagnostic::error(place(file), message));
        }
        not_served.extend(lock.missing().map(|e| e.path.clone()));
    } else {
        diagnostics.push(Diagnostic::error(
            place(layout::LOCK_FILE),
            "the Altinn 3 part has no lock (write it with `cargo xtask fetch --altinn3`)",
        ));
    }

    let list = part.join(layout::A3_RESOURCE_LIST);
    let resources: Vec<Resource> = match files.read(&list) {
        Ok(bytes) => a3::read_resource_list(&bytes, &place(layout::A3_RESOURCE_LIST))?,
        Err(_) => Vec::new(),
    };
    out.resources = resources.len();
    for r in &resources {
        if let Some(service) = r.altinn2_service() {
            out.successors.entry(service).or_default().push(r.identifier.clone());
        }
    }
    for ids in out.successors.values_mut() {
        ids.sort();
        ids.dedup();
    }

    // Every app folder (`apps/{org}/{app}/applicationmetadata.json`), sorted.
    let mut found = Vec::new();
    let apps_dir = part.join("apps");
    let mut dirs: Vec<String> = Vec::new();
    if files.is_dir(&apps_dir) {
        for org in files.list(&apps_dir).with_context(|| format!("cannot list {}", apps_dir.display()))? {
            if !files.is_dir(&org) {
                continue;
            }
            for app in files.list(&org).with_context(|| format!("cannot list {}", org.display()))? {
                if files.is_file(&app.join("applicationmetadata.json")) {
                    let name = |p: &Path| p.file_name().unwrap_or_default().to_string_lossy().into_owned();
                    dirs.push(format!("apps/{}/{}", name(&org), name(&app)));
                }
            }
        }
    }
    dirs.sort();
    for dir in dirs {
        let rel = format!("{dir}/applicationmetadata.json");
        let bytes = files.read(&part.join(&rel)).with_context(|| format!("cannot read {}", part.join(&rel).display()))?;
        let meta = match a3::read_application(&bytes, &place(&rel)) {
            Ok(m) => m,
            Err(e) => {
                diagnostics.push(Diagnostic::error(place(&rel), format!("not generated: {}", e.message)));
                continue;
            }
        };
        let Some((org, app)) = meta.org_app().map(|(o, a)| (o.to_string(), a.to_string())) else {
            diagnostics.push(Diagnostic::error(place(&rel), format!("not generated: the id `{}` is not `org/app`", meta.id)));
            continue;
        };
        found.push(Found { dir, meta, org, app });
    }

    let requests: Vec<NameRequest> = found
        .iter()
        .map(|f| {
            let primary = ident(&format!("{} {}", f.org, f.app), Case::Snake);
            NameRequest { key: f.dir.clone(), fallback: format!("{primary}_app"), primary, priority: 0 }
        })
        .collect();
    let modules = assign_layered(&requests, &["mod"]);
    let prefix = format!("{}/", schemas.display());
    for f in found {
        let module = modules[&f.dir].clone();
        let child_requests: Vec<NameRequest> = f
            .meta
            .data_types
            .iter()
            .filter(|d| d.is_form())
            .map(|d| {
                let primary = ident(&d.id, Case::Snake);
                NameRequest { key: data_type_key(&d.id), fallback: format!("{primary}_model"), primary, priority: 0 }
            })
            .collect();
        let child_names = assign_layered(&child_requests, RESERVED_IN_APP);
        let mut forms = Vec::new();
        for d in f.meta.data_types.iter().filter(|d| d.is_form()) {
            let child = &child_names[&data_type_key(&d.id)];
            let rel = format!("{}/models/{}.xsd", f.dir, layout_segment(&d.id));
            let path = part.join(&rel);
            if !files.is_file(&path) {
                let class = d.app_logic.as_ref().and_then(|l| l.class_ref.as_deref()).unwrap_or("");
                // An app that does not serve its model (404 recorded by fetch) is a fact of the
                // app; a model missing without that record is a broken snapshot.
                let d = if not_served.contains(&rel) {
                    Diagnostic::note(place(&rel), format!("{NOT_SERVED}: data type `{}` (`{class}`) has no Rust types", d.id))
                } else {
                    Diagnostic::warning(
                        place(&rel),
                        format!("data type `{}` (`{class}`) has a model, and the snapshot has no XSD for it: no Rust types for it", d.id),
                    )
                };
                diagnostics.push(d);
                continue;
            }
            match resolve_file_with(files, &path, overrides) {
                Ok(schema) => {
                    for w in &schema.warnings {
                        diagnostics.push(Diagnostic::warning_from_line(w.strip_prefix(&prefix).unwrap_or(w)));
                    }
                    let doc = format!(
                        "The model of data type `{}` (`{}`).",
                        d.id,
                        d.app_logic.as_ref().and_then(|l| l.class_ref.as_deref()).unwrap_or("")
                    );
                    forms.push(Child { key: data_type_key(&d.id), module: child.clone(), doc, xsd: place(&rel), schema });
                }
                Err(e) => diagnostics.push(Diagnostic::error(place(&rel), format!("not generated ({module}::{child} is left out): {e:#}"))),
            }
        }
        let resource = resources.iter().find(|r| r.app().is_some_and(|(o, a)| o.eq_ignore_ascii_case(&f.org) && a == f.app));
        let replaces = resource.and_then(Resource::altinn2_service).into_iter().collect();
        let p = &f.meta.party_types_allowed;
        out.modules.push(AppModule {
            feature: format!("app_{module}"),
            owner_feature: owner_feature(&f.org),
            module,
            title: f.meta.title.clone(),
            party_types: [p.bankruptcy_estate, p.organisation, p.person, p.sub_unit],
            data_types: f
                .meta
                .data_types
                .iter()
                .map(|d| DataType {
                    id: d.id.clone(),
                    allowed_content_types: d.allowed_content_types.clone().unwrap_or_default(),
                    min_count: d.min_count,
                    max_count: d.max_count,
                    max_size_mb: d.max_size,
                    task_id: d.task_id.clone(),
                    class_ref: d.app_logic.as_ref().and_then(|l| l.class_ref.clone()).filter(|c| !c.trim().is_empty()),
                    auto_create: d.app_logic.as_ref().and_then(|l| l.auto_create).unwrap_or(false),
                })
                .collect(),
            forms,
            resource: resource.map(|r| r.identifier.clone()),
            replaces,
            org: f.org,
            app: f.app,
        });
    }
    out.modules.sort_by(|a, b| a.module.cmp(&b.module));
    Ok((out, diagnostics))
}

/// A data type id as the snapshot's file names write it.
fn layout_segment(id: &str) -> String {
    crate::snapshot::sanitize::segment(id)
}

/// For reports: every Altinn 2 service with its successors.
pub fn successors_of(apps: &Apps, code: &str, edition: i64) -> Vec<String> {
    apps.successors.get(&(code.to_string(), edition)).cloned().unwrap_or_default()
}
