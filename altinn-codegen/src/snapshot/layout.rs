//! Where each fetched resource lives inside a snapshot folder.
//!
//! `fetch` writes this layout and `regen` reads it; both go through these functions so the two
//! can never disagree. Every value that comes from a server passes through
//! [`sanitize::segment`](super::sanitize::segment).

use super::sanitize::segment;

/// The lock file: every file of the snapshot with its URL, sha256, size and content type.
pub const LOCK_FILE: &str = "altinn.lock";
/// The optional selection file: which service owners and services `fetch` keeps.
pub const SELECTION_FILE: &str = "selection.toml";
/// The optional name overrides for generated code (see `NameOverrides`).
pub const NAMES_FILE: &str = "names.toml";

/// Files of `openapi/` we write ourselves (not fetched): kept across fetches, not locked.
pub const OWN_OPENAPI_FILES: [&str; 2] = ["openapi/altinn-enduser-v0.json", "openapi/patches.toml"];
/// A short explanation of the snapshot, written by `fetch`.
pub const README_FILE: &str = "README.md";

/// Folder of the service list pages.
pub const SERVICE_LIST_DIR: &str = "metadata/services";
/// The role definitions list.
pub const ROLE_DEFINITIONS: &str = "metadata/roledefinitions.json";
/// The code-list index.
pub const CODE_LIST_INDEX: &str = "metadata/codelists/index.json";

/// A published OpenAPI document fetched into the snapshot.
pub fn openapi_document(name: &str) -> String {
    format!("openapi/{}.json", segment(name))
}

/// Page `n` (0-based) of the service list.
pub fn service_list_page(n: usize) -> String {
    format!("{SERVICE_LIST_DIR}/page-{n:04}.json")
}

/// Folder of one service edition.
pub fn service_dir(code: &str, edition: i64) -> String {
    format!("services/{}/{}", segment(code), edition)
}

/// The detail resource of one service edition (form task, correspondence or lookup).
pub fn service_detail(code: &str, edition: i64) -> String {
    format!("{}/detail.json", service_dir(code, edition))
}

/// The role requirements of one service edition.
pub fn role_requirements(code: &str, edition: i64) -> String {
    format!("{}/rolerequirements.json", service_dir(code, edition))
}

/// A form's XSD.
pub fn form_xsd(code: &str, edition: i64, data_format_id: &str, data_format_version: i64) -> String {
    format!("{}/forms/{}-{}.xsd", service_dir(code, edition), segment(data_format_id), data_format_version)
}

/// An attachment rule's XSD.
pub fn attachment_rule_xsd(code: &str, edition: i64, rule_id: i64) -> String {
    format!("{}/attachmentrules/{}.xsd", service_dir(code, edition), rule_id)
}

/// One code list.
pub fn code_list(name: &str, version: i64) -> String {
    format!("metadata/codelists/{}-{}.json", segment(name), version)
}

/// The Altinn 3 part of a snapshot: its own folder, with its own lock, swapped in whole by
/// `fetch --altinn3` and never touched by the Altinn 2 fetch.
pub const ALTINN3_DIR: &str = "altinn3";
/// Files of the Altinn 3 part we write ourselves (not fetched): kept across fetches, not locked.
pub const A3_OWN_FILES: [&str; 1] = ["openapi/patches.toml"];
/// The Resource Registry's resource list, inside [`ALTINN3_DIR`].
pub const A3_RESOURCE_LIST: &str = "resourceregistry/resourcelist.json";

/// An app's folder inside [`ALTINN3_DIR`].
pub fn a3_app_dir(org: &str, app: &str) -> String {
    format!("apps/{}/{}", segment(org), segment(app))
}

/// An app's metadata inside [`ALTINN3_DIR`].
pub fn a3_app_metadata(org: &str, app: &str) -> String {
    format!("{}/applicationmetadata.json", a3_app_dir(org, app))
}

/// The XSD of an app's data model inside [`ALTINN3_DIR`].
pub fn a3_model_xsd(org: &str, app: &str, data_type: &str) -> String {
    format!("{}/models/{}.xsd", a3_app_dir(org, app), segment(data_type))
}

/// The JSON Schema of an app's data model inside [`ALTINN3_DIR`].
pub fn a3_model_json_schema(org: &str, app: &str, data_type: &str) -> String {
    format!("{}/models/{}.schema.json", a3_app_dir(org, app), segment(data_type))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::sanitize::is_contained;
    use std::path::Path;

    #[test]
    fn hostile_ids_cannot_leave_the_snapshot() {
        let p = form_xsd("../..", 1, "../../x", 2);
        assert!(is_contained(Path::new(&p)), "{p}");
        assert_eq!(p, "services/%2E%2E%2F%2E%2E/1/forms/%2E%2E%2F%2E%2E%2Fx-2.xsd");
        assert!(is_contained(Path::new(&code_list("/etc/passwd", 1))));
    }
}
