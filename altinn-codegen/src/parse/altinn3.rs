//! Altinn 3's catalogue as received: the Resource Registry's resources and an app's
//! `applicationmetadata.json`. Lenient like everything read from Altinn: keys in any case, a
//! byte-order mark, unknown fields and unknown enum values are all fine; only a body that is not
//! JSON, or a required field of the wrong shape, is an error naming the file.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use super::lenient::{opt_int_lenient, opt_string_or_number, parse_json};

/// Why a catalogue file could not be read.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{file}: {message}")]
pub struct Altinn3Error {
    /// The file (or URL) read.
    pub file: String,
    /// What was wrong, with line and column for JSON syntax.
    pub message: String,
}

fn read<T: for<'de> Deserialize<'de>>(bytes: &[u8], file: &str, what: &str) -> Result<T, Altinn3Error> {
    let value = parse_json(bytes).map_err(|e| Altinn3Error {
        file: file.into(),
        message: format!("invalid JSON at line {} column {}: {e}", e.line(), e.column()),
    })?;
    serde_json::from_value(value).map_err(|e| Altinn3Error { file: file.into(), message: format!("not {what}: {e}") })
}

/// The Resource Registry's resource list (`GET …/resource/resourcelist`).
pub fn read_resource_list(bytes: &[u8], file: &str) -> Result<Vec<Resource>, Altinn3Error> {
    // Each resource is read on its own, so one odd entry names itself and does not hide the rest.
    let items: Vec<Value> = read(bytes, file, "a JSON array of resources")?;
    items
        .into_iter()
        .enumerate()
        .map(|(i, v)| serde_json::from_value(v).map_err(|e| Altinn3Error { file: file.into(), message: format!("resource #{i}: {e}") }))
        .collect()
}

/// One resource (`ServiceResource`), the fields the generator uses.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct Resource {
    /// `identifier` (`app_ttd_bli-tjenesteeier`, `skd-migrert-4628-1`).
    pub identifier: String,
    /// `title` by language.
    #[serde(default)]
    pub title: BTreeMap<String, String>,
    /// `resourceType` as sent (`AltinnApp`, `MigratedApp`, `Consent`, …).
    #[serde(rename = "resourcetype", default)]
    pub resource_type: String,
    /// `resourceReferences`.
    #[serde(rename = "resourcereferences", default)]
    pub references: Vec<Reference>,
    /// `hasCompetentAuthority`.
    #[serde(rename = "hascompetentauthority", default)]
    pub authority: Option<Authority>,
}

/// One `resourceReferences` entry.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct Reference {
    /// `referenceSource` (`Altinn2`, `Altinn3`, …).
    #[serde(rename = "referencesource", default)]
    pub source: String,
    /// `reference` (`ttd/app`, a service code, …).
    #[serde(default, deserialize_with = "opt_string_or_number")]
    pub reference: Option<String>,
    /// `referenceType` (`ApplicationId`, `ServiceCode`, `ServiceEditionCode`, …).
    #[serde(rename = "referencetype", default)]
    pub kind: String,
}

/// `hasCompetentAuthority`.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct Authority {
    /// `orgcode` (its case varies: `SKD`, `ttd`).
    #[serde(default)]
    pub orgcode: Option<String>,
    /// `organization` (the organisation number).
    #[serde(default, deserialize_with = "opt_string_or_number")]
    pub organization: Option<String>,
}

impl Resource {
    fn reference(&self, source: &str, kind: &str) -> Option<&str> {
        self.references
            .iter()
            .find(|r| r.source.eq_ignore_ascii_case(source) && r.kind.eq_ignore_ascii_case(kind))
            .and_then(|r| r.reference.as_deref())
    }

    /// `(org, app)` when this resource is an app (`ApplicationId` reference `org/app`).
    pub fn app(&self) -> Option<(&str, &str)> {
        let id = self.reference("Altinn3", "ApplicationId")?;
        let (org, app) = id.split_once('/')?;
        (!org.is_empty() && !app.is_empty() && !app.contains('/')).then_some((org, app))
    }

    /// The Altinn 2 service this resource replaced (`ServiceCode`, `ServiceEditionCode`).
    pub fn altinn2_service(&self) -> Option<(String, i64)> {
        let code = self.reference("Altinn2", "ServiceCode")?;
        let edition = self.reference("Altinn2", "ServiceEditionCode")?.trim().parse().ok()?;
        Some((code.trim().to_string(), edition))
    }
}

/// An app's `applicationmetadata.json`, the fields the generator uses.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct Application {
    /// `id` (`org/app`).
    pub id: String,
    /// `org`.
    #[serde(default)]
    pub org: Option<String>,
    /// `title` by language.
    #[serde(default)]
    pub title: BTreeMap<String, String>,
    /// `dataTypes`.
    #[serde(rename = "datatypes", default)]
    pub data_types: Vec<DataType>,
    /// `partyTypesAllowed`.
    #[serde(rename = "partytypesallowed", default)]
    pub party_types_allowed: PartyTypesAllowed,
}

impl Application {
    /// `(org, app)` from `id`.
    pub fn org_app(&self) -> Option<(&str, &str)> {
        let (org, app) = self.id.split_once('/')?;
        (!org.is_empty() && !app.is_empty() && !app.contains('/')).then_some((org, app))
    }
}

/// `partyTypesAllowed`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
pub struct PartyTypesAllowed {
    /// `bankruptcyEstate`.
    #[serde(rename = "bankruptcyestate", default)]
    pub bankruptcy_estate: bool,
    /// `organisation`.
    #[serde(default)]
    pub organisation: bool,
    /// `person`.
    #[serde(default)]
    pub person: bool,
    /// `subUnit`.
    #[serde(rename = "subunit", default)]
    pub sub_unit: bool,
}

/// One `dataTypes` entry.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct DataType {
    /// `id`.
    pub id: String,
    /// `allowedContentTypes`.
    #[serde(rename = "allowedcontenttypes", default)]
    pub allowed_content_types: Option<Vec<String>>,
    /// `appLogic` (present for form data).
    #[serde(rename = "applogic", default)]
    pub app_logic: Option<AppLogic>,
    /// `taskId`.
    #[serde(rename = "taskid", default)]
    pub task_id: Option<String>,
    /// `maxSize` in megabytes.
    #[serde(rename = "maxsize", default, deserialize_with = "opt_int_lenient")]
    pub max_size: Option<i64>,
    /// `maxCount` (default 1; 0 or less is unbounded).
    #[serde(rename = "maxcount", default = "one", deserialize_with = "int_or_default_one")]
    pub max_count: i64,
    /// `minCount`.
    #[serde(rename = "mincount", default, deserialize_with = "int_or_zero")]
    pub min_count: i64,
}

fn one() -> i64 {
    1
}

fn int_or_default_one<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    Ok(opt_int_lenient(d)?.unwrap_or(1))
}

fn int_or_zero<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    Ok(opt_int_lenient(d)?.unwrap_or(0))
}

/// `appLogic`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
pub struct AppLogic {
    /// `classRef`: the C# model class.
    #[serde(rename = "classref", default)]
    pub class_ref: Option<String>,
    /// `autoCreate`.
    #[serde(rename = "autocreate", default)]
    pub auto_create: Option<bool>,
}

impl DataType {
    /// Whether it has a data model (a form), the `classRef` of its `appLogic`.
    pub fn is_form(&self) -> bool {
        self.app_logic.as_ref().and_then(|l| l.class_ref.as_deref()).is_some_and(|c| !c.trim().is_empty())
    }
}

/// Reads an `applicationmetadata.json`.
pub fn read_application(bytes: &[u8], file: &str) -> Result<Application, Altinn3Error> {
    read(bytes, file, "an application metadata object")
}

/// Reads Storage's `{"applications": [...]}` listing.
pub fn read_applications(bytes: &[u8], file: &str) -> Result<Vec<Application>, Altinn3Error> {
    #[derive(Deserialize)]
    struct Listing {
        #[serde(default)]
        applications: Vec<Value>,
    }
    let listing: Listing = read(bytes, file, "an applications listing")?;
    listing
        .applications
        .into_iter()
        .enumerate()
        .map(|(i, v)| serde_json::from_value(v).map_err(|e| Altinn3Error { file: file.into(), message: format!("application #{i}: {e}") }))
        .collect()
}
