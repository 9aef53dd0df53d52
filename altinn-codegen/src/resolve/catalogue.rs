//! Snapshot folder → [`Catalogue`]: the service list, each service's detail and role
//! requirements, role definitions and code lists, sorted so that output never depends on the
//! order a server or a file system happened to return things in.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::{Context, Result};

use crate::model::catalogue as m;
use crate::parse::metadata::{self, ServiceDetail, ServiceSummary};
use crate::resolve::names::{Case, assign};
use crate::snapshot::selection::Selection;
use crate::snapshot::{Source, layout};

/// The file at `rel` under `root`; `None` when there is none.
fn read_opt<'a>(files: &'a dyn Source, root: &Path, rel: &str) -> Result<Option<std::borrow::Cow<'a, [u8]>>> {
    let path = root.join(rel);
    match files.read(&path) {
        Ok(b) => Ok(Some(b)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
    }
}

fn name(root: &Path, rel: &str) -> String {
    root.join(rel).display().to_string()
}

/// Reads the catalogue of the snapshot at `root` of `files`.
pub fn read_catalogue(files: &dyn Source, root: &Path) -> Result<m::Catalogue> {
    let mut warnings = Vec::new();
    let selection = match read_opt(files, root, layout::SELECTION_FILE)? {
        Some(bytes) => Some(Selection::parse(&String::from_utf8_lossy(&bytes), &name(root, layout::SELECTION_FILE))?),
        None => None,
    };

    // The service list, page by page.
    let list_dir = root.join(layout::SERVICE_LIST_DIR);
    let mut pages: Vec<String> = match files.list(&list_dir) {
        Ok(listed) => listed
            .into_iter()
            .map(|p| p.file_name().unwrap_or_default().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("page-") && n.ends_with(".json"))
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(e).with_context(|| format!("cannot list {}", list_dir.display())),
    };
    pages.sort();
    let mut seen = BTreeSet::new();
    let mut summaries: Vec<ServiceSummary> = Vec::new();
    for page in &pages {
        let rel = format!("{}/{page}", layout::SERVICE_LIST_DIR);
        let bytes = files.read(&root.join(&rel)).with_context(|| format!("cannot read {}", name(root, &rel)))?;
        let (items, _) = metadata::read_items::<ServiceSummary>(&bytes, "metadata", "service", &name(root, &rel))?;
        for s in items {
            if seen.insert((s.service_code.clone(), s.service_edition_code)) {
                summaries.push(s);
            }
        }
    }
    if let Some(sel) = &selection {
        summaries.retain(|s| sel.keeps(&s.service_owner_code, &s.service_code, s.service_edition_code));
    }

    let mut services = Vec::with_capacity(summaries.len());
    for s in summaries {
        services.push(read_service(files, root, s, &mut warnings)?);
    }
    services.sort_by(|a, b| (&a.owner_code, &a.code, a.edition).cmp(&(&b.owner_code, &b.code, b.edition)));

    let mut role_definitions = Vec::new();
    if let Some(bytes) = read_opt(files, root, layout::ROLE_DEFINITIONS)? {
        let (defs, _) = metadata::read_items::<metadata::RoleDefinition>(
            &bytes,
            "roledefinitions",
            "role definition",
            &name(root, layout::ROLE_DEFINITIONS),
        )?;
        role_definitions = defs
            .into_iter()
            .map(|d| m::RoleDefinition {
                rust_name: String::new(),
                id: d.role_definition_id,
                code: d.role_definition_code,
                name: d.role_name,
                description: d.role_description,
                role_type: d.role_type,
                parents: d.parent_role_definition_ids,
                children: d.child_role_definition_ids,
            })
            .collect();
        role_definitions.sort_by_key(|d: &m::RoleDefinition| d.id);
        role_definitions.dedup_by_key(|d| d.id);
    }

    let mut code_lists = Vec::new();
    if let Some(bytes) = read_opt(files, root, layout::CODE_LIST_INDEX)? {
        let (index, _) =
            metadata::read_items::<metadata::CodeListRef>(&bytes, "codelists", "code list", &name(root, layout::CODE_LIST_INDEX))?;
        for r in index {
            let rel = layout::code_list(&r.name, r.version);
            match read_opt(files, root, &rel)? {
                Some(bytes) => {
                    let list: metadata::CodeList = metadata::read_one(&bytes, "code list", &name(root, &rel))?;
                    code_lists.push(m::CodeList {
                        rust_name: String::new(),
                        name: list.name,
                        version: list.version,
                        language: list.language.or(r.language),
                        codes: list.codes.into_iter().map(|c| m::Code { code: c.code, values: [c.value1, c.value2, c.value3] }).collect(),
                    });
                }
                None => {
                    warnings.push(format!("{}: code list {} v{} is indexed but not in the snapshot", name(root, &rel), r.name, r.version))
                }
            }
        }
        code_lists.sort_by(|a: &m::CodeList, b| (&a.name, a.version).cmp(&(&b.name, b.version)));
        code_lists.dedup_by(|a, b| a.name == b.name && a.version == b.version);
    }

    let mut catalogue = m::Catalogue { services, role_definitions, code_lists, warnings };
    name_constants(&mut catalogue);
    Ok(catalogue)
}

/// A short, stable key of a service: `OWNER code edition`.
pub fn service_key(s: &m::Service) -> String {
    format!("{} {} {}", s.owner_code, s.code, s.edition)
}

/// Chooses the Rust constant of every service, role definition and code list: stable and
/// collision-free, never one of the slices' names.
fn name_constants(c: &mut m::Catalogue) {
    let keys: Vec<String> = c.services.iter().map(service_key).collect();
    let names = assign(keys.iter().map(String::as_str), Case::Const, &["SERVICES"]);
    for (s, k) in c.services.iter_mut().zip(&keys) {
        s.rust_name = names[k].clone();
    }
    let keys: Vec<String> = c.role_definitions.iter().map(|r| r.code.clone()).collect();
    let names = assign(keys.iter().map(String::as_str), Case::Const, &["ROLE_DEFINITIONS"]);
    // Two definitions with the same code (e.g. across role types) are told apart by id.
    let mut counts = std::collections::BTreeMap::new();
    for r in &c.role_definitions {
        *counts.entry(r.code.clone()).or_insert(0) += 1;
    }
    for r in &mut c.role_definitions {
        let base = &names[&r.code];
        r.rust_name = if counts[&r.code] > 1 { format!("{base}_{}", r.id) } else { base.clone() };
    }
    let keys: Vec<String> = c.code_lists.iter().map(|l| format!("{} {}", l.name, l.version)).collect();
    let names = assign(keys.iter().map(String::as_str), Case::Const, &["CODE_LISTS"]);
    for (l, k) in c.code_lists.iter_mut().zip(&keys) {
        l.rust_name = names[k].clone();
    }
}

fn read_service(files: &dyn Source, root: &Path, s: ServiceSummary, _warnings: &mut Vec<String>) -> Result<m::Service> {
    let code = s.service_code.clone();
    let edition = s.service_edition_code;
    let detail_rel = layout::service_detail(&code, edition);
    let detail: Option<ServiceDetail> = match read_opt(files, root, &detail_rel)? {
        Some(bytes) => Some(metadata::read_one(&bytes, "service detail", &name(root, &detail_rel))?),
        None => None,
    };
    let rr_rel = layout::role_requirements(&code, edition);
    let role_requirements = match read_opt(files, root, &rr_rel)? {
        Some(bytes) => {
            let (reqs, _) =
                metadata::read_items::<metadata::RoleRequirement>(&bytes, "rolerequirements", "role requirement", &name(root, &rr_rel))?;
            let mut reqs: Vec<_> = reqs
                .into_iter()
                .map(|r| m::RoleRequirement {
                    role_definition_id: r.role_definition_id,
                    role_definition_code: r.role_definition_code,
                    operations: r.operations.into_iter().map(|o| o.name).collect(),
                })
                .collect();
            reqs.sort_by_key(|r| r.role_definition_id);
            reqs
        }
        None => Vec::new(),
    };
    let exists = |rel: &str| files.is_file(&root.join(rel)).then(|| rel.to_string());
    let mut service = m::Service {
        rust_name: String::new(),
        successors: Vec::new(),
        owner_code: s.service_owner_code,
        owner_name: s.service_owner_name,
        name: s.service_name,
        code: code.clone(),
        edition,
        edition_name: s.service_edition_name,
        kind: s.service_type.clone(),
        valid_from: s.valid_from,
        valid_to: s.valid_to,
        enterprise_user_enabled: s.enterprise_user_enabled,
        rest_enabled: None,
        eus_enabled: None,
        has_detail: detail.is_some(),
        forms: Vec::new(),
        attachment_rules: Vec::new(),
        process_steps: Vec::new(),
        role_requirements,
    };
    if let Some(d) = detail {
        service.rest_enabled = d.rest_enabled;
        service.eus_enabled = d.eus_enabled;
        service.edition_name = service.edition_name.or(d.summary.service_edition_name);
        service.enterprise_user_enabled = service.enterprise_user_enabled.or(d.summary.enterprise_user_enabled);
        service.forms = d
            .forms
            .into_iter()
            .map(|f| m::Form {
                xsd: exists(&layout::form_xsd(&code, edition, &f.data_format_id, f.data_format_version)),
                form_id: f.form_id,
                name: f.form_name,
                provider: f.data_format_provider_type,
                data_format_id: f.data_format_id,
                data_format_version: f.data_format_version,
                form_type: f.form_type,
                only_xsd_validation: f.is_only_xsd_validation,
            })
            .collect();
        service.attachment_rules = d
            .attachment_rules
            .into_iter()
            .map(|r| m::AttachmentRule {
                xsd: exists(&layout::attachment_rule_xsd(&code, edition, r.attachment_rule_id)),
                id: r.attachment_rule_id,
                type_name: r.attachment_type_name,
                allowed_file_types: r.allowed_file_types,
                min_count: r.min_attachment_count,
                max_count: r.max_attachment_count,
                max_file_size: r.max_file_size,
                xsd_validation_required: r.is_xsd_validation_required,
                checksum_allowed: r.is_checksum_allowed,
            })
            .collect();
        service.process_steps = d
            .process_steps
            .into_iter()
            .map(|p| m::ProcessStep { sequence_number: p.sequence_number, name: p.name, security_level: p.security_level })
            .collect();
    }
    Ok(service)
}
